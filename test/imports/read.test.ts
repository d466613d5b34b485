import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { ImportReadError, readTable, type ReadInput, type Table, type TableRow } from "../../src/imports/read.js";
import { csvFile, idFor, xlsxFile } from "./helpers.js";

async function all(table: Table): Promise<TableRow[]> {
  const out: TableRow[] = [];
  for await (const r of table.rows) out.push(r);
  return out;
}

async function readError(input: ReadInput, options = {}): Promise<ImportReadError> {
  try {
    const t = await readTable(input, options);
    await all(t);
  } catch (e) {
    if (e instanceof ImportReadError) return e;
    throw e;
  }
  throw new Error("expected an ImportReadError");
}

describe("readTable: CSV", () => {
  const rows = [
    ["姓名", "选民编号", "住址"],
    ["  张三 ", "001", "朝阳路1号, 2单元"],
    ["", "", ""],
    ["李四", "002", "多行\n地址"],
  ];

  it.each([
    ["UTF-8", {}, "utf-8"],
    ["UTF-8 with BOM", { bom: true }, "utf-8"],
    ["GBK", { gbk: true }, "gb18030"],
  ] as const)("reads %s, trims cells, skips empty rows and keeps Excel row numbers", async (_, opts, encoding) => {
    const table = await readTable(csvFile(rows, opts));
    expect(table).toMatchObject({ format: "csv", encoding, headerRow: 1, headers: ["姓名", "选民编号", "住址"] });
    expect(await all(table)).toEqual([
      { row: 2, cells: { 姓名: "张三", 选民编号: "001", 住址: "朝阳路1号, 2单元" }, issues: [] },
      { row: 4, cells: { 姓名: "李四", 选民编号: "002", 住址: "多行\n地址" }, issues: [] },
    ]);
  });

  it("reads GB18030 characters outside GBK (𠮷) and a Unicode-text (UTF-16) export with tabs", async () => {
    const gb = await readTable({ bytes: iconv.encode("姓名\n𠮷\n", "gb18030"), fileName: "a.csv" });
    expect(gb.encoding).toBe("gb18030");
    expect((await all(gb))[0]!.cells).toEqual({ 姓名: "𠮷" });
    const u16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("姓名\t性别\r\n张三\t男\r\n", "utf16le")]);
    const t = await readTable({ bytes: u16, fileName: "a.txt" });
    expect(t.encoding).toBe("utf-16le");
    expect((await all(t))[0]!.cells).toEqual({ 姓名: "张三", 性别: "男" });
  });

  it("honours Excel's sep= line and a semicolon delimiter", async () => {
    const t = await readTable({ bytes: Buffer.from("sep=;\n姓名;性别\n张三;男\n"), fileName: "a.csv" });
    expect(t.headerRow).toBe(1);
    expect((await all(t))[0]).toMatchObject({ row: 2, cells: { 姓名: "张三", 性别: "男" } });
  });

  it("reports cells right of the last header once per row", async () => {
    const t = await readTable({ bytes: Buffer.from("姓名,住址\n张三,朝阳路,1号,2单元\n"), fileName: "a.csv" });
    expect((await all(t))[0]!.issues).toEqual([{ row: 2, problem: "EXTRA_CELLS", detail: "3" }]);
  });

  it("refuses a file over the size limit before parsing it", async () => {
    const e = await readError(csvFile([["a"], ["b"]]), { maxBytes: 3 });
    expect(e.problem).toBe("FILE_TOO_LARGE");
  });

  it("stops at the row limit", async () => {
    const e = await readError(csvFile([["a"], ["1"], ["2"], ["3"]]), { maxRows: 2 });
    expect(e).toMatchObject({ problem: "TOO_MANY_ROWS", detail: "2" });
  });

  it.each([
    ["an empty file", Buffer.alloc(0), "EMPTY_FILE"],
    ["only a BOM and blank lines", Buffer.from("\ufeff\r\n,,\r\n"), "EMPTY_FILE"],
    ["binary data", Buffer.from([0x25, 0x50, 0x44, 0x46, 0, 1, 2, 3, 0, 0, 0xff, 0x10]), "NOT_A_TABLE"],
    ["an old .xls", Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), "UNSUPPORTED_XLS"],
    ["an unclosed quote", Buffer.from('姓名,住址\n张三,"朝阳路\n'), "MALFORMED_CSV"],
    ["a zip that is not a workbook", Buffer.from("PK\x03\x04garbage", "latin1"), "MALFORMED_XLSX"],
  ])("turns %s into a clear error", async (_, bytes, problem) => {
    expect((await readError({ bytes, fileName: "x" })).problem).toBe(problem);
  });
});

describe("readTable: XLSX", () => {
  const id = idFor("1990-03-07");

  async function workbook() {
    return xlsxFile((ws, wb) => {
      ws.addRow(["姓名", "身份证号", "出生日期", "名额", "开始时间", "备注"]);
      ws.addRow(["张三", Number(id), new Date(Date.UTC(1990, 2, 7)), { formula: "1+1", result: 2 }, new Date(Date.UTC(1899, 11, 30, 8, 0)), "ok"]);
      ws.addRow(["李四", id, { formula: "DATE(1990,1,1)", result: 32874 }, { formula: "1+2" }, "08:30", { error: "#N/A" }]);
      ws.addRow(["王五", "x", "", 3, "", { richText: [{ text: "富" }, { text: "文本" }] }]);
      ws.getCell("C2").numFmt = "yyyy-mm-dd";
      ws.getCell("C3").numFmt = "yyyy/m/d";
      ws.getCell("E2").numFmt = "hh:mm";
      ws.getCell("A6").value = "赵六";
      ws.getCell("B6").value = "1234";
      ws.mergeCells("D5:D6");
      ws.getCell("D5").value = 1;
      wb.addWorksheet("第二页").addRow(["不该读到"]);
    });
  }

  it("reads the first worksheet with dates, formulas' cached values and text", async () => {
    const table = await readTable(await workbook());
    expect(table).toMatchObject({ format: "xlsx", encoding: null, headerRow: 1 });
    const rows = await all(table);
    expect(rows[0]!.cells).toMatchObject({ 姓名: "张三", 出生日期: "1990-03-07", 名额: "2", 开始时间: "08:00", 备注: "ok" });
    expect(rows[1]!.cells).toMatchObject({ 身份证号: id, 出生日期: "1990-01-01", 开始时间: "08:30" });
    expect(rows[2]!.cells).toMatchObject({ 名额: "3", 备注: "富文本" });
    expect(rows.map((r) => r.row)).toEqual([2, 3, 4, 5, 6]);
    expect(JSON.stringify(rows)).not.toContain("不该读到");
  });

  it("refuses an 18-digit ID stored as a number, without echoing it", async () => {
    const rows = await all(await readTable(await workbook()));
    expect(rows[0]!.issues).toEqual([{ row: 2, column: "身份证号", problem: "ID_STORED_AS_NUMBER" }]);
    expect(rows[0]!.cells["身份证号"]).toBe("");
  });

  it("reports a formula without a cached value and an error cell", async () => {
    const rows = await all(await readTable(await workbook()));
    expect(rows[1]!.issues).toEqual([
      { row: 3, column: "名额", problem: "FORMULA_WITHOUT_VALUE" },
      { row: 3, column: "备注", problem: "CELL_ERROR", detail: "#N/A" },
    ]);
  });

  it("names a merged range once the sheet is read", async () => {
    const table = await readTable(await workbook());
    await all(table);
    expect(table.lateIssues).toEqual([{ row: 5, column: "名额", problem: "MERGED_CELLS", detail: "D5:D6" }]);
  });

  it("turns a truncated workbook into MALFORMED_XLSX", async () => {
    const { bytes } = await workbook();
    for (const share of [0.3, 0.6, 0.9]) {
      const e = await readError({ bytes: bytes.subarray(0, Math.floor(bytes.length * share)), fileName: "t.xlsx" });
      expect(["MALFORMED_XLSX", "NO_WORKSHEET"]).toContain(e.problem);
    }
  });
});
