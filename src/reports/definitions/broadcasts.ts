// Broadcasts (staff letters, calendar reminders, the weekly bulletin): how many people each was
// queued for, how many it reached, how many had blocked the bot (unreachable), failed or are still
// waiting. Reach = sent / queued. County-wide: an audience is not an area of the roll.
import type { ChartSpec } from "../render/chart.js";
import { column, emptyReport, num, pct, ratio, totalsRow } from "../scope.js";
import type { ReportContext, ReportData, ReportDefinition } from "../types.js";

const COUNTS = ["queued", "sent", "unreachable", "failed", "waiting"] as const;
/** Broadcasts drawn in the chart: the latest ones (a bar per broadcast). */
const CHART_LATEST = 20;

async function query(ctx: ReportContext): Promise<ReportData> {
  const { t } = ctx;
  const columns = [
    column(t, "broadcast", "int"),
    column(t, "createdAt"),
    column(t, "kind", "text"),
    column(t, "status", "text"),
    column(t, "text", "text"),
    ...COUNTS.map((k) => column(t, k, "int")),
    column(t, "reach", "percent"),
  ];
  const [rows, [users]] = await Promise.all([
    ctx.prisma.$queryRaw<Record<string, unknown>[]>`
      SELECT b.id AS broadcast, b."createdAt", b.kind::text AS kind, b.status::text AS status, left(b.text, 60) AS text,
             coalesce(d.queued, 0) AS queued, coalesce(d.sent, 0) AS sent, coalesce(d.unreachable, 0) AS unreachable,
             coalesce(d.failed, 0) AS failed, coalesce(d.waiting, 0) AS waiting
      FROM "Broadcast" b
      LEFT JOIN (
        SELECT "broadcastId", count(*) AS queued, count(*) FILTER (WHERE status = 'SENT') AS sent,
               count(*) FILTER (WHERE status = 'UNREACHABLE') AS unreachable,
               count(*) FILTER (WHERE status IN ('FAILED', 'EXPIRED', 'CANCELLED')) AS failed,
               count(*) FILTER (WHERE status IN ('PENDING', 'SENDING')) AS waiting
        FROM "Delivery" GROUP BY "broadcastId") d ON d."broadcastId" = b.id
      ORDER BY b.id DESC`,
    ctx.prisma.$queryRaw<{ users: bigint; blocked: bigint }[]>`
      SELECT count(*) AS users, count(*) FILTER (WHERE "unreachableAt" IS NOT NULL) AS blocked FROM "User"`,
  ]);
  if (rows.length === 0) return emptyReport(ctx, "reports.empty.no_broadcasts", columns, "reports.sheet.broadcasts");
  const table = rows.map((r) => ({
    broadcast: num(r.broadcast),
    createdAt: r.createdAt as Date,
    kind: t(`reports.broadcasts.kind.${String(r.kind)}`),
    status: t(`reports.broadcasts.status.${String(r.status)}`),
    text: String(r.text ?? ""),
    ...Object.fromEntries(COUNTS.map((k) => [k, num(r[k])])),
    reach: ratio(num(r.sent), num(r.queued)),
  })) as Record<string, string | number | Date | null>[];
  const totals: Record<string, string | number | null> = totalsRow(t, table, "text", COUNTS);
  const n = (k: string) => num(totals[k]);
  totals.reach = ratio(n("sent"), n("queued"));
  const latest = table.slice(0, CHART_LATEST).reverse();
  const chart: ChartSpec = {
    kind: "stacked-bar",
    title: t("reports.broadcasts.chart_title", { count: latest.length }),
    labels: latest.map((r) => `#${r.broadcast}`),
    series: [
      { name: t("reports.col.sent"), values: latest.map((r) => num(r.sent)) },
      { name: t("reports.col.unreachable"), values: latest.map((r) => num(r.unreachable)) },
      { name: t("reports.col.failed"), values: latest.map((r) => num(r.failed)) },
      { name: t("reports.col.waiting"), values: latest.map((r) => num(r.waiting)) },
    ],
    locale: ctx.locale,
  };
  const blocked = num(users?.blocked);
  return {
    empty: false,
    tables: [{ name: t("reports.sheet.broadcasts"), columns, rows: table, totals }],
    chart,
    summary: [
      t("reports.broadcasts.line1", { broadcasts: table.length, queued: n("queued"), sent: n("sent"), reach: pct(ctx, totals.reach) }),
      t("reports.broadcasts.line2", { unreachable: n("unreachable"), blocked, users: num(users?.users), share: pct(ctx, ratio(blocked, num(users?.users))) }),
    ],
    headline: { broadcasts: table.length, reach: ratio(n("sent"), n("queued")), blocked },
  };
}

export const broadcasts: ReportDefinition = { name: "broadcasts", perElection: false, byArea: false, hasChart: true, query };
