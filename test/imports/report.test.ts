import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { MESSAGES, renderProblem } from "../../src/imports/messages.js";
import { errorReportCsv, errorSummary } from "../../src/imports/report.js";
import type { ImportError } from "../../src/imports/validate.js";

const errors: ImportError[] = [
  { row: 0, problem: "FILE_TOO_LARGE", detail: "25.0 MB > 20.0 MB" },
  { row: 3, column: "出生日期", problem: "BAD_DATE", detail: "=1+1" },
  { row: 4, column: "选民编号", problem: "DUPLICATE_VOTER_NO", detail: "9" },
];

describe("messages", () => {
  it("has Simplified Chinese and English for every problem", () => {
    for (const m of Object.values(MESSAGES)) {
      expect(m["zh-CN"]).toMatch(/\p{Script=Han}/u);
      expect(m.en).toMatch(/[a-z]{3}/);
    }
  });

  it("appends the detail, and reads zh-TW as Chinese", () => {
    expect(renderProblem("UNKNOWN_CONSTITUENCY", "zh-TW", "C09")).toBe("没有这个选区代码：C09");
    expect(renderProblem("UNKNOWN_CONSTITUENCY", "en", "C09")).toBe("No constituency with this code: C09");
  });
});

describe("errorReportCsv", () => {
  it("writes UTF-8 with a BOM, one line per problem, formulas defused", () => {
    const buf = errorReportCsv(errors, "zh-CN");
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(buf.subarray(3).toString("utf8")) as string[][];
    expect(rows[0]).toEqual(["行号", "列", "问题", "说明", "代码"]);
    expect(rows[1]).toEqual(["", "", MESSAGES.FILE_TOO_LARGE["zh-CN"], "25.0 MB > 20.0 MB", "FILE_TOO_LARGE"]);
    expect(rows[2]).toEqual(["3", "出生日期", MESSAGES.BAD_DATE["zh-CN"], "'=1+1", "BAD_DATE"]);
    expect(parse(errorReportCsv(errors, "en").subarray(3).toString("utf8"))[0]).toEqual(["row", "column", "problem", "detail", "code"]);
  });

  it("zh-TW: headers and messages in traditional characters, what the file held as it was", () => {
    const rows = parse(errorReportCsv([{ row: 4, column: "选民编号", problem: "DUPLICATE_VOTER_NO", detail: "选民 9" }], "zh-TW").subarray(3).toString("utf8")) as string[][];
    expect(rows).toEqual([
      ["行號", "列", "問題", "說明", "代碼"],
      ["4", "选民编号", "選民編號重複；另見第幾行", "选民 9", "DUPLICATE_VOTER_NO"],
    ]);
  });
});

describe("errorSummary", () => {
  it("lists problems with row and column, then how many more", () => {
    const text = errorSummary(errors, "zh-CN", 2);
    expect(text.split("\n")).toEqual([
      "发现 3 个问题，涉及 2 行：",
      `文件：${MESSAGES.FILE_TOO_LARGE["zh-CN"]}：25.0 MB > 20.0 MB`,
      `第 3 行「出生日期」：${MESSAGES.BAD_DATE["zh-CN"]}：=1+1`,
      "……另有 1 个问题，详见错误报告文件。",
    ]);
    expect(errorSummary(errors, "en").split("\n")[3]).toBe("Row 4 [选民编号]: Voter number repeated; see also row(s): 9");
    expect(errorSummary([], "en")).toBe("No problems found.");
  });

  it("zh-TW: our words in traditional characters; the file's column name and detail as they were", () => {
    expect(errorSummary(errors, "zh-TW", 2).split("\n")).toEqual([
      "發現 3 個問題，涉及 2 行：",
      "文件：文件太大，請拆分後分批導入：25.0 MB > 20.0 MB",
      "第 3 行「出生日期」：日期無法識別（應為 2026-03-07、2026/3/7 或 2026年3月7日）：=1+1",
      "……另有 1 個問題，詳見錯誤報告文件。",
    ]);
    expect(errorSummary([{ row: 2, column: "选区代码", problem: "UNKNOWN_CONSTITUENCY", detail: "第九选区" }], "zh-TW")).toBe(
      "發現 1 個問題，涉及 1 行：\n第 2 行「选区代码」：沒有這個選區代碼：第九选区",
    );
    expect(errorSummary([], "zh-TW")).toBe("沒有發現問題。");
  });
});
