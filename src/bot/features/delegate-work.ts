// Delegate: the activity record (/activity: log a meeting, visit, inspection, survey or reception
// day with date, place and note; counts by month, year, term) and report-back (/reportback: write
// a report and publish it to the constituency's voters). Voters: /reports reads the published
// reports of their delegates, rates them and comments.
import { Composer, InlineKeyboard } from "grammy";
import { addDays, compareDates, parseLocalDate, type LocalDate } from "../../domain/dates.js";
import { ACTIVITY_KINDS, type ActivityKind, type Period } from "../../services/delegate-work.js";
import { buttons, onButton } from "../callback-data.js";
import type { BotContext } from "../context.js";
import type { ActivityDraft, ReportDraft } from "../flows/suggestion-session.js";
import { formatDate } from "../i18n.js";
import { activityKindKeyboard, activityPeriodKeyboard, RATINGS, reportFeedbackKeyboard, sgButtons } from "../keyboards/suggestions.js";
import { requireRole } from "../middleware/roles.js";
import { FeatureComposer } from "../feature-composer.js";

export const delegateWorkFeature = new FeatureComposer<BotContext>();
type Ctx = BotContext;
const DELEGATE = requireRole("DELEGATE");

// ───────────── activity record ─────────────

async function showActivity(ctx: Ctx, period: Period, edit: boolean): Promise<unknown> {
  const s = await ctx.services.delegateWork.activitySummary(ctx.user!.id, period);
  if (!s) return ctx.reply(ctx.t("delegate.not_linked"));
  const lines = [ctx.t("activity.title", { period: ctx.t(`activity.periods.${period}`), from: formatDate(ctx.t, s.from), to: formatDate(ctx.t, s.to) }), ""];
  lines.push(ctx.t("activity.total", { count: s.total }));
  for (const k of ACTIVITY_KINDS) lines.push(`  ${ctx.t(`activity.kinds.${k}`)}: ${s.byKind[k]}`);
  if (s.recent.length > 0) {
    lines.push("", ctx.t("activity.recent"));
    for (const a of s.recent) lines.push(`· ${formatDate(ctx.t, a.on)} ${ctx.t(`activity.kinds.${a.kind}`)} — ${a.place}${a.note ? `: ${a.note}` : ""}`);
  }
  const text = lines.join("\n");
  const kb = activityPeriodKeyboard(ctx, period);
  return edit ? ctx.editMessageText(text, { reply_markup: kb }) : ctx.reply(text, { reply_markup: kb });
}

delegateWorkFeature.command("activity", DELEGATE, (ctx) => showActivity(ctx, "month", false));
onButton(delegateWorkFeature, sgButtons.activity, DELEGATE, async (ctx, { p }) => {
  if (p !== "month" && p !== "year" && p !== "term") return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  await ctx.answerCallbackQuery();
  return showActivity(ctx, p, true);
});

onButton(delegateWorkFeature, sgButtons.activityNew, DELEGATE, async (ctx) => {
  await ctx.answerCallbackQuery();
  return ctx.reply(ctx.t("activity.ask_kind"), { reply_markup: activityKindKeyboard(ctx, ACTIVITY_KINDS) });
});

onButton(delegateWorkFeature, sgButtons.activityKind, DELEGATE, async (ctx, { k }) => {
  if (!(ACTIVITY_KINDS as readonly string[]).includes(k)) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  const sess = await ctx.session;
  sess.sg = { ...(sess.sg ?? {}), activity: { step: "date", kind: k as ActivityKind } };
  await ctx.answerCallbackQuery();
  const today = ctx.services.delegateWork.today();
  const kb = new InlineKeyboard()
    .text(ctx.t("activity.today"), sgButtons.activityDay.pack({ d: today }))
    .text(ctx.t("activity.yesterday"), sgButtons.activityDay.pack({ d: addDays(today, -1) }));
  return ctx.editMessageText(ctx.t("activity.ask_date"), { reply_markup: kb });
});

onButton(delegateWorkFeature, sgButtons.activityDay, DELEGATE, async (ctx, { d }) => {
  const sess = await ctx.session;
  const a = sess.sg?.activity;
  // The note step's "skip" reuses this kind with d = "skip".
  if (a?.step === "note" && d === "skip") {
    await ctx.answerCallbackQuery();
    return saveActivity(ctx, a, null);
  }
  if (!a || a.step !== "date") return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  await ctx.answerCallbackQuery();
  return activityText(ctx, a, d);
});

/** Parses "2026-12-20", "12-20", "12月20日" or "20/12" … loosely: year defaults to this year. */
function parseDay(text: string, today: LocalDate): LocalDate | null {
  const s = text.normalize("NFKC").trim();
  const m = /^(?:(\d{4})[-/.年])?(\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (!m) return null;
  try {
    return parseLocalDate(`${m[1] ?? today.slice(0, 4)}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`);
  } catch {
    return null;
  }
}

/** The activity flow's typed steps: date, place, note. */
export async function activityText(ctx: Ctx, a: ActivityDraft, text: string): Promise<unknown> {
  const svc = ctx.services.delegateWork;
  if (a.step === "date") {
    const on = parseDay(text, svc.today());
    if (!on) return ctx.reply(ctx.t("activity.bad_date"));
    if (compareDates(on, svc.today()) > 0) return ctx.reply(ctx.t("activity.errors.FUTURE_DATE"));
    a.on = on;
    a.step = "place";
    return ctx.reply(ctx.t("activity.ask_place", { date: formatDate(ctx.t, on) }));
  }
  if (a.step === "place") {
    if (!text.trim() || text.length > 100) return ctx.reply(ctx.t("activity.errors.PLACE_REQUIRED"));
    a.place = text.trim();
    a.step = "note";
    return ctx.reply(ctx.t("activity.ask_note"), { reply_markup: new InlineKeyboard().text(ctx.t("sg.skip"), sgButtons.activityDay.pack({ d: "skip" })) });
  }
  return saveActivity(ctx, a, text);
}

async function saveActivity(ctx: Ctx, a: ActivityDraft, note: string | null): Promise<unknown> {
  const r = await ctx.services.delegateWork.logActivity(ctx.user!.id, { kind: a.kind, on: a.on as LocalDate, place: a.place ?? "", note });
  const sess = await ctx.session;
  if (sess.sg) delete sess.sg.activity;
  if (!r.ok) return ctx.reply(ctx.t(`activity.errors.${r.error}`));
  await ctx.reply(ctx.t("activity.saved", { kind: ctx.t(`activity.kinds.${a.kind}`), date: formatDate(ctx.t, a.on as LocalDate), place: a.place }));
  return showActivity(ctx, "month", false);
}

// ───────────── report-back ─────────────

delegateWorkFeature.command("reportback", DELEGATE, async (ctx) => {
  const d = await ctx.services.delegates.forUser(ctx.user!.id);
  if (!d) return ctx.reply(ctx.t("delegate.not_linked"));
  const reports = await ctx.services.delegateWork.ownReports(ctx.user!.id);
  const lines = [ctx.t("report.own_title"), ""];
  if (reports.length === 0) lines.push(ctx.t("report.none_yet"));
  for (const r of reports)
    lines.push(
      `· ${r.title} — ${r.publishedOn ? ctx.t("report.published_on", { date: formatDate(ctx.t, r.publishedOn) }) : ctx.t("report.draft")}` +
        (r.publishedOn ? ` · ${ctx.t("report.feedback", { rated: r.ratings.total, satisfied: r.ratings.satisfied + r.ratings.basicallySatisfied, comments: r.comments })}` : ""),
    );
  return ctx.reply(lines.join("\n"), { reply_markup: new InlineKeyboard().text(ctx.t("report.write"), sgButtons.reportNew.pack({})) });
});

onButton(delegateWorkFeature, sgButtons.reportNew, DELEGATE, async (ctx) => {
  const sess = await ctx.session;
  sess.sg = { ...(sess.sg ?? {}), report: { step: "title" } };
  await ctx.answerCallbackQuery();
  return ctx.reply(ctx.t("report.ask_title"));
});

export async function reportText(ctx: Ctx, r: ReportDraft, text: string): Promise<unknown> {
  if (r.step === "title") {
    if (!text.trim() || text.length > 100) return ctx.reply(ctx.t("report.bad_title"));
    r.title = text.trim();
    r.step = "body";
    return ctx.reply(ctx.t("report.ask_body"));
  }
  if (r.step === "body") {
    if (text.trim().length < 20) return ctx.reply(ctx.t("report.body_short"));
    r.body = text.trim();
    r.step = "confirm";
    return ctx.reply(`${ctx.t("report.preview")}\n\n${r.title}\n\n${r.body}`, {
      reply_markup: new InlineKeyboard().text(ctx.t("report.publish"), sgButtons.reportPublish.pack({})).row().text(ctx.t("sg.cancel"), sgButtons.cancel.pack({})),
    });
  }
  return ctx.reply(ctx.t("report.press_publish"));
}

onButton(delegateWorkFeature, sgButtons.reportPublish, DELEGATE, async (ctx) => {
  const sess = await ctx.session;
  const r = sess.sg?.report;
  if (!r || r.step !== "confirm" || !r.title || !r.body) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  const svc = ctx.services.delegateWork;
  const created = await svc.createReport(ctx.user!.id, r.title, r.body);
  if (!created.ok) return ctx.answerCallbackQuery({ text: ctx.t(`report.errors.${created.error}`), show_alert: true });
  delete sess.sg!.report;
  const published = await svc.publishOwn(ctx.user!.id, created.id);
  await ctx.answerCallbackQuery();
  const audience = published.ok ? published.audience : 0;
  return ctx.editMessageText(audience > 0 ? ctx.t("report.published", { count: audience }) : ctx.t("report.published_nobody"));
});

// ───────────── voters: /reports ─────────────

async function showReports(ctx: Ctx, edit: boolean): Promise<unknown> {
  const { linked, reports } = await ctx.services.delegateWork.reportsForVoter(ctx.user!.id);
  if (!linked) return ctx.reply(ctx.t("sg.not_linked"), { reply_markup: new InlineKeyboard().text(ctx.t("menu.find_constituency"), buttons.areaHome.pack({})) });
  const text = reports.length === 0 ? ctx.t("report.none_published") : ctx.t("report.list_title");
  const kb = new InlineKeyboard();
  for (const r of reports) kb.text(`${r.delegateName} · ${r.title}`, sgButtons.report.pack({ id: r.id })).row();
  kb.text(ctx.t("menu.back_to_menu"), buttons.menu.pack({}));
  return edit ? ctx.editMessageText(text, { reply_markup: kb }) : ctx.reply(text, { reply_markup: kb });
}

delegateWorkFeature.command("reports", (ctx) => showReports(ctx, false));
onButton(delegateWorkFeature, sgButtons.reports, async (ctx) => {
  await ctx.answerCallbackQuery();
  return showReports(ctx, true);
});

async function showReport(ctx: Ctx, id: number): Promise<unknown> {
  const r = await ctx.services.delegateWork.reportForVoter(ctx.user!.id, id);
  if (!r) return ctx.reply(ctx.t("report.not_found"));
  const lines = [`📣 ${r.title}`, ctx.t("report.by", { name: r.delegateName, date: r.publishedOn ? formatDate(ctx.t, r.publishedOn) : "" }), "", r.body, ""];
  lines.push(ctx.t("report.feedback", { rated: r.ratings.total, satisfied: r.ratings.satisfied + r.ratings.basicallySatisfied, comments: r.comments }));
  if (r.mine?.rating) lines.push(ctx.t("report.your_rating", { rating: ctx.t(`sg.ratings.${r.mine.rating}`) }));
  return ctx.reply(lines.join("\n"), { reply_markup: reportFeedbackKeyboard(ctx.t, id) });
}

onButton(delegateWorkFeature, sgButtons.report, async (ctx, { id }) => {
  await ctx.answerCallbackQuery();
  return showReport(ctx, id);
});

onButton(delegateWorkFeature, sgButtons.reportRate, async (ctx, { id, r }) => {
  if (!(RATINGS as readonly string[]).includes(r)) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  const ok = await ctx.services.delegateWork.rateReport(ctx.user!.id, id, { rating: r as (typeof RATINGS)[number] });
  return ctx.answerCallbackQuery({ text: ok.ok ? ctx.t("report.rated") : ctx.t("report.not_found") });
});

onButton(delegateWorkFeature, sgButtons.reportComment, async (ctx, { id }) => {
  if (!(await ctx.services.delegateWork.reportForVoter(ctx.user!.id, id))) return ctx.answerCallbackQuery({ text: ctx.t("report.not_found") });
  const sess = await ctx.session;
  sess.sg = { ...(sess.sg ?? {}), reportComment: id };
  await ctx.answerCallbackQuery();
  return ctx.reply(ctx.t("report.ask_comment"));
});

export async function reportComment(ctx: Ctx, id: number, text: string): Promise<unknown> {
  const ok = await ctx.services.delegateWork.rateReport(ctx.user!.id, id, { comment: text });
  return ctx.reply(ok.ok ? ctx.t("report.comment_saved") : ctx.t("report.not_found"));
}
