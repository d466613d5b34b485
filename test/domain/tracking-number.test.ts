import { describe, it, expect } from "vitest";
import { formatTrackingNumber, parseTrackingNumber } from "../../src/domain/tracking-number.js";

describe("formatTrackingNumber", () => {
  it.each([
    ["JY", 2026, 42, "JY-2026-000042"],
    ["JY", 2026, 1, "JY-2026-000001"],
    ["SS", 2027, 999_999, "SS-2027-999999"],
    ["WT", 2026, 100_000, "WT-2026-100000"],
    ["ABC", 2030, 7, "ABC-2030-000007"],
  ] as const)("%s, %i, %i → %s", (prefix, year, seq, expected) => {
    expect(formatTrackingNumber(prefix, year, seq)).toBe(expected);
  });

  it.each([
    ["JY", 2026, 1_000_000],
    ["JY", 2026, 0],
    ["JY", 2026, -1],
    ["JY", 2026, 1.5],
    ["JY", 2026, Number.NaN],
    ["JY", 999, 1],
    ["JY", 10_000, 1],
    ["JY", 2026.5, 1],
    ["jy", 2026, 1],
    ["", 2026, 1],
    ["J-Y", 2026, 1],
    ["JY1", 2026, 1],
    ["ABCDEFGHI", 2026, 1],
  ])("throws for %j, %d, %d", (prefix, year, seq) => {
    expect(() => formatTrackingNumber(prefix, year, seq)).toThrow(RangeError);
  });
});

describe("parseTrackingNumber", () => {
  it.each([
    ["JY-2026-000042", "JY", 2026, 42],
    ["jy-2026-000042", "JY", 2026, 42],
    ["Jy-2026-42", "JY", 2026, 42],
    ["  JY-2026-000042  ", "JY", 2026, 42],
    ["ＪＹ－２０２６－０００４２", "JY", 2026, 42],
    ["ｊｙ－２０２６－４２", "JY", 2026, 42],
    ["JY—2026—000042", "JY", 2026, 42],
    ["JY–2026–000042", "JY", 2026, 42],
    ["JY‐2026‐000042", "JY", 2026, 42],
    ["JY﹣2026﹣000042", "JY", 2026, 42],
    ["JY−2026−000042", "JY", 2026, 42],
    ["JY 2026 000042", "JY", 2026, 42],
    ["JY - 2026 - 000042", "JY", 2026, 42],
    ["JY\u30002026\u3000000042", "JY", 2026, 42],
    ["JY2026000042", "JY", 2026, 42],
    ["jy-2026 -- 42", "JY", 2026, 42],
    ["SS-2027-999999", "SS", 2027, 999_999],
    ["WT-2026-000001", "WT", 2026, 1],
    ["wt-2026-1", "WT", 2026, 1],
  ])("%j → %s %i %i", (input, prefix, year, seq) => {
    expect(parseTrackingNumber(input)).toEqual({ prefix, year, seq });
  });

  it.each([
    [""],
    ["   "],
    ["JY"],
    ["JY-2026"],
    ["JY-2026-"],
    ["JY-2026-0000000"],
    ["JY-2026-1000000"],
    ["JY-2026-000000"],
    ["JY-26-000042"],
    ["JY-0999-000042"],
    ["2026-000042"],
    ["JY-2026-00004a"],
    ["JY_2026_000042"],
    ["JY/2026/000042"],
    ["JY-2026-000042-1"],
    ["我的编号是JY-2026-000042"],
    ["建议-2026-000042"],
    ["JY-二〇二六-000042"],
  ])("%j → null", (input) => {
    expect(parseTrackingNumber(input)).toBeNull();
  });

  it.each([
    ["JY", 2026, 42],
    ["SS", 2027, 999_999],
    ["WT", 2026, 1],
  ] as const)("round-trips %s %i %i", (prefix, year, seq) => {
    expect(parseTrackingNumber(formatTrackingNumber(prefix, year, seq))).toEqual({ prefix, year, seq });
  });
});
