// 一次成功率: the share of constituencies whose FIRST vote (round FIRST, roundNo 1) was valid and
// filled every seat — no re-vote among the tied (选举法 45 ¶3), no further election (45 ¶4), not
// void (44, 45 ¶1). The outcome is the one countResult() gave at confirmation (ResultSheet.outcome);
// a sheet confirmed without it falls back to its elected votes.
import { Prisma } from "@prisma/client";
import type { ChartSpec } from "../render/chart.js";
import { column, emptyReport, inScope, num, pct, ratio } from "../scope.js";
import type { ReportContext, ReportData, ReportDefinition } from "../types.js";

const OUTCOMES = ["success", "revote", "further", "void"] as const;
type Outcome = (typeof OUTCOMES)[number];

async function query(ctx: ReportContext): Promise<ReportData> {
  const { t } = ctx;
  const columns = [
    column(t, "constituency", "text"),
    column(t, "seats", "int"),
    column(t, "registered", "int"),
    column(t, "voted", "int"),
    column(t, "turnout", "percent"),
    column(t, "electedFirst", "int"),
    column(t, "outcome", "text"),
  ];
  if (!ctx.scope.election) return emptyReport(ctx, "reports.empty.no_election", columns, "reports.sheet.first_round");
  const rows = await ctx.prisma.$queryRaw<
    { constituency: string; seats: number; registered: number; voted: number; valid: boolean | null; elected: bigint | number; revote: boolean; further: boolean }[]
  >`
    SELECT c.name AS constituency, s.seats, s.registered, s.voted,
           (s.outcome->>'valid')::boolean AS valid,
           coalesce(jsonb_array_length(CASE WHEN jsonb_typeof(s.outcome->'elected') = 'array' THEN s.outcome->'elected' END),
                    (SELECT count(*) FROM "ResultVote" v WHERE v."sheetId" = s.id AND v.elected)) AS elected,
           coalesce(jsonb_typeof(s.outcome->'revote') = 'array' AND jsonb_array_length(s.outcome->'revote') > 0, false) AS revote,
           coalesce(jsonb_typeof(s.outcome->'furtherElection') = 'object', false) AS further
    FROM "ResultSheet" s JOIN "Constituency" c ON c.id = s."constituencyId"
    WHERE s."electionId" = ${ctx.scope.election.id} AND s.round = 'FIRST' AND s."roundNo" = 1
      AND s.status IN ('CONFIRMED', 'PUBLISHED') AND ${inScope(ctx, Prisma.sql`s."constituencyId"`)}
    ORDER BY c.code`;
  if (rows.length === 0) return emptyReport(ctx, "reports.empty.no_results", columns, "reports.sheet.first_round");
  const counts: Record<Outcome, number> = { success: 0, revote: 0, further: 0, void: 0 };
  const table = rows.map((r) => {
    const elected = num(r.elected);
    const outcome: Outcome = r.valid === false ? "void" : elected >= r.seats ? "success" : r.revote ? "revote" : "further";
    counts[outcome]++;
    return {
      constituency: r.constituency,
      seats: r.seats,
      registered: r.registered,
      voted: r.voted,
      turnout: ratio(r.voted, r.registered),
      electedFirst: elected,
      outcome: t(`reports.first_round.outcome.${outcome}`),
    };
  });
  const counted = rows.length;
  const seats = table.reduce((s, r) => s + r.seats, 0);
  const elected = table.reduce((s, r) => s + r.electedFirst, 0);
  const rate = ratio(counts.success, counted);
  const chart: ChartSpec = {
    kind: "doughnut",
    title: t("reports.first_round.chart_title"),
    subtitle: t("reports.first_round.chart_subtitle", { counted, total: ctx.scope.constituencyIds?.length ?? counted }),
    labels: OUTCOMES.map((o) => t(`reports.first_round.outcome.${o}`)),
    series: [{ name: t("reports.col.constituency"), values: OUTCOMES.map((o) => counts[o]) }],
    locale: ctx.locale,
  };
  return {
    empty: false,
    tables: [
      {
        name: t("reports.sheet.first_round"),
        columns,
        rows: table,
        totals: { constituency: t("reports.total"), seats, registered: null, voted: null, turnout: null, electedFirst: elected, outcome: t("reports.first_round.total_outcome", { rate: pct(ctx, rate) }) },
      },
    ],
    chart,
    summary: [
      t("reports.first_round.line1", { rate: pct(ctx, rate), success: counts.success, counted, total: ctx.scope.constituencyIds?.length ?? counted }),
      t("reports.first_round.line2", { revote: counts.revote, further: counts.further, void: counts.void, vacant: seats - elected }),
    ],
    headline: { firstRoundSuccess: rate, constituenciesCounted: counted, seatsVacantAfterFirst: seats - elected },
  };
}

export const firstRound: ReportDefinition = { name: "first-round", perElection: true, byArea: true, hasChart: true, query };
