/**
 * Cell parsers for the import schemas: each turns a trimmed cell into a typed value or a stable
 * problem code (messages.ts). `field(...)` wraps one as a zod schema over the cell text.
 */
import { z } from "zod";
import { addDays, localDate, type LocalDate } from "../domain/dates.js";
import { checkIdNumber, type IdNumberFacts } from "../domain/id-card.js";
import type { ProblemCode } from "./messages.js";
import { foldTraditional } from "./traditional.js";

export class Bad {
  constructor(
    readonly problem: ProblemCode,
    readonly detail?: string,
  ) {}
}

export type Parser<T> = (cell: string) => T | Bad;

/** A zod schema over one cell; a Bad becomes a custom issue whose message is the problem code. */
export function field<T>(parse: Parser<T>) {
  return z.string().transform((cell, ctx): T => {
    const value = parse(cell);
    if (value instanceof Bad) {
      ctx.addIssue({ code: "custom", message: value.problem, params: value.detail === undefined ? {} : { detail: value.detail } });
      return z.NEVER;
    }
    return value;
  });
}

export const required =
  <T>(parse: Parser<T>): Parser<T> =>
  (cell) =>
    cell === "" ? new Bad("MISSING_VALUE") : parse(cell);

export const optional =
  <T>(parse: Parser<T>): Parser<T | null> =>
  (cell) =>
    cell === "" ? null : parse(cell);

/** The offending value for a message, shortened. Never used for ID numbers. */
const shown = (cell: string) => (cell.length > 40 ? `${cell.slice(0, 40)}…` : cell);

// Full-width digits, letters and punctuation from Chinese input methods fold to ASCII.
const fold = (cell: string) => cell.normalize("NFKC");

export const text =
  (max = 200): Parser<string> =>
  (cell) =>
    cell.length > max ? new Bad("TOO_LONG", String(max)) : cell;

/** A person's name: CJK, letters, spaces and the middle dot of minority names (买买提·艾力). */
export const personName: Parser<string> = (cell) => {
  const name = cell.replace(/[•・．.]/g, "·").replace(/\s+/g, " ");
  if (name.length > 50) return new Bad("TOO_LONG", "50");
  return /^[\p{L}\p{M}· ]+$/u.test(name) ? name : new Bad("BAD_NAME", shown(cell));
};

/** GB/T 2260-based codes: 6 digits county, 9 township, 12 village/community. */
export const areaCode =
  (lengths: readonly number[] = [6, 9, 12]): Parser<string> =>
  (cell) => {
    const code = fold(cell);
    return /^\d+$/.test(code) && lengths.includes(code.length) ? code : new Bad("BAD_AREA_CODE", shown(cell));
  };

/** Codes staff make up (constituency, department, category): letters, digits, - _ . */
export const code: Parser<string> = (cell) => {
  const c = fold(cell);
  return /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/.test(c) ? c : new Bad("BAD_CODE", shown(cell));
};

/** A list in one cell: 、 , ， ; ； | or line breaks between items; an item twice is a mistake. */
export const list =
  <T>(item: Parser<T>): Parser<T[]> =>
  (cell) => {
    const out: T[] = [];
    const seen = new Set<string>();
    for (const part of cell.split(/[、,，;；|\n]/)) {
      const p = part.trim();
      if (p === "") continue;
      if (seen.has(p)) return new Bad("DUPLICATE_IN_LIST", shown(p));
      seen.add(p);
      const v = item(p);
      if (v instanceof Bad) return v;
      out.push(v);
    }
    return out;
  };

/** Every word an enum-like parser accepts, so a test can check their traditional spellings. */
const LABELS = new Set<string>();
export const enumLabels = (): ReadonlySet<string> => LABELS;

/** Labels (Chinese and English, any case; traditional characters fold) to enum values. */
export function oneOf<T extends string>(labels: Record<string, T>): Parser<T> {
  for (const k of Object.keys(labels)) LABELS.add(k);
  // Folded on first use: folding loads OpenCC's tables, which a bot that never imports need not hold.
  let byKey: Map<string, T> | undefined;
  const accepted = [...new Set(Object.keys(labels).filter((k) => /\p{Script=Han}/u.test(k)))].join(" / ");
  return (cell) => {
    byKey ??= new Map(Object.entries(labels).map(([k, v]) => [key(k), v]));
    return byKey.get(key(cell)) ?? new Bad("BAD_VALUE", accepted || Object.keys(labels).join(" / "));
  };
}
// Enum cells repeat a handful of words down a whole roll: each is folded once.
const keys = new Map<string, string>();
const key = (s: string): string => {
  let k = keys.get(s);
  if (k === undefined) {
    k = foldTraditional(fold(s)).toLowerCase().replace(/[\s_\-]/g, "");
    if (keys.size < 10_000) keys.set(s, k);
  }
  return k;
};

const YES = ["是", "y", "yes", "true", "1", "√", "✓", "有"];
const NO = ["否", "n", "no", "false", "0", "×", "无", "不是"];
for (const k of [...YES, ...NO]) LABELS.add(k);

export const yesNo = (cell: string): boolean | Bad => {
  const k = key(cell);
  if (YES.includes(k)) return true;
  if (NO.includes(k)) return false;
  return new Bad("BAD_BOOLEAN", shown(cell));
};

export const gender = oneOf({ 男: "M", 女: "F", m: "M", f: "F", male: "M", female: "F" } as const);

// ── numbers ──

export const integer =
  (min: number, max: number, outOfRange: ProblemCode = "BAD_NUMBER"): Parser<number> =>
  (cell) => {
    const c = fold(cell);
    if (!/^-?\d+(\.0+)?$/.test(c)) return new Bad("BAD_NUMBER", shown(cell));
    const n = Number.parseInt(c, 10);
    return n < min || n > max ? new Bad(outOfRange, shown(cell)) : n;
  };

export const coordinate =
  (limit: 90 | 180): Parser<number> =>
  (cell) => {
    const c = fold(cell);
    if (!/^-?\d+(\.\d+)?$/.test(c)) return new Bad("BAD_NUMBER", shown(cell));
    const n = Number(c);
    return Math.abs(n) > limit ? new Bad("BAD_COORDINATE", shown(cell)) : n;
  };

// ── dates and times ──

const EXCEL_EPOCH = localDate(1899, 12, 30); // serial 0, after Excel's phantom 1900-02-29
// Serials below this look like a year typed alone ("1990"): refused rather than read as 1905.
const MIN_SERIAL = 3000;
const MAX_SERIAL = 2_958_465; // 9999-12-31

function ymd(y: string, m: string, d: string): LocalDate | undefined {
  try {
    return localDate(Number(y), Number(m), Number(d));
  } catch {
    return undefined;
  }
}

/** 2026-03-07, 2026/3/7, 2026.3.7, 2026年3月7日, 20260307, or an Excel serial number. */
function parseDatePart(c: string): LocalDate | undefined {
  let m = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/.exec(c);
  if (m) return ymd(m[1]!, m[3]!, m[4]!);
  m = /^(\d{4})年(\d{1,2})月(\d{1,2})[日号號]?$/.exec(c);
  if (m) return ymd(m[1]!, m[2]!, m[3]!);
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(c);
  if (m) return ymd(m[1]!, m[2]!, m[3]!);
  if (/^\d{4,7}$/.test(c)) {
    const serial = Number(c);
    if (serial < MIN_SERIAL || serial > MAX_SERIAL) return undefined;
    return addDays(EXCEL_EPOCH, serial);
  }
  return undefined;
}

export const date: Parser<LocalDate> = (cell) => {
  // Other systems export dates with a midnight time: "1990-03-07 00:00:00".
  const c = fold(cell).replace(/\s+0?0:00(:00)?$/, "").replace(/\s/g, "");
  return parseDatePart(c) ?? new Bad("BAD_DATE", shown(cell));
};

/** A year for a candidate's birth: 1975, 1975-03, 1975.03, 1975年3月, or a full date. */
export const birthYear: Parser<number> = (cell) => {
  const c = fold(cell).replace(/\s/g, "");
  const m = /^(\d{4})(?:年|[-/.]\d{1,2}|年\d{1,2}月)?$/.exec(c);
  const year = m ? Number(m[1]) : Number(parseDatePart(c)?.slice(0, 4));
  return Number.isInteger(year) && year >= 1900 && year <= 2100 ? year : new Bad("BAD_DATE", shown(cell));
};

function parseTime(c: string): string | undefined {
  const m = /^(\d{1,2})[:时時點点](\d{2})(?::(\d{2}))?分?$/.exec(c);
  if (m) {
    const h = Number(m[1]);
    const min = Number(m[2]);
    if (h > 23 || min > 59 || Number(m[3] ?? 0) > 59) return undefined;
    return `${String(h).padStart(2, "0")}:${m[2]}`;
  }
  // A time Excel wrote as a fraction of a day.
  if (/^0?\.\d+$/.test(c)) {
    const minutes = Math.round(Number(c) * 1440);
    if (minutes >= 1440) return undefined;
    return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
  }
  return undefined;
}

/** "08:00" (also 8:00, 08:00:00, 8时30分, 8時30分). */
export const time: Parser<string> = (cell) => parseTime(fold(cell).replace(/\s/g, "")) ?? new Bad("BAD_TIME", shown(cell));

/** Local wall-clock "YYYY-MM-DDTHH:MM": a date and a time, or an Excel serial with a fraction. */
export const dateTime: Parser<string> = (cell) => {
  const c = fold(cell).trim();
  const serial = /^(\d{4,7})\.(\d+)$/.exec(c);
  if (serial) {
    const day = parseDatePart(serial[1]!);
    const t = parseTime(`0.${serial[2]}`);
    if (day !== undefined && t !== undefined) return `${day}T${t}`;
    return new Bad("BAD_DATETIME", shown(cell));
  }
  const m = /^(.+?[日号號]|[\d/.-]+)[\sT]*(\d.*)$/.exec(c);
  const day = m ? parseDatePart(m[1]!.replace(/\s/g, "")) : undefined;
  const t = m ? parseTime(m[2]!.replace(/\s/g, "")) : undefined;
  return day !== undefined && t !== undefined ? `${day}T${t}` : new Bad("BAD_DATETIME", shown(cell));
};

// ── contact ──

export const phone: Parser<string> = (cell) => {
  const c = fold(cell);
  return /^\+?[\d\s()\-]{5,20}(?:(?:转|轉|ext\.?|#)\s*\d{1,6})?$/i.test(c) ? c : new Bad("BAD_PHONE", shown(cell));
};

export const email: Parser<string> = (cell) => {
  const c = fold(cell);
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(c) && c.length <= 254 ? c : new Bad("BAD_EMAIL", shown(cell));
};

// ── identity ──

/**
 * The ID number is checked and dropped here: the parsed value holds only last4, birth date and
 * gender, and no problem detail repeats the number.
 */
export const idNumber: Parser<IdNumberFacts> = (cell) => {
  const c = fold(cell).replace(/\s/g, "");
  // Excel's CSV export of a number-formatted ID column: 1.10105E+17.
  if (/^\d(\.\d+)?e\+?\d+$/i.test(c)) return new Bad("ID_STORED_AS_NUMBER");
  const r = checkIdNumber(c);
  if (r.ok) return { last4: r.last4, birthDate: r.birthDate, gender: r.gender };
  const problems = {
    BAD_LENGTH: "BAD_ID_LENGTH",
    BAD_CHARACTERS: "BAD_ID_CHARACTERS",
    BAD_BIRTH_DATE: "BAD_ID_BIRTH_DATE",
    BAD_CHECK_DIGIT: "BAD_ID_CHECK_DIGIT",
  } as const;
  return new Bad(problems[r.problem]);
};

export const idLast4: Parser<string> = (cell) => {
  const c = fold(cell).replace(/\s/g, "").toUpperCase();
  return /^\d{3}[\dX]$/.test(c) ? c : new Bad("BAD_ID_LAST4");
};
