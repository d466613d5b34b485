import { describe, expect, it } from "vitest";
import { SUPPORTED_LOCALES } from "../../src/config/config.js";
import { loadTranslations, negotiateLocale } from "../../src/bot/i18n.js";

function keys(tree: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    v && typeof v === "object" ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

function placeholders(s: string): string[] {
  return [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!).sort();
}

describe("translations", () => {
  const all = loadTranslations();
  const reference = keys(all["zh-CN"]).sort();

  it.each(SUPPORTED_LOCALES.filter((l) => l !== "zh-CN"))("%s has exactly the keys of zh-CN", (locale) => {
    expect(keys(all[locale]).sort()).toEqual(reference);
  });

  it.each(SUPPORTED_LOCALES)("%s: every text is non-empty and uses the same placeholders as zh-CN", (locale) => {
    const get = (tree: Record<string, unknown>, key: string) =>
      key.split(".").reduce<unknown>((t, k) => (t as Record<string, unknown>)[k], tree) as string;
    for (const key of reference) {
      const text = get(all[locale], key);
      expect(text.trim(), `${locale}:${key}`).not.toBe("");
      expect(placeholders(text), `${locale}:${key}`).toEqual(placeholders(get(all["zh-CN"], key)));
    }
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
