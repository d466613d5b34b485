// Loads the user behind the update and binds `t` to their language for this update only.
import type { MiddlewareFn } from "grammy";
import type { Locale } from "../../config/config.js";
import type { BotContext } from "../context.js";
import { negotiateLocale, type Translate } from "../i18n.js";

export type Translators = (locale: Locale) => Translate;

export function userAndLocale(tFor: Translators): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const from = ctx.from;
    if (from && !from.is_bot) ctx.user = await ctx.services.users.touch(from);
    switchLocale(ctx, tFor, negotiateLocale(ctx.user?.locale, from?.language_code, ctx.config.DEFAULT_LOCALE));
    await next();
  };
}

/** Binds `t` to a language for the rest of this update (also after /language changed it). */
export function switchLocale(ctx: BotContext, tFor: Translators, locale: Locale): void {
  ctx.locale = locale;
  ctx.t = tFor(locale);
}
