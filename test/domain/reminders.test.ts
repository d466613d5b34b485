import { describe, it, expect } from "vitest";
import {
  DEFAULT_QUIET_HOURS,
  digest,
  isQuiet,
  nextAllowedInstant,
  plannedReminders,
  quietHoursFor,
  type PlannedReminder,
  type QuietHours,
  type ReminderCalendar,
  type ReminderKind,
  type VoterReminderPrefs,
} from "../../src/domain/reminders.js";
import { parseLocalDate as d } from "../../src/domain/dates.js";
import { instantAt, wallClock } from "../../src/domain/zoned-time.js";

const SH = "Asia/Shanghai";
const NY = "America/New_York";
const at = (iso: string): Date => new Date(iso);

/** The demo election (calendar.test.ts): roll 11-20, last day to object 11-24, E 12-15. */
const demo: ReminderCalendar = {
  electionDay: d("2026-12-15"),
  rollPublishedOn: d("2026-11-20"),
  preliminaryCandidatesOn: d("2026-11-28"),
  formalCandidatesOn: d("2026-12-05"),
  timeZone: SH,
  resultsPublishedOn: d("2026-12-16"),
  meetings: [
    { id: "m-evening", startsAt: at("2026-12-10T19:00:00+08:00") },
    { id: "m-night", startsAt: at("2026-12-10T01:00:00+08:00") },
    { id: "m-eve", startsAt: at("2026-12-14T10:00:00+08:00") },
    { id: "m-on-e", startsAt: at("2026-12-15T09:00:00+08:00") },
  ],
};

const brief = (rs: PlannedReminder[]) => rs.map((r) => [r.kind, r.date as string, r.urgent, r.meetingId ?? null]);

describe("plannedReminders", () => {
  it("plans the demo election for a voter with every topic on and no meetings", () => {
    expect(plannedReminders(demo, { pollingPlace: "城关镇第一投票站" })).toEqual([
      { kind: "LIST_PUBLISHED", date: d("2026-11-20"), urgent: false },
      { kind: "OBJECTION_DEADLINE", date: d("2026-11-23"), urgent: false, deadline: d("2026-11-24") },
      { kind: "ELECTION_EVE", date: d("2026-12-14"), urgent: false },
      { kind: "ELECTION_MORNING", date: d("2026-12-15"), urgent: true, pollingPlace: "城关镇第一投票站" },
      { kind: "RESULTS", date: d("2026-12-16"), urgent: false },
    ]);
  });

  it("never invents a polling place", () => {
    const morning = plannedReminders(demo, {}).find((r) => r.kind === "ELECTION_MORNING");
    expect(morning?.pollingPlace).toBeNull();
  });

  it("plans nothing from the roll or results while they are not published", () => {
    const cal: ReminderCalendar = { electionDay: d("2026-12-15"), rollPublishedOn: null, timeZone: SH };
    expect(brief(plannedReminders(cal, {}))).toEqual([
      ["ELECTION_EVE", "2026-12-14", false, null],
      ["ELECTION_MORNING", "2026-12-15", true, null],
    ]);
  });

  it.each([
    // objectionDays, last day, reminder day, urgent
    [5, "2026-11-24", "2026-11-23", false],
    [3, "2026-11-22", "2026-11-21", false],
    // the day before would be the publication day: remind on the last day itself, urgent
    [2, "2026-11-21", "2026-11-21", true],
    [1, "2026-11-20", "2026-11-20", true],
  ])("objection window of %i days (last day %s) → reminder on %s, urgent %s", (objectionDays, last, on, urgent) => {
    const rs = plannedReminders({ ...demo, rules: { objectionDays } }, {});
    expect(rs.find((r) => r.kind === "OBJECTION_DEADLINE")).toEqual({
      kind: "OBJECTION_DEADLINE",
      date: d(on),
      urgent,
      deadline: d(last),
    });
  });

  it("reminds of requested meetings the day before and 2 hours before, none from E on", () => {
    const prefs: VoterReminderPrefs = {
      topics: { registration: false, election_day: false, results: false },
      meetings: [
        { meetingId: "m-evening" },
        { meetingId: "m-night", dayBefore: false },
        { meetingId: "m-eve", hoursBefore: false },
        { meetingId: "m-on-e" }, // on E: introductions have stopped (选举法 34)
        { meetingId: "cancelled" },
      ],
    };
    const rs = plannedReminders(demo, prefs);
    expect(brief(rs)).toEqual([
      ["CANDIDATE_MEETING", "2026-12-09", false, "m-evening"],
      // 01:00 start → 23:00 the evening before, on the previous local day
      ["CANDIDATE_MEETING", "2026-12-09", true, "m-night"],
      ["CANDIDATE_MEETING", "2026-12-10", true, "m-evening"],
      ["CANDIDATE_MEETING", "2026-12-13", false, "m-eve"],
    ]);
    const night = rs[1];
    expect(night?.at).toEqual(at("2026-12-09T23:00:00+08:00"));
    expect(night?.notAfter).toEqual(at("2026-12-10T01:00:00+08:00"));
    expect(rs[0]?.at).toBeUndefined();
    expect(rs[0]?.notAfter).toEqual(at("2026-12-10T19:00:00+08:00"));
    // The two reminders of one meeting are told apart, so each is sent once.
    expect(rs.filter((r) => r.meetingId === "m-evening").map((r) => r.ref)).toEqual(["m-evening:day", "m-evening:hours"]);
  });

  it("tells voters who asked that the polling places are published, on the day given, never from E on", () => {
    const prefs: VoterReminderPrefs = {
      topics: { registration: false },
      placesPublished: [
        { date: d("2026-12-01"), ref: "c1:1" },
        { date: d("2026-12-15"), ref: "c2:1" }, // E: the morning reminder names the place
      ],
    };
    const rs = plannedReminders(demo, prefs).filter((r) => r.kind === "PLACES_PUBLISHED");
    expect(rs).toEqual([{ kind: "PLACES_PUBLISHED", date: "2026-12-01", urgent: false, ref: "c1:1" }]);
    // Part of the election-day topic: switched off with it.
    expect(plannedReminders(demo, { ...prefs, topics: { election_day: false } }).some((r) => r.kind === "PLACES_PUBLISHED")).toBe(false);
  });

  it.each([
    ["registration", ["LIST_PUBLISHED", "OBJECTION_DEADLINE"]],
    ["meetings", ["CANDIDATE_MEETING", "CANDIDATE_MEETING"]],
    ["election_day", ["ELECTION_EVE", "ELECTION_MORNING"]],
    ["results", ["RESULTS"]],
  ] as const)("topic %s alone gives %j", (topic, kinds) => {
    const topics = { registration: false, meetings: false, election_day: false, results: false, [topic]: true };
    const rs = plannedReminders(demo, { topics, meetings: [{ meetingId: "m-evening" }] });
    expect(rs.map((r) => r.kind)).toEqual(kinds);
  });

  it("gives nothing with every topic off", () => {
    const topics = { registration: false, meetings: false, election_day: false, results: false };
    expect(plannedReminders(demo, { topics, meetings: [{ meetingId: "m-evening" }] })).toEqual([]);
  });
});

describe("zoned time", () => {
  it.each([
    // date, minute of day, zone, instant
    ["2026-12-15", 8 * 60, SH, "2026-12-15T00:00:00.000Z"],
    ["2026-12-15", 1440, SH, "2026-12-15T16:00:00.000Z"],
    ["2026-07-01", 8 * 60, NY, "2026-07-01T12:00:00.000Z"],
    ["2026-01-15", 8 * 60, NY, "2026-01-15T13:00:00.000Z"],
    // 02:30 does not exist on 2026-03-08 in New York: the jump to 03:00 EDT
    ["2026-03-08", 150, NY, "2026-03-08T07:00:00.000Z"],
    // 01:30 happens twice on 2026-11-01: the first (EDT)
    ["2026-11-01", 90, NY, "2026-11-01T05:30:00.000Z"],
  ])("%s minute %i in %s is %s", (date, minute, zone, iso) => {
    expect(instantAt(d(date), minute, zone).toISOString()).toBe(iso);
  });

  it("reads the wall clock", () => {
    expect(wallClock(at("2026-12-14T16:00:00Z"), SH)).toEqual({
      date: d("2026-12-15"), hour: 0, minute: 0, second: 0, millisecond: 0, minuteOfDay: 0,
    });
  });
});

describe("quiet hours", () => {
  const nightOnly: QuietHours = { from: 1, to: 6 };

  it.each([
    // local time in Shanghai, quiet hours, quiet?
    ["2026-12-14T20:59:59.999+08:00", DEFAULT_QUIET_HOURS, false],
    ["2026-12-14T21:00:00.000+08:00", DEFAULT_QUIET_HOURS, true],
    ["2026-12-14T23:59:59.999+08:00", DEFAULT_QUIET_HOURS, true],
    ["2026-12-15T00:00:00.000+08:00", DEFAULT_QUIET_HOURS, true],
    ["2026-12-15T07:59:59.999+08:00", DEFAULT_QUIET_HOURS, true],
    ["2026-12-15T08:00:00.000+08:00", DEFAULT_QUIET_HOURS, false],
    ["2026-12-15T12:00:00.000+08:00", DEFAULT_QUIET_HOURS, false],
    // not wrapping midnight
    ["2026-12-15T00:59:59.999+08:00", nightOnly, false],
    ["2026-12-15T01:00:00.000+08:00", nightOnly, true],
    ["2026-12-15T05:59:59.999+08:00", nightOnly, true],
    ["2026-12-15T06:00:00.000+08:00", nightOnly, false],
    ["2026-12-15T23:00:00.000+08:00", nightOnly, false],
    // from === to: no quiet hours
    ["2026-12-15T03:00:00.000+08:00", { from: 8, to: 8 }, false],
  ] as const)("%s with %j → quiet %s", (iso, quiet, expected) => {
    expect(isQuiet(at(iso), quiet, SH)).toBe(expected);
  });

  it.each([
    ["2026-12-14T21:00:00.000+08:00", DEFAULT_QUIET_HOURS, "2026-12-15T08:00:00+08:00"],
    ["2026-12-15T03:00:00.000+08:00", DEFAULT_QUIET_HOURS, "2026-12-15T08:00:00+08:00"],
    ["2026-12-15T07:59:59.999+08:00", DEFAULT_QUIET_HOURS, "2026-12-15T08:00:00+08:00"],
    ["2026-12-15T08:00:00.000+08:00", DEFAULT_QUIET_HOURS, "2026-12-15T08:00:00+08:00"],
    ["2026-12-15T20:59:59.999+08:00", DEFAULT_QUIET_HOURS, "2026-12-15T20:59:59.999+08:00"],
    ["2026-12-31T23:59:00.000+08:00", DEFAULT_QUIET_HOURS, "2027-01-01T08:00:00+08:00"],
    ["2026-12-15T02:00:00.000+08:00", nightOnly, "2026-12-15T06:00:00+08:00"],
    ["2026-12-15T23:00:00.000+08:00", nightOnly, "2026-12-15T23:00:00+08:00"],
    ["2026-12-15T22:00:00.000+08:00", { from: 22, to: 23 }, "2026-12-15T23:00:00+08:00"],
  ] as const)("next allowed after %s with %j is %s", (iso, quiet, expected) => {
    expect(nextAllowedInstant(at(iso), quiet, SH)).toEqual(at(expected));
  });

  describe("across DST changes in New York", () => {
    it.each([
      // spring forward (2026-03-08 02:00 EST → 03:00 EDT): the night is an hour shorter
      ["2026-03-07T21:30:00-05:00", DEFAULT_QUIET_HOURS, "2026-03-08T08:00:00-04:00"],
      // fall back (2026-11-01 02:00 EDT → 01:00 EST): an hour longer
      ["2026-10-31T22:00:00-04:00", DEFAULT_QUIET_HOURS, "2026-11-01T08:00:00-05:00"],
      // quiet until 02:00, which does not exist that night: allowed from the jump (03:00 EDT)
      ["2026-03-07T23:00:00-05:00", { from: 22, to: 2 }, "2026-03-08T03:00:00-04:00"],
      // quiet 01:00–02:00 happens twice: both passes are quiet, allowed from 02:00 EST
      ["2026-11-01T01:30:00-04:00", { from: 1, to: 2 }, "2026-11-01T02:00:00-05:00"],
      ["2026-11-01T01:30:00-05:00", { from: 1, to: 2 }, "2026-11-01T02:00:00-05:00"],
      // quiet until 01:00, which happens twice: the first 01:00 ends it
      ["2026-11-01T00:30:00-04:00", { from: 0, to: 1 }, "2026-11-01T01:00:00-04:00"],
    ] as const)("after %s with %j → %s", (iso, quiet, expected) => {
      const next = nextAllowedInstant(at(iso), quiet, NY);
      expect(next).toEqual(at(expected));
      expect(isQuiet(next, quiet, NY)).toBe(false);
      expect(isQuiet(new Date(next.getTime() - 1), quiet, NY)).toBe(true);
    });

    it.each([
      ["2026-03-08T07:59:59.999-04:00", true],
      ["2026-03-08T08:00:00.000-04:00", false],
      ["2026-11-01T07:59:59.999-05:00", true],
      ["2026-11-01T08:00:00.000-05:00", false],
      ["2026-11-01T21:00:00.000-05:00", true],
    ])("%s quiet %s", (iso, expected) => {
      expect(isQuiet(at(iso), DEFAULT_QUIET_HOURS, NY)).toBe(expected);
    });
  });

  it("takes the voter's own hours where set", () => {
    expect(quietHoursFor({})).toEqual({ from: 21, to: 8 });
    expect(quietHoursFor({ quietFrom: 22 })).toEqual({ from: 22, to: 8 });
    expect(quietHoursFor({ quietFrom: null, quietTo: 7 })).toEqual({ from: 21, to: 7 });
    expect(() => quietHoursFor({ quietFrom: 24 })).toThrow(RangeError);
    expect(() => quietHoursFor({ quietTo: 7.5 })).toThrow(RangeError);
    expect(() => isQuiet(new Date(0), { from: -1, to: 8 }, SH)).toThrow(RangeError);
  });
});

describe("digest", () => {
  const r = (kind: ReminderKind, urgent: boolean, tag = "") => ({ kind, urgent, tag });

  it.each([
    // pending, already sent today, sendNow, digested, deferred
    [[], 0, [], [], []],
    [[r("ELECTION_EVE", false)], 0, [], ["ELECTION_EVE"], []],
    [[r("ELECTION_EVE", false)], 1, [], [], ["ELECTION_EVE"]],
    [[r("ELECTION_MORNING", true)], 5, ["ELECTION_MORNING"], [], []],
    [
      [r("RESULTS", false), r("ELECTION_MORNING", true), r("LIST_PUBLISHED", false)],
      0,
      ["ELECTION_MORNING"],
      ["LIST_PUBLISHED", "RESULTS"],
      [],
    ],
    [
      [r("CANDIDATE_MEETING", false), r("OBJECTION_DEADLINE", true), r("CANDIDATE_MEETING", true)],
      1,
      ["OBJECTION_DEADLINE", "CANDIDATE_MEETING"],
      [],
      ["CANDIDATE_MEETING"],
    ],
  ] as const)("%j with %i sent → now %j, digest %j, deferred %j", (pending, sent, now, digested, deferred) => {
    const out = digest(pending, sent);
    expect(out.sendNow.map((x) => x.kind)).toEqual(now);
    expect(out.digested.map((x) => x.kind)).toEqual(digested);
    expect(out.deferred.map((x) => x.kind)).toEqual(deferred);
  });

  it("keeps the caller's fields and the order of equal kinds", () => {
    const out = digest([r("CANDIDATE_MEETING", false, "b"), r("LIST_PUBLISHED", false), r("CANDIDATE_MEETING", false, "a")], 0);
    expect(out.digested.map((x) => x.tag)).toEqual(["", "b", "a"]);
  });

  it("rejects a negative or fractional count", () => {
    expect(() => digest([], -1)).toThrow(RangeError);
    expect(() => digest([], 0.5)).toThrow(RangeError);
  });
});
