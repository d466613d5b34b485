/**
 * Wall-clock time in an IANA time zone, without a date library (used by reminders and broadcast plans).
 *
 * - `wallClock` reads what a clock in the zone shows at an instant (dates.ts `zoneFields`, which
 *   `toLocalDate` uses too).
 * - `instantAt` goes the other way: the first instant at which the zone's clock shows a given date
 *   and time or later. Correct across daylight-saving changes:
 *   - a wall time that occurs twice (autumn, clocks go back) → its first occurrence;
 *   - a wall time that never occurs (spring, clocks jump forward) → the instant of the jump, the
 *     first instant whose wall time is later than the one asked for.
 *   Asia/Shanghai has no DST today, but the code does not rely on that.
 *
 * Pure: no clock, no I/O.
 */
import { addDays, zoneFields, type LocalDate } from "./dates.js";

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
export const MINUTES_PER_DAY = 1440;

export interface WallClock {
  date: LocalDate;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** Minutes since local midnight, 0–1439 (fractions of a minute dropped). */
  minuteOfDay: number;
}

/** What a wall clock in timeZone shows at the instant. Throws RangeError for an unknown zone or an invalid Date. */
export function wallClock(instant: Date, timeZone: string): WallClock {
  const { date, hour, minute, second } = zoneFields(instant, timeZone, "wallClock");
  return {
    date,
    hour,
    minute,
    second,
    millisecond: ((instant.getTime() % 1000) + 1000) % 1000,
    minuteOfDay: hour * 60 + minute,
  };
}

/** Milliseconds of a wall time read as if it were UTC (safe for years below 100, unlike Date.UTC). */
function wallAsUtcMs(date: LocalDate, msOfDay: number): number {
  const d = new Date(0);
  d.setUTCFullYear(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return d.getTime() + msOfDay;
}

/** The zone's offset from UTC at the instant, in ms (Asia/Shanghai: +8 h). */
export function zoneOffsetMs(instant: Date, timeZone: string): number {
  const w = wallClock(instant, timeZone);
  const wallMs = wallAsUtcMs(w.date, ((w.hour * 60 + w.minute) * 60 + w.second) * 1000 + w.millisecond);
  return wallMs - instant.getTime();
}

/**
 * The first instant at which a clock in timeZone shows `date` at `minuteOfDay` (0–1440; 1440 is the
 * next midnight) or later; see the header for DST gaps and repeats.
 */
export function instantAt(date: LocalDate, minuteOfDay: number, timeZone: string): Date {
  if (!Number.isInteger(minuteOfDay) || minuteOfDay < 0 || minuteOfDay > MINUTES_PER_DAY) {
    throw new RangeError(`instantAt: minuteOfDay must be an integer from 0 to ${MINUTES_PER_DAY}, got ${minuteOfDay}`);
  }
  if (minuteOfDay === MINUTES_PER_DAY) return instantAt(addDays(date, 1), 0, timeZone);
  const target = wallAsUtcMs(date, minuteOfDay * MS_PER_MINUTE);
  // The offsets in force around the target (a zone changes offset at most once within a day
  // on either side in practice; three samples cover a change on either side).
  const offsets = [
    ...new Set([-MS_PER_DAY, 0, MS_PER_DAY].map((shift) => zoneOffsetMs(new Date(target + shift), timeZone))),
  ];
  const exact = offsets
    .map((o) => target - o)
    .filter((t) => zoneOffsetMs(new Date(t), timeZone) === target - t)
    .sort((a, b) => a - b);
  if (exact[0] !== undefined) return new Date(exact[0]);

  // A gap: the wall time is skipped. Find the jump, the first instant whose wall time is later.
  const reached = (t: number): boolean => t + zoneOffsetMs(new Date(t), timeZone) >= target;
  let lo = target - Math.max(...offsets) - 1;
  let hi = target - Math.min(...offsets);
  if (reached(lo) || !reached(hi)) {
    throw new RangeError(`instantAt: cannot place ${date} minute ${minuteOfDay} in ${timeZone}`);
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (reached(mid)) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}
