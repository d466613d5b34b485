// i18next with one folder per locale (locales/<lng>/*.json): every file of a locale is merged into
// one resource, so each feature can keep its strings in a file of its own. A key defined in two
// files is an error. Each update gets its own fixed `t`: updates run concurrently, so a global
// changeLanguage would mix languages.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import i18next, { type TFunction, type i18n } from "i18next";
import { SUPPORTED_LOCALES, type Locale } from "../config/config.js";
import { dateParts, type LocalDate } from "../domain/dates.js";

const LOCALES_DIR = fileURLToPath(new URL("../../locales", import.meta.url));

type Tree = Record<string, unknown>;

function mergeInto(target: Tree, source: Tree, file: string, path: string[] = []): void {
  for (const [key, value] of Object.entries(source)) {
    const here = [...path, key];
    const existing = target[key];
    if (value && typeof value === "object" && !Array.isArray(value)) {
      if (existing !== undefined && (typeof existing !== "object" || existing === null))
        throw new Error(`${file}: key ${here.join(".")} is already a string in another file`);
      mergeInto((target[key] ??= {}) as Tree, value as Tree, file, here);
    } else {
      if (existing !== undefined) throw new Error(`${file}: key ${here.join(".")} is defined twice`);
      target[key] = value;
    }
  }
}

export function loadTranslations(dir = LOCALES_DIR): Record<Locale, Tree> {
  return Object.fromEntries(
    SUPPORTED_LOCALES.map((l) => {
      const merged: Tree = {};
      for (const file of readdirSync(`${dir}/${l}`).filter((f) => f.endsWith(".json")).sort())
        mergeInto(merged, JSON.parse(readFileSync(`${dir}/${l}/${file}`, "utf8")) as Tree, `${l}/${file}`);
      return [l, merged];
    }),
  ) as Record<Locale, Tree>;
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
    if (!t) fixed.set(locale, (t = memoised(instance.getFixedT(locale))));
    return t;
  };
}

// Most texts are looked up by key alone (buttons, menus, welcomes), many per update; i18next
// resolves each anew (6 % of the CPU in the bench). A call with only a string key always gives the
// same string (resources never change at run time), so it is remembered per locale. Calls with
// options (interpolation, plurals, context, returnObjects) always go to i18next.
const MEMO_MAX = 10_000; // keys are constants of the code; a bound all the same
function memoised(t: Translate): Translate {
  const memo = new Map<string, string>();
  const call = t as unknown as (...args: unknown[]) => unknown;
  const wrapped = (...args: unknown[]) => {
    const key = args[0];
    if (args.length !== 1 || typeof key !== "string") return call(...args);
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const text = call(key);
    if (typeof text === "string" && memo.size < MEMO_MAX) memo.set(key, text);
    return text;
  };
  // fixedT's own properties (lng, ns, keyPrefix) stay readable.
  return Object.assign(wrapped, t) as unknown as Translate;
}

/** A calendar date in the reader's language: "2026年12月15日（星期二）", "Tuesday 15 December 2026". */
export function formatDate(t: Translate, d: LocalDate): string {
  const { year, month, day, weekday } = dateParts(d);
  return t("date.long", { year, month: t(`date.months.${month}`), day, weekday: t(`date.weekdays.${weekday}`) });
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
