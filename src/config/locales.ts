// Telegram's language_code → one of our locales: the one rule, shared by the bot (the language
// of a reply, bot/i18n.ts negotiateLocale) and the services (User.telegramLocale, the language of
// messages sent later). Pure, and here rather than in bot/ so that services may import it.
import { SUPPORTED_LOCALES, type Locale } from "./config.js";

export function isLocale(s: string | null | undefined): s is Locale {
  return !!s && (SUPPORTED_LOCALES as readonly string[]).includes(s);
}

/** zh-hant/-tw/-hk/-mo → zh-TW, any other zh → zh-CN, en… → en; null for any other language (or none). */
export function localeOfLanguageCode(code: string | null | undefined): Locale | null {
  const c = code?.toLowerCase() ?? "";
  if (/^zh[-_](hant|tw|hk|mo)/.test(c)) return "zh-TW";
  if (c.startsWith("zh")) return "zh-CN";
  if (c.startsWith("en")) return "en";
  return null;
}
