import { describe, it, expect } from "vitest";
import { parseLocalDate as d } from "../../src/domain/dates.js";
import {
  ACTORS,
  EFFECTS,
  SUGGESTION_ACTIONS,
  SUGGESTION_STATES,
  TERMINAL_STATES,
  TRANSITIONS,
  TRANSITION_ERRORS,
  allowedActions,
  transition,
  type Actor,
  type Effect,
  type SuggestionAction,
  type SuggestionActionType,
  type SuggestionFacts,
  type SuggestionState,
  type TransitionContext,
} from "../../src/domain/suggestion-lifecycle.js";

/** A valid action of each type, for the tables. */
const sample: { [T in SuggestionActionType]: Extract<SuggestionAction, { type: T }> } = {
  ACKNOWLEDGE: { type: "ACKNOWLEDGE" },
  ASK_DETAIL: { type: "ASK_DETAIL" },
  DETAIL_GIVEN: { type: "DETAIL_GIVEN" },
  REPLY: { type: "REPLY" },
  RAISE_FORMAL: { type: "RAISE_FORMAL" },
  RETURN: { type: "RETURN", reason: "建议内容不够具体，请补充地点" },
  ASSIGN: { type: "ASSIGN", department: "县交通运输局", assignedOn: d("2026-03-10"), deadline: d("2026-06-10"), complex: false },
  ANSWER: { type: "ANSWER" },
  RATE: { type: "RATE", rating: "DISSATISFIED" },
  REOPEN: { type: "REOPEN", reason: "路还是没修" },
  CLOSE: { type: "CLOSE", reason: "维持原答复" },
  MERGE: { type: "MERGE", targetId: "s-2", targetState: "ACKNOWLEDGED" },
  REJECT: { type: "REJECT", reason: "不属于本选区事务" },
  WITHDRAW: { type: "WITHDRAW" },
};

/** Facts under which every allowed transition's facts preconditions hold. */
function factsFor(from: SuggestionState, action: SuggestionActionType): SuggestionFacts {
  if (action === "REOPEN") return { id: "s-1", reopenCount: 0, lastRating: "DISSATISFIED", assignedBefore: true };
  if (from === "REOPENED" && action === "ASSIGN") return { id: "s-1", reopenCount: 1, lastRating: "DISSATISFIED", assignedBefore: true };
  if (from === "REOPENED") return { id: "s-1", reopenCount: 1, lastRating: "DISSATISFIED", assignedBefore: false };
  return { id: "s-1", reopenCount: 0, lastRating: null, assignedBefore: from === "ASSIGNED" };
}

const ctx = (actor: Actor, facts: SuggestionFacts): TransitionContext => ({ ...facts, actor });

// The allowed table, written out by hand (not derived from the module): from, action, actor, to.
const DESK = ["SUBMITTED", "ACKNOWLEDGED", "WITH_DELEGATE"] as const;
const BEFORE_RAISE = [...DESK, "AWAITING_DETAIL"] as const;
type Row = [SuggestionState, SuggestionActionType, Actor, SuggestionState];
const rows = (from: readonly SuggestionState[], action: SuggestionActionType, actors: Actor[], to: SuggestionState): Row[] =>
  from.flatMap((f) => actors.map((a): Row => [f, action, a, to]));

const ALLOWED: Row[] = [
  ...rows(["SUBMITTED"], "ACKNOWLEDGE", ["DELEGATE"], "ACKNOWLEDGED"),
  ...rows([...DESK, "REOPENED"], "ASK_DETAIL", ["DELEGATE"], "AWAITING_DETAIL"),
  ...rows(["AWAITING_DETAIL"], "DETAIL_GIVEN", ["AUTHOR"], "WITH_DELEGATE"),
  ...rows([...BEFORE_RAISE, "REOPENED"], "REPLY", ["DELEGATE"], "ANSWERED"),
  ...rows([...BEFORE_RAISE, "REOPENED"], "RAISE_FORMAL", ["DELEGATE"], "RAISED"),
  ...rows(["RAISED"], "RETURN", ["STAFF"], "WITH_DELEGATE"),
  ...rows(["RAISED", "ASSIGNED", "REOPENED"], "ASSIGN", ["STAFF"], "ASSIGNED"),
  ...rows(["ASSIGNED"], "ANSWER", ["STAFF", "DEPARTMENT"], "ANSWERED"),
  ...rows(["ANSWERED"], "RATE", ["AUTHOR"], "RATED"),
  ...rows(["RATED"], "REOPEN", ["AUTHOR"], "REOPENED"),
  ...rows(["ANSWERED", "RATED"], "CLOSE", ["STAFF", "SYSTEM"], "CLOSED"),
  ...rows(["REOPENED"], "CLOSE", ["DELEGATE", "STAFF"], "CLOSED"),
  ...rows([...BEFORE_RAISE, "RAISED"], "MERGE", ["STAFF"], "MERGED"),
  ...rows(BEFORE_RAISE, "MERGE", ["DELEGATE"], "MERGED"),
  ...rows(BEFORE_RAISE, "REJECT", ["DELEGATE", "STAFF"], "REJECTED"),
  ...rows(BEFORE_RAISE, "WITHDRAW", ["AUTHOR"], "WITHDRAWN"),
];

const key = (from: string, action: string, actor: string) => `${from} ${action} ${actor}`;
const allowedKeys = new Set(ALLOWED.map(([f, a, who]) => key(f, a, who)));

const FORBIDDEN: [SuggestionState, SuggestionActionType, Actor][] = SUGGESTION_STATES.flatMap((s) =>
  SUGGESTION_ACTIONS.flatMap((a) => ACTORS.filter((who) => !allowedKeys.has(key(s, a, who))).map((who) => [s, a, who] as [SuggestionState, SuggestionActionType, Actor])),
);

describe("the transition table", () => {
  it("is exactly the table written out here", () => {
    const fromModule = TRANSITIONS.flatMap((r) => r.actors.map((who) => key(r.from, r.action, who))).sort();
    expect(fromModule).toEqual([...allowedKeys].sort());
    expect(new Set(fromModule).size).toBe(fromModule.length);
  });

  it("covers states × actions × actors between allowed and forbidden", () => {
    expect(ALLOWED.length + FORBIDDEN.length).toBe(SUGGESTION_STATES.length * SUGGESTION_ACTIONS.length * ACTORS.length);
    expect(ALLOWED.length).toBe(51); // of 13 states × 14 actions × 5 actors = 728
  });

  it("leaves every non-terminal state some way on and no terminal one", () => {
    for (const s of SUGGESTION_STATES) {
      expect(ALLOWED.some(([f]) => f === s), s).toBe(!TERMINAL_STATES.includes(s));
    }
    expect([...TERMINAL_STATES].sort()).toEqual(["CLOSED", "MERGED", "REJECTED", "WITHDRAWN"]);
  });
});

describe("allowed transitions", () => {
  it.each(ALLOWED)("%s --%s by %s--> %s", (from, action, actor, to) => {
    const result = transition(from, sample[action], ctx(actor, factsFor(from, action)));
    expect(result).toMatchObject({ ok: true, next: to });
  });

  it.each(ALLOWED)("%s --%s by %s: the author hears of it unless the author did it", (from, action, actor) => {
    const result = transition(from, sample[action], ctx(actor, factsFor(from, action)));
    if (!result.ok) throw new Error(result.error);
    expect(result.effects.includes("NOTIFY_AUTHOR")).toBe(actor !== "AUTHOR");
    // Never told of one's own act, never a duplicate, always in EFFECTS order.
    const own: Partial<Record<Actor, Effect>> = { AUTHOR: "NOTIFY_AUTHOR", DELEGATE: "NOTIFY_DELEGATE", STAFF: "NOTIFY_STAFF" };
    if (own[actor] !== undefined) expect(result.effects).not.toContain(own[actor]);
    expect(result.effects).toEqual([...new Set(result.effects)].sort((a, b) => EFFECTS.indexOf(a) - EFFECTS.indexOf(b)));
  });
});

describe("forbidden transitions (the complement of the allowed table)", () => {
  it.each(FORBIDDEN)("%s --%s by %s is refused", (state, action, actor) => {
    const result = transition(state, sample[action], ctx(actor, factsFor(state, action)));
    const actionPossible = ALLOWED.some(([f, a]) => f === state && a === action);
    const expected = TERMINAL_STATES.includes(state)
      ? "SUGGESTION_CLOSED"
      : actionPossible
        ? "ACTOR_NOT_PERMITTED"
        : "NOT_ALLOWED_IN_STATE";
    expect(result).toEqual({ ok: false, error: expected });
  });

  it("never throws and only returns known error codes", () => {
    for (const [state, action, actor] of FORBIDDEN) {
      const result = transition(state, sample[action], ctx(actor, factsFor(state, action)));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(TRANSITION_ERRORS).toContain(result.error);
    }
  });
});

describe("effects", () => {
  const fresh: SuggestionFacts = { reopenCount: 0, lastRating: null, assignedBefore: false };
  const assigned: SuggestionFacts = { reopenCount: 0, lastRating: null, assignedBefore: true };

  it.each<[string, SuggestionState, SuggestionAction, Actor, SuggestionFacts, Effect[]]>([
    ["acknowledge", "SUBMITTED", sample.ACKNOWLEDGE, "DELEGATE", fresh, ["NOTIFY_AUTHOR"]],
    ["ask detail", "ACKNOWLEDGED", sample.ASK_DETAIL, "DELEGATE", fresh, ["NOTIFY_AUTHOR"]],
    ["detail given", "AWAITING_DETAIL", sample.DETAIL_GIVEN, "AUTHOR", fresh, ["NOTIFY_DELEGATE"]],
    ["delegate replies", "WITH_DELEGATE", sample.REPLY, "DELEGATE", fresh, ["NOTIFY_AUTHOR", "SCHEDULE_FOLLOW_UP"]],
    ["raise formally", "ACKNOWLEDGED", sample.RAISE_FORMAL, "DELEGATE", fresh, ["NOTIFY_AUTHOR", "NOTIFY_STAFF"]],
    ["return to delegate", "RAISED", sample.RETURN, "STAFF", fresh, ["NOTIFY_AUTHOR", "NOTIFY_DELEGATE"]],
    ["assign", "RAISED", sample.ASSIGN, "STAFF", fresh, ["NOTIFY_AUTHOR", "NOTIFY_DELEGATE", "NOTIFY_DEPARTMENT", "SCHEDULE_DEADLINE_REMINDERS"]],
    [
      "assign a key suggestion",
      "RAISED",
      { ...sample.ASSIGN, key: true, leadOfficial: "王副主任" },
      "STAFF",
      fresh,
      ["NOTIFY_AUTHOR", "NOTIFY_DELEGATE", "NOTIFY_DEPARTMENT", "NOTIFY_LEAD_OFFICIAL", "SCHEDULE_DEADLINE_REMINDERS"],
    ],
    [
      "reassign (改办)",
      "ASSIGNED",
      sample.ASSIGN,
      "STAFF",
      assigned,
      ["NOTIFY_AUTHOR", "NOTIFY_DELEGATE", "NOTIFY_DEPARTMENT", "CANCEL_DEADLINE_REMINDERS", "SCHEDULE_DEADLINE_REMINDERS"],
    ],
    ["answer", "ASSIGNED", sample.ANSWER, "STAFF", assigned, ["NOTIFY_AUTHOR", "NOTIFY_DELEGATE", "CANCEL_DEADLINE_REMINDERS", "SCHEDULE_FOLLOW_UP"]],
    ["the department answers", "ASSIGNED", sample.ANSWER, "DEPARTMENT", assigned, ["NOTIFY_AUTHOR", "NOTIFY_DELEGATE", "NOTIFY_STAFF", "CANCEL_DEADLINE_REMINDERS", "SCHEDULE_FOLLOW_UP"]],
    ["rate a delegate's reply", "ANSWERED", { type: "RATE", rating: "SATISFIED" }, "AUTHOR", fresh, ["NOTIFY_DELEGATE", "CANCEL_FOLLOW_UP"]],
    ["rate a department's answer", "ANSWERED", { type: "RATE", rating: "SATISFIED" }, "AUTHOR", assigned, ["NOTIFY_DELEGATE", "NOTIFY_STAFF", "CANCEL_FOLLOW_UP"]],
    ["reopen a delegate's reply", "RATED", sample.REOPEN, "AUTHOR", { ...fresh, lastRating: "DISSATISFIED" }, ["NOTIFY_DELEGATE"]],
    ["reopen a department's answer", "RATED", sample.REOPEN, "AUTHOR", { ...assigned, lastRating: "DISSATISFIED" }, ["NOTIFY_DELEGATE", "NOTIFY_STAFF"]],
    ["system closes an unrated answer", "ANSWERED", { type: "CLOSE" }, "SYSTEM", fresh, ["NOTIFY_AUTHOR", "NOTIFY_DELEGATE", "CANCEL_FOLLOW_UP"]],
    ["system closes a rated answer", "RATED", { type: "CLOSE" }, "SYSTEM", fresh, ["NOTIFY_AUTHOR", "NOTIFY_DELEGATE"]],
    ["staff close a rated answer", "RATED", { type: "CLOSE" }, "STAFF", fresh, ["NOTIFY_AUTHOR", "NOTIFY_DELEGATE"]],
    ["delegate closes a reopened one", "REOPENED", sample.CLOSE, "DELEGATE", { ...fresh, reopenCount: 1 }, ["NOTIFY_AUTHOR"]],
    ["delegate merges", "SUBMITTED", sample.MERGE, "DELEGATE", fresh, ["NOTIFY_AUTHOR"]],
    ["staff merge", "RAISED", sample.MERGE, "STAFF", fresh, ["NOTIFY_AUTHOR", "NOTIFY_DELEGATE"]],
    ["delegate rejects", "SUBMITTED", sample.REJECT, "DELEGATE", fresh, ["NOTIFY_AUTHOR"]],
    ["staff reject", "SUBMITTED", sample.REJECT, "STAFF", fresh, ["NOTIFY_AUTHOR", "NOTIFY_DELEGATE"]],
    ["author withdraws", "WITH_DELEGATE", sample.WITHDRAW, "AUTHOR", fresh, ["NOTIFY_DELEGATE"]],
  ])("%s", (_name, state, action, actor, facts, expected) => {
    expect(transition(state, action, ctx(actor, facts))).toEqual({ ok: true, next: expect.any(String), effects: expected });
  });
});

describe("preconditions", () => {
  const fresh: SuggestionFacts = { id: "s-1", reopenCount: 0, lastRating: null, assignedBefore: false };
  const assign = (over: Partial<Extract<SuggestionAction, { type: "ASSIGN" }>>): SuggestionAction => ({ ...sample.ASSIGN, ...over });

  it.each<[string, SuggestionState, SuggestionAction, Actor, SuggestionFacts, string]>([
    ["reject without a reason", "SUBMITTED", { type: "REJECT", reason: "" }, "DELEGATE", fresh, "REASON_REQUIRED"],
    ["reject with a blank reason", "SUBMITTED", { type: "REJECT", reason: " \n　" }, "STAFF", fresh, "REASON_REQUIRED"],
    ["return without a reason", "RAISED", { type: "RETURN", reason: "" }, "STAFF", fresh, "REASON_REQUIRED"],
    ["reopen without a reason", "RATED", { type: "REOPEN", reason: "  " }, "AUTHOR", { ...fresh, lastRating: "DISSATISFIED" }, "REASON_REQUIRED"],
    ["close a reopened one without a reason", "REOPENED", { type: "CLOSE" }, "STAFF", { ...fresh, reopenCount: 1 }, "REASON_REQUIRED"],
    ["merge without a target", "SUBMITTED", { type: "MERGE", targetId: "", targetState: "SUBMITTED" }, "DELEGATE", fresh, "MERGE_TARGET_REQUIRED"],
    ["merge into itself", "SUBMITTED", { type: "MERGE", targetId: "s-1", targetState: "SUBMITTED" }, "DELEGATE", fresh, "MERGE_INTO_SELF"],
    ...(["CLOSED", "MERGED", "REJECTED", "WITHDRAWN"] as const).map(
      (t): [string, SuggestionState, SuggestionAction, Actor, SuggestionFacts, string] => [
        `merge into a ${t} one`,
        "SUBMITTED",
        { type: "MERGE", targetId: "s-2", targetState: t },
        "DELEGATE",
        fresh,
        "MERGE_TARGET_CLOSED",
      ],
    ),
    ["assign without a department", "RAISED", assign({ department: " " }), "STAFF", fresh, "DEPARTMENT_REQUIRED"],
    ["assign without a deadline", "RAISED", assign({ deadline: undefined as never }), "STAFF", fresh, "DEADLINE_REQUIRED"],
    ["assign without a date of assignment", "RAISED", assign({ assignedOn: undefined as never }), "STAFF", fresh, "DEADLINE_REQUIRED"],
    ["deadline on the day of assignment", "RAISED", assign({ deadline: d("2026-03-10") }), "STAFF", fresh, "DEADLINE_NOT_AFTER_ASSIGNMENT"],
    ["deadline before assignment", "RAISED", assign({ deadline: d("2026-03-01") }), "STAFF", fresh, "DEADLINE_NOT_AFTER_ASSIGNMENT"],
    ["deadline a day past 3 months", "RAISED", assign({ deadline: d("2026-06-11") }), "STAFF", fresh, "DEADLINE_BEYOND_LEGAL_LIMIT"],
    ["complex: a day past 6 months", "RAISED", assign({ complex: true, deadline: d("2026-09-11") }), "STAFF", fresh, "DEADLINE_BEYOND_LEGAL_LIMIT"],
    [
      "month end: 2026-11-30 + 3 months is 2027-02-28",
      "RAISED",
      assign({ assignedOn: d("2026-11-30"), deadline: d("2027-03-01") }),
      "STAFF",
      fresh,
      "DEADLINE_BEYOND_LEGAL_LIMIT",
    ],
    ["key suggestion without a lead official", "RAISED", assign({ key: true }), "STAFF", fresh, "LEAD_OFFICIAL_REQUIRED"],
    ["key suggestion with a blank lead official", "RAISED", assign({ key: true, leadOfficial: " " }), "STAFF", fresh, "LEAD_OFFICIAL_REQUIRED"],
    ["unknown rating", "ANSWERED", { type: "RATE", rating: "GOOD" as never }, "AUTHOR", fresh, "INVALID_RATING"],
    ["reopen after 满意", "RATED", sample.REOPEN, "AUTHOR", { ...fresh, lastRating: "SATISFIED" }, "REOPEN_NEEDS_DISSATISFIED"],
    ["reopen after 基本满意", "RATED", sample.REOPEN, "AUTHOR", { ...fresh, lastRating: "BASICALLY_SATISFIED" }, "REOPEN_NEEDS_DISSATISFIED"],
    ["reopen with no rating recorded", "RATED", sample.REOPEN, "AUTHOR", fresh, "REOPEN_NEEDS_DISSATISFIED"],
    ["reopen a second time", "RATED", sample.REOPEN, "AUTHOR", { ...fresh, reopenCount: 1, lastRating: "DISSATISFIED" }, "ALREADY_REOPENED"],
    ["raise again one that was assigned", "REOPENED", sample.RAISE_FORMAL, "DELEGATE", { ...fresh, reopenCount: 1, assignedBefore: true }, "ALREADY_ASSIGNED_BEFORE"],
    ["assign a reopened delegate reply", "REOPENED", sample.ASSIGN, "STAFF", { ...fresh, reopenCount: 1 }, "NOT_RAISED"],
  ])("%s → %s", (_name, state, action, actor, facts, error) => {
    expect(transition(state, action, ctx(actor, facts))).toEqual({ ok: false, error });
  });

  it.each<[string, SuggestionState, SuggestionAction, SuggestionFacts]>([
    ["deadline exactly 3 months on", "RAISED", sample.ASSIGN, fresh],
    ["deadline earlier than the law allows", "RAISED", assign({ deadline: d("2026-04-10") }), fresh],
    ["deadline the day after assignment", "RAISED", assign({ deadline: d("2026-03-11") }), fresh],
    ["complex: exactly 6 months on", "RAISED", assign({ complex: true, deadline: d("2026-09-10") }), fresh],
    ["month end", "RAISED", assign({ assignedOn: d("2026-11-30"), deadline: d("2027-02-28") }), fresh],
    ["leap year", "RAISED", assign({ assignedOn: d("2027-11-30"), deadline: d("2028-02-29") }), fresh],
    ["key suggestion with a lead official", "RAISED", assign({ key: true, leadOfficial: "王副主任" }), fresh],
    ["merge into an assigned one", "SUBMITTED", { type: "MERGE", targetId: "s-2", targetState: "ASSIGNED" }, fresh],
    ["merge without knowing its own id", "SUBMITTED", { type: "MERGE", targetId: "s-1", targetState: "SUBMITTED" }, { ...fresh, id: undefined }],
    ["close an answered one without a reason", "ANSWERED", { type: "CLOSE" }, fresh],
  ])("%s is accepted", (_name, state, action, facts) => {
    const actor: Actor = action.type === "MERGE" ? "DELEGATE" : action.type === "CLOSE" ? "SYSTEM" : "STAFF";
    expect(transition(state, action, ctx(actor, facts)).ok).toBe(true);
  });

  it("checks the state and the actor before the payload", () => {
    expect(transition("CLOSED", { type: "REJECT", reason: "" }, ctx("DELEGATE", fresh))).toEqual({ ok: false, error: "SUGGESTION_CLOSED" });
    expect(transition("ASSIGNED", { type: "REJECT", reason: "" }, ctx("DELEGATE", fresh))).toEqual({ ok: false, error: "NOT_ALLOWED_IN_STATE" });
    expect(transition("SUBMITTED", { type: "REJECT", reason: "" }, ctx("AUTHOR", fresh))).toEqual({ ok: false, error: "ACTOR_NOT_PERMITTED" });
  });
});

describe("reopen once", () => {
  it("goes round once, then the second 不满意 is final", () => {
    let facts: SuggestionFacts = { id: "s-1", reopenCount: 0, lastRating: null, assignedBefore: false };
    const step = (state: SuggestionState, action: SuggestionAction, actor: Actor): SuggestionState => {
      const r = transition(state, action, ctx(actor, facts));
      if (!r.ok) throw new Error(`${state} ${action.type}: ${r.error}`);
      return r.next;
    };
    let s: SuggestionState = "SUBMITTED";
    s = step(s, sample.ACKNOWLEDGE, "DELEGATE");
    s = step(s, sample.RAISE_FORMAL, "DELEGATE");
    s = step(s, sample.ASSIGN, "STAFF");
    facts = { ...facts, assignedBefore: true };
    s = step(s, sample.ANSWER, "STAFF");
    s = step(s, { type: "RATE", rating: "DISSATISFIED" }, "AUTHOR");
    facts = { ...facts, lastRating: "DISSATISFIED" };
    expect(allowedActions(s, "AUTHOR", facts)).toEqual(["REOPEN"]);
    s = step(s, sample.REOPEN, "AUTHOR");
    facts = { ...facts, reopenCount: 1, lastRating: null };
    expect(s).toBe("REOPENED");
    expect(allowedActions(s, "STAFF", facts)).toEqual(["ASSIGN", "CLOSE"]);
    expect(allowedActions(s, "DELEGATE", facts)).toEqual(["ASK_DETAIL", "REPLY", "CLOSE"]);
    s = step(s, { ...sample.ASSIGN, assignedOn: d("2026-07-01"), deadline: d("2026-10-01") }, "STAFF");
    s = step(s, sample.ANSWER, "STAFF");
    s = step(s, { type: "RATE", rating: "DISSATISFIED" }, "AUTHOR");
    facts = { ...facts, lastRating: "DISSATISFIED" };
    expect(transition(s, sample.REOPEN, ctx("AUTHOR", facts))).toEqual({ ok: false, error: "ALREADY_REOPENED" });
    expect(allowedActions(s, "AUTHOR", facts)).toEqual([]);
    s = step(s, { type: "CLOSE" }, "SYSTEM");
    expect(s).toBe("CLOSED");
  });

  it("a delegate's direct reply can be rated and reopened too", () => {
    const facts: SuggestionFacts = { reopenCount: 0, lastRating: null, assignedBefore: false };
    expect(transition("SUBMITTED", sample.REPLY, ctx("DELEGATE", facts))).toMatchObject({ ok: true, next: "ANSWERED" });
    expect(transition("ANSWERED", sample.RATE, ctx("AUTHOR", facts))).toMatchObject({ ok: true, next: "RATED" });
    const rated = { ...facts, lastRating: "DISSATISFIED" as const };
    expect(transition("RATED", sample.REOPEN, ctx("AUTHOR", rated))).toMatchObject({ ok: true, next: "REOPENED" });
    const reopened = { ...facts, reopenCount: 1 };
    // Never assigned: the delegate may raise it now; staff cannot assign it directly.
    expect(allowedActions("REOPENED", "DELEGATE", reopened)).toEqual(["ASK_DETAIL", "REPLY", "RAISE_FORMAL", "CLOSE"]);
    expect(allowedActions("REOPENED", "STAFF", reopened)).toEqual(["CLOSE"]);
  });
});

describe("terminal states", () => {
  const facts: SuggestionFacts = { reopenCount: 0, lastRating: "DISSATISFIED", assignedBefore: true };
  it.each(["CLOSED", "MERGED", "REJECTED", "WITHDRAWN"] as const)("%s: no action by anyone", (state) => {
    for (const actor of ACTORS) {
      expect(allowedActions(state, actor, facts)).toEqual([]);
      for (const action of SUGGESTION_ACTIONS) {
        expect(transition(state, sample[action], ctx(actor, facts))).toEqual({ ok: false, error: "SUGGESTION_CLOSED" });
      }
    }
  });
});

describe("allowedActions", () => {
  const fresh: SuggestionFacts = { reopenCount: 0, lastRating: null, assignedBefore: false };
  it.each<[SuggestionState, Actor, SuggestionFacts, SuggestionActionType[]]>([
    ["SUBMITTED", "DELEGATE", fresh, ["ACKNOWLEDGE", "ASK_DETAIL", "REPLY", "RAISE_FORMAL", "MERGE", "REJECT"]],
    ["SUBMITTED", "AUTHOR", fresh, ["WITHDRAW"]],
    ["SUBMITTED", "STAFF", fresh, ["MERGE", "REJECT"]],
    ["SUBMITTED", "SYSTEM", fresh, []],
    ["ACKNOWLEDGED", "DELEGATE", fresh, ["ASK_DETAIL", "REPLY", "RAISE_FORMAL", "MERGE", "REJECT"]],
    ["AWAITING_DETAIL", "AUTHOR", fresh, ["DETAIL_GIVEN", "WITHDRAW"]],
    ["AWAITING_DETAIL", "DELEGATE", fresh, ["REPLY", "RAISE_FORMAL", "MERGE", "REJECT"]],
    ["WITH_DELEGATE", "DELEGATE", fresh, ["ASK_DETAIL", "REPLY", "RAISE_FORMAL", "MERGE", "REJECT"]],
    ["RAISED", "STAFF", fresh, ["RETURN", "ASSIGN", "MERGE"]],
    ["RAISED", "DELEGATE", fresh, []],
    ["RAISED", "AUTHOR", fresh, []],
    ["ASSIGNED", "STAFF", { ...fresh, assignedBefore: true }, ["ASSIGN", "ANSWER"]],
    ["ASSIGNED", "AUTHOR", { ...fresh, assignedBefore: true }, []],
    ["ANSWERED", "AUTHOR", fresh, ["RATE"]],
    ["ANSWERED", "SYSTEM", fresh, ["CLOSE"]],
    ["RATED", "AUTHOR", { ...fresh, lastRating: "SATISFIED" }, []],
    ["RATED", "AUTHOR", { ...fresh, lastRating: "DISSATISFIED" }, ["REOPEN"]],
    ["RATED", "STAFF", { ...fresh, lastRating: "SATISFIED" }, ["CLOSE"]],
  ])("%s, %s, %j → %j", (state, actor, facts, expected) => {
    expect(allowedActions(state, actor, facts)).toEqual(expected);
  });

  it("agrees with transition for every state, action and actor", () => {
    const factSets: SuggestionFacts[] = [
      { reopenCount: 0, lastRating: null, assignedBefore: false },
      { reopenCount: 0, lastRating: "DISSATISFIED", assignedBefore: true },
      { reopenCount: 1, lastRating: "DISSATISFIED", assignedBefore: false },
      { reopenCount: 1, lastRating: "SATISFIED", assignedBefore: true },
    ];
    for (const facts of factSets) {
      for (const state of SUGGESTION_STATES) {
        for (const actor of ACTORS) {
          const offered = allowedActions(state, actor, facts);
          const accepted = SUGGESTION_ACTIONS.filter((a) => transition(state, sample[a], ctx(actor, facts)).ok);
          expect(offered, `${state} ${actor} ${JSON.stringify(facts)}`).toEqual(accepted);
        }
      }
    }
  });
});
