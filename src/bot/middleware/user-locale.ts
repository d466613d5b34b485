// Loads the user behind the update and binds `t` to their language for this update only. The
// same statement reads the session of the person's private chat, handed to the session storage
// so that the features' first look at ctx.session costs no second statement.
import type { MiddlewareFn, StorageAdapter } from "grammy";
import type { Locale } from "../../config/config.js";
import type { BotContext } from "../context.js";
import { negotiateLocale, type Translate } from "../i18n.js";

/** Session storage that takes a value read ahead with the user look-up (db/database.ts). */
export interface SessionStore<T> extends StorageAdapter<T> {
  prime(key: string, stored: string | null): () => void;
}

export type Translators = (locale: Locale) => Translate;

export function userAndLocale(tFor: Translators, sessions: Pick<SessionStore<unknown>, "prime">): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const from = ctx.from;
    let release: (() => void) | undefined;
    if (from && !from.is_bot) {
      const { account, privateChatSession } = await ctx.services.users.lookUp(from);
      ctx.user = account;
      // grammY's session key is the chat id; in a private chat that is the person's id.
      if (ctx.chat?.type === "private" && ctx.chat.id === from.id) release = sessions.prime(String(from.id), privateChatSession);
    }
    switchLocale(ctx, tFor, negotiateLocale(ctx.user?.locale, from?.language_code, ctx.config.DEFAULT_LOCALE));
    try {
      await next();
    } finally {
      release?.();
    }
  };
}

/** Binds `t` to a language for the rest of this update (also after /language changed it). */
export function switchLocale(ctx: BotContext, tFor: Translators, locale: Locale): void {
  ctx.locale = locale;
  ctx.t = tFor(locale);
}
