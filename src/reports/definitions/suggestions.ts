// Suggestions (建议、批评和意见) handled: received, answered, assigned (交办) and answered on time
// (代表法 51 deadline), late, overdue, satisfaction — by department (承办单位) and by delegate. The
// figures are those of services/suggestion-figures.ts (one definition, tested against the domain),
// grouped by other keys and limited to the constituencies of the area.
import { Prisma } from "@prisma/client";
import { toSuggestionFigures, SUGGESTION_AGGREGATES, type SuggestionFigureRow, type SuggestionFigures } from "../../services/suggestion-figures.js";
import type { ChartSpec } from "../render/chart.js";
import { column, emptyReport, inScope, pct } from "../scope.js";
import type { ReportContext, ReportData, ReportDefinition } from "../types.js";
import type { XlsxColumn } from "../render/xlsx.js";

const FIGURE_COLUMNS = ["received", "answered", "assigned", "answeredInTime", "answeredLate", "overdue", "inTimeRate", "averageDays", "rated", "satisfaction"] as const;

function figureColumns(t: ReportContext["t"]): XlsxColumn[] {
  return FIGURE_COLUMNS.map((k) => column(t, k, k.endsWith("Rate") || k === "satisfaction" ? "percent" : k === "averageDays" ? "decimal" : "int"));
}

/** The figures as table cells; the service's percents (96.3) become ratios (0.963) for the XLSX. */
function cells(f: SuggestionFigures) {
  return {
    received: f.received,
    answered: f.answered,
    assigned: f.assigned,
    answeredInTime: f.answeredInTime,
    answeredLate: f.answeredLate,
    overdue: f.overdue,
    inTimeRate: f.inTimePercent === null ? null : f.inTimePercent / 100,
    averageDays: f.averageDaysToAnswer,
    rated: f.rated,
    satisfaction: f.satisfactionPercent === null ? null : f.satisfactionPercent / 100,
  };
}

async function query(ctx: ReportContext): Promise<ReportData> {
  const { t } = ctx;
  const departmentColumns = [column(t, "department", "text"), ...figureColumns(t)];
  const today = new Date(`${ctx.today}T00:00:00Z`);
  const where = Prisma.sql`WHERE ${inScope(ctx, Prisma.sql`s."constituencyId"`)}`;
  const [departments, delegates, [all]] = await Promise.all([
    ctx.prisma.$queryRaw<(SuggestionFigureRow & { name: string | null })[]>`
      SELECT d.name, f.* FROM (SELECT s."departmentId", ${SUGGESTION_AGGREGATES(today)} FROM "Suggestion" s ${where} GROUP BY s."departmentId") f
      LEFT JOIN "Department" d ON d.id = f."departmentId"
      ORDER BY f.received DESC, d.name`,
    ctx.prisma.$queryRaw<(SuggestionFigureRow & { name: string; constituency: string | null })[]>`
      SELECT d."fullName" AS name, c.name AS constituency, f.*
      FROM (SELECT r."delegateId", ${SUGGESTION_AGGREGATES(today)}
            FROM "SuggestionRecipient" r JOIN "Suggestion" s ON s.id = r."suggestionId" ${where} GROUP BY r."delegateId") f
      JOIN "Delegate" d ON d.id = f."delegateId" LEFT JOIN "Constituency" c ON c.id = d."constituencyId"
      ORDER BY c.code, d."fullName"`,
    ctx.prisma.$queryRaw<SuggestionFigureRow[]>`SELECT ${SUGGESTION_AGGREGATES(today)} FROM "Suggestion" s ${where}`,
  ]);
  const county = toSuggestionFigures(all!);
  if (county.received === 0) return emptyReport(ctx, "reports.empty.no_suggestions", departmentColumns, "reports.sheet.suggestions_departments");
  const byDepartment = departments.map((r) => ({ department: r.name ?? t("reports.suggestions.not_assigned"), ...cells(toSuggestionFigures(r)) }));
  const assigned = byDepartment.filter((r) => r.assigned > 0);
  const chart: ChartSpec = {
    kind: "stacked-bar",
    title: t("reports.suggestions.chart_title"),
    labels: assigned.map((r) => r.department),
    series: [
      { name: t("reports.col.answeredInTime"), values: assigned.map((r) => r.answeredInTime) },
      { name: t("reports.col.answeredLate"), values: assigned.map((r) => r.answeredLate) },
      { name: t("reports.col.overdue"), values: assigned.map((r) => r.overdue) },
      // Assigned and not answered, deadline not yet passed (merged or rejected ones aside: at most this).
      { name: t("reports.suggestions.not_yet_due"), values: assigned.map((r) => Math.max(0, r.assigned - r.answeredInTime - r.answeredLate - r.overdue)) },
    ],
    locale: ctx.locale,
  };
  const worst = [...assigned].sort((a, b) => b.overdue - a.overdue)[0];
  return {
    empty: false,
    tables: [
      { name: t("reports.sheet.suggestions_departments"), columns: departmentColumns, rows: byDepartment, totals: { department: t("reports.total"), ...cells(county) } },
      {
        name: t("reports.sheet.suggestions_delegates"),
        columns: [column(t, "delegate", "text"), column(t, "constituency", "text"), ...figureColumns(t)],
        rows: delegates.map((r) => ({ delegate: r.name, constituency: r.constituency, ...cells(toSuggestionFigures(r)) })),
      },
    ],
    ...(assigned.length > 0 ? { chart } : {}),
    summary: [
      t("reports.suggestions.line1", { received: county.received, answered: county.answered, assigned: county.assigned, inTime: pct(ctx, cells(county).inTimeRate), overdue: county.overdue }),
      t("reports.suggestions.line2", { satisfaction: pct(ctx, cells(county).satisfaction), rated: county.rated, worst: worst && worst.overdue > 0 ? worst.department : "—", worstOverdue: worst?.overdue ?? 0 }),
    ],
    headline: {
      suggestionsReceived: county.received,
      suggestionsInTime: cells(county).inTimeRate,
      suggestionsOverdue: county.overdue,
      satisfaction: cells(county).satisfaction,
    },
  };
}

export const suggestions: ReportDefinition = { name: "suggestions", perElection: false, byArea: true, hasChart: true, query };
