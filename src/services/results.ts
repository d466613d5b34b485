// Election results (选举法 44–46): staff enter one sheet per round of counting in a constituency —
// as a whole or per station / election meeting / mobile box (parts, summed into the totals) — then
// confirm it, which counts it (domain/results.ts) and stores the outcome, and publish it, which
// tells the constituency's subscribers through the outbox. After a round the outcome says what
// comes next: the same round again (void), a re-vote among the tied, a further election (另行选举)
// with its list, seats left vacant, or nothing; the next round's sheet is made with its seats and
// ballot list when staff start entering it. A CONFIRMED round noticed to be wrong before it is
// published can be reopened for correction (with a reason, audited): a DRAFT again, outcome and
// elected marks cleared, figures kept — only the constituency's latest round, never a published one.
//
// A sheet's ballot list is its ResultVote rows with writeIn = false, written when the sheet is made
// (the formal candidates for a first round; the outcome's list for a re-vote or further election).
// Write-ins are ResultVote rows with writeIn = true. Entry problems (impossible figures) are
// refused with a reason and the field to fix (checkCounts); a void round is not an entry problem.
import { Prisma, type PrismaClient } from "@prisma/client";
import { compareDates, fromDbDate, toLocalDate, type LocalDate } from "../domain/dates.js";
import {
  checkCounts, checkEntry, MAX_COUNT, sumParts, type BallotCounts, type EntryField, type EntryProblem, type EntryProblemCode, type PartEntry,
  type PollingPlaceKind, type SheetEntry,
} from "../domain/result-entry.js";
import { nextAllowedInstant, quietHoursFor, quietStartAfter } from "../domain/reminders.js";
import {
  countResult, countRevote, nextStep, type CountResult, type ElectionKind as CountKind, type NextStep, type PublishedResult, type ResultRound as RoundKind,
} from "../domain/results.js";
import { constituencyInScope, constituencyWhere, COUNTY_WIDE, type AreaScope } from "./accounts.js";
import { writeAudit } from "./audit.js";
import type { Clock } from "./clock.js";
import type { OutboxService } from "./outbox.js";
import type { ResultRow } from "../imports/kinds-results.js";
import type { ReminderPayload } from "./reminders.js";

export type { BallotCounts, EntryField, EntryProblem, EntryProblemCode, NextStep, PartEntry, PollingPlaceKind, PublishedResult, RoundKind, SheetEntry };
export { checkCounts, checkEntry, MAX_COUNT, nextStep, sumParts };
export type SheetStatus = "DRAFT" | "CONFIRMED" | "PUBLISHED";

export interface VoteLine {
  name: string;
  votes: number;
  writeIn: boolean;
  elected: boolean;
  candidateId: number | null;
}

export interface SheetView {
  id: number;
  electionId: number;
  constituencyId: number;
  constituencyName: string;
  electionName: string;
  /** Election.kind: congress or village-committee counting rules. */
  electionKind: string;
  round: RoundKind;
  roundNo: number;
  seats: number;
  status: SheetStatus;
  registered: number;
  totals: BallotCounts;
  /** The names on the ballot (not write-ins), in ballot order. */
  ballot: string[];
  votes: VoteLine[];
  parts: PartEntry[];
  /** Figures entered (a DRAFT just started has none). */
  entered: boolean;
  outcome: CountResult | null;
  next: NextStep | null;
  confirmedAt: Date | null;
  publishedAt: Date | null;
  /** The county-local day it was published. */
  publishedOn: LocalDate | null;
  broadcastId: number | null;
}

export interface ConstituencyResults {
  constituency: { id: number; code: string; name: string; seats: number };
  election: { id: number; name: string; kind: string; electionDay: LocalDate };
  /** Every round so far, oldest first. */
  sheets: SheetView[];
  /** Elected over all confirmed rounds. */
  elected: string[];
  /** What the latest confirmed round leaves to do (null: no round confirmed yet). */
  next: NextStep | null;
  /** The day entry opens: election day. */
  opensOn: LocalDate;
}

export type ConstituencyState = "NONE" | "DRAFT" | "CONFIRMED" | "PUBLISHED";

export type StartProblem = "NOT_FOUND" | "BEFORE_ELECTION_DAY" | "NOTHING_TO_ENTER" | "NO_CANDIDATES";
type OpenResult =
  | { ok: true; sheet: SheetView; created: boolean; plan?: undefined }
  | { ok: true; sheet?: undefined; plan: { seats: number; registered: number }; created: true }
  | { ok: false; problem: StartProblem; opensOn?: LocalDate };

export type ConfirmProblem = "NOT_FOUND" | "NOT_ENTERED" | "ENTRY_PROBLEMS";

/**
 * Why a round cannot be reopened for correction: gone; outside the staff member's scope;
 * PUBLISHED (voters have been told: correcting it is a new announcement, not done here);
 * LATER_ROUND (a re-vote / further election / repeat was already made from its outcome);
 * NO_REASON / REASON_TOO_LONG (the reason is required, 1–REOPEN_REASON_MAX characters trimmed).
 */
export type ReopenProblem = "NOT_FOUND" | "OUTSIDE_SCOPE" | "PUBLISHED" | "LATER_ROUND" | "NO_REASON" | "REASON_TOO_LONG";
/** A refusal; PUBLISHED and LATER_ROUND name the round, its constituency, and the publication day or the later round. */
export type ReopenRefusal = {
  ok: false;
  problem: ReopenProblem;
  round?: { round: RoundKind; roundNo: number };
  constituencyId?: number;
  publishedOn?: LocalDate;
  later?: { round: RoundKind; roundNo: number };
};
export const REOPEN_REASON_MAX = 500;

/** The reason staff give for reopening, trimmed, or why it will not do. */
export function reopenReason(text: string): { ok: true; reason: string } | { ok: false; problem: "NO_REASON" | "REASON_TOO_LONG"; length: number } {
  const reason = text.trim();
  const length = [...reason].length;
  if (length === 0) return { ok: false, problem: "NO_REASON", length };
  if (length > REOPEN_REASON_MAX) return { ok: false, problem: "REASON_TOO_LONG", length };
  return { ok: true, reason };
}

/** What a staff action names: a constituency, or a result sheet (its constituency's). */
export type ScopeTarget = { constituencyId: number } | { sheetId: number };

const ROUND_ORDER: Record<RoundKind, number> = { FIRST: 0, REVOTE: 1, FURTHER: 2 };

type Tx = Prisma.TransactionClient;
type SheetRow = Prisma.ResultSheetGetPayload<{ include: typeof SHEET_INCLUDE }>;

const countKind = (k: string): CountKind => (k === "VILLAGE_COMMITTEE" || k === "COMMUNITY_COMMITTEE" ? "village" : "congress");

export class ResultService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {}

  private today(): LocalDate {
    return toLocalDate(this.clock.now(), this.timeZone);
  }

  /** Elections that have constituencies in the scope, newest election day first. */
  async elections(scope: AreaScope = COUNTY_WIDE): Promise<{ id: number; name: string; electionDay: LocalDate }[]> {
    const rows = await this.prisma.election.findMany({
      where: { constituencies: { some: constituencyWhere(scope) } },
      orderBy: [{ electionDay: "desc" }, { id: "desc" }],
      select: { id: true, name: true, electionDay: true },
      take: 10,
    });
    return rows.map((e) => ({ id: e.id, name: e.name, electionDay: fromDbDate(e.electionDay) }));
  }

  /** The election's constituencies in the scope, with the state of their latest round. */
  async constituencies(electionId: number, scope: AreaScope = COUNTY_WIDE): Promise<{ id: number; code: string; name: string; seats: number; state: ConstituencyState }[]> {
    const rows = await this.prisma.constituency.findMany({
      where: { AND: [{ electionId }, constituencyWhere(scope)] },
      orderBy: { code: "asc" },
      select: { id: true, code: true, name: true, seats: true, resultSheets: { select: { status: true, round: true, roundNo: true } } },
    });
    return rows.map(({ resultSheets, ...c }) => {
      const latest = [...resultSheets].sort((a, b) => ROUND_ORDER[a.round] - ROUND_ORDER[b.round] || a.roundNo - b.roundNo).at(-1);
      return { ...c, state: latest?.status ?? "NONE" };
    });
  }

  /** The constituency's rounds, who is elected and what comes next. Null when it does not exist. */
  async constituency(constituencyId: number): Promise<ConstituencyResults | null> {
    const c = await this.prisma.constituency.findUnique({
      where: { id: constituencyId },
      select: { id: true, code: true, name: true, seats: true, election: { select: { id: true, name: true, kind: true, electionDay: true } } },
    });
    if (!c) return null;
    const sheets = await this.sheetsOf(this.prisma, constituencyId);
    const confirmed = sheets.filter((s) => s.status !== "DRAFT");
    const { election, ...constituency } = c;
    const electionDay = fromDbDate(election.electionDay);
    return {
      constituency,
      election: { ...election, electionDay },
      sheets,
      elected: confirmed.flatMap((s) => s.outcome?.elected ?? []),
      next: confirmed.at(-1)?.next ?? null,
      opensOn: electionDay,
    };
  }

  /**
   * Whether the constituency (or the sheet's) lies outside the scope: what staff may not act on,
   * whatever id a button carries. A missing one is not "outside": the action says it is gone.
   */
  async outsideScope(target: ScopeTarget, scope: AreaScope): Promise<boolean> {
    if (scope.all) return false;
    const where: Prisma.ConstituencyWhereInput = "sheetId" in target ? { resultSheets: { some: { id: target.sheetId } } } : { id: target.constituencyId };
    const [found, inside] = await Promise.all([
      this.prisma.constituency.count({ where }),
      this.prisma.constituency.count({ where: { AND: [where, constituencyWhere(scope)] } }),
    ]);
    return found > 0 && inside === 0;
  }

  async sheet(id: number): Promise<SheetView | null> {
    const row = await this.prisma.resultSheet.findUnique({ where: { id }, include: SHEET_INCLUDE });
    return row ? this.view(row) : null;
  }

  /** The constituency's polling places, the parts a sheet may be entered by. */
  async places(constituencyId: number): Promise<{ id: number; name: string; kind: PollingPlaceKind }[]> {
    return this.prisma.pollingPlace.findMany({ where: { constituencyId }, select: { id: true, name: true, kind: true }, orderBy: { id: "asc" } });
  }

  /** Registered voters of a constituency on the roll (LISTED), the default for a sheet. */
  async registeredOnRoll(constituencyId: number, db: Tx | PrismaClient = this.prisma): Promise<number> {
    return db.rollEntry.count({ where: { constituencyId, status: "LISTED" } });
  }

  /**
   * The sheet staff enter next: an open DRAFT, or a new one for the round that comes next (the
   * first round, the same round again after a void one, a re-vote, a further election), made with
   * its seats, ballot list and the roll's registered count. Entry opens on election day.
   */
  async startRound(constituencyId: number, actorId: number | null): Promise<{ ok: true; sheet: SheetView; created: boolean } | { ok: false; problem: StartProblem; opensOn?: LocalDate }> {
    const r = await this.prisma.$transaction((tx) => this.openSheet(tx, constituencyId, actorId));
    if (r.ok && r.sheet === undefined) throw new Error("openSheet: a plan only comes from a dry run");
    return r;
  }

  /** startRound inside a transaction (the import writes through it too). */
  private async openSheet(tx: Tx, constituencyId: number, actorId: number | null, dryRun = false): Promise<OpenResult> {
    // One starter at a time per constituency (two staff, or a double tap).
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(72610010, ${constituencyId})`;
    const c = await tx.constituency.findUnique({ where: { id: constituencyId }, select: { id: true, electionId: true, seats: true, election: { select: { electionDay: true } } } });
    if (!c) return { ok: false, problem: "NOT_FOUND" };
    const opensOn = fromDbDate(c.election.electionDay);
    if (compareDates(this.today(), opensOn) < 0) return { ok: false, problem: "BEFORE_ELECTION_DAY", opensOn };
    const sheets = await this.sheetsOf(tx, constituencyId);
    const draft = sheets.find((s) => s.status === "DRAFT");
    if (draft) return { ok: true, sheet: draft, created: false };
    const plan = await this.nextPlan(tx, c, sheets);
    if (!plan) return { ok: false, problem: "NOTHING_TO_ENTER" };
    if (plan.candidates.length === 0) return { ok: false, problem: "NO_CANDIDATES" };
    const registered = sheets.at(-1)?.registered ?? (await this.registeredOnRoll(constituencyId, tx));
    if (dryRun) return { ok: true, plan: { seats: plan.seats, registered }, created: true };
    const roundNo = sheets.filter((s) => s.round === plan.round).length + 1;
    const ids = new Map(
      (await tx.candidate.findMany({ where: { constituencyId, fullName: { in: plan.candidates } }, select: { id: true, fullName: true } })).map((k) => [k.fullName, k.id]),
    );
    const created = await tx.resultSheet.create({
      data: {
        electionId: c.electionId,
        constituencyId,
        round: plan.round,
        roundNo,
        seats: plan.seats,
        registered,
        voted: 0,
        returned: 0,
        validBallots: 0,
        invalidBallots: 0,
        enteredById: actorId,
        votes: { create: plan.candidates.map((name) => ({ name, votes: 0, candidateId: ids.get(name) ?? null })) },
      },
      include: SHEET_INCLUDE,
    });
    await writeAudit(tx, { actorId, action: "results.start", subject: `result_sheet:${created.id}`, details: { constituencyId, round: plan.round, roundNo, seats: plan.seats } });
    return { ok: true, sheet: this.view(created), created: true };
  }

  // ───────────── import (src/imports/kinds-results.ts) ─────────────

  /** Per constituency code, the round an import would fill (ImportContext.resultRounds). */
  async importRounds(electionId: number): Promise<Map<string, { seats: number; registered: number; closed: string | null }>> {
    const out = new Map<string, { seats: number; registered: number; closed: string | null }>();
    const cs = await this.prisma.constituency.findMany({ where: { electionId }, select: { id: true, code: true }, orderBy: { code: "asc" } });
    await this.prisma.$transaction(async (tx) => {
      for (const c of cs) {
        const open = await this.openSheet(tx, c.id, null, true);
        if (open.ok) out.set(c.code, open.sheet ? { seats: open.sheet.seats, registered: open.sheet.registered, closed: null } : { ...open.plan!, closed: null });
        else out.set(c.code, { seats: 1, registered: 0, closed: open.problem === "BEFORE_ELECTION_DAY" ? open.opensOn! : open.problem });
      }
    });
    return out;
  }

  /**
   * Writes validated import rows as drafts of each constituency's open round (made when needed).
   * A constituency whose draft already holds these figures is unchanged (re-importing changes nothing).
   */
  async writeImported(tx: Tx, electionId: number, rows: readonly ResultRow[], actorId: number | null): Promise<{ created: number; updated: number; unchanged: number }> {
    const counts = { created: 0, updated: 0, unchanged: 0 };
    const byCode = new Map<string, ResultRow[]>();
    for (const r of rows) byCode.set(r.constituencyCode, [...(byCode.get(r.constituencyCode) ?? []), r]);
    const cs = await tx.constituency.findMany({ where: { electionId, code: { in: [...byCode.keys()] } }, select: { id: true, code: true } });
    for (const c of cs) {
      const group = byCode.get(c.code)!;
      const open = await this.openSheet(tx, c.id, actorId);
      if (!open.ok || !open.sheet) throw new Error(`results import: constituency ${c.code} has no open round (${open.ok ? "dry" : open.problem})`);
      const sheet = open.sheet;
      const places = new Map((await tx.pollingPlace.findMany({ where: { constituencyId: c.id }, select: { id: true, name: true } })).map((p) => [p.name, p.id]));
      const parts = new Map<string, PartEntry>();
      for (const r of group) {
        const label = r.part ?? "";
        const p = parts.get(label) ?? { label, placeKind: r.placeKind, pollingPlaceId: places.get(label) ?? null, voted: r.voted, proxyVotes: r.proxyVotes, returned: r.returned, valid: r.valid, invalid: r.invalid, votes: {} };
        p.votes[r.name] = r.votes;
        parts.set(label, p);
      }
      const registered = group.find((r) => r.registered !== null)?.registered ?? sheet.registered;
      const whole = parts.get("");
      const entry: SheetEntry = whole ? { registered, totals: whole } : { registered, parts: [...parts.values()] };
      if (sheet.entered && sameEntry(sheet, entry)) {
        counts.unchanged++;
        continue;
      }
      const saved = await this.saveEntry(sheet.id, entry, actorId, tx);
      // Validation (kinds-results.ts) ran the same checks: a refusal here is a bug, not bad input.
      if (!saved.ok) throw new Error(`results import: constituency ${c.code}: ${saved.problem} ${JSON.stringify("problems" in saved ? saved.problems : [])}`);
      if (sheet.entered) counts.updated++;
      else counts.created++;
    }
    return counts;
  }

  /** The round after the latest confirmed one, or the first; null when nothing is left to enter. */
  private async nextPlan(tx: Tx, c: { id: number; seats: number }, sheets: SheetView[]): Promise<{ round: RoundKind; seats: number; candidates: string[] } | null> {
    const last = sheets.at(-1);
    if (!last) {
      const formal = await tx.candidate.findMany({ where: { constituencyId: c.id, listStage: "FORMAL" }, select: { fullName: true }, orderBy: { id: "asc" } });
      return { round: "FIRST", seats: c.seats, candidates: formal.map((f) => f.fullName) };
    }
    const next = last.next;
    if (!next) return null;
    switch (next.kind) {
      case "REPEAT":
        return { round: next.round, seats: next.seats, candidates: next.candidates };
      case "REVOTE":
        return { round: "REVOTE", seats: next.seats, candidates: next.candidates };
      case "FURTHER":
        return { round: "FURTHER", seats: next.seats, candidates: next.candidates };
      default:
        return null;
    }
  }

  /**
   * Saves staff's figures into a DRAFT sheet (parts replaced, totals summed); refused with the
   * problems when any figure is impossible. Nothing is written then.
   */
  async saveEntry(sheetId: number, entry: SheetEntry, actorId: number | null, db?: Tx): Promise<{ ok: true; sheet: SheetView } | { ok: false; problem: "NOT_FOUND" | "NOT_DRAFT" } | { ok: false; problem: "ENTRY_PROBLEMS"; problems: EntryProblem[] }> {
    const run = async (tx: Tx) => {
      const sheet = await tx.resultSheet.findUnique({ where: { id: sheetId }, include: SHEET_INCLUDE });
      if (!sheet) return { ok: false as const, problem: "NOT_FOUND" as const };
      if (sheet.status !== "DRAFT") return { ok: false as const, problem: "NOT_DRAFT" as const };
      const problems = checkEntry(entry, sheet.seats);
      if (problems.length > 0) return { ok: false as const, problem: "ENTRY_PROBLEMS" as const, problems };
      const parts = entry.parts ?? [];
      const totals = parts.length > 0 ? sumParts(parts) : entry.totals!;
      const ballot = sheet.votes.filter((v) => !v.writeIn).map((v) => v.name);
      const onBallot = new Set(ballot);
      await tx.resultPart.deleteMany({ where: { sheetId } });
      if (parts.length > 0) {
        await tx.resultPart.createMany({
          data: parts.map((p) => ({
            sheetId,
            label: p.label,
            placeKind: p.placeKind,
            pollingPlaceId: p.pollingPlaceId ?? null,
            voted: p.voted,
            returned: p.returned,
            validBallots: p.valid,
            invalidBallots: p.invalid,
            proxyVotes: p.proxyVotes,
            votes: p.votes,
          })),
        });
      }
      // The ballot list stays (with its votes, 0 when nobody named them); write-ins are replaced.
      await tx.resultVote.deleteMany({ where: { sheetId, writeIn: true } });
      for (const name of ballot) await tx.resultVote.update({ where: { sheetId_name: { sheetId, name } }, data: { votes: totals.votes[name] ?? 0, elected: false } });
      const writeIns = Object.entries(totals.votes).filter(([name]) => !onBallot.has(name));
      if (writeIns.length > 0) await tx.resultVote.createMany({ data: writeIns.map(([name, votes]) => ({ sheetId, name, votes, writeIn: true, candidateId: null })) });
      await tx.resultSheet.update({
        where: { id: sheetId },
        data: {
          registered: entry.registered,
          voted: totals.voted,
          returned: totals.returned,
          validBallots: totals.valid,
          invalidBallots: totals.invalid,
          proxyVotes: totals.proxyVotes,
          enteredById: actorId,
          outcome: Prisma.DbNull,
        },
      });
      await writeAudit(tx, { actorId, action: "results.enter", subject: `result_sheet:${sheetId}`, details: { parts: parts.length, writeIns: writeIns.length } });
      const saved = await tx.resultSheet.findUniqueOrThrow({ where: { id: sheetId }, include: SHEET_INCLUDE });
      return { ok: true as const, sheet: this.view(saved) };
    };
    return db ? run(db) : this.prisma.$transaction(run);
  }

  /** What counting the DRAFT would give, without storing it (the summary staff confirm). */
  preview(sheet: SheetView): CountResult {
    return countSheet(sheet);
  }

  /**
   * Confirms a DRAFT: counts it, stores the outcome, marks the elected, audits. A second confirm
   * (double tap, two staff) changes nothing and says so (`already`).
   */
  async confirm(sheetId: number, actorId: number | null): Promise<{ ok: true; sheet: SheetView; already: boolean } | { ok: false; problem: ConfirmProblem; problems?: EntryProblem[] }> {
    const now = this.clock.now();
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.resultSheet.findUnique({ where: { id: sheetId }, include: SHEET_INCLUDE });
      if (!row) return { ok: false as const, problem: "NOT_FOUND" as const };
      if (row.status !== "DRAFT") return { ok: true as const, sheet: this.view(row), already: true };
      const sheet = this.view(row);
      if (!sheet.entered) return { ok: false as const, problem: "NOT_ENTERED" as const };
      const problems = checkEntry({ registered: sheet.registered, totals: sheet.totals, parts: sheet.parts }, sheet.seats);
      if (problems.length > 0) return { ok: false as const, problem: "ENTRY_PROBLEMS" as const, problems };
      const outcome = countSheet(sheet);
      const claimed = await tx.resultSheet.updateMany({
        where: { id: sheetId, status: "DRAFT" },
        data: { status: "CONFIRMED", outcome: outcome as unknown as Prisma.InputJsonObject, confirmedById: actorId, confirmedAt: now },
      });
      if (claimed.count === 0) return { ok: true as const, sheet: (await this.sheetIn(tx, sheetId))!, already: true };
      if (outcome.elected.length > 0) await tx.resultVote.updateMany({ where: { sheetId, name: { in: outcome.elected } }, data: { elected: true } });
      await writeAudit(tx, {
        actorId,
        action: "results.confirm",
        subject: `result_sheet:${sheetId}`,
        before: { status: "DRAFT" },
        after: { status: "CONFIRMED" },
        details: { valid: outcome.valid, reason: outcome.reason ?? null, elected: outcome.elected.length, next: nextStep(sheet, outcome).kind },
      });
      return { ok: true as const, sheet: (await this.sheetIn(tx, sheetId))!, already: false };
    });
  }

  /**
   * Whether a sheet can be reopened for correction now (what the "reopen" button checks before
   * asking for the reason): a CONFIRMED sheet that is its constituency's latest round, in the
   * scope. A DRAFT is `already` (nothing to reopen). Nothing is written.
   */
  async reopenable(sheetId: number, scope: AreaScope = COUNTY_WIDE): Promise<{ ok: true; sheet: SheetView; already: boolean } | ReopenRefusal> {
    const row = await this.prisma.resultSheet.findUnique({ where: { id: sheetId }, include: SHEET_INCLUDE });
    if (!row) return { ok: false, problem: "NOT_FOUND" };
    const refused = await this.reopenRefusal(this.prisma, row, scope);
    return refused ?? { ok: true, sheet: this.view(row), already: row.status === "DRAFT" };
  }

  /**
   * Reopens a CONFIRMED round for correction (a typo noticed before publishing): back to DRAFT,
   * the stored outcome, who confirmed it and when, and every elected mark of the sheet cleared;
   * the figures stay, so staff fix what was wrong and confirm again. Only the constituency's
   * latest round (`LATER_ROUND` when a re-vote or further election was already made from it),
   * never a PUBLISHED one, and only with a reason (trimmed, 1–500 characters), which goes into
   * the audit entry `results.reopen`. A DRAFT is `already`: nothing changes. The checks and the
   * change are one transaction with a conditional update (two staff, a double tap: reopened once).
   */
  async reopen(sheetId: number, actorId: number | null, reason: string, scope: AreaScope = COUNTY_WIDE): Promise<{ ok: true; sheet: SheetView; already: boolean } | ReopenRefusal> {
    const why = reopenReason(reason);
    if (!why.ok) return { ok: false, problem: why.problem };
    return this.prisma.$transaction(async (tx) => {
      const head = await tx.resultSheet.findUnique({ where: { id: sheetId }, select: { constituencyId: true } });
      if (!head) return { ok: false as const, problem: "NOT_FOUND" as const };
      // The lock startRound takes: no next round is made from this outcome while it is reopened.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(72610010, ${head.constituencyId})`;
      const row = await tx.resultSheet.findUnique({ where: { id: sheetId }, include: SHEET_INCLUDE });
      if (!row) return { ok: false as const, problem: "NOT_FOUND" as const };
      const refused = await this.reopenRefusal(tx, row, scope);
      if (refused) return refused;
      if (row.status === "DRAFT") return { ok: true as const, sheet: this.view(row), already: true };
      const claimed = await tx.resultSheet.updateMany({
        where: { id: sheetId, status: "CONFIRMED" },
        data: { status: "DRAFT", outcome: Prisma.DbNull, confirmedById: null, confirmedAt: null },
      });
      if (claimed.count === 0) {
        const current = (await this.sheetIn(tx, sheetId))!;
        return current.status === "PUBLISHED"
          ? { ok: false as const, problem: "PUBLISHED" as const, round: { round: current.round, roundNo: current.roundNo }, constituencyId: current.constituencyId, publishedOn: current.publishedOn! }
          : { ok: true as const, sheet: current, already: true };
      }
      await tx.resultVote.updateMany({ where: { sheetId, elected: true }, data: { elected: false } });
      // Ids, not names (audit.ts): the ballot-list rows that were marked elected.
      const electedVoteIds = row.votes.filter((v) => v.elected).map((v) => v.id);
      await writeAudit(tx, {
        actorId,
        action: "results.reopen",
        subject: `result_sheet:${sheetId}`,
        before: { status: "CONFIRMED", electedVoteIds },
        after: { status: "DRAFT" },
        details: { reason: why.reason, constituencyId: row.constituencyId, round: row.round, roundNo: row.roundNo },
      });
      return { ok: true as const, sheet: (await this.sheetIn(tx, sheetId))!, already: false };
    });
  }

  /** Why this sheet may not be reopened (null: it may, or it is a DRAFT already). */
  private async reopenRefusal(db: Tx | PrismaClient, row: SheetRow, scope: AreaScope): Promise<ReopenRefusal | null> {
    if (!(await constituencyInScope(db, row.constituencyId, scope))) return { ok: false, problem: "OUTSIDE_SCOPE" };
    const named = { round: { round: row.round, roundNo: row.roundNo }, constituencyId: row.constituencyId };
    if (row.status === "PUBLISHED") return { ok: false, problem: "PUBLISHED", ...named, publishedOn: toLocalDate(row.publishedAt!, this.timeZone) };
    if (row.status === "DRAFT") return null;
    const later = await db.resultSheet.findFirst({
      where: { constituencyId: row.constituencyId, electionId: row.electionId, id: { gt: row.id } },
      orderBy: { id: "asc" },
      select: { round: true, roundNo: true },
    });
    return later ? { ok: false, problem: "LATER_ROUND", ...named, later } : null;
  }

  /** Who would be told, and what, when this sheet is published. */
  async publishPreview(sheetId: number): Promise<{ sheet: SheetView; recipients: number; result: PublishedResult } | null> {
    const sheet = await this.sheet(sheetId);
    if (!sheet || sheet.status === "DRAFT" || !sheet.outcome) return null;
    const [r] = await this.prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM (${subscribersSql(sheet.constituencyId)}) s`;
    return { sheet, recipients: r!.n, result: publishedResult(sheet) };
  }

  /**
   * Publishes a CONFIRMED sheet: PUBLISHED with its day, and one message per subscriber of the
   * constituency (voters linked to it who keep the "results" reminder topic) queued in the outbox,
   * in their own language and outside their quiet hours. The generic "results published" reminder
   * is marked as sent for them (ReminderSent), so nobody hears it twice. Publishing twice queues
   * nothing the second time (`already`). When every constituency of the election has a published
   * round, the election's resultsPublishedOn is set (if staff have not set it).
   */
  async publish(sheetId: number, actorId: number | null): Promise<{ ok: true; sheet: SheetView; queued: number; already: boolean } | { ok: false; problem: "NOT_FOUND" | "NOT_CONFIRMED" }> {
    const now = this.clock.now();
    const today = this.today();
    return this.prisma.$transaction(
      async (tx) => {
        const row = await tx.resultSheet.findUnique({ where: { id: sheetId }, include: SHEET_INCLUDE });
        if (!row) return { ok: false as const, problem: "NOT_FOUND" as const };
        if (row.status === "DRAFT") return { ok: false as const, problem: "NOT_CONFIRMED" as const };
        const claimed = await tx.resultSheet.updateMany({ where: { id: sheetId, status: "CONFIRMED" }, data: { status: "PUBLISHED", publishedAt: now } });
        if (claimed.count === 0) {
          // Published meanwhile (already), or reopened for correction meanwhile (a draft again).
          const current = (await this.sheetIn(tx, sheetId))!;
          if (current.status === "DRAFT") return { ok: false as const, problem: "NOT_CONFIRMED" as const };
          return { ok: true as const, sheet: current, queued: 0, already: true };
        }
        const sheet = (await this.sheetIn(tx, sheetId))!;
        const subscribers = await tx.$queryRaw<{ id: number; telegramId: bigint; quietFrom: number; quietTo: number }[]>`${subscribersSql(row.constituencyId)}`;
        const payload: ReminderPayload = {
          election: row.constituency.election.name,
          electionDay: fromDbDate(row.constituency.election.electionDay),
          items: [{ kind: "RESULTS", date: today, result: publishedResult(sheet) }],
        };
        // The send window per quiet-hours choice (a handful of distinct ones among thousands of people).
        const windows = new Map<string, { notBefore: Date; windowEndsAt: Date }>();
        const windowFor = (s: { quietFrom: number; quietTo: number }) => {
          const key = `${s.quietFrom}-${s.quietTo}`;
          let w = windows.get(key);
          if (!w) {
            const quiet = quietHoursFor(s);
            const notBefore = nextAllowedInstant(now, quiet, this.timeZone);
            w = { notBefore, windowEndsAt: quietStartAfter(notBefore, quiet.from, this.timeZone) };
            windows.set(key, w);
          }
          return w;
        };
        const items = subscribers.map((s) => ({ userId: s.id, chatId: Number(s.telegramId), payload, ...windowFor(s) }));
        const queued = await this.outbox.enqueue({ key: `results:${sheetId}`, text: `results ${sheetId}`, now, items }, tx);
        const day = new Date(`${today}T00:00:00Z`);
        const sent = JSON.stringify([...queued].map(([userId, deliveryId]) => ({ userId, deliveryId: Number(deliveryId) })));
        await tx.$executeRaw`
          INSERT INTO "ReminderSent" ("userId", "electionId", kind, ref, "localDay", urgent, "deliveryId")
          SELECT x."userId", ${row.electionId}, 'RESULTS', '', ${day}, false, x."deliveryId"
          FROM jsonb_to_recordset(${sent}::jsonb) AS x("userId" int, "deliveryId" bigint)
          ON CONFLICT DO NOTHING`;
        const [b] = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM "Broadcast" WHERE key = ${`results:${sheetId}`}`;
        await tx.resultSheet.update({ where: { id: sheetId }, data: { broadcastId: b?.id ?? null } });
        const [{ left }] = (await tx.$queryRaw<{ left: number }[]>`
          SELECT count(*)::int AS left FROM "Constituency" c WHERE c."electionId" = ${row.electionId}
            AND NOT EXISTS (SELECT 1 FROM "ResultSheet" s WHERE s."constituencyId" = c.id AND s.status = 'PUBLISHED')`) as [{ left: number }];
        if (left === 0) await tx.election.updateMany({ where: { id: row.electionId, resultsPublishedOn: null }, data: { resultsPublishedOn: day } });
        await writeAudit(tx, {
          actorId,
          action: "results.publish",
          subject: `result_sheet:${sheetId}`,
          before: { status: "CONFIRMED" },
          after: { status: "PUBLISHED" },
          details: { queued: queued.size, broadcastId: b?.id ?? null },
        });
        return { ok: true as const, sheet: { ...sheet, broadcastId: b?.id ?? null }, queued: queued.size, already: false };
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  }

  /** The published rounds of a constituency, for its voters (empty until something is published). */
  async published(constituencyId: number): Promise<SheetView[]> {
    return (await this.sheetsOf(this.prisma, constituencyId)).filter((s) => s.status === "PUBLISHED");
  }

  private async sheetIn(tx: Tx, id: number): Promise<SheetView | null> {
    const row = await tx.resultSheet.findUnique({ where: { id }, include: SHEET_INCLUDE });
    return row ? this.view(row) : null;
  }

  private async sheetsOf(db: Tx | PrismaClient, constituencyId: number): Promise<SheetView[]> {
    const rows = await db.resultSheet.findMany({ where: { constituencyId }, include: SHEET_INCLUDE, orderBy: { id: "asc" } });
    return rows.map((r) => this.view(r));
  }

  private view(row: SheetRow): SheetView {
    const ballot = row.votes.filter((v) => !v.writeIn).sort((a, b) => a.id - b.id);
    const writeIns = row.votes.filter((v) => v.writeIn).sort((a, b) => b.votes - a.votes || a.id - b.id);
    const votes: VoteLine[] = [...ballot, ...writeIns].map((v) => ({ name: v.name, votes: v.votes, writeIn: v.writeIn, elected: v.elected, candidateId: v.candidateId }));
    const totals: BallotCounts = {
      voted: row.voted,
      proxyVotes: row.proxyVotes,
      returned: row.returned,
      valid: row.validBallots,
      invalid: row.invalidBallots,
      votes: Object.fromEntries(votes.map((v) => [v.name, v.votes])),
    };
    const outcome = (row.outcome as CountResult | null) ?? null;
    const base = {
      id: row.id,
      electionId: row.electionId,
      constituencyId: row.constituencyId,
      constituencyName: row.constituency.name,
      electionName: row.constituency.election.name,
      electionKind: row.constituency.election.kind,
      round: row.round,
      roundNo: row.roundNo,
      seats: row.seats,
      status: row.status,
      registered: row.registered,
      totals,
      ballot: ballot.map((v) => v.name),
      votes,
      parts: row.parts
        .sort((a, b) => a.id - b.id)
        .map((p) => ({
          label: p.label,
          placeKind: p.placeKind,
          pollingPlaceId: p.pollingPlaceId,
          voted: p.voted,
          proxyVotes: p.proxyVotes,
          returned: p.returned,
          valid: p.validBallots,
          invalid: p.invalidBallots,
          votes: p.votes as Record<string, number>,
        })),
      entered: row.voted > 0 || row.returned > 0,
      outcome,
      confirmedAt: row.confirmedAt,
      publishedAt: row.publishedAt,
      publishedOn: row.publishedAt ? toLocalDate(row.publishedAt, this.timeZone) : null,
      broadcastId: row.broadcastId,
    };
    return { ...base, next: outcome ? nextStep(base, outcome) : null };
  }
}

/** Whether a draft already holds exactly these figures. */
function sameEntry(sheet: SheetView, entry: SheetEntry): boolean {
  const parts = entry.parts ?? [];
  const totals = parts.length > 0 ? sumParts(parts) : entry.totals!;
  const votes = (v: Record<string, number>) => JSON.stringify(Object.entries(v).filter(([, n]) => n > 0).sort(([a], [b]) => a.localeCompare(b)));
  const figures = (c: BallotCounts) => [c.voted, c.proxyVotes, c.returned, c.valid, c.invalid, votes(c.votes)].join("|");
  const partKey = (p: PartEntry) => `${p.label}|${p.placeKind}|${figures(p)}`;
  return (
    sheet.registered === entry.registered &&
    figures(sheet.totals) === figures(totals) &&
    JSON.stringify(sheet.parts.map(partKey)) === JSON.stringify(parts.map(partKey))
  );
}

const SHEET_INCLUDE = {
  parts: true,
  votes: true,
  constituency: { select: { name: true, election: { select: { name: true, kind: true, electionDay: true } } } },
} as const;

/** Counts a sheet's totals by its round: first / further (countResult) or a re-vote (countRevote). */
export function countSheet(sheet: Pick<SheetView, "round" | "seats" | "registered" | "totals" | "ballot" | "electionKind">): CountResult {
  const input = { kind: countKind(sheet.electionKind), seats: sheet.seats, registered: sheet.registered, voted: sheet.totals.voted, returned: sheet.totals.returned, votes: sheet.totals.votes };
  if (sheet.round === "REVOTE") return countRevote({ ...input, tied: sheet.ballot });
  return countResult({ ...input, round: sheet.round === "FIRST" ? "first" : "further" });
}

export function publishedResult(sheet: SheetView): PublishedResult {
  const outcome = sheet.outcome!;
  return { constituency: sheet.constituencyName, round: sheet.round, roundNo: sheet.roundNo, elected: outcome.elected, next: sheet.next ?? nextStep(sheet, outcome) };
}

/** Voters linked to the constituency who can be reached and keep the "results" reminders. */
function subscribersSql(constituencyId: number): Prisma.Sql {
  return Prisma.sql`SELECT u.id, u."telegramId", u."quietFrom", u."quietTo" FROM "User" u
    LEFT JOIN "RollEntry" r ON r.id = u."rollEntryId"
    LEFT JOIN "ReminderPreference" p ON p."userId" = u.id
    WHERE u."unreachableAt" IS NULL AND u."remindersOn" = true AND COALESCE(p.results, true) = true
      AND (u."constituencyId" = ${constituencyId} OR r."constituencyId" = ${constituencyId})`;
}
