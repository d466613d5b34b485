import { describe, it, expect } from "vitest";
import {
  checkCalendar,
  committeeDecisionDue,
  introductionsAllowed,
  legalCalendar,
  objectionDeadline,
  upcomingMilestones,
  type CalendarInput,
  type CalendarRules,
  type CalendarViolation,
  type LegalCalendar,
  type Milestone,
} from "../../src/domain/calendar.js";
import { parseLocalDate as d } from "../../src/domain/dates.js";

/** The demo election: every date lawful. */
const demo: CalendarInput = {
  electionDay: d("2026-12-15"),
  rollPublishedOn: d("2026-11-20"),
  preliminaryCandidatesOn: d("2026-11-28"),
  formalCandidatesOn: d("2026-12-05"),
};

function withDates(dates: { roll?: string; preliminary?: string; formal?: string }, rules?: CalendarRules): CalendarInput {
  return {
    electionDay: d("2026-12-15"),
    rollPublishedOn: dates.roll === undefined ? null : d(dates.roll),
    preliminaryCandidatesOn: dates.preliminary === undefined ? null : d(dates.preliminary),
    formalCandidatesOn: dates.formal === undefined ? null : d(dates.formal),
    ...(rules === undefined ? {} : { rules }),
  };
}

function violation(code: CalendarViolation["code"], article: string, actual: string, limit: string): CalendarViolation {
  return { code, article, actual: d(actual), limit: d(limit) };
}

describe("legalCalendar", () => {
  it("gives the demo election's dates (strict 'N days before E' = E−N−1)", () => {
    const expected: LegalCalendar = {
      electionDay: d("2026-12-15"),
      rollPublishedBy: d("2026-11-24"),
      preliminaryListBy: d("2026-11-29"),
      formalListBy: d("2026-12-07"),
      objectionDeadline: d("2026-11-24"),
      committeeDecisionDue: d("2026-11-27"),
      courtFilingDeadline: d("2026-12-09"),
      courtJudgmentBy: d("2026-12-14"),
      introductionsStopOn: d("2026-12-15"),
    };
    expect(legalCalendar(demo)).toEqual(expected);
  });

  it.each([
    // E, roll by, preliminary by, formal by, court filing, court judgment
    ["2026-12-15", "2026-11-24", "2026-11-29", "2026-12-07", "2026-12-09", "2026-12-14"],
    ["2027-01-05", "2026-12-15", "2026-12-20", "2026-12-28", "2026-12-30", "2027-01-04"],
    ["2028-03-10", "2028-02-18", "2028-02-23", "2028-03-02", "2028-03-04", "2028-03-09"],
    ["2026-03-10", "2026-02-17", "2026-02-22", "2026-03-02", "2026-03-04", "2026-03-09"],
    ["2029-03-01", "2029-02-08", "2029-02-13", "2029-02-21", "2029-02-23", "2029-02-28"],
    ["2028-03-01", "2028-02-09", "2028-02-14", "2028-02-22", "2028-02-24", "2028-02-29"],
  ])("E = %s: roll by %s, preliminary by %s, formal by %s, sue by %s, judgment by %s", (e, roll, pre, formal, court, judgment) => {
    expect(legalCalendar({ electionDay: d(e) })).toEqual({
      electionDay: d(e),
      rollPublishedBy: d(roll),
      preliminaryListBy: d(pre),
      formalListBy: d(formal),
      objectionDeadline: null,
      committeeDecisionDue: null,
      courtFilingDeadline: d(court),
      courtJudgmentBy: d(judgment),
      introductionsStopOn: d(e),
    });
  });

  it.each([
    // roll published, rules, objection deadline, committee decision due
    ["2026-11-20", undefined, "2026-11-24", "2026-11-27"],
    ["2026-11-24", undefined, "2026-11-28", "2026-12-01"],
    ["2026-02-26", undefined, "2026-03-02", "2026-03-05"],
    ["2028-02-26", undefined, "2028-03-01", "2028-03-04"],
    ["2026-12-29", undefined, "2027-01-02", "2027-01-05"],
    ["2026-11-20", { objectionDays: 1 }, "2026-11-20", "2026-11-23"],
    ["2026-11-20", { objectionDays: 7, committeeDecisionDays: 5 }, "2026-11-26", "2026-12-01"],
    ["2026-11-20", { objectionDays: undefined, committeeDecisionDays: 1 }, "2026-11-24", "2026-11-25"],
  ])("roll published %s with rules %j: object by %s, decision by %s", (roll, rules, objection, decision) => {
    const cal = legalCalendar({ electionDay: d("2027-03-01"), rollPublishedOn: d(roll), ...(rules ? { rules } : {}) });
    expect(cal.objectionDeadline).toBe(objection);
    expect(cal.committeeDecisionDue).toBe(decision);
  });

  it.each([
    [{ objectionDays: 0 }, /objectionDays must be a positive integer, got 0/],
    [{ objectionDays: -5 }, /objectionDays/],
    [{ objectionDays: 2.5 }, /objectionDays/],
    [{ committeeDecisionDays: 0 }, /committeeDecisionDays must be a positive integer/],
    [{ committeeDecisionDays: Number.NaN }, /committeeDecisionDays/],
  ])("rejects rules %j", (rules, message) => {
    expect(() => legalCalendar({ ...demo, rules })).toThrow(RangeError);
    expect(() => legalCalendar({ ...demo, rules })).toThrow(message);
  });
});

describe("objectionDeadline and committeeDecisionDue for one case", () => {
  it.each([
    ["2026-11-20", undefined, "2026-11-24"],
    ["2028-02-26", undefined, "2028-03-01"],
    ["2026-02-26", undefined, "2026-03-02"],
    ["2026-12-30", undefined, "2027-01-03"],
    ["2026-11-20", { objectionDays: 3 }, "2026-11-22"],
  ])("roll published %s, rules %j: last day to object %s", (roll, rules, expected) => {
    expect(objectionDeadline(d(roll), rules)).toBe(expected);
  });

  it.each([
    ["2026-11-21", undefined, "2026-11-24"],
    ["2028-02-27", undefined, "2028-03-01"],
    ["2026-02-27", undefined, "2026-03-02"],
    ["2026-12-30", undefined, "2027-01-02"],
    ["2026-11-21", { committeeDecisionDays: 5 }, "2026-11-26"],
  ])("objection filed %s, rules %j: decision due %s", (filed, rules, expected) => {
    expect(committeeDecisionDue(d(filed), rules)).toBe(expected);
  });
});

describe("checkCalendar", () => {
  it.each<[string, CalendarInput]>([
    ["the demo election", demo],
    ["only an election day", { electionDay: d("2026-12-15") }],
    ["nulls for dates not yet set", withDates({})],
    ["every act on its last lawful day", withDates({ roll: "2026-11-24", preliminary: "2026-11-29", formal: "2026-12-07" })],
    ["a preliminary list without a formal one yet", withDates({ roll: "2026-11-20", preliminary: "2026-11-28" })],
    ["formal list the day after the preliminary one", withDates({ preliminary: "2026-11-28", formal: "2026-11-29" })],
    ["a committee decision due on the court deadline", withDates({ roll: "2026-11-24" }, { committeeDecisionDays: 11 })],
  ])("accepts %s", (_name, input) => {
    expect(checkCalendar(input)).toEqual([]);
  });

  it.each<[string, CalendarInput, CalendarViolation[]]>([
    [
      "roll published 20 days before E (lenient reading) is one day late",
      withDates({ roll: "2026-11-25" }),
      [violation("ROLL_PUBLISHED_TOO_LATE", "选举法 28", "2026-11-25", "2026-11-24")],
    ],
    [
      "preliminary list 15 days before E",
      withDates({ preliminary: "2026-11-30" }),
      [violation("PRELIMINARY_LIST_TOO_LATE", "选举法 32", "2026-11-30", "2026-11-29")],
    ],
    [
      "formal list 7 days before E",
      withDates({ preliminary: "2026-11-28", formal: "2026-12-08" }),
      [violation("FORMAL_LIST_TOO_LATE", "选举法 32", "2026-12-08", "2026-12-07")],
    ],
    [
      "formal list on E",
      withDates({ preliminary: "2026-11-28", formal: "2026-12-15" }),
      [violation("FORMAL_LIST_TOO_LATE", "选举法 32", "2026-12-15", "2026-12-07")],
    ],
    [
      "formal list with no preliminary list",
      withDates({ roll: "2026-11-20", formal: "2026-12-05" }),
      [violation("PRELIMINARY_LIST_MISSING", "选举法 32", "2026-12-05", "2026-11-29")],
    ],
    [
      "formal list on the same day as the preliminary list",
      withDates({ preliminary: "2026-11-28", formal: "2026-11-28" }),
      [violation("FORMAL_LIST_NOT_AFTER_PRELIMINARY", "选举法 32", "2026-11-28", "2026-11-28")],
    ],
    [
      "formal list before the preliminary list",
      withDates({ preliminary: "2026-11-28", formal: "2026-11-27" }),
      [violation("FORMAL_LIST_NOT_AFTER_PRELIMINARY", "选举法 32", "2026-11-27", "2026-11-28")],
    ],
    [
      // The objection deadline falls on the court deadline (not flagged); the decision comes after it.
      "roll so late that the committee decides after the court deadline",
      withDates({ roll: "2026-12-05" }),
      [
        violation("ROLL_PUBLISHED_TOO_LATE", "选举法 28", "2026-12-05", "2026-11-24"),
        violation("DECISION_DUE_AFTER_COURT_DEADLINE", "选举法 29", "2026-12-12", "2026-12-09"),
      ],
    ],
    [
      "roll so late that the objection window outlasts the court deadline",
      withDates({ roll: "2026-12-06" }),
      [
        violation("ROLL_PUBLISHED_TOO_LATE", "选举法 28", "2026-12-06", "2026-11-24"),
        violation("OBJECTION_DEADLINE_AFTER_COURT_DEADLINE", "选举法 29", "2026-12-10", "2026-12-09"),
        violation("DECISION_DUE_AFTER_COURT_DEADLINE", "选举法 29", "2026-12-13", "2026-12-09"),
      ],
    ],
    [
      "a lawful roll date but a configured objection period reaching past the court deadline",
      withDates({ roll: "2026-11-24" }, { objectionDays: 20 }),
      [
        violation("OBJECTION_DEADLINE_AFTER_COURT_DEADLINE", "选举法 29", "2026-12-13", "2026-12-09"),
        violation("DECISION_DUE_AFTER_COURT_DEADLINE", "选举法 29", "2026-12-16", "2026-12-09"),
      ],
    ],
    [
      "a configured decision period one day too long",
      withDates({ roll: "2026-11-24" }, { committeeDecisionDays: 12 }),
      [violation("DECISION_DUE_AFTER_COURT_DEADLINE", "选举法 29", "2026-12-10", "2026-12-09")],
    ],
    [
      "everything wrong at once",
      withDates({ roll: "2026-12-10", preliminary: "2026-12-08", formal: "2026-12-01" }),
      [
        violation("ROLL_PUBLISHED_TOO_LATE", "选举法 28", "2026-12-10", "2026-11-24"),
        violation("PRELIMINARY_LIST_TOO_LATE", "选举法 32", "2026-12-08", "2026-11-29"),
        violation("FORMAL_LIST_NOT_AFTER_PRELIMINARY", "选举法 32", "2026-12-01", "2026-12-08"),
        violation("OBJECTION_DEADLINE_AFTER_COURT_DEADLINE", "选举法 29", "2026-12-14", "2026-12-09"),
        violation("DECISION_DUE_AFTER_COURT_DEADLINE", "选举法 29", "2026-12-17", "2026-12-09"),
      ],
    ],
    [
      "a leap-year election with a late roll",
      { electionDay: d("2028-03-10"), rollPublishedOn: d("2028-02-19") },
      [violation("ROLL_PUBLISHED_TOO_LATE", "选举法 28", "2028-02-19", "2028-02-18")],
    ],
  ])("flags %s", (_name, input, expected) => {
    expect(checkCalendar(input)).toEqual(expected);
  });
});

describe("upcomingMilestones", () => {
  const all: Milestone[] = [
    { kind: "ROLL_PUBLISHED", date: d("2026-11-20") },
    { kind: "OBJECTION_DEADLINE", date: d("2026-11-24") },
    { kind: "COMMITTEE_DECISION_DUE", date: d("2026-11-27") },
    { kind: "PRELIMINARY_LIST", date: d("2026-11-28") },
    { kind: "FORMAL_LIST", date: d("2026-12-05") },
    { kind: "COURT_DEADLINE", date: d("2026-12-09") },
    { kind: "ELECTION_DAY", date: d("2026-12-15") },
  ];

  it.each([
    ["2026-01-01", 0],
    ["2026-11-20", 0],
    ["2026-11-21", 1],
    ["2026-11-24", 1],
    ["2026-11-25", 2],
    ["2026-11-28", 3],
    ["2026-12-05", 4],
    ["2026-12-06", 5],
    ["2026-12-09", 5],
    ["2026-12-10", 6],
    ["2026-12-15", 6],
    ["2026-12-16", 7],
    ["2027-06-01", 7],
  ])("demo election on %s: milestones from index %i", (today, from) => {
    expect(upcomingMilestones(demo, d(today))).toEqual(all.slice(from));
  });

  it("shows only law-fixed dates before the committee has recorded any", () => {
    expect(upcomingMilestones({ electionDay: d("2026-12-15") }, d("2026-11-01"))).toEqual([
      { kind: "COURT_DEADLINE", date: d("2026-12-09") },
      { kind: "ELECTION_DAY", date: d("2026-12-15") },
    ]);
  });

  it("orders by date, then by kind on the same day", () => {
    const input: CalendarInput = {
      electionDay: d("2026-12-15"),
      rollPublishedOn: d("2026-11-24"),
      preliminaryCandidatesOn: d("2026-11-25"),
      // Out of order on purpose (checkCalendar flags it); milestones still sort by date.
      formalCandidatesOn: d("2026-11-21"),
      rules: { objectionDays: 1, committeeDecisionDays: 1 },
    };
    expect(upcomingMilestones(input, d("2026-11-01"))).toEqual([
      { kind: "FORMAL_LIST", date: d("2026-11-21") },
      { kind: "ROLL_PUBLISHED", date: d("2026-11-24") },
      { kind: "OBJECTION_DEADLINE", date: d("2026-11-24") },
      { kind: "COMMITTEE_DECISION_DUE", date: d("2026-11-25") },
      { kind: "PRELIMINARY_LIST", date: d("2026-11-25") },
      { kind: "COURT_DEADLINE", date: d("2026-12-09") },
      { kind: "ELECTION_DAY", date: d("2026-12-15") },
    ]);
  });
});

describe("introductionsAllowed", () => {
  it.each([
    ["2026-01-01", true],
    ["2026-12-05", true],
    ["2026-12-14", true],
    ["2026-12-15", false],
    ["2026-12-16", false],
    ["2027-01-01", false],
  ])("demo election on %s: %s", (today, expected) => {
    expect(introductionsAllowed(demo, d(today))).toBe(expected);
    expect(introductionsAllowed({ electionDay: d("2026-12-15") }, d(today))).toBe(expected);
  });
});
