// /mydata: what is stored about the person (roll link, requests, questions, reminder choices,
// message count); an export as a JSON file; deletion after a confirmation. Objections, proxy and
// mobile-box requests are anonymised, not deleted (the committee keeps its record of them).
import { Composer, InputFile } from "grammy";
import type { MyDataSummary } from "../../services/my-data.js";
import { REMINDER_TOPICS } from "../../services/reminder-preferences.js";
import { onButton } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { hh, myDataDeleteKeyboard, myDataKeyboard, voterButtons } from "../keyboards/voter.js";
import { newToken, requestLine } from "../voter-ui.js";
import { FeatureComposer } from "../feature-composer.js";

export const myDataFeature = new FeatureComposer<BotContext>();

function summaryText(ctx: BotContext, s: MyDataSummary): string {
  const lines = [ctx.t("mydata.title"), ""];
  lines.push(ctx.t("mydata.account", { name: s.account.firstName ?? "—", username: s.account.username ? `@${s.account.username}` : "—", role: ctx.t(`roles.${s.account.role}`) }));
  lines.push(s.registration ? ctx.t("mydata.linked", { name: s.registration.fullName, constituency: s.registration.constituency.name }) : ctx.t("mydata.not_linked"));
  const requests = s.requests.filter((r) => r.kind !== "QUESTION");
  const questions = s.requests.filter((r) => r.kind === "QUESTION");
  lines.push(ctx.t("mydata.requests", { count: requests.length }), ...requests.map((r) => `  ${requestLine(ctx, r)}`));
  lines.push(ctx.t("mydata.questions", { count: questions.length }), ...questions.map((r) => `  ${requestLine(ctx, r)}`));
  const on = REMINDER_TOPICS.filter((t) => s.reminders.topics[t]).map((t) => ctx.t(`remind.topics.${t}`));
  lines.push(
    s.reminders.on ? ctx.t("mydata.reminders", { topics: on.join(ctx.t("list_separator")) || "—", from: hh(s.reminders.quiet.from), to: hh(s.reminders.quiet.to) }) : ctx.t("mydata.reminders_off"),
  );
  lines.push(ctx.t("mydata.messages", { count: s.messages }), "", ctx.t("mydata.what_delete_does"));
  return lines.join("\n");
}

async function show(ctx: BotContext) {
  if (!ctx.user) return;
  const s = await ctx.services.myData.summary(ctx.user.id);
  if (!s) return;
  await ctx.reply(summaryText(ctx, s), { reply_markup: myDataKeyboard(ctx) });
}

myDataFeature.command("mydata", (ctx) => show(ctx));
onButton(myDataFeature, voterButtons.myData, async (ctx) => {
  await ctx.answerCallbackQuery();
  await show(ctx);
});

onButton(myDataFeature, voterButtons.myDataExport, async (ctx) => {
  if (!ctx.user) return ctx.answerCallbackQuery();
  const file = await ctx.services.myData.export(ctx.user.id);
  if (!file) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  await ctx.answerCallbackQuery();
  await ctx.replyWithDocument(new InputFile(Buffer.from(file.json, "utf8"), file.fileName), { caption: ctx.t("mydata.export_caption") });
});

onButton(myDataFeature, voterButtons.myDataDelete, async (ctx) => {
  await ctx.answerCallbackQuery();
  const token = newToken();
  (await ctx.session).myDataDeleteToken = token;
  await ctx.reply(ctx.t("mydata.delete_confirm"), { reply_markup: myDataDeleteKeyboard(ctx, token) });
});

onButton(myDataFeature, voterButtons.myDataDeleteConfirm, async (ctx, { token }) => {
  if (!ctx.user) return ctx.answerCallbackQuery();
  // Only the button of the latest confirmation: an old or forged one deletes nothing.
  if ((await ctx.session).myDataDeleteToken !== token) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  await ctx.reply(ctx.t("mydata.deleted"));
  const user = ctx.user;
  const result = await ctx.services.myData.erase(user.id);
  // Nothing of this update is stored after the deletion: no session write, no log rows.
  // (null deletes the stored session; the accessor's setter takes it, the intersection type hides that.)
  (ctx as { session: unknown }).session = null;
  ctx.erased = true;
  ctx.user = undefined;
  if (!result) return;
  ctx.log.info({ anonymised: result.requestsAnonymised }, "a person deleted their data");
});
