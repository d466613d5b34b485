import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import {
  displayWidth,
  headerRowNumber,
  MAX_COLUMN_WIDTH,
  sanitizeSheetName,
  writeCsv,
  writeXlsx,
  type XlsxColumn,
  type XlsxSheet,
} from "../../src/reports/render/xlsx.js";

const columns: XlsxColumn[] = [
  { key: "name", header: "选区" },
  { key: "registered", header: "登记选民", format: "int" },
  { key: "voted", header: "参选人数", format: "int" },
  { key: "turnout", header: "参选率", format: "percent" },
  { key: "average", header: "平均年龄", format: "decimal" },
  { key: "day", header: "选举日", format: "date" },
  { key: "idCard", header: "联系人身份证号", format: "text", width: 22 },
  { key: "note", header: "备注" },
];

const rows: XlsxSheet["rows"] = [
  {
    name: "青禾镇第一选区（东村、西村、南街社区联合选区）", registered: 12345, voted: "11,890", turnout: 0.9631, average: 45.678,
    // 16:30 UTC is already 3 March in Shanghai.
    day: new Date("2025-03-02T16:30:00Z"), idCard: "110101199003070012", note: "=HYPERLINK(\"http://x\")",
  },
  { name: "东村", registered: "2345", voted: 2200, turnout: "93.8%", average: null, day: "2025-03-03", idCard: null, note: "流动票箱 3 个" },
  { name: "West", registered: 0, voted: 0, turnout: null, average: 0, day: null, idCard: "", note: "说明".repeat(40) },
];

const sheet: XlsxSheet = {
  name: "参选率: 2025/03 [初稿]? 各选区*统计表（按乡镇汇总）",
  title: "示例县 2025 年县乡人大代表选举参选率",
  filters: [
    { label: "选举", value: "2025 年县乡两级人大换届选举" },
    { label: "地区", value: "青禾镇" },
    { label: "生成时间", value: "2025-03-03 18:00" },
  ],
  columns,
  rows,
};

async function load(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

async function checkWorkbook(buf: Buffer): Promise<void> {
  const wb = await load(buf);
  expect(wb.worksheets).toHaveLength(1);
  const ws = wb.worksheets[0]!;
  const name = ws.name;
  expect(name.length).toBeLessThanOrEqual(31);
  expect(name).not.toMatch(/[\[\]:*?/\\]/);
  expect(name.startsWith("参选率_ 2025_03 _初稿__ 各选区_")).toBe(true);

  // Title and filters above the table.
  expect(ws.getCell("A1").value).toBe(sheet.title);
  expect(ws.getCell("A1").font?.bold).toBe(true);
  expect(ws.getCell("A2").value).toBe("选举：2025 年县乡两级人大换届选举");
  expect(ws.getCell("A3").value).toBe("地区：青禾镇");
  expect(ws.getCell("A4").value).toBe("生成时间：2025-03-03 18:00");
  expect(ws.getCell("A5").value).toBeNull();

  // Header row: bold, frozen, autofilter.
  const h = headerRowNumber(sheet);
  expect(h).toBe(6);
  const header = ws.getRow(h);
  columns.forEach((c, i) => {
    expect(header.getCell(i + 1).value).toBe(c.header);
    expect(header.getCell(i + 1).font?.bold).toBe(true);
  });
  expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: h });
  expect(ws.autoFilter).toBe(`A${h}:H${h + rows.length}`);

  // Numbers are numbers, with formats.
  const r1 = ws.getRow(h + 1);
  const r2 = ws.getRow(h + 2);
  const r3 = ws.getRow(h + 3);
  expect(r1.getCell(2).type).toBe(ExcelJS.ValueType.Number);
  expect(r1.getCell(2).value).toBe(12345);
  expect(r1.getCell(2).numFmt).toBe("#,##0");
  expect(r1.getCell(3).value).toBe(11890); // "11,890" from the query became a number
  expect(r1.getCell(4).value).toBe(0.9631);
  expect(r1.getCell(4).numFmt).toBe("0.0%");
  expect(r1.getCell(5).value).toBe(45.678);
  expect(r1.getCell(5).numFmt).toBe("#,##0.00");
  expect(r1.getCell(6).type).toBe(ExcelJS.ValueType.Date);
  expect((r1.getCell(6).value as Date).toISOString()).toBe("2025-03-03T00:00:00.000Z");
  expect(r1.getCell(6).numFmt).toBe("yyyy-mm-dd");
  expect(r1.getCell(7).value).toBe("110101199003070012"); // text column: all 18 digits kept
  expect(r1.getCell(7).type).toBe(ExcelJS.ValueType.String);
  expect(r1.getCell(8).value).toBe("=HYPERLINK(\"http://x\")"); // stored as text, not as a formula
  expect(r1.getCell(8).type).toBe(ExcelJS.ValueType.String);
  expect(r2.getCell(2).value).toBe(2345);
  expect(typeof r2.getCell(4).value).toBe("number");
  expect(r2.getCell(4).value).toBeCloseTo(0.938, 10);
  expect((r2.getCell(6).value as Date).toISOString()).toBe("2025-03-03T00:00:00.000Z");
  expect(r2.getCell(5).value).toBeNull();
  expect(r3.getCell(1).value).toBe("West");
  expect(r3.getCell(2).value).toBe(0);
  expect(r3.getCell(2).type).toBe(ExcelJS.ValueType.Number);
  for (let c = 1; c <= columns.length; c++) {
    for (const row of [r1, r2, r3]) {
      const v = row.getCell(c).value;
      if (typeof v === "string" && c >= 2 && c <= 5) throw new Error(`number stored as text at row ${row.number} col ${c}`);
    }
  }

  // Widths: the given one, or from the content (CJK counts double), capped.
  expect(ws.getColumn(7).width).toBe(22);
  expect(ws.getColumn(1).width).toBe(displayWidth(String(rows[0]!.name)) + 1);
  expect(ws.getColumn(8).width).toBe(MAX_COLUMN_WIDTH); // 80 CJK characters hit the cap
  expect(ws.getColumn(2).width).toBeGreaterThanOrEqual(displayWidth("登记选民") + 2);
  expect(ws.getColumn(6).width).toBeGreaterThanOrEqual(10);
  for (let c = 1; c <= columns.length; c++) expect(ws.getColumn(c).width).toBeGreaterThan(0);
}

describe("writeXlsx", () => {
  it("writes title, filters, a frozen bold filtered header and typed, formatted cells", async () => {
    await checkWorkbook(await writeXlsx([sheet]));
  });

  it("writes the same workbook with the streaming writer", async () => {
    await checkWorkbook(await writeXlsx([sheet], { streamingThreshold: 1 }));
  });

  it("gives several sheets unique, valid names", async () => {
    const wb = await load(await writeXlsx([
      { name: "汇总", columns, rows },
      { name: "汇总", columns, rows: [] },
      { name: "", columns: [], rows: [] },
      { name: "'History'", columns, rows },
    ]));
    expect(wb.worksheets.map((w) => w.name)).toEqual(["汇总", "汇总 (2)", "Sheet", "History_"]);
    // Without title or filters the header is the first row.
    expect(wb.worksheets[0]!.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(wb.worksheets[0]!.getRow(1).getCell(1).value).toBe("选区");
  });

  it("sanitises sheet names like Excel requires", () => {
    expect(sanitizeSheetName("a/b\\c?d*e:f[g]h")).toBe("a_b_c_d_e_f_g_h");
    expect(Array.from(sanitizeSheetName("选".repeat(40)))).toHaveLength(31);
    expect(sanitizeSheetName("x".repeat(40), new Set(["X".repeat(31)]))).toBe(`${"x".repeat(27)} (2)`);
  });

  it("counts CJK characters double for widths", () => {
    expect(displayWidth("abc")).toBe(3);
    expect(displayWidth("选区")).toBe(4);
    expect(displayWidth("（）")).toBe(4);
  });
});

describe("writeCsv", () => {
  it("writes UTF-8 with a BOM and round-trips Chinese", () => {
    const buf = writeCsv(columns, rows);
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = buf.subarray(3).toString("utf8");
    const lines = text.split("\r\n");
    expect(lines[0]).toBe("选区,登记选民,参选人数,参选率,平均年龄,选举日,联系人身份证号,备注");
    expect(lines[1]).toBe(
      "青禾镇第一选区（东村、西村、南街社区联合选区）,12345,11890,0.9631,45.678,2025-03-03,110101199003070012,\"'=HYPERLINK(\"\"http://x\"\")\"",
    );
    expect(lines[2]).toBe("东村,2345,2200,0.938,,2025-03-03,,流动票箱 3 个");
    expect(new TextDecoder("utf-8").decode(buf)).toContain("青禾镇第一选区"); // TextDecoder drops the BOM
  });
});

describe("dates in a time zone", () => {
  it("takes the calendar day and wall-clock time where the report is read, across DST changes", async () => {
    const { toCell } = await import("../../src/reports/render/xlsx.js");
    const iso = (v: unknown) => (v as Date).toISOString();
    // Shanghai: UTC+8 all year.
    expect(iso(toCell(new Date("2025-03-02T15:59:00Z"), "date", "Asia/Shanghai").value)).toBe("2025-03-02T00:00:00.000Z");
    expect(iso(toCell(new Date("2025-03-02T16:00:00Z"), "date", "Asia/Shanghai").value)).toBe("2025-03-03T00:00:00.000Z");
    const dt = toCell(new Date("2025-03-02T16:05:30Z"), undefined, "Asia/Shanghai");
    expect(iso(dt.value)).toBe("2025-03-03T00:05:30.000Z");
    expect(dt.numFmt).toBe("yyyy-mm-dd hh:mm");
    // New York springs forward at 2025-03-09 07:00 UTC (02:00 local → 03:00).
    expect(iso(toCell(new Date("2025-03-09T06:59:00Z"), undefined, "America/New_York").value)).toBe("2025-03-09T01:59:00.000Z");
    expect(iso(toCell(new Date("2025-03-09T07:00:00Z"), undefined, "America/New_York").value)).toBe("2025-03-09T03:00:00.000Z");
    expect(iso(toCell(new Date("2025-03-09T07:14:00Z"), undefined, "America/New_York").value)).toBe("2025-03-09T03:14:00.000Z");
    // Invalid dates and impossible calendar days do not become numbers.
    expect(toCell(new Date(Number.NaN), "date", "Asia/Shanghai").value).toBeNull();
    expect(toCell("2025-02-30", "date", "Asia/Shanghai").value).toBe("2025-02-30");
  });
});
