// /report (staff): pick a report, then the election (when there is more than one) and the area
// (county-wide staff: the county or a township; township staff: their own township). The table
// comes as an XLSX document; a report with a chart sends it too — as a photo with the two-line
// summary as caption, or as a document when it is too tall for a photo. Each export is audited.
import { Composer, InputFile } from "grammy";
import type { InlineKeyboard } from "grammy";
import { isReportName, type ReportName } from "../../services/reports.js";
import { backToMenu } from "../keyboards/menu.js";
import { areasKeyboard, electionsKeyboard, reportButtons, reportsKeyboard, WHOLE } from "../keyboards/reports.js";
import { onButton } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { requireRole } from "../middleware/roles.js";
import { FeatureComposer } from "../feature-composer.js";

export const reportsFeature = new FeatureComposer<BotContext>();

/** Telegram's caption limit (1024): captions are cut with "…" beyond it. */
const CAPTION_LIMIT = 1024;
const bounded = (s: string) => (Array.from(s).length <= CAPTION_LIMIT ? s : `${Array.from(s).slice(0, CAPTION_LIMIT - 1).join("")}…`);

/** Edits the message a button sits on, or replies to a command; returns a way to edit it again. */
async function show(ctx: BotContext, text: string, keyboard?: InlineKeyboard): Promise<(text: string, keyboard?: InlineKeyboard) => Promise<unknown>> {
  const extra = keyboard ? { reply_markup: keyboard } : {};
  let chatId: number;
  let messageId: number;
  if (ctx.callbackQuery?.message) {
    await ctx.editMessageText(text, extra);
    ({ chat: { id: chatId }, message_id: messageId } = ctx.callbackQuery.message);
  } else {
    ({ chat: { id: chatId }, message_id: messageId } = await ctx.reply(text, extra));
  }
  return (next, kb) => ctx.api.editMessageText(chatId, messageId, next, kb ? { reply_markup: kb } : {});
}

async function within(ctx: BotContext): Promise<string | null> {
  return ctx.user ? ctx.services.reports.scopeCode(ctx.user.id) : null;
}

/** After the report (and maybe the election) is known: ask for the area, or run it. */
async function areaStep(ctx: BotContext, name: ReportName, electionId: number): Promise<void> {
  const own = await within(ctx);
  if (ctx.services.reports.describe(name).byArea && own === null) {
    const areas = await ctx.services.reports.areas(null);
    if (areas.length > 0) {
      await show(ctx, ctx.t("reports.choose_area", { report: ctx.t(`reports.title.${name}`) }), areasKeyboard(ctx, name, electionId, areas));
      return;
    }
  }
  return generate(ctx, name, electionId, WHOLE);
}

async function pick(ctx: BotContext, name: ReportName): Promise<void> {
  if (ctx.services.reports.describe(name).perElection) {
    const elections = await ctx.services.reports.elections();
    if (elections.length > 1) {
      await show(ctx, ctx.t("reports.choose_election", { report: ctx.t(`reports.title.${name}`) }), electionsKeyboard(ctx, name, elections));
      return;
    }
    return areaStep(ctx, name, elections[0]?.id ?? 0);
  }
  return areaStep(ctx, name, 0);
}

async function generate(ctx: BotContext, name: ReportName, electionId: number, area: string): Promise<void> {
  const title = ctx.t(`reports.title.${name}`);
  // The "preparing" line becomes the outcome: done, nothing to count, or what went wrong.
  const status = await show(ctx, ctx.t("reports.preparing", { report: title }));
  const own = await within(ctx);
  const result = await ctx.services.reports.run(
    name,
    { electionId: electionId > 0 ? electionId : undefined, areaCode: area === WHOLE ? undefined : area },
    { t: ctx.t, locale: ctx.locale, within: own },
  );
  if (!result.ok) {
    await status(ctx.t(`reports.error.${result.error}`), backToMenu(ctx));
    return;
  }
  const run = result.run;
  if (run.data.empty) {
    await status(ctx.t("reports.empty_chat", { report: title, reason: run.data.reason }), backToMenu(ctx));
    return;
  }
  const [line1, line2] = run.data.summary;
  const where = run.filters.slice(0, 2).map((f) => ctx.t("reports.filter_line", f)).join("\n");
  const xlsx = (await ctx.services.reports.file(run, "xlsx"))!;
  const chart = await ctx.services.reports.chart(run);
  // With a chart, the picture carries the summary; without one, the file does.
  await ctx.replyWithDocument(new InputFile(xlsx.bytes, xlsx.fileName), {
    caption: bounded(chart ? `${title}\n${where}` : ctx.t("reports.file_caption", { report: title, line1, line2 })),
  });
  if (chart) {
    const file = new InputFile(chart.bytes, chart.fileName);
    const caption = bounded(`${line1}\n${line2}`);
    if (chart.sendAs === "photo") await ctx.replyWithPhoto(file, { caption, reply_markup: backToMenu(ctx) });
    else await ctx.replyWithDocument(file, { caption, reply_markup: backToMenu(ctx) });
  }
  await status(ctx.t("reports.done", { report: title }));
  await ctx.services.audit.record(ctx.user?.id ?? null, "report.export", `report:${name}`, {
    electionId: run.scope.election?.id ?? null,
    area: run.scope.area?.code ?? null,
  });
}

reportsFeature.command("report", requireRole("STAFF"), async (ctx) => {
  const asked = ctx.match.trim();
  if (isReportName(asked)) return pick(ctx, asked);
  return ctx.reply(ctx.t("reports.choose"), { reply_markup: reportsKeyboard(ctx) });
});
onButton(reportsFeature, reportButtons.open, requireRole("STAFF"), async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(ctx.t("reports.choose"), { reply_markup: reportsKeyboard(ctx) });
});
onButton(reportsFeature, reportButtons.pick, requireRole("STAFF"), async (ctx, { name }) => {
  if (!isReportName(name)) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  await ctx.answerCallbackQuery();
  await pick(ctx, name);
});
onButton(reportsFeature, reportButtons.election, requireRole("STAFF"), async (ctx, { name, e }) => {
  if (!isReportName(name)) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  await ctx.answerCallbackQuery();
  await areaStep(ctx, name, e);
});
onButton(reportsFeature, reportButtons.run, requireRole("STAFF"), async (ctx, { name, e, area }) => {
  if (!isReportName(name)) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  await ctx.answerCallbackQuery();
  await generate(ctx, name, e, area);
});
