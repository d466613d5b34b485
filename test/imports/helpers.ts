/** Builders for real import files and a typical context. */
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { parseLocalDate } from "../../src/domain/dates.js";
import { idCheckCharacter } from "../../src/domain/id-card.js";
import type { ImportContext } from "../../src/imports/kinds.js";
import type { ReadInput } from "../../src/imports/read.js";

export function csvText(rows: (string | number)[][]): string {
  return rows
    .map((r) => r.map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replaceAll('"', '""')}"` : String(c))).join(","))
    .join("\r\n");
}

export function csvFile(rows: (string | number)[][], opts: { bom?: boolean; gbk?: boolean } = {}): ReadInput {
  const text = csvText(rows);
  const body = opts.gbk ? iconv.encode(text, "gbk") : Buffer.from(text, "utf8");
  return { bytes: opts.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body, fileName: "t.csv" };
}

export async function xlsxFile(build: (ws: ExcelJS.Worksheet, wb: ExcelJS.Workbook) => void): Promise<ReadInput> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Sheet1");
  build(ws, wb);
  return { bytes: Buffer.from(await wb.xlsx.writeBuffer()), fileName: "t.xlsx" };
}

/** A real-shaped ID number (area 110105) with its check character. */
export function idFor(birth: string, seq = "123"): string {
  const first17 = `110105${birth.replaceAll("-", "")}${seq}`;
  return first17 + idCheckCharacter(first17);
}

export const ELECTION_DAY = parseLocalDate("2026-11-20");

export function context(overrides: Partial<ImportContext> = {}): ImportContext {
  return {
    electionDay: ELECTION_DAY,
    areaCodes: new Set(["110105", "110105001", "110105001001", "110105001002", "110105002", "110105002201"]),
    constituencies: new Map([
      ["C01", { voterGroups: new Set(["第一组", "第二组"]) }],
      ["C02", { voterGroups: new Set(["第一组"]) }],
    ]),
    roll: { voterNos: new Set(), persons: new Map() },
    candidates: new Set(["C01|王小明", "C01|李红"]),
    departmentCodes: new Set(["D01"]),
    ...overrides,
  };
}
