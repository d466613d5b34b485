// 选民登记: the roll per constituency — on the roll, listed, not listed, suspended, removed (除名),
// added after the roll was published (补登), 人户分离 and 外出务工 — and the objections to it
// (选举法 29) with their outcomes. One pass over the election's roll entries (GROUP BY).
import { Prisma } from "@prisma/client";
import { column, emptyReport, inScope, num, ratio, totalsRow } from "../scope.js";
import type { ReportContext, ReportData, ReportDefinition } from "../types.js";

const COUNTS = ["onRoll", "listed", "notListed", "suspended", "removed", "added", "awayFromHukou", "awayForWork", "objections", "upheld", "rejected", "open"] as const;

async function query(ctx: ReportContext): Promise<ReportData> {
  const { t } = ctx;
  const columns = [
    column(t, "constituency", "text"),
    column(t, "seats", "int"),
    ...COUNTS.map((k) => column(t, k, "int")),
  ];
  const election = ctx.scope.election;
  if (!election) return emptyReport(ctx, "reports.empty.no_election", columns, "reports.sheet.registration");
  // Without a publication date nothing counts as added after it.
  const published = election.rollPublishedOn ? new Date(`${election.rollPublishedOn}T00:00:00Z`) : null;
  const rows = await ctx.prisma.$queryRaw<Record<string, unknown>[]>`
    SELECT c.id, c.name AS constituency, c.seats,
           coalesce(r."onRoll", 0) AS "onRoll", coalesce(r.listed, 0) AS listed, coalesce(r."notListed", 0) AS "notListed",
           coalesce(r.suspended, 0) AS suspended, coalesce(r.removed, 0) AS removed, coalesce(r.added, 0) AS added,
           coalesce(r."awayFromHukou", 0) AS "awayFromHukou", coalesce(r."awayForWork", 0) AS "awayForWork",
           coalesce(o.objections, 0) AS objections, coalesce(o.upheld, 0) AS upheld,
           coalesce(o.rejected, 0) AS rejected, coalesce(o.open, 0) AS open
    FROM "Constituency" c
    LEFT JOIN (
      SELECT "constituencyId",
             count(*) FILTER (WHERE status <> 'REMOVED') AS "onRoll",
             count(*) FILTER (WHERE status = 'LISTED') AS listed,
             count(*) FILTER (WHERE status = 'NOT_LISTED') AS "notListed",
             count(*) FILTER (WHERE status = 'SUSPENDED') AS suspended,
             count(*) FILTER (WHERE status = 'REMOVED') AS removed,
             count(*) FILTER (WHERE status <> 'REMOVED' AND ${published}::timestamp IS NOT NULL AND "createdAt" >= ${published}::timestamp) AS added,
             count(*) FILTER (WHERE status <> 'REMOVED' AND "hukouAreaId" <> "residenceAreaId") AS "awayFromHukou",
             count(*) FILTER (WHERE status <> 'REMOVED' AND "awayForWork") AS "awayForWork"
      FROM "RollEntry" WHERE "electionId" = ${election.id} AND ${inScope(ctx, Prisma.sql`"constituencyId"`)}
      GROUP BY "constituencyId") r ON r."constituencyId" = c.id
    LEFT JOIN (
      SELECT "constituencyId", count(*) AS objections,
             count(*) FILTER (WHERE status = 'APPROVED') AS upheld,
             count(*) FILTER (WHERE status = 'REJECTED') AS rejected,
             count(*) FILTER (WHERE status = 'OPEN') AS open
      FROM "VoterRequest" WHERE kind = 'OBJECTION' AND "electionId" = ${election.id}
      GROUP BY "constituencyId") o ON o."constituencyId" = c.id
    WHERE c."electionId" = ${election.id} AND ${inScope(ctx, Prisma.sql`c.id`)}
    ORDER BY c.code`;
  const table = rows.map((r) => ({
    constituency: String(r.constituency),
    seats: num(r.seats),
    ...Object.fromEntries(COUNTS.map((k) => [k, num(r[k])])),
  })) as Record<string, number | string>[];
  const totals = totalsRow(t, table, "constituency", ["seats", ...COUNTS]);
  const n = (k: string) => num(totals[k]);
  if (n("onRoll") + n("removed") === 0) return emptyReport(ctx, "reports.empty.no_roll", columns, "reports.sheet.registration");
  return {
    empty: false,
    tables: [{ name: t("reports.sheet.registration"), columns, rows: table, totals }],
    summary: [
      t("reports.registration.line1", { onRoll: n("onRoll"), listed: n("listed"), added: n("added"), removed: n("removed"), awayFromHukou: n("awayFromHukou"), awayForWork: n("awayForWork") }),
      t("reports.registration.line2", { objections: n("objections"), upheld: n("upheld"), rejected: n("rejected"), open: n("open") }),
    ],
    headline: {
      registered: n("listed"),
      added: n("added"),
      removed: n("removed"),
      awayFromHukou: n("awayFromHukou"),
      awayFromHukouShare: ratio(n("awayFromHukou"), n("onRoll")),
      objectionsOpen: n("open"),
    },
    notes: [election.rollPublishedOn ? t("reports.registration.note_added", { date: election.rollPublishedOn }) : t("reports.registration.note_unpublished")],
  };
}

export const registration: ReportDefinition = { name: "registration", perElection: true, byArea: true, hasChart: false, query };
