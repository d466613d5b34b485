/**
 * Counting one round of a direct election: validity, who is elected, re-votes and further
 * elections (选举法 44, 45, 31; 村民委员会组织法 15; shared/domain/election-rules.md §5, §7).
 *
 * Behaviour and the readings chosen where the texts leave room:
 * - Invalid INPUT (negative or fractional counts, blank names, more votes for a name than ballots
 *   returned, more votes than returned × seats, voters above the roll, seats out of range) is an
 *   entry or programming error: `countResult` throws a RangeError. A void ROUND is a lawful outcome:
 *   it returns `valid: false` with a machine `reason` and nobody elected (the round is held again).
 * - Void when more ballots are returned than voters voted (选举法 44: "所投的票数，多于投票人数的无效";
 *   浙江/北京/上海 村委会选举办法 say the same). Checked before turnout, so a stuffed box is reported as
 *   such even when turnout also failed.
 * - Valid only when MORE than half of the registered voters voted (选举法 45 "过半数参加投票";
 *   村委会组织法 15 "登记参加选举的村民过半数投票"): exactly half is void. Applied to every round,
 *   further rounds included ("每次选举", 上海 直选细则 44).
 * - Majority: more than half of `voted` — the voters who took part, i.e. ballots issued — not of
 *   `returned` and not of valid ballots (选举法 45 "获得参加投票的选民过半数的选票"; 村委会组织法 15
 *   "获得参加投票的村民过半数的选票"). Exactly half is not elected. Blank, spoilt and unreturned
 *   ballots therefore count against every candidate.
 * - More majority winners than seats: the most votes win; a tie at the cut → `revote` lists the tied
 *   candidates, who compete for the seats left after those above the tie (选举法 45 ¶3). The re-vote
 *   itself (most votes win among the tied) is not counted here.
 * - Fewer winners than seats (first round) → `furtherElection` (另行选举, 选举法 45 ¶4) for the
 *   remaining seats, its list taken from the not-elected in first-round rank order:
 *   · congress: `candidateRange(remaining)` (选举法 31), at its MIN by default (`furtherListSize`).
 *     Reasons: art. 31 allows any size in the range and provinces leave the exact figure to the
 *     committee (山东 细则 36 "具体数额，由选举委员会确定"); the minimum draws the fewest names from low
 *     first-round ranks and concentrates votes, which gives each seat the best chance of reaching
 *     the one-third threshold, so seats are less often left vacant. For one seat min = max = 2
 *     ("如果只选一人，候选人应为二人").
 *   · village: the law fixes no ratio ("第一次投票未当选的人员得票多的为候选人", 村委会组织法 15); the
 *     provinces require a competitive list (浙江 29, 北京 30, 上海 21 "差额") without a number, so the
 *     default is one more than the seats (`villageFurtherMargin`).
 *   · a tie at the list cut-off is never broken: every tied name is included, which can make the list
 *     longer than its target (even above the art. 31 maximum); `tiedAtCutoff` then names the tied
 *     group so the committee can decide. If fewer not-elected names exist than the target, the list
 *     holds all of them (the committee must supplement it; not modelled).
 * - Further round: the most votes win with at least one third of the ballots — "不得少于选票的三分之一"
 *   (选举法 45 ¶5), "不得少于已投选票总数的三分之一" (村委会组织法 15). Exactly one third is enough. The
 *   base is `returned` (ballots cast) by default: both texts speak of ballots (选票), and art. 44 tells
 *   "所投的票数" (ballots cast) apart from "投票人数" (voters), while art. 45 ¶1 says "参加投票的选民"
 *   where it means voters. `furtherThresholdBase: "voted"` gives the stricter reading. A tie at the cut
 *   → `revote`. Fewer qualified than seats:
 *   · congress: seats stay vacant (`vacantSeats`) — the national law is silent; 上海 细则 45
 *     "暂作缺额处理", 浙江 细则 49 "不再选举", 山东 细则 49 "可以暂时空缺".
 *   · village: another further election by default, for the remaining seats with the list ranked by
 *     this round's votes: the committee needs at least three members (村委会组织法 6) and leaving
 *     seats vacant is a decision of the assembly or only allowed once three are elected (浙江 30,
 *     北京 30, 上海 21). Set `afterFurtherShortfall: "vacant"` when that condition holds.
 * - Names are compared exactly (no trimming or normalising); equal votes keep the input order.
 *
 * Pure: no I/O, no clock.
 */
import { candidateRange, checkSeats, CONSTITUENCY_SEATS } from "./candidate-rules.js";

export type ElectionKind = "congress" | "village";
export type RoundKind = "first" | "further";

export interface CountInput {
  kind: ElectionKind;
  /** "first": the regular vote; "further": 另行选举 for seats left after the first. */
  round: RoundKind;
  /** Seats to fill in this round (congress 1–3, 选举法 25; village any positive number). */
  seats: number;
  /** Registered voters of the constituency / village. */
  registered: number;
  /** Voters who took part, i.e. ballots issued (投票人数). */
  voted: number;
  /** Ballots collected from the boxes (所投的票数). */
  returned: number;
  /** Votes per person named on valid ballots; write-ins are keys like any other. */
  votes: Record<string, number>;
}

/** Stable codes for a void round; the bot translates them. */
export const RESULT_REASONS = [
  /** More ballots returned than voters voted; the round is void (选举法 44). */
  "RETURNED_EXCEEDS_VOTED",
  /** Not more than half of the registered voters voted; the round is void (选举法 45, 村委会组织法 15). */
  "TURNOUT_NOT_MAJORITY",
] as const;
export type ResultReason = (typeof RESULT_REASONS)[number];

export interface FurtherElection {
  /** Seats for the further election. */
  seats: number;
  /** Its candidates, best-ranked first. */
  candidates: string[];
  /** Present when the list cut-off fell inside a tie: the tied names, all of them included. */
  tiedAtCutoff?: string[];
}

export interface CountResult {
  valid: boolean;
  reason?: ResultReason;
  /** Elected in this round, most votes first. */
  elected: string[];
  /** Tied at the cut: they are voted on again for the seats left after `elected`. */
  revote?: string[];
  /** Seats still to fill by 另行选举, with its list. */
  furtherElection?: FurtherElection;
  /** Seats left vacant after a further round (only when the rules say so). */
  vacantSeats?: number;
}

export interface ResultRules {
  /** Congress: which end of the 选举法 31 range sizes a further-election list. Default "min". */
  furtherListSize?: "min" | "max";
  /** Village: further-election candidates = remaining seats + this (provincial 办法). Default 1. */
  villageFurtherMargin?: number;
  /** Count the further-round one third is taken of. Default "returned" (ballots cast). */
  furtherThresholdBase?: "returned" | "voted";
  /** After a further round that still leaves seats. Default congress "vacant", village "furtherElection". */
  afterFurtherShortfall?: "vacant" | "furtherElection";
}

export const DEFAULT_RESULT_RULES = {
  furtherListSize: "min",
  villageFurtherMargin: 1,
  furtherThresholdBase: "returned",
  afterFurtherShortfall: { congress: "vacant", village: "furtherElection" },
} as const;

interface ResolvedRules {
  furtherListSize: "min" | "max";
  villageFurtherMargin: number;
  furtherThresholdBase: "returned" | "voted";
  afterFurtherShortfall: "vacant" | "furtherElection";
}

interface Ranked {
  name: string;
  votes: number;
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function resolveRules(kind: ElectionKind, rules: ResultRules | undefined): ResolvedRules {
  const resolved: ResolvedRules = {
    furtherListSize: rules?.furtherListSize ?? DEFAULT_RESULT_RULES.furtherListSize,
    villageFurtherMargin: rules?.villageFurtherMargin ?? DEFAULT_RESULT_RULES.villageFurtherMargin,
    furtherThresholdBase: rules?.furtherThresholdBase ?? DEFAULT_RESULT_RULES.furtherThresholdBase,
    afterFurtherShortfall:
      rules?.afterFurtherShortfall ?? DEFAULT_RESULT_RULES.afterFurtherShortfall[kind],
  };
  if (resolved.furtherListSize !== "min" && resolved.furtherListSize !== "max") {
    throw new RangeError(`Rule furtherListSize must be "min" or "max", got ${String(resolved.furtherListSize)}`);
  }
  if (!Number.isSafeInteger(resolved.villageFurtherMargin) || resolved.villageFurtherMargin < 1) {
    throw new RangeError(
      `Rule villageFurtherMargin must be a positive integer (a further election is competitive), got ${resolved.villageFurtherMargin}`,
    );
  }
  if (resolved.furtherThresholdBase !== "returned" && resolved.furtherThresholdBase !== "voted") {
    throw new RangeError(
      `Rule furtherThresholdBase must be "returned" or "voted", got ${String(resolved.furtherThresholdBase)}`,
    );
  }
  if (resolved.afterFurtherShortfall !== "vacant" && resolved.afterFurtherShortfall !== "furtherElection") {
    throw new RangeError(
      `Rule afterFurtherShortfall must be "vacant" or "furtherElection", got ${String(resolved.afterFurtherShortfall)}`,
    );
  }
  return resolved;
}

/** Throws a RangeError for input no real count can produce; returns the votes ranked. */
function validate(input: CountInput): Ranked[] {
  const { kind, round, seats, registered, voted, returned, votes } = input;
  if (kind !== "congress" && kind !== "village") {
    throw new RangeError(`kind must be "congress" or "village", got ${String(kind)}`);
  }
  if (round !== "first" && round !== "further") {
    throw new RangeError(`round must be "first" or "further", got ${String(round)}`);
  }
  if (kind === "congress") {
    if (checkSeats(seats) !== "OK") {
      throw new RangeError(
        `A constituency elects ${CONSTITUENCY_SEATS.min}–${CONSTITUENCY_SEATS.max} delegates (选举法 25), got ${seats} seats`,
      );
    }
  } else if (!Number.isSafeInteger(seats) || seats < 1) {
    throw new RangeError(`seats must be a positive integer, got ${seats}`);
  }
  for (const [field, value] of [
    ["registered", registered],
    ["voted", voted],
    ["returned", returned],
  ] as const) {
    if (!isCount(value)) throw new RangeError(`${field} must be a non-negative integer, got ${value}`);
  }
  if (voted > registered) {
    throw new RangeError(`voted (${voted}) cannot exceed registered voters (${registered})`);
  }
  if (typeof votes !== "object" || votes === null) {
    throw new RangeError("votes must be an object of name → votes");
  }
  const ranked: Ranked[] = [];
  let total = 0;
  for (const [name, count] of Object.entries(votes)) {
    if (name.trim() === "") throw new RangeError("Candidate names must not be empty");
    if (name !== name.trim()) {
      throw new RangeError(`Candidate name "${name}" has leading or trailing whitespace`);
    }
    if (!isCount(count)) {
      throw new RangeError(`Votes for "${name}" must be a non-negative integer, got ${count}`);
    }
    // A returned ballot names a person at most once. In a countable round returned ≤ voted, so this
    // also rejects votes above `voted`; a stuffed box (returned > voted) is a void round instead.
    if (count > returned) {
      throw new RangeError(
        `Votes for "${name}" (${count}) exceed the ballots returned (${returned})` +
          (count > voted ? ` and the voters who voted (${voted})` : ""),
      );
    }
    total += count;
    ranked.push({ name, votes: count });
  }
  // A valid ballot names at most `seats` persons (选举法 44 ¶2).
  if (total > returned * seats) {
    throw new RangeError(
      `Total votes (${total}) exceed ballots returned × seats (${returned} × ${seats} = ${returned * seats})`,
    );
  }
  // Stable: equal votes keep the input order.
  return ranked.sort((a, b) => b.votes - a.votes);
}

/** The first `n` of `ranked`, with a tie across the cut split off instead of broken. */
function cut(ranked: readonly Ranked[], n: number): { above: Ranked[]; tied: Ranked[] } {
  const last = ranked[n - 1];
  const next = ranked[n];
  if (n <= 0 || last === undefined || next === undefined || next.votes !== last.votes) {
    return { above: ranked.slice(0, Math.max(n, 0)), tied: [] };
  }
  return {
    above: ranked.filter((r) => r.votes > last.votes),
    tied: ranked.filter((r) => r.votes === last.votes),
  };
}

function names(ranked: readonly Ranked[]): string[] {
  return ranked.map((r) => r.name);
}

/** Seats won by the best of `qualified`; a tie at the cut becomes a re-vote (选举法 45 ¶3). */
function fill(qualified: readonly Ranked[], seats: number): Pick<CountResult, "elected" | "revote"> {
  const { above, tied } = cut(qualified, seats);
  return tied.length > 0 ? { elected: names(above), revote: names(tied) } : { elected: names(above) };
}

/** The list for 另行选举 of `seats` seats from `pool`, best-ranked first (选举法 45 ¶4, 31). */
function furtherElection(
  kind: ElectionKind,
  seats: number,
  pool: readonly Ranked[],
  rules: ResolvedRules,
): FurtherElection {
  const target =
    kind === "congress" ? candidateRange(seats)[rules.furtherListSize] : seats + rules.villageFurtherMargin;
  const { above, tied } = cut(pool, target);
  const candidates = names([...above, ...tied]);
  return tied.length > 0 ? { seats, candidates, tiedAtCutoff: names(tied) } : { seats, candidates };
}

/**
 * Counts one round. Throws a RangeError for impossible input; returns `valid: false` with a
 * `reason` for a void round. See the module comment for the readings of the law.
 */
export function countResult(input: CountInput, rules?: ResultRules): CountResult {
  const ranked = validate(input);
  const resolved = resolveRules(input.kind, rules);
  const { kind, round, seats, registered, voted, returned } = input;

  if (returned > voted) return { valid: false, reason: "RETURNED_EXCEEDS_VOTED", elected: [] };
  if (2 * voted <= registered) return { valid: false, reason: "TURNOUT_NOT_MAJORITY", elected: [] };

  // First round: more than half of the voters (45 ¶1). Further round: at least a third of the base (45 ¶5).
  const base = resolved.furtherThresholdBase === "voted" ? voted : returned;
  const qualified =
    round === "first"
      ? ranked.filter((r) => 2 * r.votes > voted)
      : ranked.filter((r) => r.votes > 0 && 3 * r.votes >= base);
  const { elected, revote } = fill(qualified, seats);
  if (revote !== undefined) return { valid: true, elected, revote };

  const remaining = seats - elected.length;
  if (remaining === 0) return { valid: true, elected };
  if (round === "further" && resolved.afterFurtherShortfall === "vacant") {
    return { valid: true, elected, vacantSeats: remaining };
  }
  const pool = ranked.filter((r) => !elected.includes(r.name));
  return { valid: true, elected, furtherElection: furtherElection(kind, remaining, pool, resolved) };
}

export interface RevoteInput extends Omit<CountInput, "round"> {
  /** The candidates tied at the cut, the only names on the re-vote ballot. */
  tied: readonly string[];
}

/**
 * Counts a re-vote among candidates tied at the cut (选举法 45 ¶3 "应当就票数相等的候选人再次投票，
 * 以得票多的当选"). Void for the same reasons as any round (44 stuffed box, 45 ¶1 turnout). Then the
 * most votes among the tied win, no majority needed (each had one in the round before); a name with
 * no vote wins nothing. Votes for names off the re-vote list count for nobody. A tie at the cut
 * again, or seats nobody won, → `revote` among the tied not elected (vote again).
 */
export function countRevote(input: RevoteInput, rules?: ResultRules): CountResult {
  const ranked = validate({ ...input, round: "first" });
  resolveRules(input.kind, rules);
  const { seats, registered, voted, returned, tied } = input;
  if (tied.length === 0) throw new RangeError("A re-vote needs the tied candidates");
  if (returned > voted) return { valid: false, reason: "RETURNED_EXCEEDS_VOTED", elected: [] };
  if (2 * voted <= registered) return { valid: false, reason: "TURNOUT_NOT_MAJORITY", elected: [] };
  const onList = ranked.filter((r) => tied.includes(r.name) && r.votes > 0);
  const { elected, revote } = fill(onList, seats);
  if (revote !== undefined) return { valid: true, elected, revote };
  const rest = tied.filter((n) => !elected.includes(n));
  return elected.length === seats || rest.length === 0 ? { valid: true, elected } : { valid: true, elected, revote: rest };
}

// ───────────── after a round ─────────────

/** The rounds of counting in a constituency: the first vote, a re-vote among the tied, a further election. */
export type ResultRound = "FIRST" | "REVOTE" | "FURTHER";

/** What comes after a confirmed round. */
export type NextStep =
  | { kind: "REPEAT"; round: ResultRound; seats: number; candidates: string[]; reason: string } // the round was void: held again
  | { kind: "REVOTE"; seats: number; candidates: string[] }
  | { kind: "FURTHER"; seats: number; candidates: string[]; tiedAtCutoff?: string[] }
  | { kind: "VACANT"; seats: number }
  | { kind: "DONE" };

/** What a round's outcome leaves to do (选举法 45): the round again when void, a re-vote, a further election, vacant seats or nothing. */
export function nextStep(sheet: { round: ResultRound; seats: number; ballot: readonly string[] }, outcome: CountResult): NextStep {
  if (!outcome.valid) return { kind: "REPEAT", round: sheet.round, seats: sheet.seats, candidates: [...sheet.ballot], reason: outcome.reason ?? "" };
  if (outcome.revote) return { kind: "REVOTE", seats: sheet.seats - outcome.elected.length, candidates: outcome.revote };
  if (outcome.furtherElection) {
    const f = outcome.furtherElection;
    return { kind: "FURTHER", seats: f.seats, candidates: f.candidates, ...(f.tiedAtCutoff ? { tiedAtCutoff: f.tiedAtCutoff } : {}) };
  }
  if (outcome.vacantSeats) return { kind: "VACANT", seats: outcome.vacantSeats };
  return { kind: "DONE" };
}

/** What a subscriber is told (a RESULTS reminder item's `result`), rendered in their language. */
export interface PublishedResult {
  constituency: string;
  round: ResultRound;
  roundNo: number;
  elected: string[];
  next: NextStep;
}

