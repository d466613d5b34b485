// Staff imports, the database side: build the ImportContext from what is stored, validate every
// row (src/imports), then write in ONE transaction with upserts by natural key:
//   areas          by code
//   constituencies by (election, code), their voter groups by (constituency, name), their areas
//   roll           by (election, voterNo) — set-based SQL in chunks (jsonb_to_recordset … ON CONFLICT)
//   places         by (constituency, name)
//   candidates     by (constituency, name)
//   delegates      by (name, constituency)
//   meetings       by (candidate, start)
//   faq            by (locale, question)
//   departments    by code
//   categories     by code
//   results        into each constituency's open round, as a draft staff confirm in /results
// Nothing is written while any row has a problem, unless `validOnly`. Re-importing the same file
// changes nothing (rows whose values are equal are counted as unchanged, not rewritten). Rows
// missing from a file are never deleted: removals are explicit — a roll entry with status
// 除名/REMOVED, a meeting with 取消 (deleted), a department or category with 停用 (kept, inactive:
// suggestions point at it).
import type { Prisma, PrismaClient } from "@prisma/client";
import { fromDbDate, parseLocalDate, type LocalDate } from "../domain/dates.js";
import { instantAt } from "../domain/zoned-time.js";
import { candidateKey, personKey, type ImportKind, type RowOf } from "../imports/kinds.js";
import type { ReadOptions } from "../imports/read.js";
import { nameKey, type ImportContext } from "../imports/spec.js";
import { readAndValidate, type ImportError, type ImportStats } from "../imports/validate.js";
import type { AreaScope } from "./accounts.js";
import type { AuditService } from "./audit.js";
import { electionWhere } from "./election-admin.js";
import type { ResultService } from "./results.js";

export const ALL_KINDS: readonly ImportKind[] = [
  "areas", "constituencies", "roll", "places", "candidates", "meetings", "delegates", "faq", "departments", "categories", "results",
];

export function isImportKind(kind: string): kind is ImportKind {
  return (ALL_KINDS as readonly string[]).includes(kind);
}

/**
 * Kinds whose rows belong to one election (constituency codes are per election): with more than
 * one election the chat asks which (delegates: their constituency codes are looked up in it).
 */
export const PER_ELECTION_KINDS: ReadonlySet<ImportKind> = new Set(["constituencies", "roll", "places", "candidates", "meetings", "delegates", "results"]);
/** Of those, the kinds that cannot be imported at all without an election. */
const NEEDS_ELECTION = new Set<ImportKind>(["constituencies", "roll", "places", "candidates", "meetings", "results"]);

/** Telegram lets a bot download files up to 20 MB; the CLI reads the same limit. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export interface ImportOptions {
  /** Write the valid rows even when others have problems. */
  validOnly?: boolean;
  /** Validate and count what would change, write nothing (the transaction is rolled back). */
  dryRun?: boolean;
  /** The election the rows belong to (default: the latest by election day). */
  electionId?: number;
  actorId?: number | null;
  read?: ReadOptions;
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export type ImportStatus =
  | "written" // rows written (or nothing to change)
  | "dry-run" // counted, nothing written
  | "refused" // problems found and not validOnly: nothing written
  | "no-election"; // the kind needs an election and there is none (or not the one asked for)

export interface ImportOutcome {
  kind: ImportKind;
  status: ImportStatus;
  electionId: number | null;
  stats: ImportStats | null;
  errors: ImportError[];
  counts: ImportCounts;
  /** Valid rows (written or counted). */
  rows: number;
  /** Rows left out because of their problems (validOnly). */
  skipped: number;
}

const ROLL_CHUNK = 5000;
const TX_OPTIONS = { maxWait: 30_000, timeout: 600_000 } as const;

class DryRun extends Error {
  constructor(readonly counts: ImportCounts) {
    super("dry run");
  }
}

type Tx = Prisma.TransactionClient;
const zero = (): ImportCounts => ({ created: 0, updated: 0, unchanged: 0 });

export class ImportService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly audit: AuditService,
    private readonly onChange: () => void = () => {},
    /** The county's zone: meeting times in files are its wall-clock times. */
    private readonly timeZone = "Asia/Shanghai",
    /** Results are written into a constituency's open round by the results service. */
    private readonly results?: Pick<ResultService, "importRounds" | "writeImported">,
  ) {}

  /**
   * The kinds staff of `scope` may import. Township staff change only their own township's
   * records: the kinds whose every row belongs to one election (constituencies, roll, places,
   * candidates, meetings, results), for an election held in their area (allowed()). What the whole
   * county shares — areas, FAQ, departments, categories, and delegates (a row need not name a
   * constituency, and the list spans terms) — is for county staff.
   */
  kindsFor(scope?: AreaScope): readonly ImportKind[] {
    return !scope || scope.all ? ALL_KINDS : ALL_KINDS.filter((k) => NEEDS_ELECTION.has(k));
  }

  /** Whether staff of `scope` may import `kind` into `electionId` (township staff: always name one of their area's). */
  async allowed(kind: ImportKind, electionId: number | undefined, scope?: AreaScope): Promise<boolean> {
    if (!scope || scope.all) return true;
    if (!this.kindsFor(scope).includes(kind) || electionId === undefined) return false;
    return (await this.prisma.election.count({ where: { id: electionId, ...electionWhere(scope) } })) > 0;
  }

  /** The election imports go to by default: the latest by election day. */
  async defaultElectionId(): Promise<number | null> {
    const e = await this.prisma.election.findFirst({ orderBy: [{ electionDay: "desc" }, { id: "desc" }], select: { id: true } });
    return e?.id ?? null;
  }

  async run(kind: ImportKind, file: { bytes: Buffer; fileName: string }, opts: ImportOptions = {}): Promise<ImportOutcome> {
    const base = { kind, errors: [] as ImportError[], counts: zero(), rows: 0, skipped: 0, stats: null };
    const electionId = opts.electionId ?? (await this.defaultElectionId());
    if (electionId === null && NEEDS_ELECTION.has(kind)) return { ...base, status: "no-election", electionId: null };
    if (opts.electionId !== undefined && !(await this.prisma.election.count({ where: { id: opts.electionId } }))) {
      return { ...base, status: "no-election", electionId: null };
    }

    const context = await this.context(kind, electionId);
    const result = await readAndValidate(kind, file, context, { maxBytes: MAX_IMPORT_BYTES, ...opts.read });
    let rows = result.rows as { row: number; value: RowOf<ImportKind> }[];
    const errors = [...result.errors];
    if (kind === "roll" && electionId !== null) {
      const againstDb = await this.rollAgainstDatabase(electionId, rows as { row: number; value: RowOf<"roll"> }[]);
      errors.push(...againstDb);
      const bad = new Set(againstDb.map((e) => e.row));
      rows = rows.filter((r) => !bad.has(r.row));
      errors.sort((a, b) => a.row - b.row);
    }
    const badRows = new Set(errors.filter((e) => e.row > 0).map((e) => e.row)).size;
    const outcome = { ...base, electionId, stats: result.stats, errors, rows: rows.length, skipped: badRows };
    if (result.stats.dataRows === 0 && errors.length === 0) errors.push({ row: 0, problem: "EMPTY_FILE" });
    // validOnly writes what is valid, but a file with no valid row at all is refused like any other.
    // A results tally is all or nothing: without one of its rows a polling point's figures mean something else.
    const validOnly = (opts.validOnly ?? false) && kind !== "results";
    if (errors.length > 0 && (!validOnly || rows.length === 0)) return { ...outcome, status: "refused" };

    let counts: ImportCounts;
    try {
      counts = await this.prisma.$transaction(async (tx) => {
        const c = await this.write(tx, kind, electionId, rows.map((r) => r.value), opts.actorId ?? null);
        if (opts.dryRun) throw new DryRun(c);
        return c;
      }, TX_OPTIONS);
    } catch (e) {
      if (e instanceof DryRun) return { ...outcome, status: "dry-run", counts: e.counts };
      throw e;
    }
    if (counts.created + counts.updated > 0) this.onChange();
    await this.audit.record(opts.actorId ?? null, "import", kind, {
      fileName: file.fileName,
      electionId,
      rows: rows.length,
      skipped: badRows,
      ...counts,
      validOnly,
    });
    return { ...outcome, status: "written", counts };
  }

  /** What validation needs to know from the database, for one kind and election. */
  async context(kind: ImportKind, electionId: number | null): Promise<ImportContext> {
    const ctx: ImportContext = {};
    const election = electionId === null ? null : await this.prisma.election.findUnique({ where: { id: electionId }, include: { area: { select: { code: true } } } });
    ctx.electionDay = election ? fromDbDate(election.electionDay) : parseLocalDate("2999-12-31");
    if (election) ctx.electionAreaCode = election.area.code;
    const areas = await this.prisma.adminArea.findMany({ select: { code: true } });
    ctx.areaCodes = new Set(areas.map((a) => a.code));
    if (electionId !== null) {
      const cs = await this.prisma.constituency.findMany({
        where: { electionId },
        select: { code: true, voterGroups: { select: { name: true } } },
      });
      ctx.constituencies = new Map(cs.map((c) => [c.code, { voterGroups: new Set(c.voterGroups.map((g) => g.name)) }]));
      if (kind === "meetings") {
        const cands = await this.prisma.candidate.findMany({
          where: { constituency: { electionId } },
          select: { fullName: true, constituency: { select: { code: true } } },
        });
        ctx.candidates = new Set(cands.map((c) => candidateKey(c.constituency.code, c.fullName)));
      }
    } else if (kind !== "delegates") {
      ctx.constituencies = new Map();
    }
    // Upserts by voter number: the roll as stored is checked after validation (rollAgainstDatabase),
    // where an entry with the same voter number is an update, not a duplicate.
    if (kind === "results") ctx.resultRounds = electionId === null || !this.results ? new Map() : await this.results.importRounds(electionId);
    ctx.roll = { voterNos: new Set(), persons: new Map() };
    ctx.candidates ??= new Set();
    ctx.departmentCodes =
      kind === "categories" ? new Set((await this.prisma.department.findMany({ select: { code: true } })).map((d) => d.code)) : new Set();
    return ctx;
  }

  /**
   * 不重: the same person (name, ID last four, birth date) already on this election's roll under
   * another voter number — in the same constituency (PERSON_ALREADY_ON_ROLL) or another one.
   */
  private async rollAgainstDatabase(electionId: number, rows: { row: number; value: RowOf<"roll"> }[]): Promise<ImportError[]> {
    if (rows.length === 0) return [];
    const stored = await this.prisma.$queryRaw<{ voterNo: string; fullName: string; idLast4: string; birthDate: Date; code: string }[]>`
      SELECT r."voterNo", r."fullName", r."idLast4", r."birthDate", c.code
      FROM "RollEntry" r JOIN "Constituency" c ON c.id = r."constituencyId"
      WHERE r."electionId" = ${electionId} AND r.status <> 'REMOVED'`;
    if (stored.length === 0) return [];
    const byPerson = new Map<string, { voterNo: string; code: string }>();
    for (const s of stored) byPerson.set(personKey(s.fullName, s.idLast4, fromDbDate(s.birthDate)), { voterNo: s.voterNo, code: s.code });
    const inFile = new Set(rows.map((r) => r.value.voterNo));
    const errors: ImportError[] = [];
    for (const { row, value } of rows) {
      if (value.status === "REMOVED") continue;
      const s = byPerson.get(personKey(value.fullName, value.idLast4, value.birthDate));
      // The stored entry is this row (same number) or is itself being re-numbered by this file.
      if (!s || s.voterNo === value.voterNo || inFile.has(s.voterNo)) continue;
      if (s.code === value.constituencyCode) errors.push({ row, column: "姓名", problem: "PERSON_ALREADY_ON_ROLL", detail: s.voterNo });
      else errors.push({ row, column: "选区代码", problem: "PERSON_IN_TWO_CONSTITUENCIES", detail: `${s.code} (${s.voterNo})` });
    }
    return errors;
  }

  private write(tx: Tx, kind: ImportKind, electionId: number | null, rows: RowOf<ImportKind>[], actorId: number | null): Promise<ImportCounts> {
    switch (kind) {
      case "areas":
        return writeAreas(tx, rows as RowOf<"areas">[]);
      case "constituencies":
        return writeConstituencies(tx, electionId!, rows as RowOf<"constituencies">[]);
      case "roll":
        return writeRoll(tx, electionId!, rows as RowOf<"roll">[]);
      case "places":
        return writePlaces(tx, electionId!, rows as RowOf<"places">[]);
      case "candidates":
        return writeCandidates(tx, electionId!, rows as RowOf<"candidates">[]);
      case "delegates":
        return writeDelegates(tx, electionId, rows as RowOf<"delegates">[]);
      case "meetings":
        return writeMeetings(tx, electionId!, rows as RowOf<"meetings">[], this.timeZone);
      case "faq":
        return writeFaq(tx, rows as RowOf<"faq">[]);
      case "departments":
        return writeDepartments(tx, rows as RowOf<"departments">[]);
      case "categories":
        return writeCategories(tx, rows as RowOf<"categories">[]);
      case "results":
        if (!this.results) throw new Error("results import: no results service");
        return this.results.writeImported(tx, electionId!, rows as RowOf<"results">[], actorId);
    }
  }
}

// ───────────── writers ─────────────

/** Counts one natural-key upsert: create when absent, update when a field differs, else unchanged. */
async function upsertOne<T extends Record<string, unknown>>(
  counts: ImportCounts,
  existing: { id: number } | undefined,
  wanted: T,
  create: () => Promise<unknown>,
  update: (id: number) => Promise<unknown>,
): Promise<void> {
  if (!existing) {
    await create();
    counts.created++;
  } else if (differs(existing as Record<string, unknown>, wanted)) {
    await update(existing.id);
    counts.updated++;
  } else counts.unchanged++;
}

function differs(existing: Record<string, unknown>, wanted: Record<string, unknown>): boolean {
  return Object.entries(wanted).some(([k, v]) => !same(existing[k], v));
}

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  return (a ?? null) === (b ?? null);
}

const dbDate = (d: LocalDate): Date => new Date(`${d}T00:00:00.000Z`);

async function writeAreas(tx: Tx, rows: RowOf<"areas">[]): Promise<ImportCounts> {
  const counts = zero();
  const existing = new Map((await tx.adminArea.findMany()).map((a) => [a.code, a]));
  const idOf = (code: string | null) => (code === null ? null : existing.get(code)?.id ?? null);
  // Parents before children: codes grow by level (6, 9, 12 digits).
  for (const r of [...rows].sort((a, b) => a.code.length - b.code.length)) {
    const wanted = { name: r.name, level: r.level, parentId: idOf(r.parentCode) };
    await upsertOne(
      counts,
      existing.get(r.code),
      wanted,
      async () => existing.set(r.code, await tx.adminArea.create({ data: { code: r.code, ...wanted } })),
      (id) => tx.adminArea.update({ where: { id }, data: wanted }),
    );
  }
  return counts;
}

async function writeConstituencies(tx: Tx, electionId: number, rows: RowOf<"constituencies">[]): Promise<ImportCounts> {
  const counts = zero();
  const areaIds = new Map((await tx.adminArea.findMany({ select: { id: true, code: true } })).map((a) => [a.code, a.id]));
  const stored = await tx.constituency.findMany({
    where: { electionId },
    include: { areas: { select: { areaId: true } }, voterGroups: { select: { id: true, name: true, leaderName: true } } },
  });
  const byCode = new Map(stored.map((c) => [c.code, c]));
  for (const r of rows) {
    const wanted = { name: r.name, seats: r.seats, basis: r.basis, workUnits: r.workUnits, description: r.description };
    const areaList = r.areaCodes.map((c) => areaIds.get(c)!).sort((a, b) => a - b);
    const found = byCode.get(r.code);
    let changed = !found || differs(found, wanted);
    let id: number;
    if (!found) {
      id = (await tx.constituency.create({ data: { electionId, code: r.code, ...wanted } })).id;
    } else {
      id = found.id;
      if (changed) await tx.constituency.update({ where: { id }, data: wanted });
    }
    // The areas a constituency covers are part of its definition: the file's list replaces the stored one.
    const storedAreas = (found?.areas ?? []).map((a) => a.areaId).sort((a, b) => a - b);
    if (!same(storedAreas, areaList)) {
      changed = true;
      await tx.constituencyArea.deleteMany({ where: { constituencyId: id } });
      if (areaList.length > 0) await tx.constituencyArea.createMany({ data: areaList.map((areaId) => ({ constituencyId: id, areaId })) });
    }
    // Voter groups: added or their leader updated; a group missing from the file is kept.
    const groups = new Map((found?.voterGroups ?? []).map((g) => [g.name, g]));
    for (const g of r.voterGroups) {
      const old = groups.get(g.name);
      if (!old) {
        await tx.voterGroup.create({ data: { constituencyId: id, name: g.name, leaderName: g.leaderName } });
        changed = true;
      } else if (g.leaderName !== null && old.leaderName !== g.leaderName) {
        await tx.voterGroup.update({ where: { id: old.id }, data: { leaderName: g.leaderName } });
        changed = true;
      }
    }
    if (!found) counts.created++;
    else if (changed) counts.updated++;
    else counts.unchanged++;
  }
  return counts;
}

/** 100,000 rows in ~20 chunks of one statement each; rows equal to the stored ones are not rewritten. */
async function writeRoll(tx: Tx, electionId: number, rows: RowOf<"roll">[]): Promise<ImportCounts> {
  const counts = zero();
  for (let i = 0; i < rows.length; i += ROLL_CHUNK) {
    const chunk = rows.slice(i, i + ROLL_CHUNK);
    const [r] = await tx.$queryRawUnsafe<{ created: number; updated: number }[]>(
      `WITH r AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
           "voterNo" text, "fullName" text, "idLast4" text, "birthDate" date, "gender" text,
           "constituencyCode" text, "voterGroup" text, "hukouAreaCode" text, "residenceAreaCode" text,
           "address" text, "workUnit" text, "awayForWork" boolean, "status" text)
       ), ins AS (
         INSERT INTO "RollEntry" ("electionId", "constituencyId", "voterGroupId", "voterNo", "fullName", "idLast4",
           "birthDate", "gender", "hukouAreaId", "residenceAreaId", "address", "workUnit", "awayForWork", "status")
         SELECT $2::int, c.id, g.id, r."voterNo", r."fullName", r."idLast4", r."birthDate", r."gender", h.id, ra.id,
           r."address", r."workUnit", r."awayForWork", r."status"::"RollStatus"
         FROM r
         JOIN "Constituency" c ON c."electionId" = $2::int AND c.code = r."constituencyCode"
         LEFT JOIN "VoterGroup" g ON g."constituencyId" = c.id AND g.name = r."voterGroup"
         LEFT JOIN "AdminArea" h ON h.code = r."hukouAreaCode"
         LEFT JOIN "AdminArea" ra ON ra.code = r."residenceAreaCode"
         ON CONFLICT ("electionId", "voterNo") DO UPDATE SET
           "constituencyId" = EXCLUDED."constituencyId", "voterGroupId" = EXCLUDED."voterGroupId",
           "fullName" = EXCLUDED."fullName", "idLast4" = EXCLUDED."idLast4", "birthDate" = EXCLUDED."birthDate",
           "gender" = EXCLUDED."gender", "hukouAreaId" = EXCLUDED."hukouAreaId", "residenceAreaId" = EXCLUDED."residenceAreaId",
           "address" = EXCLUDED."address", "workUnit" = EXCLUDED."workUnit", "awayForWork" = EXCLUDED."awayForWork",
           "status" = EXCLUDED."status"
         WHERE ("RollEntry"."constituencyId", "RollEntry"."voterGroupId", "RollEntry"."fullName", "RollEntry"."idLast4",
                "RollEntry"."birthDate", "RollEntry"."gender", "RollEntry"."hukouAreaId", "RollEntry"."residenceAreaId",
                "RollEntry"."address", "RollEntry"."workUnit", "RollEntry"."awayForWork", "RollEntry"."status")
           IS DISTINCT FROM
               (EXCLUDED."constituencyId", EXCLUDED."voterGroupId", EXCLUDED."fullName", EXCLUDED."idLast4",
                EXCLUDED."birthDate", EXCLUDED."gender", EXCLUDED."hukouAreaId", EXCLUDED."residenceAreaId",
                EXCLUDED."address", EXCLUDED."workUnit", EXCLUDED."awayForWork", EXCLUDED."status")
         RETURNING (xmax = 0) AS inserted
       )
       SELECT count(*) FILTER (WHERE inserted)::int AS created, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM ins`,
      JSON.stringify(chunk),
      electionId,
    );
    counts.created += r!.created;
    counts.updated += r!.updated;
    counts.unchanged += chunk.length - r!.created - r!.updated;
  }
  return counts;
}

async function constituencyIds(tx: Tx, electionId: number): Promise<Map<string, number>> {
  return new Map((await tx.constituency.findMany({ where: { electionId }, select: { id: true, code: true } })).map((c) => [c.code, c.id]));
}

async function writePlaces(tx: Tx, electionId: number, rows: RowOf<"places">[]): Promise<ImportCounts> {
  const counts = zero();
  const ids = await constituencyIds(tx, electionId);
  const stored = new Map((await tx.pollingPlace.findMany({ where: { electionId } })).map((p) => [`${p.constituencyId}|${p.name}`, p]));
  for (const { constituencyCode, name, ...rest } of rows) {
    const constituencyId = ids.get(constituencyCode)!;
    await upsertOne(
      counts,
      stored.get(`${constituencyId}|${name}`),
      rest,
      () => tx.pollingPlace.create({ data: { electionId, constituencyId, name, ...rest } }),
      (id) => tx.pollingPlace.update({ where: { id }, data: rest }),
    );
  }
  return counts;
}

async function writeCandidates(tx: Tx, electionId: number, rows: RowOf<"candidates">[]): Promise<ImportCounts> {
  const counts = zero();
  const ids = await constituencyIds(tx, electionId);
  const stored = new Map(
    (await tx.candidate.findMany({ where: { constituency: { electionId } } })).map((c) => [`${c.constituencyId}|${nameKey(c.fullName)}`, c]),
  );
  for (const { constituencyCode, ...rest } of rows) {
    const constituencyId = ids.get(constituencyCode)!;
    await upsertOne(
      counts,
      stored.get(`${constituencyId}|${nameKey(rest.fullName)}`),
      rest,
      () => tx.candidate.create({ data: { constituencyId, ...rest } }),
      (id) => tx.candidate.update({ where: { id }, data: rest }),
    );
  }
  return counts;
}

async function writeDelegates(tx: Tx, electionId: number | null, rows: RowOf<"delegates">[]): Promise<ImportCounts> {
  const counts = zero();
  const ids = electionId === null ? new Map<string, number>() : await constituencyIds(tx, electionId);
  const stored = new Map((await tx.delegate.findMany()).map((d) => [`${d.constituencyId ?? ""}|${nameKey(d.fullName)}`, d]));
  for (const r of rows) {
    const constituencyId = r.constituencyCode === null ? null : (ids.get(r.constituencyCode) ?? null);
    const wanted = {
      fullName: r.fullName,
      level: r.level,
      constituencyId,
      termStart: dbDate(r.termStart),
      termEnd: dbDate(r.termEnd),
      occupation: r.occupation,
      bio: r.bio,
    };
    await upsertOne(
      counts,
      stored.get(`${constituencyId ?? ""}|${nameKey(r.fullName)}`),
      wanted,
      () => tx.delegate.create({ data: wanted }),
      (id) => tx.delegate.update({ where: { id }, data: wanted }),
    );
  }
  return counts;
}

async function writeFaq(tx: Tx, rows: RowOf<"faq">[]): Promise<ImportCounts> {
  const counts = zero();
  const key = (locale: string, q: string) => `${locale}|${q.replace(/\s+/g, "")}`;
  const stored = new Map((await tx.faqEntry.findMany()).map((f) => [key(f.locale, f.question), f]));
  for (const r of rows) {
    const wanted = { topic: r.topic, answer: r.answer, keywords: r.keywords };
    await upsertOne(
      counts,
      stored.get(key(r.locale, r.question)),
      wanted,
      () => tx.faqEntry.create({ data: { locale: r.locale, question: r.question, ...wanted } }),
      (id) => tx.faqEntry.update({ where: { id }, data: wanted }),
    );
  }
  return counts;
}

/** "2026-11-15T09:30", the county's wall clock → the instant. */
function wallTime(local: string, timeZone: string): Date {
  const [h, m] = local.slice(11).split(":").map(Number);
  return instantAt(local.slice(0, 10) as LocalDate, h! * 60 + m!, timeZone);
}

async function writeMeetings(tx: Tx, electionId: number, rows: RowOf<"meetings">[], timeZone: string): Promise<ImportCounts> {
  const counts = zero();
  const candidates = await tx.candidate.findMany({ where: { constituency: { electionId } }, select: { id: true, fullName: true, constituency: { select: { code: true } } } });
  const candidateId = new Map(candidates.map((c) => [candidateKey(c.constituency.code, c.fullName), c.id]));
  const stored = new Map(
    (await tx.candidateMeeting.findMany({ where: { candidate: { constituency: { electionId } } } })).map((m) => [`${m.candidateId}|${m.startsAt.getTime()}`, m]),
  );
  for (const r of rows) {
    const id = candidateId.get(candidateKey(r.constituencyCode, r.candidateName))!;
    const startsAt = wallTime(r.startsAt, timeZone);
    const found = stored.get(`${id}|${startsAt.getTime()}`);
    if (r.status === "CANCELLED") {
      // Its "remind me" rows go with it (cascade): a cancelled meeting is never reminded of.
      if (found) {
        await tx.candidateMeeting.delete({ where: { id: found.id } });
        counts.updated++;
      } else counts.unchanged++;
      continue;
    }
    const wanted = {
      endsAt: r.endsAt === null ? null : wallTime(r.endsAt, timeZone),
      place: r.place,
      address: r.address,
      note: r.note,
      // An empty cell keeps what was reported before (a later file may omit it).
      ...(r.attendance === null ? {} : { attendance: r.attendance }),
    };
    await upsertOne(
      counts,
      found,
      wanted,
      () => tx.candidateMeeting.create({ data: { candidateId: id, startsAt, ...wanted } }),
      (mid) => tx.candidateMeeting.update({ where: { id: mid }, data: wanted }),
    );
  }
  return counts;
}

/** 启用/停用 as the stored flag; no status keeps what is stored (a new row is in use). */
const activeOf = (status: "ACTIVE" | "RETIRED" | null, stored: boolean | undefined): boolean =>
  status === null ? (stored ?? true) : status === "ACTIVE";

async function writeDepartments(tx: Tx, rows: RowOf<"departments">[]): Promise<ImportCounts> {
  const counts = zero();
  const stored = new Map((await tx.department.findMany()).map((d) => [d.code, d]));
  for (const { code, status, ...rest } of rows) {
    const found = stored.get(code);
    const wanted = { ...rest, active: activeOf(status, found?.active) };
    await upsertOne(
      counts,
      found,
      wanted,
      () => tx.department.create({ data: { code, ...wanted } }),
      (id) => tx.department.update({ where: { id }, data: wanted }),
    );
  }
  return counts;
}

async function writeCategories(tx: Tx, rows: RowOf<"categories">[]): Promise<ImportCounts> {
  const counts = zero();
  const departmentIds = new Map((await tx.department.findMany({ select: { id: true, code: true } })).map((d) => [d.code, d.id]));
  const stored = new Map((await tx.suggestionCategory.findMany()).map((c) => [c.code, c]));
  for (const { code, status, departmentCode, sortOrder, ...names } of rows) {
    const found = stored.get(code);
    const wanted = {
      ...names,
      // An empty cell keeps what is stored (nothing is removed by leaving it out).
      sortOrder: sortOrder ?? found?.sortOrder ?? 0,
      departmentId: departmentCode === null ? (found?.departmentId ?? null) : departmentIds.get(departmentCode)!,
      active: activeOf(status, found?.active),
    };
    await upsertOne(
      counts,
      found,
      wanted,
      () => tx.suggestionCategory.create({ data: { code, ...wanted } }),
      (id) => tx.suggestionCategory.update({ where: { id }, data: wanted }),
    );
  }
  return counts;
}
