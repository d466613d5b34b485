import { describe, expect, it } from "vitest";
import {
  caption,
  formatCount,
  formatPercent,
  formatPercentTick,
  formatPointChange,
  formatSignedCount,
  formatValue,
  joinClauses,
} from "../../src/reports/render/summary.js";

describe("summary formatting", () => {
  it("formats counts and percents per locale", () => {
    expect(formatCount(1234567, "zh-CN")).toBe("1,234,567");
    expect(formatCount(1234567, "en")).toBe("1,234,567");
    expect(formatCount(1234567, "zh-TW")).toBe("1,234,567");
    expect(formatPercent(0.9634, "zh-CN")).toBe("96.3%");
    expect(formatPercent(1, "en")).toBe("100.0%");
    expect(formatPercentTick(0.2, "zh-CN")).toBe("20%");
    expect(formatValue(12.345, "count", "en")).toBe("12.3");
    expect(formatValue(null, "percent", "en")).toBe("—");
    expect(formatCount(Number.NaN, "en")).toBe("—");
  });

  it("formats signed changes", () => {
    expect(formatSignedCount(1234, "zh-CN")).toBe("+1,234");
    expect(formatSignedCount(-5, "en")).toBe("-5");
    expect(formatSignedCount(0, "en")).toBe("0");
    expect(formatPointChange(0.012, "zh-CN")).toBe("+1.2 个百分点");
    expect(formatPointChange(-0.012, "zh-TW")).toBe("-1.2 個百分點");
    expect(formatPointChange(0.0004, "en")).toBe("0.0 pp");
  });

  it("builds a two-line caption", () => {
    const line1 = joinClauses([`参选率 ${formatPercent(0.963, "zh-CN")}`, `较上届 ${formatPointChange(0.012, "zh-CN")}`], "zh-CN");
    expect(line1).toBe("参选率 96.3%，较上届 +1.2 个百分点");
    expect(caption(line1, "登记选民 12,345 人")).toBe("参选率 96.3%，较上届 +1.2 个百分点\n登记选民 12,345 人");
    expect(joinClauses(["turnout 96.3%", "+1.2 pp"], "en")).toBe("turnout 96.3%, +1.2 pp");
    const long = caption("选".repeat(2000), undefined);
    expect(Array.from(long)).toHaveLength(1024);
    expect(long.endsWith("…")).toBe(true);
  });
});
