// Loads the user behind the update and binds `t` to their language for this update only. The
// same statement reads the session of the person's private chat, handed to the session
// middleware (ctx.storedSession) so that the features' first look at ctx.session costs nothing.
import type { MiddlewareFn } from "grammy";
import type { Locale } from "../../config/config.js";
import type { BotContext } from "../context.js";
import { negotiateLocale, type Translate } from "../i18n.js";

export type Translators = (locale: Locale) => Translate;

export function userAndLocale(tFor: Translators): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const from = ctx.from;
    if (from && !from.is_bot) {
      const { account, privateChatSession } = await ctx.services.users.lookUp(from);
      ctx.user = account;
      // The session key is the chat id; in a private chat that is the person's id.
      if (ctx.chat?.type === "private" && ctx.chat.id === from.id) ctx.storedSession = { key: String(from.id), json: privateChatSession };
    }
    switchLocale(ctx, tFor, negotiateLocale(ctx.user?.locale, from?.language_code, ctx.config.DEFAULT_LOCALE));
    return next();
  };
}

/** Binds `t` to a language for the rest of this update (also after /language changed it). */
export function switchLocale(ctx: BotContext, tFor: Translators, locale: Locale): void {
  ctx.locale = locale;
  ctx.t = tFor(locale);
}
