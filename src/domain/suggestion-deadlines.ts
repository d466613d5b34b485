/**
 * Deadlines of a suggestion (建议、批评和意见) once it is assigned (交办) to a department.
 *
 * 代表法 51: the department "应当……自交办之日起三个月内答复", and within six months for
 * suggestions "涉及面广、处理难度大" (complex). How a period in months is counted comes from
 * 民法典 201–203 (applied by analogy; the 代表法 has no counting rule of its own):
 * - 201: the day of the event (here the day of assignment) is not counted; the period starts the next day;
 * - 202: a period in months ends on the *corresponding day* (对应日) of the last month; when that
 *   month has no such day, on its last day;
 * - 203: the last day ends at 24:00.
 * So assigned 2026-03-10 → answer due by 2026-06-10 (the same day of the month, not the day before),
 * and 2026-11-30 + 3 months → 2027-02-28 (no 30 February), 2027-11-30 + 3 months → 2028-02-29.
 * An answer given on the deadline day is in time.
 *
 * Not applied: 203's extension when the last day is a statutory rest day. The domain has no holiday
 * calendar, and not extending is the stricter reading (the department is held to the earliest date
 * the law could mean), as election-rules.md does for election deadlines.
 *
 * Pure: no clock (today is a parameter), no I/O.
 */
import { addDays, compareDates, localDate, type LocalDate } from "./dates.js";

/** Months to answer after assignment (代表法 51). */
export const ANSWER_MONTHS = { normal: 3, complex: 6 } as const;

/** Days before the deadline of the first reminder, and after an answer of the "resolved?" question. */
export const DUE_SOON_DAYS = 14;
export const FOLLOW_UP_DAYS = 14;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * d shifted by n calendar months (n may be negative), ending on the corresponding day of the target
 * month or, when it has none, on its last day (民法典 202): 2026-01-31 + 1 → 2026-02-28.
 * Throws RangeError for a non-integer n or a result outside years 0001–9999.
 */
export function addMonths(d: LocalDate, n: number): LocalDate {
  if (!Number.isSafeInteger(n)) throw new RangeError(`addMonths: month count must be an integer, got ${n}`);
  const year = Number(d.slice(0, 4));
  const month = Number(d.slice(5, 7));
  const day = Number(d.slice(8, 10));
  const index = year * 12 + (month - 1) + n;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index - targetYear * 12 + 1;
  if (targetYear < 1 || targetYear > 9999) {
    throw new RangeError(`addMonths: ${d} + ${n} months is outside years 0001–9999`);
  }
  return localDate(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

/**
 * The last day on which the department's answer is in time: 3 calendar months after the day of
 * assignment, 6 for a complex suggestion (代表法 51), counted as in the header (民法典 201–202).
 */
export function answerDeadline(assignedOn: LocalDate, complex: boolean): LocalDate {
  return addMonths(assignedOn, complex ? ANSWER_MONTHS.complex : ANSWER_MONTHS.normal);
}

export type EscalationKind = "DUE_SOON" | "DUE_TODAY" | "OVERDUE_TO_SUPERVISOR";

export interface Escalation {
  on: LocalDate;
  kind: EscalationKind;
}

export interface EscalationOptions {
  /** First reminder this many days before the deadline (default 14). Integer ≥ 1. */
  dueSoonDays?: number;
  /** Escalation to the supervising official this many days after the deadline (default 1). Integer ≥ 1. */
  supervisorAfterDays?: number;
  /**
   * Drop reminders dated before this day (normally the day of assignment): a suggestion assigned
   * with a 10-day deadline gets no "due in 14 days" reminder in the past. Reminders on this day are kept.
   */
  notBefore?: LocalDate;
}

/**
 * When to remind the department and escalate an unanswered suggestion: deadline − 14 days (DUE_SOON),
 * the deadline day (DUE_TODAY), then deadline + 1 to the supervising official (OVERDUE_TO_SUPERVISOR;
 * for a key suggestion 重点建议, that is its lead official 领衔). In date order. The service sends each
 * one only while the suggestion is still unanswered (see isOverdue).
 */
export function escalationSchedule(deadline: LocalDate, opts: EscalationOptions = {}): Escalation[] {
  const dueSoonDays = opts.dueSoonDays ?? DUE_SOON_DAYS;
  const supervisorAfterDays = opts.supervisorAfterDays ?? 1;
  if (!Number.isSafeInteger(dueSoonDays) || dueSoonDays < 1) {
    throw new RangeError(`escalationSchedule: dueSoonDays must be an integer ≥ 1, got ${dueSoonDays}`);
  }
  if (!Number.isSafeInteger(supervisorAfterDays) || supervisorAfterDays < 1) {
    throw new RangeError(`escalationSchedule: supervisorAfterDays must be an integer ≥ 1, got ${supervisorAfterDays}`);
  }
  const all: Escalation[] = [
    { on: addDays(deadline, -dueSoonDays), kind: "DUE_SOON" },
    { on: deadline, kind: "DUE_TODAY" },
    { on: addDays(deadline, supervisorAfterDays), kind: "OVERDUE_TO_SUPERVISOR" },
  ];
  const { notBefore } = opts;
  return notBefore === undefined ? all : all.filter((e) => compareDates(e.on, notBefore) >= 0);
}

/** The day the author is asked "was your issue resolved?" when an answer has not been rated: answer + 14 days. */
export function followUpDate(answeredOn: LocalDate, days: number = FOLLOW_UP_DAYS): LocalDate {
  if (!Number.isSafeInteger(days) || days < 1) throw new RangeError(`followUpDate: days must be an integer ≥ 1, got ${days}`);
  return addDays(answeredOn, days);
}

/**
 * Whether the answer is late. Answered: late when the answer came after the deadline (an answer on
 * the deadline day is in time, 民法典 203), whatever today is. Unanswered: late from the day after
 * the deadline.
 */
export function isOverdue(deadline: LocalDate, today: LocalDate, answeredOn?: LocalDate | null): boolean {
  const reference = answeredOn ?? today;
  return compareDates(reference, deadline) > 0;
}
