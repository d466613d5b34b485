/**
 * Candidate lists in stroke order (按姓氏笔划 / 姓名笔划排序, election-rules.md §3).
 *
 * Names are compared character by character: fewer strokes first; equal counts → the stroke
 * classes in writing order (横 丨 丿 丶 乛, GF 3003-1999); still equal → structure (left-right,
 * top-bottom, whole); still equal → code point, so the order is total. A shorter name that is a
 * prefix of a longer one comes first. Compound surnames are not summed (欧阳 is 欧 then 阳).
 *
 * Input is normalised first: whitespace and the middle dot of minority names (买买提·吐尔逊) are
 * ignored, as typeset lists pad and dot names freely; a character we have no strokes for is read
 * as traditional and converted to its simplified form (lists are ordered by simplified forms).
 * A character still unknown (Latin letters, rare ideographs) sorts after every known character,
 * by code point.
 */
import { STROKE_TABLE } from "./data/stroke-table.js";
import { simplifiedCharacters } from "./chinese-script.js";
import { STROKE_OVERRIDES, TOP_BOTTOM, WHOLE } from "./stroke-overrides.js";

export type SingleGivenName =
  /** People's-congress practice: 马继孔 before 马璧 (继 10 < 璧 18). */
  | "compare-characters"
  /** Party-congress practice: a one-character given name counts as blank first (丁宁 before 丁小强). */
  | "blank-first";

export interface StrokeOrderOptions {
  singleGivenName?: SingleGivenName;
}

/** Recognised only to find where the given name starts; comparison never sums them. */
export const COMPOUND_SURNAMES: ReadonlySet<string> = new Set([
  "欧阳", "司马", "诸葛", "上官", "司徒", "东方", "夏侯", "皇甫", "尉迟", "公孙", "慕容", "长孙",
  "宇文", "令狐", "独孤", "端木", "轩辕", "西门", "南宫", "申屠", "澹台", "公冶", "太史", "濮阳",
  "淳于", "单于", "闻人", "东郭", "百里", "呼延", "万俟", "司空", "钟离", "宗政", "拓跋", "左丘",
  "谷梁", "赫连", "巫马", "公羊", "闾丘", "亓官", "仲孙", "鲜于", "乐正", "段干",
]);

const sequences = new Map<string, string>();
for (const entry of STROKE_TABLE.split(" ")) {
  const char = String.fromCodePoint(entry.codePointAt(0)!);
  sequences.set(char, entry.slice(char.length));
}
for (const [char, sequence] of Object.entries(STROKE_OVERRIDES)) sequences.set(char, sequence);

const LEFT_RIGHT = 0;
const structureOf = new Map<string, number>([
  ...[...TOP_BOTTOM].map((c) => [c, 1] as const),
  ...[...WHOLE].map((c) => [c, 2] as const),
]);

/** Sorts after every real stroke count. */
const UNKNOWN_COUNT = Number.MAX_SAFE_INTEGER;

interface CharKey {
  count: number;
  sequence: string;
  structure: number;
  codePoint: number;
}

/** The blank that stands for a missing second given-name character; it precedes every character. */
const BLANK: CharKey = { count: -1, sequence: "", structure: 0, codePoint: -1 };

const keys = new Map<string, CharKey>();
function charKey(char: string): CharKey {
  let key = keys.get(char);
  if (!key) {
    const sequence = sequences.get(char);
    key = {
      count: sequence === undefined ? UNKNOWN_COUNT : sequence.length,
      sequence: sequence ?? "",
      structure: structureOf.get(char) ?? LEFT_RIGHT,
      codePoint: char.codePointAt(0)!,
    };
    keys.set(char, key);
  }
  return key;
}

function compareCharKeys(a: CharKey, b: CharKey): number {
  if (a === b) return 0;
  return (
    a.count - b.count ||
    // Same length and digits 1–5, so string order is stroke-by-stroke class order.
    (a.sequence < b.sequence ? -1 : a.sequence > b.sequence ? 1 : 0) ||
    a.structure - b.structure ||
    a.codePoint - b.codePoint
  );
}

function simplify(char: string): string {
  if (sequences.has(char)) return char;
  const converted = simplifiedCharacters(char);
  // Keep the original when OpenCC does not map it to one character we know.
  return [...converted].length === 1 && sequences.has(converted) ? converted : char;
}

const IGNORED = /[\s·・‧•]/gu;

/** The name as compared: ignored marks dropped, every character in its simplified form. */
export function normalizeName(name: string): string[] {
  return [...name.replace(IGNORED, "")].map(simplify);
}

function surnameLength(chars: readonly string[]): number {
  return chars.length >= 3 && COMPOUND_SURNAMES.has(chars[0]! + chars[1]!) ? 2 : 1;
}

function nameKey(name: string, singleGivenName: SingleGivenName): CharKey[] {
  const chars = normalizeName(name);
  const key = chars.map(charKey);
  if (singleGivenName === "blank-first") {
    const surname = surnameLength(chars);
    if (chars.length - surname === 1) key.splice(surname, 0, BLANK);
  }
  return key;
}

function compareKeys(a: readonly CharKey[], b: readonly CharKey[]): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const order = compareCharKeys(a[i]!, b[i]!);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

/** Negative when `a` is listed before `b`. */
export function compareNames(a: string, b: string, opts: StrokeOrderOptions = {}): number {
  const mode = opts.singleGivenName ?? "compare-characters";
  return Math.sign(compareKeys(nameKey(a, mode), nameKey(b, mode)));
}

/** A new array in stroke order; items whose names compare equal keep their input order. */
export function sortByStrokes<T>(items: readonly T[], name: (t: T) => string, opts: StrokeOrderOptions = {}): T[] {
  const mode = opts.singleGivenName ?? "compare-characters";
  return items
    .map((item) => ({ item, key: nameKey(name(item), mode) }))
    .sort((a, b) => compareKeys(a.key, b.key))
    .map(({ item }) => item);
}
