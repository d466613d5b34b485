// 参选率: voters who took part (ballots issued) over voters on the roll, per constituency, from
// the first round's confirmed result sheet (a round held again after a void one: the latest);
// and how the ballots were cast — at a polling station, at an election meeting, in a mobile box,
// by proxy — from the sheet's parts. Only CONFIRMED / PUBLISHED sheets count: a draft is not a figure.
import { Prisma } from "@prisma/client";
import type { ChartSpec } from "../render/chart.js";
import { column, emptyReport, inScope, num, pct, ratio, totalsRow } from "../scope.js";
import type { ReportContext, ReportData, ReportDefinition } from "../types.js";

const COUNTS = ["registered", "voted", "returned", "validBallots", "invalidBallots", "atStation", "atMeeting", "inMobileBox", "byProxy"] as const;

/** The first round of each constituency in scope that has a confirmed sheet (the latest if held again). */
export function firstRounds(ctx: ReportContext): Prisma.Sql {
  return Prisma.sql`
    SELECT DISTINCT ON (s."constituencyId") s.*
    FROM "ResultSheet" s
    WHERE s."electionId" = ${ctx.scope.election?.id ?? -1} AND s.round = 'FIRST' AND s.status IN ('CONFIRMED', 'PUBLISHED')
      AND ${inScope(ctx, Prisma.sql`s."constituencyId"`)}
    ORDER BY s."constituencyId", s."roundNo" DESC`;
}

async function query(ctx: ReportContext): Promise<ReportData> {
  const { t } = ctx;
  const columns = [
    column(t, "constituency", "text"),
    column(t, "registered", "int"),
    column(t, "voted", "int"),
    column(t, "turnout", "percent"),
    ...COUNTS.slice(2).map((k) => column(t, k, "int")),
  ];
  if (!ctx.scope.election) return emptyReport(ctx, "reports.empty.no_election", columns, "reports.sheet.turnout");
  const rows = await ctx.prisma.$queryRaw<Record<string, unknown>[]>`
    WITH f AS (${firstRounds(ctx)})
    SELECT c.name AS constituency, f.registered, f.voted, f.returned, f."validBallots", f."invalidBallots", f."proxyVotes" AS "byProxy",
           coalesce(p."atStation", 0) AS "atStation", coalesce(p."atMeeting", 0) AS "atMeeting", coalesce(p."inMobileBox", 0) AS "inMobileBox",
           coalesce(p.parts, 0) AS parts
    FROM f JOIN "Constituency" c ON c.id = f."constituencyId"
    LEFT JOIN (
      SELECT "sheetId", count(*) AS parts,
             sum(voted) FILTER (WHERE "placeKind" = 'STATION') AS "atStation",
             sum(voted) FILTER (WHERE "placeKind" = 'ELECTION_MEETING') AS "atMeeting",
             sum(voted) FILTER (WHERE "placeKind" = 'MOBILE_BOX') AS "inMobileBox"
      FROM "ResultPart" WHERE "sheetId" IN (SELECT id FROM f) GROUP BY "sheetId") p ON p."sheetId" = f.id
    ORDER BY c.code`;
  if (rows.length === 0) return emptyReport(ctx, "reports.empty.no_results", columns, "reports.sheet.turnout");
  const table = rows.map((r) => {
    const out: Record<string, number | string | null> = { constituency: String(r.constituency) };
    for (const k of COUNTS) out[k] = num(r[k]);
    out.turnout = ratio(num(r.voted), num(r.registered));
    return out;
  });
  const totals: Record<string, number | string | null> = totalsRow(t, table, "constituency", COUNTS);
  const n = (k: string) => num(totals[k]);
  totals.turnout = ratio(n("voted"), n("registered"));
  const counted = rows.length;
  const withParts = rows.filter((r) => num(r.parts) > 0).length;
  const lowest = [...table].sort((a, b) => num(a.turnout) - num(b.turnout))[0]!;
  const chart: ChartSpec = {
    kind: "bar",
    title: t("reports.turnout.chart_title"),
    subtitle: t("reports.turnout.chart_subtitle", { counted, total: ctx.scope.constituencyIds?.length ?? counted }),
    labels: [t("reports.col.atStation"), t("reports.col.atMeeting"), t("reports.col.inMobileBox"), t("reports.col.byProxy")],
    series: [{ name: t("reports.col.voted"), values: [n("atStation"), n("atMeeting"), n("inMobileBox"), n("byProxy")] }],
    locale: ctx.locale,
  };
  return {
    empty: false,
    tables: [{ name: t("reports.sheet.turnout"), columns, rows: table, totals }],
    chart,
    summary: [
      t("reports.turnout.line1", { turnout: pct(ctx, totals.turnout), voted: n("voted"), registered: n("registered"), counted, total: ctx.scope.constituencyIds?.length ?? counted }),
      t("reports.turnout.line2", { proxy: n("byProxy"), mobile: n("inMobileBox"), lowest: lowest.constituency, lowestTurnout: pct(ctx, lowest.turnout) }),
    ],
    headline: { turnout: ratio(n("voted"), n("registered")), constituenciesCounted: counted },
    notes: withParts < counted ? [t("reports.turnout.note_parts", { missing: counted - withParts })] : [],
  };
}

export const turnout: ReportDefinition = { name: "turnout", perElection: true, byArea: true, hasChart: true, query };
