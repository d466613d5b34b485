import { describe, expect, it } from "vitest";
import { nameVariants, normaliseName, parseIdFragment, parsePhone, splitNameAndFragment } from "../../src/domain/roll-input.js";

describe("normaliseName", () => {
  it.each([
    ["张示例", "张示例"],
    ["  张示例  ", "张示例"],
    ["张 示 例", "张示例"],
    ["张\u3000示例", "张示例"], // full-width space
    ["阿依古丽·买买提", "阿依古丽·买买提"],
    ["阿依古丽・买买提", "阿依古丽·买买提"], // katakana middle dot
    ["阿依古丽•买买提", "阿依古丽·买买提"], // bullet
    ["阿依古丽.买买提", "阿依古丽·买买提"],
    ["阿依古丽 · 买买提", "阿依古丽·买买提"],
    ["阿依古丽··买买提", "阿依古丽·买买提"],
    ["·阿依古丽·", "阿依古丽"],
    ["ＺＨＡＮＧ", "ZHANG"], // full-width letters
    ["張示例", "張示例"], // traditional kept as typed (looked up in both forms)
  ])("%j → %j", (raw, name) => {
    expect(normaliseName(raw)).toEqual({ ok: true, name });
  });

  it.each([
    ["", "EMPTY"],
    ["   ", "EMPTY"],
    ["😀😀", "NO_LETTERS"],
    ["👍", "NO_LETTERS"],
    ["···", "NO_LETTERS"],
    ["1234", "HAS_DIGITS"],
    ["张示例1", "HAS_DIGITS"],
    ["张示例😀", "BAD_CHARACTERS"],
    ["张#示例", "BAD_CHARACTERS"],
    ["张".repeat(31), "TOO_LONG"],
  ])("%j is refused: %s", (raw, problem) => {
    expect(normaliseName(raw)).toEqual({ ok: false, problem });
  });

  it("offers the simplified form of a traditional name as a second spelling", () => {
    expect(nameVariants("張示例")).toEqual(["張示例", "张示例"]);
    expect(nameVariants("劉示例")).toEqual(["劉示例", "刘示例"]);
    expect(nameVariants("张示例")).toEqual(["张示例"]);
  });
});

describe("parseIdFragment", () => {
  it.each([
    ["1234", "1234"],
    ["301X", "301X"],
    ["301x", "301X"],
    ["301×", "301X"],
    ["１２３４", "1234"], // full-width digits
    [" 12 34 ", "1234"],
    ["12-34", "1234"],
    ["０１２Ｘ", "012X"],
  ])("%j → %s", (raw, last4) => {
    expect(parseIdFragment(raw)).toEqual({ ok: true, last4 });
  });

  it.each([
    ["", "EMPTY"],
    ["123", "BAD_SHAPE"],
    ["12345", "BAD_SHAPE"],
    ["X123", "BAD_SHAPE"],
    ["12X4", "BAD_SHAPE"],
    ["abcd", "BAD_SHAPE"],
    ["😀", "BAD_SHAPE"],
    ["11010519491231002X", "WHOLE_ID"],
    ["110105194912310", "WHOLE_ID"],
  ])("%j is refused: %s", (raw, problem) => {
    expect(parseIdFragment(raw)).toEqual({ ok: false, problem });
  });
});

describe("splitNameAndFragment", () => {
  it.each([
    ["张示例 1234", { name: "张示例", last4: "1234" }],
    ["张示例1234", { name: "张示例", last4: "1234" }],
    ["张示例，301x", { name: "张示例", last4: "301X" }],
    ["阿依古丽·买买提 123X", { name: "阿依古丽·买买提", last4: "123X" }],
    ["张示例", null],
    ["1234", null],
    ["张示例 12345", null],
  ])("%j → %j", (raw, expected) => {
    expect(splitNameAndFragment(raw)).toEqual(expected);
  });
});

describe("parsePhone", () => {
  it.each([
    ["13800138000", "13800138000"],
    ["138 0013 8000", "13800138000"],
    ["+86 138-0013-8000", "13800138000"],
    ["0999-6120000", "09996120000"],
    ["(0999) 6120000 转 12", "09996120000-12"],
    ["１３８００１３８０００", "13800138000"],
  ])("%j → %s", (raw, phone) => {
    expect(parsePhone(raw)).toBe(phone);
  });

  it.each(["", "12345", "23800138000", "138001380001", "电话", "😀"])("%j is not a phone number", (raw) => {
    expect(parsePhone(raw)).toBeNull();
  });
});
