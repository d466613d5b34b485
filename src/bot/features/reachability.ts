// Who can be reached: my_chat_member tells when a person blocks the bot ("kicked") or comes back
// ("member"); the outbox skips unreachable people. And the 🔕 button on every reminder.
import { Composer } from "grammy";
import { onButton } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { staffButtons } from "../keyboards/staff-ops.js";
import { FeatureComposer } from "../feature-composer.js";

export const reachabilityFeature = new FeatureComposer<BotContext>();

reachabilityFeature.on("my_chat_member", async (ctx) => {
  const status = ctx.myChatMember.new_chat_member.status;
  if (status !== "kicked" && status !== "member") return;
  await ctx.services.outbox.setReachable(ctx.myChatMember.from.id, status === "member", ctx.services.clock.now());
});

onButton(reachabilityFeature, staffButtons.remindersOff, async (ctx) => {
  if (ctx.user) await ctx.services.reminders.unsubscribe(ctx.user.id);
  await ctx.answerCallbackQuery({ text: ctx.t("reminders.unsubscribed") });
  await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
  await ctx.reply(ctx.t("reminders.unsubscribed_long"));
});
