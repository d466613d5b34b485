/**
 * The figures staff enter for one round of counting (a result sheet): the ballot counts of the
 * whole constituency or of each station / election meeting / mobile box, and which of them are
 * impossible — each with its reason, the figures behind it and the field to fix. A void round
 * (more ballots returned than voted, 选举法 44) is NOT an impossible entry: counting reports it.
 * Pure: used by the results service, the /results chat (each figure as it is typed) and the import.
 */

/** 投票站 / 选举大会 / 流动票箱. */
export type PollingPlaceKind = "STATION" | "ELECTION_MEETING" | "MOBILE_BOX";

/** What one count (a whole constituency, or one station / meeting / mobile box) says. */
export interface BallotCounts {
  /** Ballots issued = voters who took part (参加投票的选民). */
  voted: number;
  /** Of `voted`, ballots cast by proxy (委托投票). */
  proxyVotes: number;
  /** Ballots collected (收回的选票). */
  returned: number;
  valid: number;
  invalid: number;
  /** Votes per name on the valid ballots, candidates and write-ins alike. */
  votes: Record<string, number>;
}

export interface PartEntry extends BallotCounts {
  label: string;
  placeKind: PollingPlaceKind;
  pollingPlaceId?: number | null;
}

/** A sheet's figures as staff entered them: the whole constituency at once, or its parts. */
export interface SheetEntry {
  registered: number;
  /** The whole constituency; ignored when `parts` has entries. */
  totals?: BallotCounts;
  parts?: PartEntry[];
  /** Names among `votes` that are write-ins (另选他人); names not on the ballot list are write-ins anyway. */
  writeIns?: string[];
}

export type EntryField = "registered" | "voted" | "proxyVotes" | "returned" | "valid" | "invalid" | "votes";

export type EntryProblemCode =
  | "NOT_A_COUNT" // negative, fractional or above MAX_COUNT
  | "BLANK_NAME"
  | "VOTED_ABOVE_REGISTERED"
  | "PROXY_ABOVE_VOTED"
  | "VALID_ABOVE_RETURNED"
  | "VALID_INVALID_NOT_RETURNED"
  | "VOTES_ABOVE_VALID" // one name has more votes than there are valid ballots
  | "VOTES_ABOVE_VALID_TIMES_SEATS" // a valid ballot names at most `seats` persons (选举法 44 ¶2)
  | "DUPLICATE_PART";

/** An impossible entry: the reason, the figures behind it and the field to fix. */
export interface EntryProblem {
  code: EntryProblemCode;
  field: EntryField;
  /** The part it is in (per-place entry). */
  part?: string;
  name?: string;
  figures: Record<string, number>;
}

/** No constituency has a million voters; a bigger figure is a typing slip. */
export const MAX_COUNT = 1_000_000;

const isCount = (n: unknown): n is number => typeof n === "number" && Number.isSafeInteger(n) && n >= 0 && n <= MAX_COUNT;

/**
 * The problems of one count as far as it is filled in (the chat checks each step as it is typed).
 * `registeredLeft`: registered voters minus those who voted in the other parts.
 */
export function checkCounts(c: Partial<BallotCounts>, opts: { seats: number; registeredLeft?: number; part?: string }): EntryProblem[] {
  const out: EntryProblem[] = [];
  const add = (code: EntryProblemCode, field: EntryField, figures: Record<string, number>, name?: string) =>
    out.push({ code, field, figures, ...(opts.part !== undefined ? { part: opts.part } : {}), ...(name !== undefined ? { name } : {}) });
  for (const f of ["voted", "proxyVotes", "returned", "valid", "invalid"] as const) {
    if (c[f] !== undefined && !isCount(c[f])) add("NOT_A_COUNT", f, { max: MAX_COUNT });
  }
  if (out.length > 0) return out;
  const { voted, proxyVotes, returned, valid, invalid, votes } = c;
  if (voted !== undefined && opts.registeredLeft !== undefined && voted > opts.registeredLeft) add("VOTED_ABOVE_REGISTERED", "voted", { voted, registered: opts.registeredLeft });
  if (proxyVotes !== undefined && voted !== undefined && proxyVotes > voted) add("PROXY_ABOVE_VOTED", "proxyVotes", { proxyVotes, voted });
  // returned > voted is no entry error: the round is void (选举法 44), which confirming reports.
  if (valid !== undefined && returned !== undefined && valid > returned) add("VALID_ABOVE_RETURNED", "valid", { valid, returned });
  else if (valid !== undefined && invalid !== undefined && returned !== undefined && valid + invalid !== returned) {
    add("VALID_INVALID_NOT_RETURNED", "invalid", { valid, invalid, sum: valid + invalid, returned });
  }
  if (votes !== undefined && valid !== undefined) {
    let total = 0;
    for (const [name, n] of Object.entries(votes)) {
      if (name.trim() === "") add("BLANK_NAME", "votes", {});
      else if (!isCount(n)) add("NOT_A_COUNT", "votes", { max: MAX_COUNT }, name);
      else if (n > valid) add("VOTES_ABOVE_VALID", "votes", { votes: n, valid }, name);
      total += isCount(n) ? n : 0;
    }
    if (total > valid * opts.seats) add("VOTES_ABOVE_VALID_TIMES_SEATS", "votes", { total, valid, seats: opts.seats, max: valid * opts.seats });
  }
  return out;
}

/** Every problem of a whole entry: each part, then the totals against the roll. */
export function checkEntry(entry: SheetEntry, seats: number): EntryProblem[] {
  if (!isCount(entry.registered) || entry.registered === 0) return [{ code: "NOT_A_COUNT", field: "registered", figures: { max: MAX_COUNT } }];
  const parts = entry.parts ?? [];
  if (parts.length === 0) return checkCounts(entry.totals ?? {}, { seats, registeredLeft: entry.registered });
  const out: EntryProblem[] = [];
  const labels = new Set<string>();
  for (const p of parts) {
    if (labels.has(p.label)) out.push({ code: "DUPLICATE_PART", field: "voted", part: p.label, figures: {} });
    labels.add(p.label);
    out.push(...checkCounts(p, { seats, part: p.label }));
  }
  const voted = parts.reduce((s, p) => s + p.voted, 0);
  if (out.length === 0 && voted > entry.registered) out.push({ code: "VOTED_ABOVE_REGISTERED", field: "voted", figures: { voted, registered: entry.registered } });
  return out;
}

/** The parts summed: the sheet's totals. */
export function sumParts(parts: readonly BallotCounts[]): BallotCounts {
  const votes: Record<string, number> = {};
  for (const p of parts) for (const [name, n] of Object.entries(p.votes)) votes[name] = (votes[name] ?? 0) + n;
  const sum = (f: "voted" | "proxyVotes" | "returned" | "valid" | "invalid") => parts.reduce((s, p) => s + p[f], 0);
  return { voted: sum("voted"), proxyVotes: sum("proxyVotes"), returned: sum("returned"), valid: sum("valid"), invalid: sum("invalid"), votes };
}

