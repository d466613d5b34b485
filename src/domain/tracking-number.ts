/**
 * Tracking numbers that users quote to the bot: "JY-2026-000042" (prefix, year, 6-digit sequence).
 * JY = 建议 (suggestion); other kinds (e.g. SS 申诉, WT 问题) use their own prefix.
 *
 * Formatting is strict; parsing is tolerant of how people retype a number on a phone:
 * any case, full-width letters and digits (ＪＹ－２０２６－４２), the dashes －, —, –, ‐, ﹣ and spaces
 * as separators (or none: "jy2026000042"), and a sequence written without its leading zeros.
 */

export type TrackingPrefix = "JY" | "SS" | "WT" | (string & {});

export interface TrackingNumber {
  prefix: string;
  year: number;
  seq: number;
}

export const MAX_TRACKING_SEQ = 999_999;
const SEQ_DIGITS = 6;
const PREFIX_PATTERN = /^[A-Z]{1,8}$/;

/** "JY-2026-000042". Throws RangeError for a prefix other than 1–8 letters A–Z, a year outside 1000–9999, or seq outside 1–999999. */
export function formatTrackingNumber(prefix: TrackingPrefix, year: number, seq: number): string {
  if (!PREFIX_PATTERN.test(prefix)) {
    throw new RangeError(`formatTrackingNumber: prefix must be 1–8 capital letters A–Z, got "${prefix}"`);
  }
  if (!Number.isInteger(year) || year < 1000 || year > 9999) {
    throw new RangeError(`formatTrackingNumber: year must be a 4-digit integer, got ${year}`);
  }
  if (!Number.isInteger(seq) || seq < 1 || seq > MAX_TRACKING_SEQ) {
    throw new RangeError(`formatTrackingNumber: seq must be an integer from 1 to ${MAX_TRACKING_SEQ}, got ${seq}`);
  }
  return `${prefix}-${year}-${String(seq).padStart(SEQ_DIGITS, "0")}`;
}

// After NFKC (which already maps the full-width hyphen-minus － to "-"): dashes and hyphens that
// phone keyboards and IMEs produce, including the full-width ones NFKC leaves alone.
const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D]/g;
const SHAPE = /^([A-Z]{1,8})[\s-]*(\d{4})[\s-]*(\d{1,6})$/;

/** { prefix, year, seq } from a number as typed, or null when it is not one (including seq 0). */
export function parseTrackingNumber(s: string): TrackingNumber | null {
  const normalised = s.normalize("NFKC").replace(DASHES, "-").trim().toUpperCase();
  const match = SHAPE.exec(normalised);
  if (match === null) return null;
  const year = Number(match[2]);
  const seq = Number(match[3]);
  if (year < 1000 || seq < 1) return null;
  return { prefix: match[1] as string, year, seq };
}
