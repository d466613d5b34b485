/**
 * Report tables as XLSX (exceljs 4.4, see ../shared/design/libraries.md) and CSV.
 *
 * Each sheet: a title line, one line per filter used ("选举：…", "地区：…", "生成时间：…"), a blank
 * line, then the table — one header row (bold, frozen so it stays in view, autofilter on) and the
 * rows. Numbers are stored as numbers with number formats, never as text:
 *   int "#,##0" · decimal "#,##0.00" · percent "0.0%" (values are ratios: 0.963) · date "yyyy-mm-dd".
 * Numeric strings in number columns (PostgreSQL numeric/bigint arrive as strings) are converted.
 * "text" columns are always strings ("@"), so ID card and phone numbers keep every digit.
 *
 * Dates: a `Date` is an instant; a "date" cell shows the calendar day it falls on in `timeZone`
 * (default Asia/Shanghai), and a `Date` in a column without a format shows the wall-clock time there
 * ("yyyy-mm-dd hh:mm"). A "YYYY-MM-DD" string is taken as that calendar day. (exceljs turns a Date
 * into an Excel serial number in UTC, so a Shanghai midnight would otherwise show the day before.)
 *
 * Above STREAMING_THRESHOLD rows in a workbook (20,000) the streaming writer
 * (`stream.xlsx.WorkbookWriter`) is used: rows are committed as they are written instead of
 * building the whole document model; the output is the same.
 */
import { PassThrough } from "node:stream";
import type ExcelJS from "exceljs";
import { stringify } from "csv-stringify/sync";

export type ColumnFormat = "int" | "decimal" | "percent" | "date" | "text";
export type CellInput = string | number | Date | null;

export interface XlsxColumn {
  key: string;
  header: string;
  /** Excel character widths; computed from the content when absent. */
  width?: number;
  format?: ColumnFormat;
}

export interface XlsxSheet {
  name: string;
  title?: string;
  filters?: { label: string; value: string }[];
  columns: XlsxColumn[];
  rows: Record<string, CellInput | undefined>[];
}

export interface XlsxOptions {
  /** IANA zone for turning Date instants into calendar days / wall-clock times. Default Asia/Shanghai. */
  timeZone?: string;
  /** Use the streaming writer when the workbook has more rows than this. Default 20,000. */
  streamingThreshold?: number;
}

export const STREAMING_THRESHOLD = 20_000;
export const NUMBER_FORMATS = {
  int: "#,##0",
  decimal: "#,##0.00",
  percent: "0.0%",
  date: "yyyy-mm-dd",
  text: "@",
  datetime: "yyyy-mm-dd hh:mm",
} as const;
/** Column widths (Excel characters) when computed. */
export const MIN_COLUMN_WIDTH = 6;
export const MAX_COLUMN_WIDTH = 60;
/** Rows looked at when computing widths (the first ones; enough to size a column). */
const WIDTH_SAMPLE_ROWS = 5_000;
/** Excel's limit for the text in one cell. */
const MAX_CELL_TEXT = 32_767;

// ---------------------------------------------------------------------------------------------
// Sheet names

const FORBIDDEN_SHEET_CHARS = /[\[\]:*?/\\\u0000-\u001f]/g;

/**
 * A name Excel accepts: no []:*?/\, not starting or ending with an apostrophe, 1–31 characters,
 * not "History" (reserved), unique among `taken` (case-insensitive; " (2)", " (3)"… appended).
 */
export function sanitizeSheetName(name: string, taken: ReadonlySet<string> = new Set()): string {
  let base = name.replace(FORBIDDEN_SHEET_CHARS, "_").trim().replace(/^'+|'+$/g, "").trim();
  if (base === "" || base.toLowerCase() === "history") base = base === "" ? "Sheet" : `${base}_`;
  const cut = (s: string, n: number) => Array.from(s).slice(0, n).join("");
  const lower = new Set([...taken].map((t) => t.toLowerCase()));
  let candidate = cut(base, 31);
  for (let i = 2; lower.has(candidate.toLowerCase()); i++) {
    const suffix = ` (${i})`;
    candidate = cut(base, 31 - suffix.length) + suffix;
  }
  return candidate;
}

// ---------------------------------------------------------------------------------------------
// Values

const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** "1,234.5" / " 12 " / "96.3%" → number; anything else → null. */
function parseNumber(s: string, percent: boolean): number | null {
  let t = s.trim().replace(/[,\s]/g, "");
  let scale = 1;
  if (percent && t.endsWith("%")) {
    t = t.slice(0, -1);
    scale = 0.01;
  }
  if (!NUMERIC.test(t)) return null;
  const n = Number(t) * scale;
  return Number.isFinite(n) ? n : null;
}

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();
/** Zone offsets by zone and UTC quarter hour (zone changes happen on quarter hours): formatToParts is slow. */
const offsetCache = new Map<string, number>();
const QUARTER_HOUR = 900_000;

/** Wall-clock time in `timeZone` minus UTC, in ms, at `ms`. */
function zoneOffset(ms: number, timeZone: string): number {
  const key = `${timeZone}|${Math.floor(ms / QUARTER_HOUR)}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  let f = zoneFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone, calendar: "gregory", numberingSystem: "latn", hourCycle: "h23",
      year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric",
    });
    zoneFormatters.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const n = (k: string) => Number(p[k]);
  const wallAsUtc = Date.UTC(n("year"), n("month") - 1, n("day"), n("hour"), n("minute"), n("second"));
  const offset = wallAsUtc - Math.floor(ms / 1000) * 1000;
  if (offsetCache.size > 50_000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

/** The wall-clock fields of `instant` in `timeZone`, as a Date whose UTC fields are those (what exceljs serialises). */
function wallClock(instant: Date, timeZone: string, dateOnly: boolean): Date | null {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) return null;
  const wall = new Date(ms + zoneOffset(ms, timeZone));
  return dateOnly ? new Date(Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate())) : wall;
}

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface Cell {
  value: string | number | Date | null;
  numFmt?: string;
}

/** What goes into the cell, and its number format, for an input value in a column. */
export function toCell(v: CellInput | undefined, format: ColumnFormat | undefined, timeZone: string): Cell {
  if (v === null || v === undefined || v === "") return { value: null };
  switch (format) {
    case "int":
    case "decimal":
    case "percent": {
      const fmt = NUMBER_FORMATS[format];
      if (typeof v === "number") return Number.isFinite(v) ? { value: v, numFmt: fmt } : { value: null };
      if (typeof v === "string") {
        const n = parseNumber(v, format === "percent");
        return n === null ? { value: clip(v) } : { value: n, numFmt: fmt };
      }
      return { value: v.toISOString() };
    }
    case "date": {
      if (v instanceof Date) return { value: wallClock(v, timeZone, true), numFmt: NUMBER_FORMATS.date };
      if (typeof v === "string") {
        const m = LOCAL_DATE.exec(v.trim());
        if (m) {
          const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
          if (d.getUTCDate() === Number(m[3])) return { value: d, numFmt: NUMBER_FORMATS.date };
        }
        return { value: clip(v) };
      }
      // A number in a date column is taken as an Excel serial date.
      return { value: v, numFmt: NUMBER_FORMATS.date };
    }
    case "text":
      return { value: clip(v instanceof Date ? v.toISOString() : String(v)), numFmt: NUMBER_FORMATS.text };
    default:
      if (v instanceof Date) return { value: wallClock(v, timeZone, false), numFmt: NUMBER_FORMATS.datetime };
      if (typeof v === "number") return { value: Number.isFinite(v) ? v : null };
      return { value: clip(v) };
  }
}

function clip(s: string): string {
  return s.length <= MAX_CELL_TEXT ? s : `${s.slice(0, MAX_CELL_TEXT - 1)}…`;
}

// ---------------------------------------------------------------------------------------------
// Widths

/** Wide (East Asian full-width) code points count as two columns. */
function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Display width of a string: CJK and full-width characters count double. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += isWide(ch.codePointAt(0)!) ? 2 : 1;
  return w;
}

const intFormatter = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });
const decimalFormatter = new Intl.NumberFormat("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Roughly the text Excel shows for a cell, to size its column. */
function shownText(cell: Cell): string {
  const { value, numFmt } = cell;
  if (value === null) return "";
  if (typeof value === "string") return value;
  if (value instanceof Date) return numFmt === NUMBER_FORMATS.datetime ? "0000-00-00 00:00" : "0000-00-00";
  if (numFmt === NUMBER_FORMATS.percent) return `${(value * 100).toFixed(1)}%`;
  if (numFmt === NUMBER_FORMATS.date) return "0000-00-00";
  if (numFmt === NUMBER_FORMATS.decimal) return decimalFormatter.format(value);
  if (numFmt === NUMBER_FORMATS.int) return intFormatter.format(value);
  return String(value);
}

function columnWidth(column: XlsxColumn, cells: (i: number) => Cell, rowCount: number): number {
  if (column.width !== undefined && Number.isFinite(column.width) && column.width > 0) return column.width;
  // Bold header text is a little wider; the filter button takes about 2 more.
  let max = displayWidth(column.header) + 3;
  const n = Math.min(rowCount, WIDTH_SAMPLE_ROWS);
  for (let i = 0; i < n; i++) {
    const text = shownText(cells(i));
    // A long text is wrapped/cut by the cap anyway: measure only its first line.
    max = Math.max(max, displayWidth(text.split("\n", 1)[0] ?? "") + 1);
    if (max >= MAX_COLUMN_WIDTH) break;
  }
  return Math.min(MAX_COLUMN_WIDTH, Math.max(MIN_COLUMN_WIDTH, Math.ceil(max)));
}

// ---------------------------------------------------------------------------------------------
// Workbook

function columnLetter(n: number): string {
  let s = "";
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
}

function filterLine(label: string, value: string): string {
  return /[\u3000-\u9fff\uff00-\uffef]/.test(label) ? `${label}：${value}` : `${label}: ${value}`;
}

/** Row number of the header row of a sheet (1-based). */
export function headerRowNumber(sheet: Pick<XlsxSheet, "title" | "filters">): number {
  const preamble = (sheet.title ? 1 : 0) + (sheet.filters?.length ?? 0);
  return preamble === 0 ? 1 : preamble + 2; // a blank line between the preamble and the table
}

const HEADER_STYLE: Partial<ExcelJS.Style> = {
  font: { bold: true },
  fill: { type: "pattern", pattern: "solid", fgColor: { argb: "FFF2F2F2" } },
  border: { bottom: { style: "thin", color: { argb: "FF999999" } } },
  alignment: { vertical: "middle" },
};

/** The part of exceljs' Worksheet and WorksheetWriter that we use (both have it). */
interface SheetTarget {
  columns: Partial<ExcelJS.Column>[];
  getRow(n: number): ExcelJS.Row;
  autoFilter?: ExcelJS.AutoFilter;
}

/** Rows written between two yields to the event loop, so that a big report does not stall the bot. */
const ROWS_PER_SLICE = 2_000;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

async function fillSheet(ws: SheetTarget, sheet: XlsxSheet, timeZone: string, streaming: boolean): Promise<void> {
  const cols = sheet.columns;
  // Converted once: used for widths (a sample) and for writing.
  const cellAt = (r: number, c: number): Cell => toCell(sheet.rows[r]?.[cols[c]!.key], cols[c]!.format, timeZone);
  ws.columns = cols.map((col, c) => {
    const width = columnWidth(col, (i) => cellAt(i, c), sheet.rows.length);
    // exceljs treats width 9 as "the default" and writes no <col> for it (Excel's default is 8.43).
    return { key: col.key, width: width === 9 ? 9.25 : width };
  });

  const commit = (row: ExcelJS.Row) => {
    if (streaming) row.commit();
  };
  let r = 1;
  if (sheet.title) {
    const row = ws.getRow(r++);
    row.getCell(1).value = sheet.title;
    row.getCell(1).font = { bold: true, size: 14 };
    row.height = 22;
    commit(row);
  }
  for (const f of sheet.filters ?? []) {
    const row = ws.getRow(r++);
    row.getCell(1).value = filterLine(f.label, f.value);
    row.getCell(1).font = { color: { argb: "FF555555" } };
    commit(row);
  }
  const headerRow = headerRowNumber(sheet);
  r = headerRow;
  const header = ws.getRow(r++);
  cols.forEach((col, c) => {
    const cell = header.getCell(c + 1);
    cell.value = col.header;
    cell.style = HEADER_STYLE;
  });
  commit(header);

  for (let i = 0; i < sheet.rows.length; i++) {
    if (i > 0 && i % ROWS_PER_SLICE === 0) await yieldToEventLoop();
    const row = ws.getRow(r++);
    for (let c = 0; c < cols.length; c++) {
      const { value, numFmt } = cellAt(i, c);
      if (value === null) continue;
      const cell = row.getCell(c + 1);
      cell.value = value;
      if (numFmt) cell.numFmt = numFmt;
    }
    commit(row);
  }

  if (cols.length > 0) {
    ws.autoFilter = `A${headerRow}:${columnLetter(cols.length)}${headerRow + sheet.rows.length}`;
  }
}

function sheetViews(sheet: XlsxSheet): Partial<ExcelJS.WorksheetView>[] {
  const ySplit = headerRowNumber(sheet);
  return [{ state: "frozen", xSplit: 0, ySplit, topLeftCell: `A${ySplit + 1}`, activeCell: `A${ySplit + 1}` }];
}

/** The workbook as an .xlsx file. Empty `sheets` gives one empty sheet (a workbook needs one). */
export async function writeXlsx(sheets: XlsxSheet[], options: XlsxOptions = {}): Promise<Buffer> {
  const timeZone = options.timeZone ?? "Asia/Shanghai";
  new Intl.DateTimeFormat("en", { timeZone }); // throws RangeError early for an unknown zone
  const list: XlsxSheet[] = sheets.length > 0 ? sheets : [{ name: "Sheet1", columns: [], rows: [] }];
  const totalRows = list.reduce((n, s) => n + s.rows.length, 0);
  const streaming = totalRows > (options.streamingThreshold ?? STREAMING_THRESHOLD);
  const taken = new Set<string>();
  const names = list.map((s) => {
    const name = sanitizeSheetName(s.name, taken);
    taken.add(name);
    return name;
  });

  // Loaded when a file is written: exceljs adds 30 MB to every instance's memory (bench/README.md).
  const { default: Excel } = await import("exceljs");
  if (!streaming) {
    const wb = new Excel.Workbook();
    wb.creator = "voterlink";
    wb.created = new Date();
    for (const [k, sheet] of list.entries()) {
      const ws = wb.addWorksheet(names[k]!, { views: sheetViews(sheet) });
      await fillSheet(ws, sheet, timeZone, false);
    }
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  const wb = new Excel.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = "voterlink";
  wb.created = new Date();
  for (const [k, sheet] of list.entries()) {
    const ws = wb.addWorksheet(names[k]!, { views: sheetViews(sheet) });
    await fillSheet(ws as unknown as SheetTarget, sheet, timeZone, true);
    ws.commit();
  }
  await wb.commit();
  return Buffer.concat(chunks);
}

// ---------------------------------------------------------------------------------------------
// CSV

/** Text that Excel would run as a formula when it opens a CSV (=, +, -, @, tab, CR at the start). */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvField(v: CellInput | undefined, format: ColumnFormat | undefined, timeZone: string): string {
  const cell = toCell(v, format, timeZone);
  const { value, numFmt } = cell;
  if (value === null) return "";
  if (value instanceof Date) {
    const iso = value.toISOString(); // UTC fields = wall-clock fields (see wallClock)
    return numFmt === NUMBER_FORMATS.date ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  }
  // Machine-readable: no thousands separators; percents stay ratios (0.963) as in the XLSX cells.
  if (typeof value === "number") return String(value);
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * The table as CSV (RFC 4180, CRLF), UTF-8 with a BOM so that Excel opens Chinese text correctly.
 * Values as in the XLSX cells, unformatted: numbers without separators, percents as ratios,
 * dates "YYYY-MM-DD". Text that Excel would take as a formula gets a leading apostrophe.
 */
export function writeCsv(
  columns: XlsxColumn[],
  rows: Record<string, CellInput | undefined>[],
  options: Pick<XlsxOptions, "timeZone"> = {},
): Buffer {
  const timeZone = options.timeZone ?? "Asia/Shanghai";
  const records: string[][] = [columns.map((c) => c.header)];
  for (const row of rows) records.push(columns.map((c) => csvField(row[c.key], c.format, timeZone)));
  const text = stringify(records, { record_delimiter: "\r\n" });
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
}
