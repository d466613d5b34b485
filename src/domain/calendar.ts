/**
 * The legal calendar of one direct election (选举法 28, 29, 32, 34; shared/domain/election-rules.md).
 *
 * Readings (the rules doc asks for the stricter one; the principle is "never overstate the time a
 * voter has, never let a committee deadline look earlier than the law allows"):
 * - "在选举日的N日以前" (N days before E) → the last lawful day is E−N−1: E itself and the N days
 *   before it must lie after the act. Roll E−21 (28), preliminary list E−16 and formal list E−8 (32),
 *   court filing E−6 (29).
 * - "自公布之日起五日内" (within 5 days from publication, 29) → the publication day counts as day 1,
 *   so the last day to object is publication + 4 (the earliest of the two readings; the civil-law
 *   count that skips the first day, 民法典 201, would give publication + 5).
 * - "应在三日内作出处理决定" (the committee decides within 3 days, 29) → counted from the day after
 *   the objection, so due on objection + 3: the latest lawful day, which is what a voter waiting to
 *   sue must plan around. The calendar-wide decision date assumes an objection on the last day.
 * - "人民法院应在选举日以前作出判决" → the court judges by E−1.
 * - "在选举日必须停止代表候选人的介绍" (34) → no introductions from E onwards.
 */
import { addDays, compareDates, type LocalDate } from "./dates.js";

export interface CalendarRules {
  /** Days to object to the voter roll, counting the publication day (选举法 29: 5). */
  objectionDays?: number;
  /** Days for the committee to decide an objection, counting from the day after it (选举法 29: 3). */
  committeeDecisionDays?: number;
}

export interface CalendarInput {
  electionDay: LocalDate;
  /** The committee's actual dates; absent or null while not (yet) done. */
  rollPublishedOn?: LocalDate | null;
  preliminaryCandidatesOn?: LocalDate | null;
  formalCandidatesOn?: LocalDate | null;
  rules?: CalendarRules;
}

export const DEFAULT_CALENDAR_RULES: Readonly<Required<CalendarRules>> = {
  objectionDays: 5,
  committeeDecisionDays: 3,
};

/** Days before E named by the law; the latest lawful date is E − days − 1. */
const ROLL_DAYS_BEFORE = 20; // 选举法 28
const PRELIMINARY_DAYS_BEFORE = 15; // 选举法 32
const FORMAL_DAYS_BEFORE = 7; // 选举法 32
const COURT_DAYS_BEFORE = 5; // 选举法 29

export interface LegalCalendar {
  electionDay: LocalDate;
  /** Latest lawful publication of the voter roll (E−21). */
  rollPublishedBy: LocalDate;
  /** Latest lawful publication of the preliminary candidate list with bios (E−16). */
  preliminaryListBy: LocalDate;
  /** Latest lawful publication of the formal candidate list with bios (E−8). */
  formalListBy: LocalDate;
  /** Last day to object to the roll; null until the roll is published (the bot must not guess it). */
  objectionDeadline: LocalDate | null;
  /** Latest day the committee must decide an objection filed on objectionDeadline; null likewise. */
  committeeDecisionDue: LocalDate | null;
  /** Last day to sue over the committee's decision (E−6). */
  courtFilingDeadline: LocalDate;
  /** The court must have judged by this day (E−1). */
  courtJudgmentBy: LocalDate;
  /** First day without candidate introductions or meetings (E). */
  introductionsStopOn: LocalDate;
}

function resolveRules(rules: CalendarRules | undefined): Required<CalendarRules> {
  const resolved = {
    objectionDays: rules?.objectionDays ?? DEFAULT_CALENDAR_RULES.objectionDays,
    committeeDecisionDays: rules?.committeeDecisionDays ?? DEFAULT_CALENDAR_RULES.committeeDecisionDays,
  };
  for (const [name, value] of Object.entries(resolved)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`Calendar rule ${name} must be a positive integer, got ${value}`);
    }
  }
  return resolved;
}

function latestBefore(electionDay: LocalDate, daysBefore: number): LocalDate {
  return addDays(electionDay, -(daysBefore + 1));
}

/** Last day to object to a roll published on rollPublishedOn (publication day counted, 选举法 29). */
export function objectionDeadline(rollPublishedOn: LocalDate, rules?: CalendarRules): LocalDate {
  return addDays(rollPublishedOn, resolveRules(rules).objectionDays - 1);
}

/** Day by which the committee must decide an objection filed on filedOn (选举法 29). */
export function committeeDecisionDue(filedOn: LocalDate, rules?: CalendarRules): LocalDate {
  return addDays(filedOn, resolveRules(rules).committeeDecisionDays);
}

export function legalCalendar(input: CalendarInput): LegalCalendar {
  const e = input.electionDay;
  const lastObjection =
    input.rollPublishedOn == null ? null : objectionDeadline(input.rollPublishedOn, input.rules);
  return {
    electionDay: e,
    rollPublishedBy: latestBefore(e, ROLL_DAYS_BEFORE),
    preliminaryListBy: latestBefore(e, PRELIMINARY_DAYS_BEFORE),
    formalListBy: latestBefore(e, FORMAL_DAYS_BEFORE),
    objectionDeadline: lastObjection,
    committeeDecisionDue: lastObjection === null ? null : committeeDecisionDue(lastObjection, input.rules),
    courtFilingDeadline: latestBefore(e, COURT_DAYS_BEFORE),
    courtJudgmentBy: addDays(e, -1),
    introductionsStopOn: e,
  };
}

/**
 * What each violation means (actual is the offending date, limit the date it breaks):
 * - ROLL_PUBLISHED_TOO_LATE: roll published after rollPublishedBy (28).
 * - PRELIMINARY_LIST_TOO_LATE: preliminary list after preliminaryListBy (32).
 * - FORMAL_LIST_TOO_LATE: formal list after formalListBy (32).
 * - PRELIMINARY_LIST_MISSING: formal list on `actual` with no preliminary list, which was due by `limit` (32).
 * - FORMAL_LIST_NOT_AFTER_PRELIMINARY: formal list on or before the preliminary list (`limit`); voter
 *   groups must discuss the preliminary list before the formal one is fixed (32).
 * - OBJECTION_DEADLINE_AFTER_COURT_DEADLINE / DECISION_DUE_AFTER_COURT_DEADLINE: the objection window or the
 *   committee's decision ends after the last day to sue, so a complainant loses the court route (29).
 */
export type CalendarViolationCode =
  | "ROLL_PUBLISHED_TOO_LATE"
  | "PRELIMINARY_LIST_TOO_LATE"
  | "FORMAL_LIST_TOO_LATE"
  | "PRELIMINARY_LIST_MISSING"
  | "FORMAL_LIST_NOT_AFTER_PRELIMINARY"
  | "OBJECTION_DEADLINE_AFTER_COURT_DEADLINE"
  | "DECISION_DUE_AFTER_COURT_DEADLINE";

export interface CalendarViolation {
  code: CalendarViolationCode;
  /** The article broken, e.g. "选举法 28". */
  article: string;
  actual: LocalDate;
  limit: LocalDate;
}

const isAfter = (a: LocalDate, b: LocalDate): boolean => compareDates(a, b) > 0;

/** Every way the committee's dates break the law, in the order of the codes above; [] when lawful. */
export function checkCalendar(input: CalendarInput): CalendarViolation[] {
  const cal = legalCalendar(input);
  const { rollPublishedOn: roll, preliminaryCandidatesOn: preliminary, formalCandidatesOn: formal } = input;
  const violations: CalendarViolation[] = [];
  const add = (code: CalendarViolationCode, article: string, actual: LocalDate, limit: LocalDate): void => {
    violations.push({ code, article, actual, limit });
  };

  if (roll != null && isAfter(roll, cal.rollPublishedBy)) {
    add("ROLL_PUBLISHED_TOO_LATE", "选举法 28", roll, cal.rollPublishedBy);
  }
  if (preliminary != null && isAfter(preliminary, cal.preliminaryListBy)) {
    add("PRELIMINARY_LIST_TOO_LATE", "选举法 32", preliminary, cal.preliminaryListBy);
  }
  if (formal != null && isAfter(formal, cal.formalListBy)) {
    add("FORMAL_LIST_TOO_LATE", "选举法 32", formal, cal.formalListBy);
  }
  if (formal != null && preliminary == null) {
    add("PRELIMINARY_LIST_MISSING", "选举法 32", formal, cal.preliminaryListBy);
  }
  if (formal != null && preliminary != null && !isAfter(formal, preliminary)) {
    add("FORMAL_LIST_NOT_AFTER_PRELIMINARY", "选举法 32", formal, preliminary);
  }
  if (cal.objectionDeadline !== null && isAfter(cal.objectionDeadline, cal.courtFilingDeadline)) {
    add("OBJECTION_DEADLINE_AFTER_COURT_DEADLINE", "选举法 29", cal.objectionDeadline, cal.courtFilingDeadline);
  }
  if (cal.committeeDecisionDue !== null && isAfter(cal.committeeDecisionDue, cal.courtFilingDeadline)) {
    add("DECISION_DUE_AFTER_COURT_DEADLINE", "选举法 29", cal.committeeDecisionDue, cal.courtFilingDeadline);
  }
  return violations;
}

/**
 * Milestones a voter or a reminder job cares about. Only dates that are certain appear: the
 * committee's actual dates (and the objection dates derived from the actual roll publication)
 * once recorded, plus the dates the law fixes from E alone. Listed in the order used to break ties.
 */
export const MILESTONE_KINDS = [
  "ROLL_PUBLISHED",
  "OBJECTION_DEADLINE",
  "COMMITTEE_DECISION_DUE",
  "PRELIMINARY_LIST",
  "FORMAL_LIST",
  "COURT_DEADLINE",
  "ELECTION_DAY",
] as const;

export type MilestoneKind = (typeof MILESTONE_KINDS)[number];

export interface Milestone {
  kind: MilestoneKind;
  date: LocalDate;
}

/** Milestones on today or later, by date, ties in MILESTONE_KINDS order. */
export function upcomingMilestones(input: CalendarInput, today: LocalDate): Milestone[] {
  const cal = legalCalendar(input);
  const dates: Record<MilestoneKind, LocalDate | null | undefined> = {
    ROLL_PUBLISHED: input.rollPublishedOn,
    OBJECTION_DEADLINE: cal.objectionDeadline,
    COMMITTEE_DECISION_DUE: cal.committeeDecisionDue,
    PRELIMINARY_LIST: input.preliminaryCandidatesOn,
    FORMAL_LIST: input.formalCandidatesOn,
    COURT_DEADLINE: cal.courtFilingDeadline,
    ELECTION_DAY: cal.electionDay,
  };
  const milestones: Milestone[] = [];
  for (const kind of MILESTONE_KINDS) {
    const date = dates[kind];
    if (date != null && compareDates(date, today) >= 0) milestones.push({ kind, date });
  }
  // Array.prototype.sort is stable, so equal dates keep MILESTONE_KINDS order.
  return milestones.sort((a, b) => compareDates(a.date, b.date));
}

/** Candidate introductions and meetings are allowed only before election day (选举法 34). */
export function introductionsAllowed(input: Pick<CalendarInput, "electionDay">, today: LocalDate): boolean {
  return compareDates(today, input.electionDay) < 0;
}
