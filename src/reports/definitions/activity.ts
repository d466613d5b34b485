// 履职登记 per delegate: the activities they recorded by kind (meetings, visits, inspections,
// surveys, reception days), report-backs (述职) published, and suggestions addressed to them and
// answered. A delegate with nothing recorded is listed with zeros: that absence is the figure.
import { Prisma } from "@prisma/client";
import { fromDbDate } from "../../domain/dates.js";
import { column, emptyReport, inScope, num, totalsRow } from "../scope.js";
import type { ReportContext, ReportData, ReportDefinition } from "../types.js";

const KINDS = ["MEETING", "VISIT", "INSPECTION", "SURVEY", "RECEPTION"] as const;
const COUNTS = [...KINDS, "activities", "reportsPublished", "suggestionsReceived", "suggestionsAnswered"] as const;

async function query(ctx: ReportContext): Promise<ReportData> {
  const { t } = ctx;
  const columns = [
    column(t, "delegate", "text"),
    column(t, "level", "text"),
    column(t, "constituency", "text"),
    ...KINDS.map((k) => column(t, k, "int", t(`reports.activity.kind.${k}`))),
    column(t, "activities", "int"),
    column(t, "lastActivity", "date"),
    column(t, "reportsPublished", "int"),
    column(t, "suggestionsReceived", "int"),
    column(t, "suggestionsAnswered", "int"),
  ];
  const rows = await ctx.prisma.$queryRaw<Record<string, unknown>[]>`
    SELECT d."fullName" AS delegate, d.level::text AS level, c.name AS constituency,
           coalesce(a."MEETING", 0) AS "MEETING", coalesce(a."VISIT", 0) AS "VISIT", coalesce(a."INSPECTION", 0) AS "INSPECTION",
           coalesce(a."SURVEY", 0) AS "SURVEY", coalesce(a."RECEPTION", 0) AS "RECEPTION", coalesce(a.total, 0) AS activities,
           a.last AS "lastActivity", coalesce(p.published, 0) AS "reportsPublished",
           coalesce(s.received, 0) AS "suggestionsReceived", coalesce(s.answered, 0) AS "suggestionsAnswered"
    FROM "Delegate" d
    LEFT JOIN "Constituency" c ON c.id = d."constituencyId"
    LEFT JOIN (
      SELECT "delegateId", count(*) AS total, max("on") AS last,
             count(*) FILTER (WHERE kind = 'MEETING') AS "MEETING", count(*) FILTER (WHERE kind = 'VISIT') AS "VISIT",
             count(*) FILTER (WHERE kind = 'INSPECTION') AS "INSPECTION", count(*) FILTER (WHERE kind = 'SURVEY') AS "SURVEY",
             count(*) FILTER (WHERE kind = 'RECEPTION') AS "RECEPTION"
      FROM "DelegateActivity" GROUP BY "delegateId") a ON a."delegateId" = d.id
    LEFT JOIN (SELECT "delegateId", count(*) AS published FROM "DelegateReport" WHERE "publishedAt" IS NOT NULL GROUP BY "delegateId") p ON p."delegateId" = d.id
    LEFT JOIN (
      SELECT r."delegateId", count(*) FILTER (WHERE s.status <> 'WITHDRAWN') AS received, count(*) FILTER (WHERE s."firstAnsweredOn" IS NOT NULL) AS answered
      FROM "SuggestionRecipient" r JOIN "Suggestion" s ON s.id = r."suggestionId" GROUP BY r."delegateId") s ON s."delegateId" = d.id
    WHERE ${inScope(ctx, Prisma.sql`d."constituencyId"`)}
    ORDER BY c.code NULLS LAST, d."fullName"`;
  if (rows.length === 0) return emptyReport(ctx, "reports.empty.no_delegates", columns, "reports.sheet.activity");
  const table = rows.map((r) => ({
    delegate: String(r.delegate),
    level: t(`reports.activity.level.${String(r.level)}`),
    constituency: r.constituency === null ? null : String(r.constituency),
    ...Object.fromEntries(COUNTS.map((k) => [k, num(r[k])])),
    lastActivity: r.lastActivity ? fromDbDate(r.lastActivity as Date) : null,
  })) as Record<string, string | number | Date | null>[];
  const totals = totalsRow(t, table, "delegate", COUNTS);
  const n = (k: string) => num(totals[k]);
  const none = table.filter((r) => num(r.activities) === 0).length;
  return {
    empty: false,
    tables: [{ name: t("reports.sheet.activity"), columns, rows: table, totals }],
    summary: [
      t("reports.activity.line1", { delegates: table.length, activities: n("activities"), average: Math.round((n("activities") / table.length) * 10) / 10 }),
      t("reports.activity.line2", { none, reports: n("reportsPublished"), received: n("suggestionsReceived"), answered: n("suggestionsAnswered") }),
    ],
    headline: { delegates: table.length, activities: n("activities"), delegatesWithoutActivity: none },
  };
}

export const activity: ReportDefinition = { name: "activity", perElection: false, byArea: true, hasChart: false, query };
