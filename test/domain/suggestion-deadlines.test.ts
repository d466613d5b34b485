import { describe, it, expect } from "vitest";
import { parseLocalDate as d } from "../../src/domain/dates.js";
import {
  addMonths,
  answerDeadline,
  escalationSchedule,
  followUpDate,
  isOverdue,
  type Escalation,
} from "../../src/domain/suggestion-deadlines.js";

describe("addMonths", () => {
  it.each([
    // date, months, expected
    ["2026-03-10", 1, "2026-04-10"],
    ["2026-03-10", 0, "2026-03-10"],
    ["2026-01-31", 1, "2026-02-28"],
    ["2028-01-31", 1, "2028-02-29"],
    ["2026-03-31", 1, "2026-04-30"],
    ["2026-10-31", 2, "2026-12-31"],
    ["2026-11-15", 2, "2027-01-15"],
    ["2026-12-31", 1, "2027-01-31"],
    ["2026-12-31", 2, "2027-02-28"],
    ["2026-03-31", -1, "2026-02-28"],
    ["2027-01-15", -2, "2026-11-15"],
    ["2028-02-29", 12, "2029-02-28"],
    ["2028-02-29", 48, "2032-02-29"],
    ["2100-01-29", 1, "2100-02-28"],
    ["2000-01-29", 1, "2000-02-29"],
  ])("%s + %i months = %s", (date, n, expected) => {
    expect(addMonths(d(date), n)).toBe(expected);
  });

  it.each([
    ["9999-12-01", 1],
    ["0001-01-31", -1],
  ])("%s + %i months is out of range", (date, n) => {
    expect(() => addMonths(d(date), n)).toThrow(RangeError);
  });

  it("refuses a non-integer month count", () => {
    expect(() => addMonths(d("2026-01-01"), 1.5)).toThrow(RangeError);
  });
});

describe("answerDeadline (代表法 51, counted per 民法典 201–202: corresponding day, else month end)", () => {
  it.each([
    // assigned on, complex, deadline
    ["2026-03-10", false, "2026-06-10"],
    ["2026-03-10", true, "2026-09-10"],
    ["2026-11-30", false, "2027-02-28"],
    ["2027-11-30", false, "2028-02-29"],
    ["2027-11-29", false, "2028-02-29"],
    ["2027-11-28", false, "2028-02-28"],
    ["2026-08-31", false, "2026-11-30"],
    ["2026-08-31", true, "2027-02-28"],
    ["2027-08-31", true, "2028-02-29"],
    ["2026-10-15", false, "2027-01-15"],
    ["2026-12-31", false, "2027-03-31"],
    ["2026-12-31", true, "2027-06-30"],
    ["2026-07-01", true, "2027-01-01"],
    ["2026-01-01", false, "2026-04-01"],
  ])("assigned %s, complex %s → answer by %s", (assigned, complex, expected) => {
    expect(answerDeadline(d(assigned), complex)).toBe(expected);
  });
});

describe("escalationSchedule", () => {
  const e = (on: string, kind: Escalation["kind"]): Escalation => ({ on: d(on), kind });

  it.each([
    ["2026-06-10", [e("2026-05-27", "DUE_SOON"), e("2026-06-10", "DUE_TODAY"), e("2026-06-11", "OVERDUE_TO_SUPERVISOR")]],
    ["2027-01-05", [e("2026-12-22", "DUE_SOON"), e("2027-01-05", "DUE_TODAY"), e("2027-01-06", "OVERDUE_TO_SUPERVISOR")]],
    ["2026-12-31", [e("2026-12-17", "DUE_SOON"), e("2026-12-31", "DUE_TODAY"), e("2027-01-01", "OVERDUE_TO_SUPERVISOR")]],
    ["2028-03-10", [e("2028-02-25", "DUE_SOON"), e("2028-03-10", "DUE_TODAY"), e("2028-03-11", "OVERDUE_TO_SUPERVISOR")]],
    ["2028-02-29", [e("2028-02-15", "DUE_SOON"), e("2028-02-29", "DUE_TODAY"), e("2028-03-01", "OVERDUE_TO_SUPERVISOR")]],
    ["2027-02-28", [e("2027-02-14", "DUE_SOON"), e("2027-02-28", "DUE_TODAY"), e("2027-03-01", "OVERDUE_TO_SUPERVISOR")]],
  ])("deadline %s", (deadline, expected) => {
    expect(escalationSchedule(d(deadline))).toEqual(expected);
  });

  it("takes other intervals", () => {
    expect(escalationSchedule(d("2026-06-10"), { dueSoonDays: 7, supervisorAfterDays: 3 })).toEqual([
      e("2026-06-03", "DUE_SOON"),
      e("2026-06-10", "DUE_TODAY"),
      e("2026-06-13", "OVERDUE_TO_SUPERVISOR"),
    ]);
  });

  it.each([
    // notBefore, kinds kept
    ["2026-05-26", ["DUE_SOON", "DUE_TODAY", "OVERDUE_TO_SUPERVISOR"]],
    ["2026-05-27", ["DUE_SOON", "DUE_TODAY", "OVERDUE_TO_SUPERVISOR"]],
    ["2026-05-28", ["DUE_TODAY", "OVERDUE_TO_SUPERVISOR"]],
    ["2026-06-10", ["DUE_TODAY", "OVERDUE_TO_SUPERVISOR"]],
    ["2026-06-11", ["OVERDUE_TO_SUPERVISOR"]],
    ["2026-06-12", []],
  ])("deadline 2026-06-10, nothing before %s → %j", (notBefore, kinds) => {
    expect(escalationSchedule(d("2026-06-10"), { notBefore: d(notBefore) }).map((x) => x.kind)).toEqual(kinds);
  });

  it.each([
    [{ dueSoonDays: 0 }],
    [{ dueSoonDays: -1 }],
    [{ dueSoonDays: 1.5 }],
    [{ supervisorAfterDays: 0 }],
  ])("refuses %j", (opts) => {
    expect(() => escalationSchedule(d("2026-06-10"), opts)).toThrow(RangeError);
  });
});

describe("followUpDate", () => {
  it.each([
    ["2026-06-10", "2026-06-24"],
    ["2026-12-20", "2027-01-03"],
    ["2028-02-20", "2028-03-05"],
    ["2027-02-20", "2027-03-06"],
  ])("answered %s → ask on %s", (answered, expected) => {
    expect(followUpDate(d(answered))).toBe(expected);
  });

  it("takes another interval and refuses a non-positive one", () => {
    expect(followUpDate(d("2026-06-10"), 7)).toBe("2026-06-17");
    expect(() => followUpDate(d("2026-06-10"), 0)).toThrow(RangeError);
  });
});

describe("isOverdue", () => {
  it.each([
    // deadline, today, answered on, overdue
    ["2026-06-10", "2026-06-09", null, false],
    ["2026-06-10", "2026-06-10", null, false],
    ["2026-06-10", "2026-06-11", null, true],
    ["2026-12-31", "2027-01-01", null, true],
    ["2026-06-10", "2026-07-01", "2026-06-10", false],
    ["2026-06-10", "2026-07-01", "2026-06-09", false],
    ["2026-06-10", "2026-07-01", "2026-06-11", true],
    ["2026-06-10", "2026-06-05", "2026-06-04", false],
  ])("deadline %s, today %s, answered %s → %s", (deadline, today, answered, expected) => {
    expect(isOverdue(d(deadline), d(today), answered === null ? null : d(answered))).toBe(expected);
  });

  it("treats a missing answer date like none", () => {
    expect(isOverdue(d("2026-06-10"), d("2026-06-11"))).toBe(true);
    expect(isOverdue(d("2026-06-10"), d("2026-06-11"), undefined)).toBe(true);
  });
});
