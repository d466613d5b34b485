import { describe, expect, it } from "vitest";
import { parseLocalDate, type LocalDate } from "../../src/domain/dates.js";
import { isOverdue, objectionWindow, proxyRefusal, requestDueDate, TRACKING_PREFIX, type ProxyCheck } from "../../src/domain/voter-requests.js";

const d = (s: string): LocalDate => parseLocalDate(s);
// E 2026-12-15, roll published 2026-11-24: objections 11-24 … 11-28, court by 12-09.
const election = { electionDay: d("2026-12-15"), rollPublishedOn: d("2026-11-24"), rules: { objectionDays: 5, committeeDecisionDays: 3 } };

describe("objectionWindow", () => {
  it.each([
    ["2026-11-23", { state: "NOT_PUBLISHED" }],
    ["2026-11-24", { state: "OPEN", lastDay: "2026-11-28" }],
    ["2026-11-28", { state: "OPEN", lastDay: "2026-11-28" }],
    ["2026-11-29", { state: "CLOSED", lastDay: "2026-11-28", courtDeadline: "2026-12-09", courtOpen: true }],
    ["2026-12-09", { state: "CLOSED", lastDay: "2026-11-28", courtDeadline: "2026-12-09", courtOpen: true }],
    ["2026-12-10", { state: "CLOSED", lastDay: "2026-11-28", courtDeadline: "2026-12-09", courtOpen: false }],
  ])("on %s: %j", (today, expected) => {
    expect(objectionWindow(election, d(today))).toEqual(expected);
  });

  it("is NOT_PUBLISHED while the roll has no publication date", () => {
    expect(objectionWindow({ electionDay: d("2026-12-15"), rollPublishedOn: null }, d("2026-12-01"))).toEqual({ state: "NOT_PUBLISHED" });
  });

  it("follows the election's own number of days", () => {
    expect(objectionWindow({ ...election, rules: { objectionDays: 7 } }, d("2026-11-30"))).toEqual({ state: "OPEN", lastDay: "2026-11-30" });
  });
});

describe("requestDueDate", () => {
  it.each([
    // Objections: the law's 3 days from the day after filing, only while the window is open.
    ["OBJECTION", "2026-11-24", { ok: true, dueOn: "2026-11-27" }],
    ["OBJECTION", "2026-11-28", { ok: true, dueOn: "2026-12-01" }],
    ["OBJECTION", "2026-11-23", { ok: false, problem: "WINDOW_NOT_OPEN" }],
    ["OBJECTION", "2026-11-29", { ok: false, problem: "WINDOW_NOT_OPEN" }],
    // Mobile box and proxy: 3 days promised, never after E−1, none from E on.
    ["MOBILE_BOX", "2026-11-27", { ok: true, dueOn: "2026-11-30" }],
    ["MOBILE_BOX", "2026-12-13", { ok: true, dueOn: "2026-12-14" }],
    ["MOBILE_BOX", "2026-12-14", { ok: true, dueOn: "2026-12-14" }],
    ["MOBILE_BOX", "2026-12-15", { ok: false, problem: "TOO_LATE" }],
    ["PROXY", "2026-12-12", { ok: true, dueOn: "2026-12-14" }],
    ["PROXY", "2026-12-16", { ok: false, problem: "TOO_LATE" }],
    // Questions: 3 days promised, any time.
    ["QUESTION", "2026-12-20", { ok: true, dueOn: "2026-12-23" }],
  ] as const)("%s filed on %s → %j", (kind, today, expected) => {
    expect(requestDueDate(kind, election, d(today))).toEqual(expected);
  });
});

describe("isOverdue", () => {
  it.each([
    ["2026-11-27", "2026-11-27", false],
    ["2026-11-27", "2026-11-28", true],
    ["2026-11-27", "2026-11-26", false],
  ])("due %s, today %s: %s", (due, today, overdue) => {
    expect(isOverdue(d(due), d(today))).toBe(overdue);
  });
});

describe("proxyRefusal", () => {
  const ok: ProxyCheck = {
    grantorEntryId: 1,
    grantorConstituencyId: 10,
    grantorListed: true,
    grantorActiveProxies: 0,
    holderEntryId: 2,
    holderConstituencyId: 10,
    holderListed: true,
    holderActiveProxies: 2,
    maxPerHolder: 3,
  };
  it.each([
    [{}, null],
    [{ holderActiveProxies: 3 }, "HOLDER_FULL"],
    [{ holderActiveProxies: 0, maxPerHolder: 1 }, null],
    [{ holderActiveProxies: 1, maxPerHolder: 1 }, "HOLDER_FULL"],
    [{ holderEntryId: 1 }, "SELF"],
    [{ grantorListed: false }, "GRANTOR_NOT_LISTED"],
    [{ grantorActiveProxies: 1 }, "ALREADY_ENTRUSTED"],
    [{ holderConstituencyId: 11 }, "NOT_SAME_CONSTITUENCY"],
    [{ holderListed: false }, "HOLDER_NOT_LISTED"],
    // Checked in order: self before everything, constituency before the count.
    [{ holderEntryId: 1, holderActiveProxies: 3 }, "SELF"],
    [{ holderConstituencyId: 11, holderActiveProxies: 3 }, "NOT_SAME_CONSTITUENCY"],
  ] as const)("%j → %s", (change, expected) => {
    expect(proxyRefusal({ ...ok, ...change })).toBe(expected);
  });
});

it("gives every kind its own tracking prefix", () => {
  expect(TRACKING_PREFIX).toEqual({ OBJECTION: "SS", MOBILE_BOX: "LD", PROXY: "DT", QUESTION: "WT" });
});
