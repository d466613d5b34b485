// /remind: which reminders the voter wants (registration dates, candidate meetings, election day,
// results), all on or off, and quiet hours. Stored here; the staff side's scheduler sends them.
import { Composer } from "grammy";
import type { ReminderChoices } from "../../services/reminder-preferences.js";
import { QUIET_PRESETS, REMINDER_TOPICS } from "../../services/reminder-preferences.js";
import { onButton } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { hh, quietKeyboard, remindKeyboard, voterButtons } from "../keyboards/voter.js";
import { FeatureComposer } from "../feature-composer.js";

export const remindFeature = new FeatureComposer<BotContext>();

function remindText(ctx: BotContext, c: ReminderChoices): string {
  const lines = [ctx.t("remind.title"), ""];
  if (!c.on) lines.push(ctx.t("remind.all_are_off"));
  else for (const topic of REMINDER_TOPICS) lines.push(`${c.topics[topic] ? "✅" : "⬜"} ${ctx.t(`remind.topics.${topic}`)} — ${ctx.t(`remind.about.${topic}`)}`);
  lines.push(
    "",
    c.quiet.from === c.quiet.to ? ctx.t("remind.quiet_is_none") : ctx.t("remind.quiet_is", { from: hh(c.quiet.from), to: hh(c.quiet.to) }),
    ctx.t("remind.own_dates_only"),
  );
  return lines.join("\n");
}

async function show(ctx: BotContext, c: ReminderChoices, edit: boolean) {
  const extra = { reply_markup: remindKeyboard(ctx, c) };
  return edit ? ctx.editMessageText(remindText(ctx, c), extra) : ctx.reply(remindText(ctx, c), extra);
}

remindFeature.command("remind", async (ctx) => {
  if (!ctx.user) return;
  await show(ctx, await ctx.services.reminderPreferences.get(ctx.user.id), false);
});

onButton(remindFeature, voterButtons.remind, async (ctx) => {
  if (!ctx.user) return ctx.answerCallbackQuery();
  await ctx.answerCallbackQuery();
  await show(ctx, await ctx.services.reminderPreferences.get(ctx.user.id), true);
});

onButton(remindFeature, voterButtons.remindAll, async (ctx, { on }) => {
  if (!ctx.user || (on !== 0 && on !== 1)) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  const c = await ctx.services.reminderPreferences.setAll(ctx.user.id, on === 1);
  await ctx.answerCallbackQuery({ text: ctx.t(on === 1 ? "remind.saved_on" : "remind.saved_off") });
  await show(ctx, c, true);
});

onButton(remindFeature, voterButtons.remindTopic, async (ctx, { topic, on }) => {
  const known = (REMINDER_TOPICS as readonly string[]).includes(topic);
  if (!ctx.user || !known || (on !== 0 && on !== 1)) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  const c = await ctx.services.reminderPreferences.setTopic(ctx.user.id, topic as (typeof REMINDER_TOPICS)[number], on === 1);
  await ctx.answerCallbackQuery({ text: ctx.t("remind.saved") });
  await show(ctx, c, true);
});

onButton(remindFeature, voterButtons.remindQuietMenu, async (ctx) => {
  if (!ctx.user) return ctx.answerCallbackQuery();
  await ctx.answerCallbackQuery();
  const c = await ctx.services.reminderPreferences.get(ctx.user.id);
  await ctx.editMessageText(ctx.t("remind.quiet_choose"), { reply_markup: quietKeyboard(ctx, c) });
});

onButton(remindFeature, voterButtons.remindQuiet, async (ctx, { from, to }) => {
  // Only the offered choices: a forged pair is a stale button.
  if (!ctx.user || !QUIET_PRESETS.some((q) => q.from === from && q.to === to)) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  const c = await ctx.services.reminderPreferences.setQuiet(ctx.user.id, { from, to });
  await ctx.answerCallbackQuery({ text: ctx.t("remind.saved") });
  await show(ctx, c, true);
});
