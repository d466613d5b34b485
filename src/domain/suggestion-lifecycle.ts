/**
 * The life of a constituent suggestion (建议、批评和意见) as a state machine.
 *
 * A voter (AUTHOR) writes to the delegates (DELEGATE) of their constituency. A delegate acknowledges,
 * asks for detail, answers directly, merges it into another suggestion, rejects it with a reason, or
 * raises it as their own formal suggestion (代表法 24, 36), which staff of the congress standing
 * committee / township presidium (STAFF) assign (交办) to a department with a deadline (代表法 51).
 * Staff, or an official of the department (DEPARTMENT) with an account, record the department's
 * answer; the author rates it (满意 / 基本满意 / 不满意) and, after
 * 不满意, may reopen it once with a reason. SYSTEM is the scheduler (closing answered suggestions).
 *
 *   SUBMITTED ─ACKNOWLEDGE→ ACKNOWLEDGED ─ASK_DETAIL→ AWAITING_DETAIL ─DETAIL_GIVEN→ WITH_DELEGATE
 *   (SUBMITTED | ACKNOWLEDGED | AWAITING_DETAIL | WITH_DELEGATE)
 *        ─REPLY→ ANSWERED   ─RAISE_FORMAL→ RAISED   ─MERGE→ MERGED   ─REJECT→ REJECTED   ─WITHDRAW→ WITHDRAWN
 *   RAISED ─ASSIGN→ ASSIGNED ─ANSWER→ ANSWERED ─RATE→ RATED ─CLOSE→ CLOSED
 *   RAISED ─RETURN→ WITH_DELEGATE;   ASSIGNED ─ASSIGN→ ASSIGNED (改办: another department, new deadline)
 *   RATED (不满意, never reopened) ─REOPEN→ REOPENED ─REPLY | ASK_DETAIL | RAISE_FORMAL | ASSIGN | CLOSE→ …
 *
 * Decisions:
 * - A delegate's direct REPLY counts as an answer (→ ANSWERED): the author can rate it, is asked
 *   "was your issue resolved?" after 14 days, and may reopen it once — for the voter an answer is an
 *   answer, whoever gives it. The 代表法 51 deadline and department figures concern only suggestions
 *   that were assigned (the service keeps who answered; deadlineStats takes assigned ones only).
 * - States added to the ones in the brief: AWAITING_DETAIL (the ball is with the author, so the
 *   author is told what is asked and the delegate is not chased), RAISED (raised by the delegate,
 *   waiting for staff to assign it: between the delegate's act and the staff's act someone must hold
 *   it), WITHDRAWN (terminal; kept apart from CLOSED and REJECTED so figures do not count it as handled).
 * - WITH_DELEGATE is the delegate's desk after a round trip: the author supplied the detail asked for,
 *   or staff returned a raised suggestion to the delegate. ACKNOWLEDGED is the delegate's desk after
 *   the first look. Delegates may act straight from SUBMITTED (an action implies acknowledgement).
 * - The author may withdraw only before the delegate raises it: a raised suggestion is the delegate's.
 * - CLOSE of an answered or rated suggestion is by SYSTEM (the service's timing policy) or STAFF.
 *   A reopened one can be closed only with a reason (e.g. "维持原答复"), by the delegate or staff;
 *   otherwise it must be answered again (REPLY, or ASSIGN again if it had been assigned).
 * - Terminal: CLOSED, MERGED, REJECTED, WITHDRAWN. Every action there fails with SUGGESTION_CLOSED.
 *
 * Which delegate or author the actor is (one of this constituency's delegates, the author of this
 * suggestion) is decided by the service before calling; this module sees roles only. Anonymity
 * (the delegate must not learn who wrote it) is the service's concern too.
 *
 * Pure: forbidden transitions are returned as { ok: false, error }, never thrown.
 */
import { compareDates, type LocalDate } from "./dates.js";
import { answerDeadline } from "./suggestion-deadlines.js";
import { RATINGS, type Rating } from "./suggestion-rules.js";

export type { Rating } from "./suggestion-rules.js";

export const SUGGESTION_STATES = [
  "SUBMITTED",
  "ACKNOWLEDGED",
  "AWAITING_DETAIL",
  "WITH_DELEGATE",
  "RAISED",
  "ASSIGNED",
  "ANSWERED",
  "RATED",
  "REOPENED",
  "CLOSED",
  "MERGED",
  "REJECTED",
  "WITHDRAWN",
] as const;
export type SuggestionState = (typeof SUGGESTION_STATES)[number];

export const TERMINAL_STATES: readonly SuggestionState[] = ["CLOSED", "MERGED", "REJECTED", "WITHDRAWN"];

export function isTerminal(state: SuggestionState): boolean {
  return TERMINAL_STATES.includes(state);
}

export const SUGGESTION_ACTIONS = [
  "ACKNOWLEDGE",
  "ASK_DETAIL",
  "DETAIL_GIVEN",
  "REPLY",
  "RAISE_FORMAL",
  "RETURN",
  "ASSIGN",
  "ANSWER",
  "RATE",
  "REOPEN",
  "CLOSE",
  "MERGE",
  "REJECT",
  "WITHDRAW",
] as const;
export type SuggestionActionType = (typeof SUGGESTION_ACTIONS)[number];

export const ACTORS = ["AUTHOR", "DELEGATE", "STAFF", "DEPARTMENT", "SYSTEM"] as const;
export type Actor = (typeof ACTORS)[number];

/** An action with what it carries. Payload fields are checked at run time too (they come from users). */
export type SuggestionAction =
  | { type: "ACKNOWLEDGE" }
  | { type: "ASK_DETAIL" }
  | { type: "DETAIL_GIVEN" }
  | { type: "REPLY" }
  | { type: "RAISE_FORMAL" }
  /** Staff send a raised suggestion back to the delegate (e.g. not specific enough, 代表法 36). */
  | { type: "RETURN"; reason: string }
  | {
      type: "ASSIGN";
      department: string;
      assignedOn: LocalDate;
      /** Last day to answer; at most answerDeadline(assignedOn, complex). */
      deadline: LocalDate;
      /** 涉及面广、处理难度大: six months instead of three (代表法 51). */
      complex: boolean;
      /** 重点建议: needs a lead official (领衔). */
      key?: boolean;
      leadOfficial?: string;
    }
  | { type: "ANSWER" }
  | { type: "RATE"; rating: Rating }
  | { type: "REOPEN"; reason: string }
  /** The reason is required when closing a REOPENED suggestion. */
  | { type: "CLOSE"; reason?: string }
  | { type: "MERGE"; targetId: string; targetState: SuggestionState }
  | { type: "REJECT"; reason: string }
  | { type: "WITHDRAW" };

/** What the stored suggestion says, independent of who acts. */
export interface SuggestionFacts {
  /** The suggestion's own id, to refuse a merge into itself. */
  id?: string;
  /** Times reopened so far (at most once). */
  reopenCount: number;
  /** The author's rating of the current answer; null until rated. */
  lastRating: Rating | null;
  /** Whether it has ever been assigned (交办) to a department. */
  assignedBefore: boolean;
}

export interface TransitionContext extends SuggestionFacts {
  actor: Actor;
}

/** Stable codes for the bot to translate. */
export const TRANSITION_ERRORS = [
  /** The suggestion is closed, merged, rejected or withdrawn. */
  "SUGGESTION_CLOSED",
  /** Nobody can do this in the current state. */
  "NOT_ALLOWED_IN_STATE",
  /** Someone can do this now, but not this actor. */
  "ACTOR_NOT_PERMITTED",
  "REASON_REQUIRED",
  "MERGE_TARGET_REQUIRED",
  "MERGE_INTO_SELF",
  "MERGE_TARGET_CLOSED",
  "DEPARTMENT_REQUIRED",
  "DEADLINE_REQUIRED",
  "DEADLINE_NOT_AFTER_ASSIGNMENT",
  /** Later than 3 months (6 when complex) after assignment, 代表法 51. */
  "DEADLINE_BEYOND_LEGAL_LIMIT",
  "LEAD_OFFICIAL_REQUIRED",
  "INVALID_RATING",
  /** Reopen needs a 不满意 rating of the current answer. */
  "REOPEN_NEEDS_DISSATISFIED",
  /** A suggestion can be reopened once. */
  "ALREADY_REOPENED",
  /** Raising again a suggestion that was already assigned: staff assign it again instead. */
  "ALREADY_ASSIGNED_BEFORE",
  /** Assigning a reopened suggestion that was answered by its delegate: the delegate raises it first. */
  "NOT_RAISED",
] as const;
export type TransitionError = (typeof TRANSITION_ERRORS)[number];

/** What the service must do after a successful transition. NOTIFY_* to the actor's own role are left out. */
export const EFFECTS = [
  "NOTIFY_AUTHOR",
  "NOTIFY_DELEGATE",
  "NOTIFY_STAFF",
  "NOTIFY_DEPARTMENT",
  "NOTIFY_LEAD_OFFICIAL",
  "CANCEL_DEADLINE_REMINDERS",
  "SCHEDULE_DEADLINE_REMINDERS",
  "CANCEL_FOLLOW_UP",
  "SCHEDULE_FOLLOW_UP",
] as const;
export type Effect = (typeof EFFECTS)[number];

export type TransitionResult =
  | { ok: true; next: SuggestionState; effects: Effect[] }
  | { ok: false; error: TransitionError };

export interface TransitionRule {
  from: SuggestionState;
  action: SuggestionActionType;
  actors: readonly Actor[];
  to: SuggestionState;
}

const DELEGATE_DESK = ["SUBMITTED", "ACKNOWLEDGED", "WITH_DELEGATE"] as const;
const BEFORE_RAISE = [...DELEGATE_DESK, "AWAITING_DETAIL"] as const;

function rules(
  from: readonly SuggestionState[],
  action: SuggestionActionType,
  actors: readonly Actor[],
  to: SuggestionState,
): TransitionRule[] {
  return from.map((f) => ({ from: f, action, actors, to }));
}

/** Every allowed (state, action) with who may do it and where it leads. Anything else is refused. */
export const TRANSITIONS: readonly TransitionRule[] = [
  ...rules(["SUBMITTED"], "ACKNOWLEDGE", ["DELEGATE"], "ACKNOWLEDGED"),
  ...rules([...DELEGATE_DESK, "REOPENED"], "ASK_DETAIL", ["DELEGATE"], "AWAITING_DETAIL"),
  ...rules(["AWAITING_DETAIL"], "DETAIL_GIVEN", ["AUTHOR"], "WITH_DELEGATE"),
  ...rules([...BEFORE_RAISE, "REOPENED"], "REPLY", ["DELEGATE"], "ANSWERED"),
  ...rules([...BEFORE_RAISE, "REOPENED"], "RAISE_FORMAL", ["DELEGATE"], "RAISED"),
  ...rules(["RAISED"], "RETURN", ["STAFF"], "WITH_DELEGATE"),
  ...rules(["RAISED", "ASSIGNED", "REOPENED"], "ASSIGN", ["STAFF"], "ASSIGNED"),
  ...rules(["ASSIGNED"], "ANSWER", ["STAFF", "DEPARTMENT"], "ANSWERED"),
  ...rules(["ANSWERED"], "RATE", ["AUTHOR"], "RATED"),
  ...rules(["RATED"], "REOPEN", ["AUTHOR"], "REOPENED"),
  ...rules(["ANSWERED", "RATED"], "CLOSE", ["STAFF", "SYSTEM"], "CLOSED"),
  ...rules(["REOPENED"], "CLOSE", ["DELEGATE", "STAFF"], "CLOSED"),
  ...rules(BEFORE_RAISE, "MERGE", ["DELEGATE", "STAFF"], "MERGED"),
  ...rules(["RAISED"], "MERGE", ["STAFF"], "MERGED"),
  ...rules(BEFORE_RAISE, "REJECT", ["DELEGATE", "STAFF"], "REJECTED"),
  ...rules(BEFORE_RAISE, "WITHDRAW", ["AUTHOR"], "WITHDRAWN"),
];

function findRule(state: SuggestionState, action: SuggestionActionType): TransitionRule | undefined {
  return TRANSITIONS.find((r) => r.from === state && r.action === action);
}

/** Preconditions that depend on the stored facts only (so they also decide which buttons to show). */
function factsError(state: SuggestionState, action: SuggestionActionType, facts: SuggestionFacts): TransitionError | null {
  switch (action) {
    case "REOPEN":
      if (facts.reopenCount >= 1) return "ALREADY_REOPENED";
      if (facts.lastRating !== "DISSATISFIED") return "REOPEN_NEEDS_DISSATISFIED";
      return null;
    case "RAISE_FORMAL":
      return state === "REOPENED" && facts.assignedBefore ? "ALREADY_ASSIGNED_BEFORE" : null;
    case "ASSIGN":
      return state === "REOPENED" && !facts.assignedBefore ? "NOT_RAISED" : null;
    default:
      return null;
  }
}

function isBlank(s: unknown): boolean {
  return typeof s !== "string" || s.trim() === "";
}

function isLocalDateString(s: unknown): s is LocalDate {
  return typeof s === "string" && /^\d{4}-\d{2}-\d{2}$/.test(s);
}

/** Preconditions on what the action carries. */
function payloadError(state: SuggestionState, action: SuggestionAction, facts: SuggestionFacts): TransitionError | null {
  switch (action.type) {
    case "RETURN":
    case "REJECT":
    case "REOPEN":
      return isBlank(action.reason) ? "REASON_REQUIRED" : null;
    case "CLOSE":
      return state === "REOPENED" && isBlank(action.reason) ? "REASON_REQUIRED" : null;
    case "MERGE":
      if (isBlank(action.targetId)) return "MERGE_TARGET_REQUIRED";
      if (facts.id !== undefined && action.targetId === facts.id) return "MERGE_INTO_SELF";
      if (!SUGGESTION_STATES.includes(action.targetState) || isTerminal(action.targetState)) return "MERGE_TARGET_CLOSED";
      return null;
    case "ASSIGN": {
      if (isBlank(action.department)) return "DEPARTMENT_REQUIRED";
      if (!isLocalDateString(action.deadline) || !isLocalDateString(action.assignedOn)) return "DEADLINE_REQUIRED";
      if (compareDates(action.deadline, action.assignedOn) <= 0) return "DEADLINE_NOT_AFTER_ASSIGNMENT";
      if (compareDates(action.deadline, answerDeadline(action.assignedOn, action.complex === true)) > 0) {
        return "DEADLINE_BEYOND_LEGAL_LIMIT";
      }
      if (action.key === true && isBlank(action.leadOfficial)) return "LEAD_OFFICIAL_REQUIRED";
      return null;
    }
    case "RATE":
      return RATINGS.includes(action.rating) ? null : "INVALID_RATING";
    default:
      return null;
  }
}

const EFFECT_ORDER = new Map<Effect, number>(EFFECTS.map((e, i) => [e, i]));

const OWN_NOTIFICATION: Partial<Record<Actor, Effect>> = {
  AUTHOR: "NOTIFY_AUTHOR",
  DELEGATE: "NOTIFY_DELEGATE",
  STAFF: "NOTIFY_STAFF",
  DEPARTMENT: "NOTIFY_DEPARTMENT",
};

function effectsOf(state: SuggestionState, action: SuggestionAction, ctx: TransitionContext): Effect[] {
  const e: Effect[] = [];
  switch (action.type) {
    case "ACKNOWLEDGE":
    case "ASK_DETAIL":
      e.push("NOTIFY_AUTHOR");
      break;
    case "DETAIL_GIVEN":
    case "WITHDRAW":
      e.push("NOTIFY_DELEGATE");
      break;
    case "REPLY":
      e.push("NOTIFY_AUTHOR", "SCHEDULE_FOLLOW_UP");
      break;
    case "RAISE_FORMAL":
      e.push("NOTIFY_AUTHOR", "NOTIFY_STAFF");
      break;
    case "RETURN":
    case "MERGE":
    case "REJECT":
      e.push("NOTIFY_AUTHOR", "NOTIFY_DELEGATE");
      break;
    case "ASSIGN":
      e.push("NOTIFY_AUTHOR", "NOTIFY_DELEGATE", "NOTIFY_DEPARTMENT", "SCHEDULE_DEADLINE_REMINDERS");
      if (action.key === true) e.push("NOTIFY_LEAD_OFFICIAL");
      if (state === "ASSIGNED") e.push("CANCEL_DEADLINE_REMINDERS");
      break;
    case "ANSWER":
      e.push("NOTIFY_AUTHOR", "NOTIFY_DELEGATE", "NOTIFY_STAFF", "CANCEL_DEADLINE_REMINDERS", "SCHEDULE_FOLLOW_UP");
      break;
    case "RATE":
    case "REOPEN":
      e.push("NOTIFY_DELEGATE");
      if (ctx.assignedBefore) e.push("NOTIFY_STAFF");
      if (action.type === "RATE") e.push("CANCEL_FOLLOW_UP");
      break;
    case "CLOSE":
      e.push("NOTIFY_AUTHOR", "NOTIFY_DELEGATE");
      if (state === "ANSWERED") e.push("CANCEL_FOLLOW_UP");
      break;
  }
  const own = OWN_NOTIFICATION[ctx.actor];
  return e.filter((x) => x !== own).sort((a, b) => (EFFECT_ORDER.get(a) ?? 0) - (EFFECT_ORDER.get(b) ?? 0));
}

/**
 * The next state of a suggestion in `state` when ctx.actor does `action`, with what to notify and
 * schedule; or why not. Checks in order: terminal state, action possible in the state, actor
 * permitted, stored facts (reopen once, …), then the action's payload.
 */
export function transition(state: SuggestionState, action: SuggestionAction, ctx: TransitionContext): TransitionResult {
  if (isTerminal(state)) return { ok: false, error: "SUGGESTION_CLOSED" };
  const rule = findRule(state, action.type);
  if (rule === undefined) return { ok: false, error: "NOT_ALLOWED_IN_STATE" };
  if (!rule.actors.includes(ctx.actor)) return { ok: false, error: "ACTOR_NOT_PERMITTED" };
  const error = factsError(state, action.type, ctx) ?? payloadError(state, action, ctx);
  if (error !== null) return { ok: false, error };
  return { ok: true, next: rule.to, effects: effectsOf(state, action, ctx) };
}

/**
 * The actions `actor` can start now, in SUGGESTION_ACTIONS order, for building buttons. Preconditions
 * on the stored facts are applied (no "reopen" after 满意 or a second time); payload ones (a reason,
 * a department) are asked for when the button is pressed.
 */
export function allowedActions(state: SuggestionState, actor: Actor, facts: SuggestionFacts): SuggestionActionType[] {
  return SUGGESTION_ACTIONS.filter((action) => {
    const rule = findRule(state, action);
    return rule !== undefined && rule.actors.includes(actor) && factsError(state, action, facts) === null;
  });
}
