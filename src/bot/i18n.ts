// i18next with one resource file per locale (locales/<lng>/translation.json). Each update gets
// its own fixed `t`: updates run concurrently, so a global changeLanguage would mix languages.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import i18next, { type TFunction, type i18n } from "i18next";
import { SUPPORTED_LOCALES, type Locale } from "../config/config.js";

const LOCALES_DIR = fileURLToPath(new URL("../../locales", import.meta.url));

export function loadTranslations(dir = LOCALES_DIR): Record<Locale, Record<string, unknown>> {
  return Object.fromEntries(
    SUPPORTED_LOCALES.map((l) => [l, JSON.parse(readFileSync(`${dir}/${l}/translation.json`, "utf8"))]),
  ) as Record<Locale, Record<string, unknown>>;
}

export function createI18n(defaultLocale: Locale): i18n {
  const instance = i18next.createInstance();
  const resources = Object.fromEntries(
    Object.entries(loadTranslations()).map(([l, translation]) => [l, { translation }]),
  );
  void instance.init({
    resources,
    lng: defaultLocale,
    fallbackLng: defaultLocale,
    supportedLngs: [...SUPPORTED_LOCALES],
    initAsync: false,
    interpolation: { escapeValue: false }, // we send plain text, not HTML
    returnNull: false,
  });
  return instance;
}

export type Translate = TFunction;

/** One fixed `t` per locale, made once and shared by all updates. */
export function createTranslators(instance: i18n): (locale: Locale) => Translate {
  const fixed = new Map<Locale, Translate>();
  return (locale) => {
    let t = fixed.get(locale);
    if (!t) fixed.set(locale, (t = instance.getFixedT(locale)));
    return t;
  };
}

export function isLocale(s: string | null | undefined): s is Locale {
  return !!s && (SUPPORTED_LOCALES as readonly string[]).includes(s);
}

/** The user's choice first, then Telegram's language_code (zh-hant/tw/hk → zh-TW, zh → zh-CN). */
export function negotiateLocale(chosen: string | null | undefined, telegramCode: string | undefined, fallback: Locale): Locale {
  if (isLocale(chosen)) return chosen;
  const code = telegramCode?.toLowerCase() ?? "";
  if (/^zh[-_](hant|tw|hk|mo)/.test(code)) return "zh-TW";
  if (code.startsWith("zh")) return "zh-CN";
  if (code.startsWith("en")) return "en";
  return fallback;
}
