/**
 * What a voter types to find their own roll entry: a full name and the last 4 characters of the
 * ID card number (the roll keeps only those; domain/id-card.ts). Pure: no I/O.
 *
 * Names (as typed on a phone):
 * - NFKC first (full-width letters/digits and the ideographic space U+3000 become plain ones);
 * - every whitespace is dropped: Chinese names have none, "张 示例" is 张示例;
 * - the dots of minority names (阿依古丽·买买提) come in many shapes from IMEs — · ・ ･ • ‧ ∙ ⋅ ● . 。
 *   — and all become U+00B7 "·", once, never at either end;
 * - letters of any script and combining marks are kept; digits, emoji and other symbols are not
 *   part of a name and are refused with a reason (an emoji-only message is "no letters").
 *
 * ID fragment: exactly [0-9]{3}[0-9X], after NFKC, dropping spaces and dashes, x/×/Ｘ → X. A whole
 * ID number (18 or 15 characters) is recognised so the bot can say "only the last 4" — and the
 * caller must not keep it.
 */
import { simplifiedCharacters } from "./chinese-script.js";

export const MAX_NAME_LENGTH = 30;

export type NameProblem = "EMPTY" | "NO_LETTERS" | "HAS_DIGITS" | "BAD_CHARACTERS" | "TOO_LONG";
export type NameCheck = { ok: true; name: string } | { ok: false; problem: NameProblem };

export type FragmentProblem = "EMPTY" | "WHOLE_ID" | "BAD_SHAPE";
export type FragmentCheck = { ok: true; last4: string } | { ok: false; problem: FragmentProblem };

const DOTS = /[\u00B7\u30FB\uFF65\u2022\u2027\u2219\u22C5\u25CF\u00B7.\u3002\u2E31\uA78F\u0387\u16EB\u2981\u318D]/gu;
const SPACES = /[\s\u3000\u200B\u200C\u200D\u2060\uFEFF]+/gu;

/** A name as the roll writes it, or why the text is not a name. */
export function normaliseName(raw: string): NameCheck {
  const s = raw.normalize("NFKC").replace(SPACES, "").replace(DOTS, "·").replace(/·{2,}/g, "·").replace(/^·+|·+$/g, "");
  if (s.length === 0) return { ok: false, problem: raw.trim().length === 0 ? "EMPTY" : "NO_LETTERS" };
  if (!/[\p{L}]/u.test(s)) return { ok: false, problem: /\p{N}/u.test(s) ? "HAS_DIGITS" : "NO_LETTERS" };
  if (/\p{N}/u.test(s)) return { ok: false, problem: "HAS_DIGITS" };
  if (!/^[\p{L}\p{M}·]+$/u.test(s)) return { ok: false, problem: "BAD_CHARACTERS" };
  if ([...s].length > MAX_NAME_LENGTH) return { ok: false, problem: "TOO_LONG" };
  return { ok: true, name: s };
}

/** The spellings to look up: the name as typed and, for traditional input, its simplified form. */
export function nameVariants(name: string): string[] {
  const simplified = simplifiedCharacters(name); // a name is not a phrase: character by character
  return simplified === name ? [name] : [name, simplified];
}

/** The last 4 characters of an ID number as the roll keeps them, or why the text is not that. */
export function parseIdFragment(raw: string): FragmentCheck {
  const s = raw.normalize("NFKC").replace(/[\s\-‐‑–—_]+/gu, "").replace(/[x×]/g, "X");
  if (s.length === 0) return { ok: false, problem: "EMPTY" };
  if (/^\d{3}[\dX]$/.test(s)) return { ok: true, last4: s };
  if (/^\d{17}[\dX]$/.test(s) || /^\d{15}$/.test(s)) return { ok: false, problem: "WHOLE_ID" };
  return { ok: false, problem: "BAD_SHAPE" };
}

/**
 * "张示例 1234" / "张示例1234" / "张示例，123x" in one message: the name and the fragment, when the
 * text ends in something shaped like a fragment after a name. Null otherwise.
 */
export function splitNameAndFragment(raw: string): { name: string; last4: string } | null {
  const m = /^(.*?)[\s,，、:：;；/]*([0-9０-９]{3}[0-9０-９XxＸｘ×])\s*$/u.exec(raw.normalize("NFC"));
  if (!m) return null;
  const name = normaliseName(m[1] ?? "");
  const fragment = parseIdFragment(m[2] ?? "");
  return name.ok && fragment.ok ? { name: name.name, last4: fragment.last4 } : null;
}

export const MAX_PHONE_LENGTH = 20;

/**
 * A phone number to call the voter back: a mainland mobile (11 digits, 1[3-9]…), a landline with
 * its area code (0 + 9–11 digits), optionally with +86/0086 and an extension; spaces, dashes, dots
 * and brackets dropped. Null when it is not one.
 */
export function parsePhone(raw: string): string | null {
  let s = raw.normalize("NFKC").replace(/[\s\-–—().·]/gu, "");
  s = s.replace(/^(\+|00)86/, "");
  const ext = /^(.*?)(?:(?:转|ext|x|#)(\d{1,6}))?$/iu.exec(s);
  const main = ext?.[1] ?? s;
  if (!/^(1[3-9]\d{9}|0\d{9,11})$/.test(main)) return null;
  return ext?.[2] ? `${main}-${ext[2]}` : main;
}
