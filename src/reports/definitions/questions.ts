// Questions voters asked and how they were answered: by the FAQ (an answer shown, per topic, with
// the 👍/👎 people gave: helpful %), by staff (questions handed over: answered, open, overdue), or
// not at all. "Asked" is the free-text messages the FAQ took (the conversation log, within its
// retention); "no answer" is what is left when FAQ answers and hand-overs are taken away — an
// estimate, named as such. County-wide: questions carry no area.
import { toLocalDate } from "../../domain/dates.js";
import type { ChartSpec } from "../render/chart.js";
import { column, emptyReport, num, pct, ratio, totalsRow } from "../scope.js";
import type { ReportContext, ReportData, ReportDefinition } from "../types.js";

async function query(ctx: ReportContext): Promise<ReportData> {
  const { t } = ctx;
  const columns = [
    column(t, "topic", "text"),
    column(t, "shown", "int"),
    column(t, "rated", "int"),
    column(t, "helpful", "int"),
    column(t, "notHelpful", "int"),
    column(t, "helpfulRate", "percent"),
  ];
  const [topics, [asked], [staff]] = await Promise.all([
    ctx.prisma.$queryRaw<Record<string, unknown>[]>`
      SELECT coalesce(mine.topic, zh.topic, ${t("reports.questions.entry_removed")}) AS topic,
             count(*) AS shown, count(f.helpful) AS rated,
             count(*) FILTER (WHERE f.helpful) AS helpful, count(*) FILTER (WHERE NOT f.helpful) AS "notHelpful",
             count(*) FILTER (WHERE f.source IN ('search', 'suggestion')) AS "fromQuestion"
      FROM "FaqFeedback" f
      LEFT JOIN "FaqEntry" mine ON mine.key = f."entryKey" AND mine.locale = ${ctx.locale}
      LEFT JOIN "FaqEntry" zh ON zh.key = f."entryKey" AND zh.locale = 'zh-CN'
      GROUP BY 1 ORDER BY shown DESC, 1`,
    ctx.prisma.$queryRaw<{ asked: bigint; since: Date | null }[]>`
      SELECT count(*) AS asked, min(at) AS since FROM "ConversationLog"
      WHERE feature = 'faq' AND direction = 'IN' AND kind = 'message:text' AND text NOT LIKE '/%'`,
    ctx.prisma.$queryRaw<Record<string, unknown>[]>`
      SELECT count(*) AS handed, count(*) FILTER (WHERE status = 'ANSWERED') AS answered,
             count(*) FILTER (WHERE status = 'OPEN') AS open,
             count(*) FILTER (WHERE status = 'OPEN' AND "dueOn" < ${ctx.today}::date) AS overdue
      FROM "VoterRequest" WHERE kind = 'QUESTION'`,
  ]);
  const table = topics.map((r) => ({
    topic: String(r.topic),
    shown: num(r.shown),
    rated: num(r.rated),
    helpful: num(r.helpful),
    notHelpful: num(r.notHelpful),
    helpfulRate: ratio(num(r.helpful), num(r.rated)),
  }));
  const totals: Record<string, number | string | null> = totalsRow(t, table, "topic", ["shown", "rated", "helpful", "notHelpful"]);
  const n = (k: string) => num(totals[k]);
  totals.helpfulRate = ratio(n("helpful"), n("rated"));
  const askedCount = num(asked?.asked);
  const s = (k: string) => num(staff?.[k]);
  if (table.length === 0 && askedCount === 0 && s("handed") === 0) return emptyReport(ctx, "reports.empty.no_questions", columns, "reports.sheet.questions_topics");

  const byFaq = topics.reduce((sum, r) => sum + num(r.fromQuestion), 0);
  const noAnswer = Math.max(0, askedCount - byFaq - s("handed"));
  const how = [
    { way: t("reports.questions.way.asked"), count: askedCount },
    { way: t("reports.questions.way.faq"), count: byFaq },
    { way: t("reports.questions.way.browsed"), count: n("shown") - byFaq },
    { way: t("reports.questions.way.staff_answered"), count: s("answered") },
    { way: t("reports.questions.way.staff_open"), count: s("open") },
    { way: t("reports.questions.way.staff_overdue"), count: s("overdue") },
    { way: t("reports.questions.way.no_answer"), count: noAnswer },
  ];
  const chart: ChartSpec = {
    kind: "pie",
    title: t("reports.questions.chart_title"),
    labels: [t("reports.questions.way.faq"), t("reports.questions.way.staff_answered"), t("reports.questions.way.staff_open"), t("reports.questions.way.no_answer")],
    series: [{ name: t("reports.col.count"), values: [byFaq, s("answered"), s("open"), noAnswer] }],
    locale: ctx.locale,
  };
  const top = table[0];
  return {
    empty: false,
    tables: [
      { name: t("reports.sheet.questions_topics"), columns, rows: table, totals },
      { name: t("reports.sheet.questions_how"), columns: [column(t, "way", "text"), column(t, "count", "int")], rows: how },
    ],
    chart,
    summary: [
      t("reports.questions.line1", { asked: askedCount, faq: byFaq, staff: s("handed"), noAnswer }),
      t("reports.questions.line2", { helpful: pct(ctx, totals.helpfulRate), rated: n("rated"), top: top?.topic ?? "—", open: s("open"), overdue: s("overdue") }),
    ],
    headline: { questionsAsked: askedCount, faqHelpful: ratio(n("helpful"), n("rated")), questionsOpen: s("open"), questionsOverdue: s("overdue") },
    notes: [t("reports.questions.note_scope", { since: asked?.since ? toLocalDate(asked.since, ctx.timeZone) : "—" })],
  };
}

export const questions: ReportDefinition = { name: "questions", perElection: false, byArea: false, hasChart: true, query };
