// Groups, supergroups and channels: nothing personal is ever answered there (no figures, no roll,
// no suggestions). The first message the bot gets in such a chat is answered once, briefly, with
// a pointer to the private chat; after that the bot stays quiet there.
import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { FeatureComposer } from "../feature-composer.js";

export const groupChatFeature = new FeatureComposer<BotContext>();

groupChatFeature.on("callback_query", (ctx) => ctx.answerCallbackQuery({ text: ctx.t("errors.private_only"), show_alert: true }));

groupChatFeature.on("message", async (ctx) => {
  const session = await ctx.session;
  if (session.toldPrivateOnly) return;
  session.toldPrivateOnly = true;
  await ctx.reply(ctx.t("errors.private_only"));
});
