// Last in the chain: anything no feature took. A button from an old menu (or a removed
// feature) gets an answer and a fresh menu instead of a spinner that never stops.
import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { mainMenu } from "../keyboards/menu.js";
import { FeatureComposer } from "../feature-composer.js";

export const fallbackFeature = new FeatureComposer<BotContext>();

fallbackFeature.on("callback_query", async (ctx) => {
  await ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  await ctx.reply(ctx.t("start.choose"), { reply_markup: mainMenu(ctx) });
});

// /cancel with no journey under way (a journey's own /cancel runs first and ends it).
fallbackFeature.command("cancel", (ctx) => ctx.reply(ctx.t("errors.nothing_to_cancel")));

fallbackFeature.on("message:text", (ctx) => ctx.reply(ctx.t("errors.unknown_command")));
