// Telegram's language_code → our locale: the one rule behind both the language of a reply
// (bot/i18n.ts negotiateLocale) and User.telegramLocale, the language of messages sent later.
import { describe, expect, it } from "vitest";
import { isLocale, localeOfLanguageCode } from "../../src/config/locales.js";

describe("localeOfLanguageCode", () => {
  it.each([
    ["en", "en"],
    ["en-US", "en"],
    ["en-GB", "en"],
    ["zh-hans", "zh-CN"],
    ["zh-CN", "zh-CN"],
    ["zh", "zh-CN"],
    ["zh-hant", "zh-TW"],
    ["zh-TW", "zh-TW"],
    ["zh-HK", "zh-TW"],
    ["zh_tw", "zh-TW"],
    ["zh-MO", "zh-TW"],
    ["ZH-HANT", "zh-TW"],
    ["fr", null],
    ["ru", null],
    ["", null],
    [undefined, null],
    [null, null],
  ] as const)("%j → %j", (code, expected) => {
    expect(localeOfLanguageCode(code)).toBe(expected);
  });

  it("only ever gives one of our locales (or null)", () => {
    for (const code of ["en", "zh-hans", "zh-hant", "fr", "", "xx-YY"]) {
      const l = localeOfLanguageCode(code);
      expect(l === null || isLocale(l)).toBe(true);
    }
  });
});
