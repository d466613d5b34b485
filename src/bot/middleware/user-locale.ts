// Loads the user behind the update and binds `t` to their language for this update only.
import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../context.js";
import { negotiateLocale, type Translate } from "../i18n.js";
import type { i18n } from "i18next";

export function userAndLocale(i18n: i18n): MiddlewareFn<BotContext> {
  const fixed = new Map<string, Translate>();
  const tFor = (locale: string) => {
    let t = fixed.get(locale);
    if (!t) fixed.set(locale, (t = i18n.getFixedT(locale)));
    return t;
  };
  return async (ctx, next) => {
    const from = ctx.from;
    if (from && !from.is_bot) ctx.user = await ctx.services.users.touch(from);
    ctx.locale = negotiateLocale(ctx.user?.locale, from?.language_code, ctx.config.DEFAULT_LOCALE);
    ctx.t = tFor(ctx.locale);
    await next();
  };
}

/** Rebinds `t` after the user changed language mid-update (the /language picker). */
export function switchLocale(ctx: BotContext, i18n: i18n, locale: BotContext["locale"]): void {
  ctx.locale = locale;
  ctx.t = i18n.getFixedT(locale);
}
