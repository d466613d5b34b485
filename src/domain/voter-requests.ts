/**
 * Requests a voter hands to staff: objections to the roll (选举法 29), the mobile ballot box (38),
 * proxy voting (42) and questions the FAQ could not answer. Pure rules: which prefix a tracking
 * number gets, by which date staff must decide, whether the objection window is open, and whether
 * a proxy may be filed. No clock: `today` is a parameter.
 *
 * Deadlines (shown to staff and voter as calendar dates):
 * - OBJECTION — the law's: the committee decides within 3 days (calendar.committeeDecisionDue,
 *   counted from the day after filing; per-election rules may change the number).
 * - MOBILE_BOX, PROXY — a promise, not a law: decided within REQUEST_PROMISE_DAYS, and never later
 *   than the day before E (the approved mobile-box list and the written authorisation must exist
 *   before voting starts). From E on the bot takes no new ones (the voter is sent to the office).
 * - QUESTION — a promise: answered within REQUEST_PROMISE_DAYS.
 */
import { committeeDecisionDue, legalCalendar, type CalendarInput } from "./calendar.js";
import { addDays, compareDates, type LocalDate } from "./dates.js";

export const REQUEST_KINDS = ["OBJECTION", "MOBILE_BOX", "PROXY", "QUESTION"] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/** Tracking-number prefixes (domain/tracking-number.ts): 申诉 SS, 流动票箱 LD, 代投 DT, 问题 WT. */
export const TRACKING_PREFIX: Readonly<Record<RequestKind, string>> = {
  OBJECTION: "SS",
  MOBILE_BOX: "LD",
  PROXY: "DT",
  QUESTION: "WT",
};

/** Days staff promise for what the law gives no deadline for. */
export const REQUEST_PROMISE_DAYS = 3;

/** The law's number (选举法 42) when an election does not set its own. */
export const DEFAULT_MAX_PROXIES = 3;

export type ObjectionWindow =
  /** The roll is not published yet: nothing to object to. */
  | { state: "NOT_PUBLISHED" }
  | { state: "OPEN"; lastDay: LocalDate }
  /** Closed; a complainant may still sue by courtDeadline (选举法 29). */
  | { state: "CLOSED"; lastDay: LocalDate; courtDeadline: LocalDate; courtOpen: boolean };

export function objectionWindow(input: CalendarInput, today: LocalDate): ObjectionWindow {
  const cal = legalCalendar(input);
  const published = input.rollPublishedOn;
  if (published == null || cal.objectionDeadline === null || compareDates(today, published) < 0) return { state: "NOT_PUBLISHED" };
  if (compareDates(today, cal.objectionDeadline) <= 0) return { state: "OPEN", lastDay: cal.objectionDeadline };
  return {
    state: "CLOSED",
    lastDay: cal.objectionDeadline,
    courtDeadline: cal.courtFilingDeadline,
    courtOpen: compareDates(today, cal.courtFilingDeadline) <= 0,
  };
}

export type DueDate = { ok: true; dueOn: LocalDate } | { ok: false; problem: "WINDOW_NOT_OPEN" | "TOO_LATE" };

/** By which date staff must decide a request filed on `today`, or why it cannot be filed now. */
export function requestDueDate(kind: RequestKind, input: CalendarInput, today: LocalDate): DueDate {
  switch (kind) {
    case "OBJECTION":
      if (objectionWindow(input, today).state !== "OPEN") return { ok: false, problem: "WINDOW_NOT_OPEN" };
      return { ok: true, dueOn: committeeDecisionDue(today, input.rules) };
    case "MOBILE_BOX":
    case "PROXY": {
      const eve = addDays(input.electionDay, -1);
      if (compareDates(today, eve) > 0) return { ok: false, problem: "TOO_LATE" };
      const promised = addDays(today, REQUEST_PROMISE_DAYS);
      return { ok: true, dueOn: compareDates(promised, eve) < 0 ? promised : eve };
    }
    case "QUESTION":
      return { ok: true, dueOn: addDays(today, REQUEST_PROMISE_DAYS) };
  }
}

/** Overdue: still open after its due date. */
export function isOverdue(dueOn: LocalDate, today: LocalDate): boolean {
  return compareDates(today, dueOn) > 0;
}

export type ProxyRefusal =
  /** The holder is the voter themself. */
  | "SELF"
  /** The holder is not a listed voter of the same constituency (选举法 42: "其他选民"; same place to vote). */
  | "NOT_SAME_CONSTITUENCY"
  | "HOLDER_NOT_LISTED"
  /** The voter is not a listed voter (there is no vote to entrust). */
  | "GRANTOR_NOT_LISTED"
  /** The voter has already entrusted their vote (pending or consented). */
  | "ALREADY_ENTRUSTED"
  /** The holder already holds the maximum (pending + consented). */
  | "HOLDER_FULL";

export interface ProxyCheck {
  grantorEntryId: number;
  grantorConstituencyId: number;
  grantorListed: boolean;
  grantorActiveProxies: number;
  holderEntryId: number;
  holderConstituencyId: number;
  holderListed: boolean;
  /** Pending and consented proxies the holder already has. */
  holderActiveProxies: number;
  maxPerHolder: number;
}

/** Why this proxy cannot be filed, or null when it can (checked in this order). */
export function proxyRefusal(c: ProxyCheck): ProxyRefusal | null {
  if (c.holderEntryId === c.grantorEntryId) return "SELF";
  if (!c.grantorListed) return "GRANTOR_NOT_LISTED";
  if (c.grantorActiveProxies > 0) return "ALREADY_ENTRUSTED";
  if (c.holderConstituencyId !== c.grantorConstituencyId) return "NOT_SAME_CONSTITUENCY";
  if (!c.holderListed) return "HOLDER_NOT_LISTED";
  if (c.holderActiveProxies >= c.maxPerHolder) return "HOLDER_FULL";
  return null;
}
