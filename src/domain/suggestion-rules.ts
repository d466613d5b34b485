/**
 * Pure rules around constituent suggestions (建议、批评和意见): what text is accepted, how many a
 * person may send a day, when two texts are the same complaint, and the figures staff report
 * (满意率, answered in time, …). Every number is a parameter with a default; none is law — they are
 * the project's anti-abuse and reporting conventions.
 */
import { daysBetween, type LocalDate } from "./dates.js";
import { isOverdue } from "./suggestion-deadlines.js";

// ---------------------------------------------------------------------------------------------
// Text

export interface TextLimits {
  /** Fewest content characters (see countContentCharacters). Default 15. */
  minLength?: number;
  /** Most characters as displayed (graphemes, whitespace at the ends trimmed). Default 2000. */
  maxLength?: number;
}

export const DEFAULT_TEXT_LIMITS = { minLength: 15, maxLength: 2000 } as const;

export type TextError = "EMPTY" | "TOO_SHORT" | "TOO_LONG";

export type TextCheck =
  | { ok: true; contentLength: number; displayLength: number }
  | { ok: false; error: TextError; contentLength: number; displayLength: number; limit: number | null };

const segmenter = new Intl.Segmenter("zh", { granularity: "grapheme" });

function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
// Emoji built on letters or digits: keycaps (1️⃣ = "1" + U+FE0F + U+20E3) and emoji-style variants.
const EMOJI_MARK = /[\u20E3\uFE0F]|\p{Extended_Pictographic}/u;

/**
 * Characters of content, as a reader counts them: user-perceived characters (grapheme clusters) that
 * contain a letter or a digit of any script — a Chinese character, a Latin letter with its accents,
 * a digit — and are not emoji. Whitespace, punctuation, symbols and emoji (including keycaps 1️⃣ and
 * flags) are not content, so "👍👍👍…" or "！！！！" cannot pass as a 15-character suggestion.
 */
export function countContentCharacters(text: string): number {
  let n = 0;
  for (const g of graphemes(text)) {
    if (LETTER_OR_DIGIT.test(g) && !EMOJI_MARK.test(g)) n += 1;
  }
  return n;
}

/**
 * Whether a suggestion's text may be submitted.
 * - EMPTY: no content character at all (blank, or only punctuation/emoji);
 * - TOO_SHORT: fewer than minLength content characters (15: "东村路灯坏了" is too short to act on;
 *   "东村村口到小学的三盏路灯坏了一个月" is enough);
 * - TOO_LONG: more than maxLength characters as displayed (graphemes of the trimmed text, everything
 *   counted: what the reader has to read and what the message can carry).
 * The bot shows the limit and the count with the error.
 */
export function checkSuggestionText(text: string, limits: TextLimits = {}): TextCheck {
  const minLength = limits.minLength ?? DEFAULT_TEXT_LIMITS.minLength;
  const maxLength = limits.maxLength ?? DEFAULT_TEXT_LIMITS.maxLength;
  const contentLength = countContentCharacters(text);
  const displayLength = graphemes(text.trim()).length;
  if (contentLength === 0) return { ok: false, error: "EMPTY", contentLength, displayLength, limit: null };
  if (contentLength < minLength) return { ok: false, error: "TOO_SHORT", contentLength, displayLength, limit: minLength };
  if (displayLength > maxLength) return { ok: false, error: "TOO_LONG", contentLength, displayLength, limit: maxLength };
  return { ok: true, contentLength, displayLength };
}

// ---------------------------------------------------------------------------------------------
// Daily limit

export type DailyLimitCheck =
  | { ok: true; remaining: number }
  | { ok: false; error: "DAILY_LIMIT_REACHED"; limit: number };

/**
 * Whether one more suggestion may be sent today, given how many this person already sent today
 * ("today" in the county's time zone, decided by the caller). Default 5 a day.
 * `remaining` is how many are left after this one.
 */
export function checkDailyLimit(countToday: number, opts: { perDay?: number } = {}): DailyLimitCheck {
  const perDay = opts.perDay ?? 5;
  if (!Number.isInteger(countToday) || countToday < 0) {
    throw new RangeError(`checkDailyLimit: countToday must be a non-negative integer, got ${countToday}`);
  }
  if (!Number.isInteger(perDay) || perDay < 0) {
    throw new RangeError(`checkDailyLimit: perDay must be a non-negative integer, got ${perDay}`);
  }
  if (countToday >= perDay) return { ok: false, error: "DAILY_LIMIT_REACHED", limit: perDay };
  return { ok: true, remaining: perDay - countToday - 1 };
}

// ---------------------------------------------------------------------------------------------
// Near duplicates

/**
 * The text reduced to what the comparison looks at: NFKC (full-width → half-width), lower case,
 * and only letters and digits (punctuation, whitespace, symbols and emoji dropped). Traditional and
 * Simplified characters are not unified (that needs a conversion table outside the domain).
 */
export function normaliseForComparison(text: string): string[] {
  const out: string[] = [];
  for (const ch of text.normalize("NFKC").toLowerCase()) {
    if (LETTER_OR_DIGIT.test(ch)) out.push(ch);
  }
  return out;
}

function bigrams(chars: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  if (chars.length === 1) counts.set(chars[0] as string, 1);
  for (let i = 0; i + 1 < chars.length; i++) {
    const key = (chars[i] as string) + (chars[i + 1] as string);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/**
 * Dice coefficient of the two texts' character bigrams (as multisets), after normaliseForComparison:
 * 2·|A∩B| / (|A|+|B|), from 0 (nothing shared) to 1 (same text). Chinese has no spaces, so
 * characters, not words, are the unit; bigrams keep some word order. Two empty texts → 0.
 */
export function textSimilarity(a: string, b: string): number {
  const ba = bigrams(normaliseForComparison(a));
  const bb = bigrams(normaliseForComparison(b));
  let sizeA = 0;
  let sizeB = 0;
  let shared = 0;
  for (const n of ba.values()) sizeA += n;
  for (const [key, n] of bb) {
    sizeB += n;
    shared += Math.min(n, ba.get(key) ?? 0);
  }
  return sizeA + sizeB === 0 ? 0 : (2 * shared) / (sizeA + sizeB);
}

/** Default threshold, chosen on the pairs in test/domain/suggestion-rules.test.ts. */
export const NEAR_DUPLICATE_THRESHOLD = 0.6;

/**
 * Whether b is the same suggestion as a with small edits (re-sent, reworded, punctuation changed),
 * i.e. textSimilarity ≥ threshold. A different complaint about the same place shares the place name
 * but little else and stays below it. Used to warn the author ("you sent this on …") or offer staff
 * a merge, never to drop a suggestion silently.
 */
export function nearDuplicate(a: string, b: string, threshold: number = NEAR_DUPLICATE_THRESHOLD): boolean {
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`nearDuplicate: threshold must be in (0, 1], got ${threshold}`);
  return textSimilarity(a, b) >= threshold;
}

// ---------------------------------------------------------------------------------------------
// Figures for staff

export type Rating = "SATISFIED" | "BASICALLY_SATISFIED" | "DISSATISFIED";
export const RATINGS: readonly Rating[] = ["SATISFIED", "BASICALLY_SATISFIED", "DISSATISFIED"];

/** One decimal place; null when there is nothing to divide by. */
function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}

export interface SatisfactionSummary {
  total: number;
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
  /** 满意率: (满意 + 基本满意) / total, in percent with one decimal; null when nothing was rated. */
  satisfactionPercent: number | null;
}

/**
 * Counts of 满意 / 基本满意 / 不满意 and the 满意率. By the usual practice of 代表建议办理 evaluation
 * (three grades, the first two counted as satisfied), 基本满意 counts towards 满意率; this is local
 * practice, not statute. Pass one rating per suggestion (its final one), not one per rating event.
 */
export function satisfactionSummary(ratings: readonly Rating[]): SatisfactionSummary {
  let satisfied = 0;
  let basicallySatisfied = 0;
  let dissatisfied = 0;
  for (const r of ratings) {
    if (r === "SATISFIED") satisfied += 1;
    else if (r === "BASICALLY_SATISFIED") basicallySatisfied += 1;
    else if (r === "DISSATISFIED") dissatisfied += 1;
    else throw new RangeError(`satisfactionSummary: unknown rating ${String(r)}`);
  }
  const total = ratings.length;
  return { total, satisfied, basicallySatisfied, dissatisfied, satisfactionPercent: percent(satisfied + basicallySatisfied, total) };
}

/** An assigned suggestion as the deadline figures need it. */
export interface DeadlineRecord {
  assignedOn: LocalDate;
  deadline: LocalDate;
  /** The first answer (the one 代表法 51 times); null while unanswered. */
  answeredOn: LocalDate | null;
  /** Whether the author reopened it after that answer. */
  reopened?: boolean;
}

export interface DeadlineStats {
  assigned: number;
  answered: number;
  answeredInTime: number;
  answeredLate: number;
  /** Unanswered, deadline not yet passed (the deadline day itself is still in time). */
  openInTime: number;
  /** Unanswered, deadline passed. */
  openOverdue: number;
  /** answeredInTime / (answered + openOverdue), percent: open ones still in time are not judged yet. */
  inTimePercent: number | null;
  /** Mean calendar days from assignment to first answer, one decimal; null when none answered. */
  averageDaysToAnswer: number | null;
  reopened: number;
  /** reopened / answered, percent (only an answered suggestion can be reopened). */
  reopenedPercent: number | null;
}

/**
 * The per-delegate (or per-department) figures over assigned suggestions, as of `today`.
 * inTimePercent = answered in time / (answered + open overdue): suggestions still within their
 * deadline are not yet judged either way.
 */
export function deadlineStats(records: readonly DeadlineRecord[], today: LocalDate): DeadlineStats {
  let answered = 0;
  let answeredInTime = 0;
  let openInTime = 0;
  let openOverdue = 0;
  let totalDays = 0;
  let reopened = 0;
  for (const r of records) {
    if (r.answeredOn !== null) {
      answered += 1;
      totalDays += daysBetween(r.assignedOn, r.answeredOn);
      if (!isOverdue(r.deadline, today, r.answeredOn)) answeredInTime += 1;
      if (r.reopened === true) reopened += 1;
    } else if (isOverdue(r.deadline, today)) {
      openOverdue += 1;
    } else {
      openInTime += 1;
    }
  }
  return {
    assigned: records.length,
    answered,
    answeredInTime,
    answeredLate: answered - answeredInTime,
    openInTime,
    openOverdue,
    inTimePercent: percent(answeredInTime, answered + openOverdue),
    averageDaysToAnswer: answered === 0 ? null : Math.round((totalDays / answered) * 10) / 10,
    reopened,
    reopenedPercent: percent(reopened, answered),
  };
}
