// The /results entry as data: the figures typed so far (kept in the session, so nothing is lost
// between messages), the order of the questions, reading a typed count or write-in list, and the
// sheet entry the service checks and saves. No I/O here.
import { checkCounts, MAX_COUNT, type BallotCounts, type EntryProblem, type PartEntry, type PollingPlaceKind, type SheetEntry } from "../../domain/result-entry.js";

/** One count being typed: the whole constituency, or one station / meeting / mobile box. */
export interface DraftCounts {
  label?: string;
  placeKind?: PollingPlaceKind;
  pollingPlaceId?: number | null;
  voted?: number;
  proxyVotes?: number;
  returned?: number;
  valid?: number;
  invalid?: number;
  votes: Record<string, number>;
  /** Names typed as write-ins (另选他人), in the order typed. */
  writeIns: string[];
}

export type CountStep = "voted" | "proxyVotes" | "returned" | "valid" | "invalid";
/** "fix": correcting one figure of a complete draft (see `Correcting`). */
export type EntryStep = "registered" | "mode" | "label" | "kind" | CountStep | "vote" | "writeIns" | "more" | "summary" | "fix";

/**
 * "Correct a figure" in progress: where it began (the summary, or the refusal of a save: "more" /
 * "writeIns"), the part chosen (its index in `parts`; null: the whole count, or the first level of
 * a per-place entry) and the figure chosen (a `figureCode`), whose new value is awaited.
 */
export interface Correcting {
  from: EntryStep;
  part: number | null;
  field?: string;
}

/** The reason prompt of "reopen for correction": the sheet, and when it was asked (ms). */
export interface ReopenPrompt {
  sheetId: number;
  at: number;
}

export interface ResultsEntry {
  sheetId: number;
  constituencyId: number;
  /** Last activity (ms): an entry idle for ENTRY_IDLE_MS is dropped. */
  at: number;
  seats: number;
  /** The names on the ballot, asked one by one. */
  ballot: string[];
  /** The roll's count, offered as a button. */
  rollCount: number;
  registered?: number;
  mode?: "whole" | "parts";
  /** Parts finished (per-place entry). */
  parts: DraftCounts[];
  cur: DraftCounts;
  step: EntryStep;
  /** The ballot name asked at the "vote" step. */
  voteIndex: number;
  /** The confirm button's token (a double tap confirms once); "correct a figure" buttons carry it too. */
  token?: string;
  correcting?: Correcting;
}

/** Staff may pause for a while on election night; the sheet itself is in the database. */
export const ENTRY_IDLE_MS = 6 * 60 * 60_000;

export const COUNT_STEPS: readonly CountStep[] = ["voted", "proxyVotes", "returned", "valid", "invalid"];

export function newEntry(sheet: { id: number; constituencyId: number; seats: number; ballot: string[]; registered: number }, now: number): ResultsEntry {
  return { sheetId: sheet.id, constituencyId: sheet.constituencyId, at: now, seats: sheet.seats, ballot: sheet.ballot, rollCount: sheet.registered, parts: [], cur: blank(), step: "registered", voteIndex: 0 };
}

export const blank = (): DraftCounts => ({ votes: {}, writeIns: [] });

/** The question after `e.step` for the current count. */
export function nextStep(e: ResultsEntry): Pick<ResultsEntry, "step" | "voteIndex"> {
  const i = COUNT_STEPS.indexOf(e.step as CountStep);
  if (e.step === "registered") return { step: "mode", voteIndex: 0 };
  if (e.step === "mode") return { step: e.mode === "parts" ? "label" : "voted", voteIndex: 0 };
  if (e.step === "label" || e.step === "kind") return { step: "voted", voteIndex: 0 };
  if (i >= 0 && i < COUNT_STEPS.length - 1) return { step: COUNT_STEPS[i + 1]!, voteIndex: 0 };
  if (e.step === "invalid") return e.ballot.length > 0 ? { step: "vote", voteIndex: 0 } : { step: "writeIns", voteIndex: 0 };
  if (e.step === "vote" && e.voteIndex < e.ballot.length - 1) return { step: "vote", voteIndex: e.voteIndex + 1 };
  if (e.step === "vote") return { step: "writeIns", voteIndex: 0 };
  return { step: e.mode === "parts" ? "more" : "summary", voteIndex: 0 };
}

/** The question before `e.step` (the back button); null at the first. */
export function previousStep(e: ResultsEntry): Pick<ResultsEntry, "step" | "voteIndex"> | null {
  const i = COUNT_STEPS.indexOf(e.step as CountStep);
  switch (e.step) {
    case "registered":
      return null;
    case "mode":
      return { step: "registered", voteIndex: 0 };
    case "label":
      return e.parts.length > 0 ? { step: "more", voteIndex: 0 } : { step: "mode", voteIndex: 0 };
    case "kind":
      return { step: "label", voteIndex: 0 };
    case "vote":
      return e.voteIndex > 0 ? { step: "vote", voteIndex: e.voteIndex - 1 } : { step: "invalid", voteIndex: 0 };
    case "writeIns":
      return e.ballot.length > 0 ? { step: "vote", voteIndex: e.ballot.length - 1 } : { step: "invalid", voteIndex: 0 };
    case "more":
    case "summary":
      return { step: "writeIns", voteIndex: 0 };
    case "fix":
      return null;
    default:
      if (i === 0) return e.mode === "parts" ? { step: "label", voteIndex: 0 } : { step: "mode", voteIndex: 0 };
      return { step: COUNT_STEPS[i - 1]!, voteIndex: 0 };
  }
}

export type CountReadError = "NOT_A_NUMBER" | "NEGATIVE" | "TOO_LARGE";

/** A typed count: digits (full-width too, thousands separators allowed). */
export function readCount(text: string): number | CountReadError {
  const s = text.normalize("NFKC").trim().replace(/[\s,，_']/g, "");
  if (/^[-−]\d+$/.test(s)) return "NEGATIVE";
  if (!/^\d+$/.test(s)) return "NOT_A_NUMBER";
  const n = Number(s);
  return n > MAX_COUNT ? "TOO_LARGE" : n;
}

export type WriteInReadError = { line: string; problem: "NO_NAME" | "NO_VOTES" | CountReadError };

/** Write-ins typed one per line: "姓名 票数" (also 姓名：票数, 姓名,票数). */
export function readWriteIns(text: string): { ok: [string, number][] } | { error: WriteInReadError } {
  const ok: [string, number][] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "") continue;
    const m = /^(.*?)[\s:：,，、]+([^\s:：,，、]+)$/.exec(line.normalize("NFKC"));
    if (!m) return { error: { line, problem: /\d/.test(line) ? "NO_NAME" : "NO_VOTES" } };
    const name = m[1]!.trim();
    if (name === "" || /\d/.test(name) || name.length > 30) return { error: { line, problem: "NO_NAME" } };
    const n = readCount(m[2]!);
    if (typeof n !== "number") return { error: { line, problem: n } };
    ok.push([name, n]);
  }
  return ok.length > 0 ? { ok } : { error: { line: text.trim(), problem: "NO_VOTES" } };
}

/** Registered voters left for this count: the roll minus those who voted in the finished parts. */
export function registeredLeft(e: ResultsEntry): number | undefined {
  if (e.registered === undefined) return undefined;
  return e.registered - e.parts.reduce((s, p) => s + (p.voted ?? 0), 0);
}

/** The problems the value just typed makes for the current count (checked as each step is typed). */
export function problemsNow(e: ResultsEntry, cur: DraftCounts): EntryProblem[] {
  const left = registeredLeft(e);
  return checkCounts(countsOf(cur), { seats: e.seats, ...(left !== undefined ? { registeredLeft: left } : {}), ...(cur.label ? { part: cur.label } : {}) });
}

function countsOf(d: DraftCounts): Partial<BallotCounts> {
  const out: Partial<BallotCounts> = { votes: d.votes };
  for (const f of COUNT_STEPS) if (d[f] !== undefined) out[f] = d[f];
  // Votes are checked only once the valid ballots are known.
  if (d.valid === undefined) delete out.votes;
  return out;
}

function complete(d: DraftCounts): BallotCounts {
  return { voted: d.voted ?? 0, proxyVotes: d.proxyVotes ?? 0, returned: d.returned ?? 0, valid: d.valid ?? 0, invalid: d.invalid ?? 0, votes: d.votes };
}

/** The entry for the service: the whole count, or the parts. */
export function sheetEntry(e: ResultsEntry): SheetEntry {
  const writeIns = [...new Set([...e.parts, e.cur].flatMap((p) => p.writeIns))];
  if (e.mode === "parts") {
    const parts: PartEntry[] = e.parts.map((p) => ({ ...complete(p), label: p.label!, placeKind: p.placeKind ?? "STATION", pollingPlaceId: p.pollingPlaceId ?? null }));
    return { registered: e.registered ?? 0, parts, writeIns };
  }
  return { registered: e.registered ?? 0, totals: complete(e.cur), writeIns };
}

// ───────────── "correct a figure": one figure of a complete draft ─────────────

/**
 * A figure that can be corrected: the registered voters (the constituency's), a count of the whole
 * constituency or of one part, or the votes of a name on the ballot or of a write-in of that count.
 */
export type FigureRef = { kind: "registered" } | { kind: "count"; step: CountStep } | { kind: "vote"; name: string; writeIn: boolean };

/**
 * The counts a correction works on — the whole count, or every part — when the draft is complete
 * (registered and each count typed); null otherwise.
 */
export function correctable(e: ResultsEntry): DraftCounts[] | null {
  if (e.registered === undefined) return null;
  const counts = e.mode === "parts" ? e.parts : e.mode === "whole" ? [e.cur] : [];
  if (counts.length === 0 || counts.some((d) => COUNT_STEPS.some((f) => d[f] === undefined))) return null;
  return counts;
}

/**
 * The figures offered at one level, as codes that fit a button: "registered", a count step, "b<i>"
 * (the i-th name on the ballot) or "w<i>" (the i-th write-in of that count). `part` null: the whole
 * count (registered and all its figures) or, per place, the first level (registered only).
 */
export function figureCodes(e: ResultsEntry, part: number | null): string[] {
  const counts = correctable(e);
  if (!counts) return [];
  if (e.mode === "parts" && part === null) return ["registered"];
  const d = e.mode === "parts" ? counts[part!] : counts[0];
  if (!d || (e.mode !== "parts" && part !== null)) return [];
  return [...(e.mode === "parts" ? [] : ["registered"]), ...COUNT_STEPS, ...e.ballot.map((_, i) => `b${i}`), ...d.writeIns.map((_, i) => `w${i}`)];
}

/** The figure a code names at that level, with its current value; null when there is none (a stale or forged code). */
export function readFigure(e: ResultsEntry, part: number | null, code: string): { ref: FigureRef; value: number } | null {
  if (!figureCodes(e, part).includes(code)) return null;
  if (code === "registered") return { ref: { kind: "registered" }, value: e.registered! };
  const d = e.mode === "parts" ? e.parts[part!]! : e.cur;
  if ((COUNT_STEPS as readonly string[]).includes(code)) return { ref: { kind: "count", step: code as CountStep }, value: d[code as CountStep]! };
  const i = Number(code.slice(1));
  const name = code[0] === "b" ? e.ballot[i]! : d.writeIns[i]!;
  return { ref: { kind: "vote", name, writeIn: code[0] === "w" }, value: d.votes[name] ?? 0 };
}

/** The entry with one figure replaced (nothing else changes). */
export function withFigure(e: ResultsEntry, part: number | null, ref: FigureRef, n: number): ResultsEntry {
  if (ref.kind === "registered") return { ...e, registered: n };
  const change = (d: DraftCounts): DraftCounts => (ref.kind === "count" ? { ...d, [ref.step]: n } : { ...d, votes: { ...d.votes, [ref.name]: n } });
  if (e.mode === "parts") return { ...e, parts: e.parts.map((d, i) => (i === part ? change(d) : d)) };
  return { ...e, cur: change(e.cur) };
}

/**
 * The problems of a whole draft after a correction that it did not have before (by kind, place and
 * name): those the new value makes. Problems already there (a save refused) do not stop it.
 */
export function problemsMade(before: readonly EntryProblem[], after: readonly EntryProblem[]): EntryProblem[] {
  const key = (p: EntryProblem) => JSON.stringify([p.code, p.field, p.part ?? null, p.name ?? null]);
  const had = new Set(before.map(key));
  return after.filter((p) => !had.has(key(p)));
}
