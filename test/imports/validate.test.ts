import { describe, expect, it } from "vitest";
import { personKey } from "../../src/imports/kinds.js";
import iconv from "iconv-lite";
import { readTable } from "../../src/imports/read.js";
import { errorSummary } from "../../src/imports/report.js";
import { readAndValidate, validateImport } from "../../src/imports/validate.js";
import { context, csvFile, csvText, idFor, xlsxFile } from "./helpers.js";

const HEAD = ["选民编号", "姓名", "身份证号", "身份证后四位", "出生日期", "性别", "选区代码", "选民小组", "户籍地代码", "外出务工", "状态"];
const problems = (errors: { row: number; problem: string; column?: string; detail?: string }[]) =>
  errors.map((e) => `${e.row}:${e.column ?? ""}:${e.problem}${e.detail ? `:${e.detail}` : ""}`);

describe("roll", () => {
  const zhang = idFor("1990-03-07", "121");
  const li = idFor("1985-12-01", "242");

  it("keeps only the last four of an ID number and derives birth date and gender from it", async () => {
    const r = await readAndValidate("roll", csvFile([
      HEAD,
      ["0001", "张三", zhang, "", "", "", "C01", "第一组", "110105001001", "是", ""],
      ["0002", "李四", li.toLowerCase(), li.slice(-4), "1985/12/1", "女", "C01", "", "", "否", "列入"],
      ["0003", "王五", "", "123x", "1970年1月2日", "男", "C02", "", "", "", "中止"],
    ]), context());
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => x.value)).toEqual([
      {
        voterNo: "0001", fullName: "张三", idLast4: zhang.slice(-4), birthDate: "1990-03-07", gender: "M",
        constituencyCode: "C01", voterGroup: "第一组", hukouAreaCode: "110105001001", residenceAreaCode: null,
        address: null, workUnit: null, awayForWork: true, status: "LISTED",
      },
      expect.objectContaining({ voterNo: "0002", idLast4: li.slice(-4).toUpperCase(), birthDate: "1985-12-01", gender: "F", awayForWork: false }),
      expect.objectContaining({ voterNo: "0003", idLast4: "123X", birthDate: "1970-01-02", gender: "M", status: "SUSPENDED" }),
    ]);
    expect(JSON.stringify(r)).not.toContain(zhang.slice(0, 14));
  });

  it("reports every ID problem without repeating the number", async () => {
    const bad = zhang.slice(0, 17) + (zhang[17] === "0" ? "1" : "0");
    const r = await readAndValidate("roll", csvFile([
      HEAD,
      ["1", "甲", bad, "", "", "", "C01", "", "", "", ""],
      ["2", "乙", zhang.slice(0, 17), "", "", "", "C01", "", "", "", ""],
      ["3", "丙", "110105199002300011", "", "", "", "C01", "", "", "", ""],
      ["4", "丁", "1.10105E+17", "", "", "", "C01", "", "", "", ""],
      ["5", "戊", "11010519900307A21X", "", "", "", "C01", "", "", "", ""],
      ["6", "己", zhang, "9999", "1990-03-08", "女", "C01", "", "", "", ""],
      ["7", "庚", "", "", "1990-03-07", "男", "C01", "", "", "", ""],
      ["8", "辛", "", "1234", "", "", "C01", "", "", "", ""],
    ]), context());
    expect(problems(r.errors)).toEqual([
      "2:身份证号:BAD_ID_CHECK_DIGIT",
      "3:身份证号:BAD_ID_LENGTH",
      "4:身份证号:BAD_ID_BIRTH_DATE",
      "5:身份证号:ID_STORED_AS_NUMBER",
      "6:身份证号:BAD_ID_CHARACTERS",
      "7:身份证后四位:ID_LAST4_MISMATCH",
      "7:出生日期:BIRTH_DATE_MISMATCH",
      "7:性别:GENDER_MISMATCH",
      "8:身份证后四位:MISSING_ID",
      "9:出生日期:MISSING_BIRTH_DATE",
      "9:性别:MISSING_GENDER",
    ]);
    expect(r.rows).toEqual([]);
    expect(JSON.stringify(r.errors)).not.toMatch(/\d{14}/);
  });

  it("refuses voters under 18 on election day (leap-day birthdays turn 18 on 1 March)", async () => {
    const r = await readAndValidate("roll", csvFile([
      HEAD,
      ["1", "甲", idFor("2008-11-20"), "", "", "", "C01", "", "", "", ""],
      ["2", "乙", idFor("2008-11-21"), "", "", "", "C01", "", "", "", ""],
    ]), context());
    expect(problems(r.errors)).toEqual(["3:出生日期:UNDER_18:2026-11-20"]);
    const feb28 = await readAndValidate("roll", csvFile([HEAD, ["3", "丙", "", "0011", "2008-02-29", "女", "C01", "", "", "", ""]]),
      context({ electionDay: "2026-02-28" as never }));
    expect(problems(feb28.errors)).toEqual(["2:出生日期:UNDER_18:2026-02-28"]);
    const marchFirst = await readAndValidate("roll", csvFile([HEAD, ["3", "丙", "", "0011", "2008-02-29", "女", "C01", "", "", "", ""]]),
      context({ electionDay: "2026-03-01" as never }));
    expect(marchFirst.errors).toEqual([]);
  });

  it("checks constituencies, voter groups and areas against the context", async () => {
    const r = await readAndValidate("roll", csvFile([
      HEAD,
      ["1", "甲", zhang, "", "", "", "C09", "", "", "", ""],
      ["2", "乙", li, "", "", "", "C02", "第二组", "", "", ""],
      ["3", "丙", "", "0011", "1980-01-01", "男", "C01", "", "110105009009", "也许", "待定"],
    ]), context());
    expect(problems(r.errors)).toEqual([
      "2:选区代码:UNKNOWN_CONSTITUENCY:C09",
      "3:选民小组:UNKNOWN_VOTER_GROUP:第二组",
      "4:外出务工:BAD_BOOLEAN:也许",
      "4:状态:BAD_VALUE:列入 / 已列入 / 未列入 / 不列入 / 中止 / 中止选举权利 / 暂停 / 除名 / 已除名",
    ]);
    const areas = await readAndValidate("roll", csvFile([HEAD, ["3", "丙", "", "0011", "1980-01-01", "男", "C01", "", "110105009009", "", ""]]), context());
    expect(problems(areas.errors)).toEqual(["2:户籍地代码:UNKNOWN_AREA:110105009009"]);
  });

  it("reports duplicates on both rows: voter number, person, person in two constituencies (不重)", async () => {
    const r = await readAndValidate("roll", csvFile([
      HEAD,
      ["0001", "张三", zhang, "", "", "", "C01", "", "", "", ""],
      ["0001", "李四", li, "", "", "", "C01", "", "", "", ""],
      ["0003", "张 三", "", zhang.slice(-4), "1990-03-07", "男", "C01", "", "", "", ""],
      ["0004", "王五", "", "0011", "1970-01-01", "男", "C01", "", "", "", ""],
      ["0005", "王五", "", "0011", "1970-01-01", "男", "C02", "", "", "", ""],
      ["0006", "赵六", "", "0022", "1970-01-01", "男", "C01", "", "", "", ""],
    ]), context());
    expect(problems(r.errors)).toEqual([
      "2:选民编号:DUPLICATE_VOTER_NO:3",
      "2:姓名:DUPLICATE_PERSON:4",
      "3:选民编号:DUPLICATE_VOTER_NO:2",
      "4:姓名:DUPLICATE_PERSON:2",
      "5:姓名:PERSON_IN_TWO_CONSTITUENCIES:6 (C02)",
      "6:姓名:PERSON_IN_TWO_CONSTITUENCIES:5 (C01)",
    ]);
    expect(r.rows.map((x) => x.row)).toEqual([7]);
    expect(r.stats).toMatchObject({ dataRows: 6, validRows: 1, rowsWithErrors: 5 });
  });

  it("reports duplicates against the roll already stored", async () => {
    const ctx = context({
      roll: {
        voterNos: new Set(["0001"]),
        persons: new Map([[personKey("张三", zhang.slice(-4), "1990-03-07"), "C02"], [personKey("王五", "0011", "1970-01-01"), "C01"]]),
      },
    });
    const r = await readAndValidate("roll", csvFile([
      HEAD,
      ["0001", "赵六", "", "0022", "1970-01-01", "男", "C01", "", "", "", ""],
      ["0002", "张三", zhang, "", "", "", "C01", "", "", "", ""],
      ["0003", "王五", "", "0011", "1970-01-01", "男", "C01", "", "", "", ""],
    ]), ctx);
    expect(problems(r.errors)).toEqual([
      "2:选民编号:VOTER_NO_EXISTS:0001",
      "3:选区代码:PERSON_IN_TWO_CONSTITUENCIES:C02",
      "4:姓名:PERSON_ALREADY_ON_ROLL",
    ]);
  });

  it("needs an ID column, or last four + birth date + gender", async () => {
    const r = await readAndValidate("roll", csvFile([["选民编号", "姓名", "选区代码"], ["1", "甲", "C01"]]), context());
    expect(problems(r.errors).map((p) => p.split(":").slice(0, 3).join(":"))).toEqual([
      "1:身份证号 / 身份证后四位:MISSING_COLUMN",
      "1:身份证号 / 出生日期:MISSING_COLUMN",
      "1:身份证号 / 性别:MISSING_COLUMN",
    ]);
  });

  it("a file whose columns are all unknown (here: Big5, a traditional-Chinese export) says so first, naming the encoding", async () => {
    const text = csvText([["選民編號", "姓名", "身份證後四位", "出生日期", "性別", "選區代碼"], ["A1", "張三", "1234", "1980-01-02", "男", "C01"]]);
    const r = await readAndValidate("roll", { bytes: iconv.encode(text, "big5"), fileName: "t.csv" }, context());
    expect(r.errors[0]).toEqual({ row: 1, problem: "NO_KNOWN_COLUMN" });
    expect(errorSummary(r.errors, "zh-CN", 1)).toContain("繁体 Big5 等编码无法读取");
    expect(r.rows).toEqual([]);
  });

  it("throws when the caller forgot part of the context", async () => {
    const table = await readTable(csvFile([HEAD]));
    await expect(validateImport("roll", table, { electionDay: "2026-11-20" as never })).rejects.toThrow(/constituencies, areaCodes, roll/);
  });

  it("carries XLSX read problems (number ID, merged cells, formula) into row errors", async () => {
    const input = await xlsxFile((ws) => {
      ws.addRow(["选民编号", "姓名", "身份证号", "选区代码"]);
      ws.addRow(["1", "张三", Number(zhang), "C01"]);
      ws.addRow(["2", "李四", li, "C01"]);
      ws.addRow(["3", "王五", { formula: "A1" }, ""]);
      ws.mergeCells("D3:D4");
    });
    const r = await readAndValidate("roll", input, context());
    expect(problems(r.errors)).toEqual([
      "2:身份证号:ID_STORED_AS_NUMBER",
      "3:选区代码:MERGED_CELLS:D3:D4",
      "4:身份证号:FORMULA_WITHOUT_VALUE",
      "4:选区代码:MISSING_VALUE",
    ]);
    expect(r.rows).toEqual([]);
  });

  it("turns an unreadable file into one row-0 error", async () => {
    const r = await readAndValidate("roll", { bytes: Buffer.from("PK\x03\x04broken", "latin1"), fileName: "roll.xlsx" }, context());
    expect(r).toMatchObject({ rows: [], errors: [{ row: 0, problem: "MALFORMED_XLSX" }] });
  });

  it("validates a 100,000-row roll", async () => {
    const constituencies = new Map(
      Array.from({ length: 50 }, (_, i) => [`C${String(i + 1).padStart(2, "0")}`, { voterGroups: new Set(["第一组", "第二组"]) }] as const),
    );
    const lines: string[][] = [HEAD];
    const base = Date.UTC(1940, 0, 1);
    for (let i = 0; i < 100_000; i++) {
      const birth = new Date(base + (i % 22_000) * 86_400_000).toISOString().slice(0, 10);
      lines.push([
        String(i + 1).padStart(6, "0"), `张${i}`.replace(/\d/g, (d) => "零一二三四五六七八九"[Number(d)]!), idFor(birth, String(i % 1000).padStart(3, "0")),
        "", "", "", `C${String((i % 50) + 1).padStart(2, "0")}`, i % 2 ? "第一组" : "第二组", "110105001001", i % 7 ? "否" : "是", "",
      ]);
    }
    const bytes = Buffer.from(csvText(lines));
    const started = performance.now();
    const r = await readAndValidate("roll", { bytes, fileName: "roll.csv" }, context({ constituencies }));
    const ms = performance.now() - started;
    console.log(`100,000-row roll (${(bytes.length / 1024 / 1024).toFixed(1)} MB CSV): read + validated in ${ms.toFixed(0)} ms`);
    expect(r.errors).toEqual([]);
    expect(r.rows).toHaveLength(100_000);
  }, 120_000);
});
