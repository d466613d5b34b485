// i18next with one folder per locale (locales/<lng>/*.json): every file of a locale is merged into
// one resource, so each feature can keep its strings in a file of its own. A key defined in two
// files is an error. Each update gets its own fixed `t`: updates run concurrently, so a global
// changeLanguage would mix languages.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import i18next, { type TFunction, type i18n } from "i18next";
import { SUPPORTED_LOCALES, type Locale } from "../config/config.js";
import { isLocale, localeOfLanguageCode } from "../config/locales.js";
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

// Texts are looked up many times per update (buttons, menus, answers) and i18next resolves each
// anew (6 % of the CPU in the bench), though resources never change at run time. So per locale:
// - a call with only a string key is remembered;
// - a call with plain variables (strings and numbers, none of i18next's own options such as
//   count, context or returnObjects) fills the remembered template itself; our templates use only
//   {{name}} (test/bot/i18n.test.ts checks every key against i18next's own result);
// - anything else (plurals, context, returnObjects…) goes to i18next.
const MEMO_MAX = 10_000; // keys are constants of the code; a bound all the same
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
const I18NEXT_OPTIONS = new Set([
  "count", "context", "ordinal", "returnObjects", "returnDetails", "joinArrays", "lng", "lngs", "fallbackLng", "ns", "keyPrefix",
  "defaultValue", "replace", "interpolation", "skipInterpolation", "postProcess", "nsSeparator", "keySeparator",
]);

function plainVariables(options: unknown): options is Record<string, string | number> {
  if (typeof options !== "object" || options === null || Array.isArray(options)) return false;
  for (const [name, value] of Object.entries(options)) {
    if (I18NEXT_OPTIONS.has(name) || name.startsWith("defaultValue")) return false;
    if (typeof value !== "string" && typeof value !== "number") return false;
  }
  return true;
}

function memoised(t: Translate): Translate {
  const texts = new Map<string, string>();
  const templates = new Map<string, string | null>(); // null: not a string resource (i18next decides)
  const call = t as unknown as (...args: unknown[]) => unknown;
  const remember = <V>(memo: Map<string, V>, key: string, value: V) => {
    if (memo.size < MEMO_MAX) memo.set(key, value);
    return value;
  };
  const wrapped = (...args: unknown[]) => {
    const [key, options] = args;
    if (typeof key !== "string" || args.length > 2) return call(...args);
    if (args.length === 1) {
      const hit = texts.get(key);
      if (hit !== undefined) return hit;
      const text = call(key);
      return typeof text === "string" ? remember(texts, key, text) : text;
    }
    if (!plainVariables(options)) return call(...args);
    let template = templates.get(key);
    if (template === undefined) {
      const raw = call(key, { skipInterpolation: true });
      template = remember(templates, key, typeof raw === "string" ? raw : null);
    }
    if (template === null) return call(...args);
    // As i18next does: a variable not given leaves its placeholder as it is.
    return template.replace(PLACEHOLDER, (whole, name: string) => (Object.hasOwn(options, name) ? String(options[name]) : whole));
  };
  // fixedT's own properties (lng, ns, keyPrefix) stay readable.
  return Object.assign(wrapped, t) as unknown as Translate;
}

/** A calendar date in the reader's language: "2026年12月15日（星期二）", "Tuesday 15 December 2026". */
export function formatDate(t: Translate, d: LocalDate): string {
  const { year, month, day, weekday } = dateParts(d);
  return t("date.long", { year, month: t(`date.months.${month}`), day, weekday: t(`date.weekdays.${weekday}`) });
}

/** The user's choice first, then Telegram's language_code (config/locales.ts), then `fallback`. */
export function negotiateLocale(chosen: string | null | undefined, telegramCode: string | undefined, fallback: Locale): Locale {
  if (isLocale(chosen)) return chosen;
  return localeOfLanguageCode(telegramCode) ?? fallback;
}
