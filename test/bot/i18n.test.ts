import { describe, expect, it } from "vitest";
import { SUPPORTED_LOCALES } from "../../src/config/config.js";
import { createI18n, createTranslators, formatDate, loadTranslations, negotiateLocale } from "../../src/bot/i18n.js";
import { parseLocalDate } from "../../src/domain/dates.js";

function keys(tree: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    v && typeof v === "object" ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

function placeholders(s: string): string[] {
  return [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!).sort();
}

// i18next plural forms: English has _one and _other, Chinese only _other.
const PLURAL = /_(zero|one|two|few|many|other)$/;
const base = (key: string) => key.replace(PLURAL, "");

describe("translations", () => {
  const all = loadTranslations();
  const reference = [...new Set(keys(all["zh-CN"]).map(base))].sort();
  const get = (tree: Record<string, unknown>, key: string) =>
    key.split(".").reduce<unknown>((t, k) => (t as Record<string, unknown>)[k], tree) as string;

  it.each(SUPPORTED_LOCALES.filter((l) => l !== "zh-CN"))("%s has exactly the keys of zh-CN (plural forms aside)", (locale) => {
    expect([...new Set(keys(all[locale]).map(base))].sort()).toEqual(reference);
  });

  it.each(SUPPORTED_LOCALES)("%s: every text is non-empty and uses the same placeholders as zh-CN", (locale) => {
    const zhCN = new Map(keys(all["zh-CN"]).map((k) => [base(k), get(all["zh-CN"], k)]));
    for (const key of keys(all[locale])) {
      const text = get(all[locale], key);
      expect(text.trim(), `${locale}:${key}`).not.toBe("");
      expect(placeholders(text), `${locale}:${key}`).toEqual(placeholders(zhCN.get(base(key))!));
    }
  });

  it("every plural key has its _other form", () => {
    for (const locale of SUPPORTED_LOCALES)
      for (const key of keys(all[locale]).filter((k) => PLURAL.test(k)))
        expect(keys(all[locale]), `${locale}:${key}`).toContain(`${base(key)}_other`);
  });
});

describe("formatDate (words from the locale files)", () => {
  const tFor = createTranslators(createI18n("zh-CN"));
  it.each([
    ["2026-12-15", "zh-CN", "2026年12月15日（星期二）"],
    ["2026-12-15", "zh-TW", "2026年12月15日（星期二）"],
    ["2026-12-15", "en", "Tuesday 15 December 2026"],
    ["2026-11-20", "en", "Friday 20 November 2026"],
    ["2028-02-29", "zh-CN", "2028年2月29日（星期二）"],
    ["2028-02-29", "en", "Tuesday 29 February 2028"],
    ["2026-03-01", "en", "Sunday 1 March 2026"],
  ] as const)("%s in %s is %s", (date, locale, expected) => {
    expect(formatDate(tFor(locale), parseLocalDate(date))).toBe(expected);
  });
});

describe("negotiateLocale", () => {
  it.each([
    [null, "zh-hans", "zh-CN"],
    [null, "zh", "zh-CN"],
    [null, "zh-CN", "zh-CN"],
    [null, "zh-hant", "zh-TW"],
    [null, "zh-TW", "zh-TW"],
    [null, "zh-HK", "zh-TW"],
    [null, "en", "en"],
    [null, "en-GB", "en"],
    [null, "fr", "zh-CN"],
    [null, undefined, "zh-CN"],
    ["en", "zh-hans", "en"],
    ["zh-TW", "en", "zh-TW"],
    ["xx", "en", "en"],
  ] as const)("chosen %s, Telegram %s → %s", (chosen, code, expected) => {
    expect(negotiateLocale(chosen, code, "zh-CN")).toBe(expected);
  });
});

describe("createTranslators: texts and templates remembered per locale", () => {
  const i18n = createI18n("zh-CN");
  const tFor = createTranslators(i18n);

  it("gives what i18next gives, for every key of every locale, twice", () => {
    const all = loadTranslations();
    for (const locale of SUPPORTED_LOCALES) {
      const t = tFor(locale);
      const raw = i18n.getFixedT(locale);
      for (const key of keys(all[locale]).map(base)) {
        expect(t(key), `${locale}:${key}`).toBe(raw(key));
        expect(t(key), `${locale}:${key} (again)`).toBe(raw(key));
      }
    }
  });

  it("never remembers calls with options: interpolation and plurals follow their values", () => {
    const t = tFor("en");
    expect(t("finder.constituency", { name: "A", count: 1 })).toBe("🏛 A, electing 1 delegate");
    expect(t("finder.constituency", { name: "B", count: 3 })).not.toContain("1 delegate");
    expect(t("finder.constituency", { name: "B", count: 3 })).toContain("B");
    expect(t("errors.rate_limited", { seconds: 5 })).toContain("5");
    expect(t("errors.rate_limited", { seconds: 7 })).toContain("7");
    // Key alone after calls with options: the raw text, placeholders and all.
    expect(t("errors.rate_limited")).toBe(i18n.getFixedT("en")("errors.rate_limited"));
  });

  it("with plain variables, gives what i18next gives for every key of every locale (all, some or none filled)", () => {
    const all = loadTranslations();
    for (const locale of SUPPORTED_LOCALES) {
      const t = tFor(locale);
      const raw = i18n.getFixedT(locale);
      for (const key of new Set(keys(all[locale]).map(base))) {
        const names = placeholders(String(raw(key)));
        const filled = Object.fromEntries(names.map((n, i) => [n, i % 2 ? i * 1000 + 0.5 : `值${n}$&`]));
        const some = Object.fromEntries(names.slice(1).map((n) => [n, "x"]));
        for (const vars of [filled, some, { unrelated: "y" }])
          for (let round = 0; round < 2; round++) expect(t(key, vars), `${locale}:${key} ${JSON.stringify(vars)}`).toBe(raw(key, vars));
      }
    }
  });

  it("keeps one t per locale, with its language", () => {
    expect(tFor("en")).toBe(tFor("en"));
    expect((tFor("zh-TW") as unknown as { lng: string }).lng).toBe("zh-TW");
  });
});
