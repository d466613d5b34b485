// Before any feature: what the bot cannot read is answered politely instead of ignored.
import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { FeatureComposer } from "../feature-composer.js";

/** Longest question we take; Telegram allows 4096, but a question longer than this is a letter. */
export const MAX_TEXT_LENGTH = 2000;

export const inputGuardFeature = new FeatureComposer<BotContext>();

inputGuardFeature.on("message:text").filter(
  (ctx) => ctx.msg.text.length > MAX_TEXT_LENGTH,
  (ctx) => ctx.reply(ctx.t("errors.too_long", { length: ctx.msg.text.length, max: MAX_TEXT_LENGTH })),
);

// Stickers, photos, voice … : the log keeps them; the user is asked for text.
inputGuardFeature.on("message").filter(
  (ctx) => ctx.msg.text === undefined && !ctx.msg.location && !ctx.msg.contact,
  (ctx) => ctx.reply(ctx.t("errors.text_please")),
);
