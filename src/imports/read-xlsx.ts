/**
 * XLSX through exceljs's streaming reader: the first worksheet (first tab), cells as text.
 *
 * Two things the streaming reader does not do for us:
 * - merged ranges: it skips <mergeCell>, so the sheet's XML is scanned on its way into the
 *   reader (`_parseWorksheet` is wrapped; exceljs is pinned at 4.4.0 and a test covers this);
 * - formula results in date-formatted cells come back as serial numbers.
 */
import { Readable } from "node:stream";
import { ImportReadError, type RawCell, type RawRow } from "./source.js";

const MS_PER_DAY = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30); // serial 0 in the 1900 system, after Excel's 1900-02-29
const EPOCH_1904 = Date.UTC(1904, 0, 1);

// Internals of exceljs's WorkbookReader this module relies on (see the note above).
interface ReaderInternals {
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Generator<{ eventType: string; value: unknown }>;
  model?: { sheets?: { name: string }[] };
  properties?: { model?: { date1904?: boolean } };
}

interface SheetRow {
  number: number;
  values: unknown[];
  getCell(col: number): { numFmt?: string };
}

interface SheetReader extends AsyncIterable<SheetRow> {
  name: string;
}

export async function* xlsxRows(bytes: Buffer, onMerged: (range: string) => void): AsyncGenerator<RawRow> {
  // Loaded when a file is read: exceljs adds 30 MB to every instance's memory (bench/README.md).
  const { default: ExcelJS } = await import("exceljs");
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), {
    worksheets: "emit",
    sharedStrings: "cache",
    styles: "cache", // without it dates come back as serial numbers
    hyperlinks: "ignore",
    entries: "ignore",
  });
  const internals = reader as unknown as ReaderInternals;
  const mergedBySheet = collectMergedRanges(internals);
  let chosen = false;
  try {
    for await (const sheet of reader as unknown as AsyncIterable<SheetReader>) {
      const firstTab = internals.model?.sheets?.[0]?.name;
      if (chosen || (firstTab !== undefined && sheet.name !== firstTab)) continue; // drained by exceljs
      chosen = true;
      const date1904 = internals.properties?.model?.date1904 === true;
      for await (const row of sheet) yield { row: row.number, values: rowValues(row, date1904) };
      for (const range of mergedBySheet.get(sheet) ?? []) onMerged(range);
    }
  } catch (error) {
    if (error instanceof ImportReadError) throw error;
    throw new ImportReadError("MALFORMED_XLSX", error instanceof Error ? error.message : String(error));
  }
  if (!chosen) throw new ImportReadError("NO_WORKSHEET");
}

/** Wraps each worksheet's XML stream to pick out <mergeCell ref="A1:B2"/>, keyed by the sheet reader. */
function collectMergedRanges(internals: ReaderInternals): WeakMap<object, string[]> {
  const bySheet = new WeakMap<object, string[]>();
  const original = internals._parseWorksheet;
  internals._parseWorksheet = function* (iterator, sheetNo) {
    const ranges: string[] = [];
    for (const event of original.call(this, scanMerges(iterator, ranges), sheetNo)) {
      if (event.eventType === "worksheet" && typeof event.value === "object" && event.value !== null) {
        bySheet.set(event.value, ranges);
      }
      yield event;
    }
  };
  return bySheet;
}

async function* scanMerges(chunks: AsyncIterable<unknown>, ranges: string[]): AsyncGenerator<unknown> {
  let carry = "";
  for await (const chunk of chunks) {
    // latin1 maps bytes 1:1, enough to find ASCII tags without decoding UTF-8 across chunk ends.
    const text = carry + (Buffer.isBuffer(chunk) ? chunk.toString("latin1") : String(chunk));
    const re = /<mergeCell\s[^>]*?ref="([A-Z]+\d+:[A-Z]+\d+)"/g;
    let end = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      ranges.push(m[1]!);
      end = re.lastIndex;
    }
    carry = text.slice(Math.max(end, text.length - 100));
    yield chunk;
  }
}

function rowValues(row: SheetRow, date1904: boolean): RawCell[] {
  const values = row.values; // values[1] is column A
  const out: RawCell[] = [];
  for (let col = 1; col < values.length; col++) {
    out.push(cellText(values[col], () => row.getCell(col).numFmt, date1904));
  }
  return out;
}

function cellText(value: unknown, numFmt: () => string | undefined, date1904: boolean): RawCell {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return { text: numberText(value), numeric: true };
  if (typeof value === "boolean") return value ? "true" : "false";
  if (value instanceof Date) return dateText(value.getTime(), date1904);
  if (typeof value !== "object") return String(value);
  const v = value as Record<string, unknown>;
  if ("error" in v) return { problem: "CELL_ERROR", detail: String(v.error) };
  if ("formula" in v || "sharedFormula" in v) {
    const result = v.result;
    if (result === undefined || result === null) return { problem: "FORMULA_WITHOUT_VALUE" };
    if (typeof result === "number") {
      if (Number.isNaN(result)) return { problem: "CELL_ERROR" };
      const fmt = numFmt();
      if (fmt !== undefined && isDateFormat(fmt)) return dateText(serialToMs(result, date1904), date1904);
    }
    return cellText(result, numFmt, date1904);
  }
  if (Array.isArray(v.richText)) return v.richText.map((r: { text?: string }) => r.text ?? "").join("");
  if ("text" in v) return cellText(v.text, numFmt, date1904); // hyperlink
  return String(value);
}

// Integers print without exponent or ".0"; Excel has already cut anything past 15 digits.
function numberText(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e21 ? n.toFixed(0) : String(n);
}

function serialToMs(serial: number, date1904: boolean): number {
  return (date1904 ? EPOCH_1904 : EPOCH_1900) + serial * MS_PER_DAY;
}

/** "YYYY-MM-DD", "HH:MM" for a time-only cell, or "YYYY-MM-DD HH:MM". Serials carry no time zone: UTC. */
function dateText(ms: number, date1904: boolean): string {
  const iso = new Date(Math.round(ms / 1000) * 1000).toISOString();
  const date = iso.slice(0, 10);
  const seconds = iso.slice(11, 19);
  const time = seconds.endsWith(":00") ? seconds.slice(0, 5) : seconds;
  if (seconds === "00:00:00") return date;
  if (ms < (date1904 ? EPOCH_1904 : EPOCH_1900) + MS_PER_DAY) return time;
  return `${date} ${time}`;
}

// Same test as exceljs's own: date/time letters outside quoted text and [colour]/[locale] parts.
function isDateFormat(fmt: string): boolean {
  return /[ymdhsb]/i.test(fmt.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, ""));
}
