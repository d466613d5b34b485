/**
 * Reads a staff import file into a header and rows of trimmed text cells.
 *
 * Format by content, never by file name: a zip ("PK\x03\x04") is XLSX, anything else CSV.
 * Row numbers are the ones staff see in Excel (the header is normally row 1); empty rows are
 * skipped but keep their numbers counted. Problems that stop reading throw ImportReadError;
 * problems with single cells travel with their row.
 */
import { columnNumber, normaliseHeader } from "./headers.js";
import type { ProblemCode } from "./messages.js";
import { csvRows, decode, looksLikeText, type TextEncoding } from "./read-csv.js";
import { xlsxRows } from "./read-xlsx.js";
import { ImportReadError, type RawCell, type RawRow } from "./source.js";

export { ImportReadError } from "./source.js";
export type { TextEncoding } from "./read-csv.js";

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
export const DEFAULT_MAX_ROWS = 500_000;

export interface ReadInput {
  bytes: Buffer;
  /** Only for messages; the format is detected from the content. */
  fileName: string;
}

export interface ReadOptions {
  maxBytes?: number;
  /** Data rows, not counting the header and empty rows. */
  maxRows?: number;
  /**
   * Columns where a number typed into Excel is refused: an 18-digit ID number keeps only 15
   * significant digits there. Default: headers that name an ID number or its last four.
   */
  isIdColumn?: (header: string) => boolean;
}

export interface ReadIssue {
  row: number;
  column?: string;
  problem: ProblemCode;
  detail?: string;
}

export interface TableRow {
  row: number;
  /** Trimmed text by header as written in the file; a column with a problem cell holds "". */
  cells: Record<string, string>;
  issues: ReadIssue[];
}

export interface Table {
  format: "csv" | "xlsx";
  /** The text encoding a CSV was read in; null for XLSX. */
  encoding: TextEncoding | null;
  headerRow: number;
  /** Header cells as written (trimmed), in column order; "" for a column without a header. */
  headers: string[];
  /** Read once. Throws ImportReadError when the rest of the file cannot be read. */
  rows: AsyncIterable<TableRow>;
  /** Problems found only at the end of the sheet (merged ranges); complete once `rows` is exhausted. */
  lateIssues: ReadIssue[];
}

const ZIP_MAGIC = Buffer.from("PK\x03\x04", "latin1");
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]); // .xls, .doc

const ID_HEADER = /身份证|证件号|公民身份号码|idnumber|idno|idcard|idlast4/;
export const defaultIsIdColumn = (header: string): boolean => ID_HEADER.test(normaliseHeader(header));

export async function readTable(input: ReadInput, options: ReadOptions = {}): Promise<Table> {
  const { bytes } = input;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > maxBytes) throw new ImportReadError("FILE_TOO_LARGE", `${mb(bytes.length)} > ${mb(maxBytes)}`);
  if (bytes.length === 0) throw new ImportReadError("EMPTY_FILE");

  const lateIssues: ReadIssue[] = [];
  let headers: string[] = [];
  let format: Table["format"];
  let encoding: TextEncoding | null = null;
  let source: AsyncGenerator<RawRow>;
  if (bytes.subarray(0, 4).equals(ZIP_MAGIC)) {
    format = "xlsx";
    source = xlsxRows(bytes, (range) => lateIssues.push(mergedIssue(range, headers)));
  } else if (bytes.subarray(0, 8).equals(OLE_MAGIC)) {
    throw new ImportReadError("UNSUPPORTED_XLS", input.fileName);
  } else {
    const decoded = decode(bytes);
    if (!looksLikeText(decoded.text)) throw new ImportReadError("NOT_A_TABLE", input.fileName);
    format = "csv";
    encoding = decoded.encoding;
    source = csvRows(decoded.text);
  }

  // The header is the first non-empty row.
  let header: RawRow | undefined;
  for (let next = await source.next(); !next.done; next = await source.next()) {
    if (!isEmpty(next.value.values)) {
      header = next.value;
      break;
    }
  }
  if (header === undefined) throw new ImportReadError("EMPTY_FILE");
  headers = header.values.map((c) => clean(typeof c === "string" ? c : "text" in c ? c.text : ""));
  while (headers.length > 0 && headers[headers.length - 1] === "") headers.pop();

  const isId = options.isIdColumn ?? defaultIsIdColumn;
  const idColumns = headers.map((h) => h !== "" && isId(h));
  return {
    format,
    encoding,
    headerRow: header.row,
    headers,
    rows: dataRows(source, headers, idColumns, options.maxRows ?? DEFAULT_MAX_ROWS),
    lateIssues,
  };
}

async function* dataRows(
  source: AsyncGenerator<RawRow>,
  headers: string[],
  idColumns: boolean[],
  maxRows: number,
): AsyncGenerator<TableRow> {
  let count = 0;
  for await (const { row, values } of source) {
    if (isEmpty(values)) continue;
    if (++count > maxRows) throw new ImportReadError("TOO_MANY_ROWS", String(maxRows));
    const cells: Record<string, string> = {};
    const issues: ReadIssue[] = [];
    for (let i = 0; i < values.length; i++) {
      const column = headers[i];
      const cell = values[i]!;
      if (column === undefined) {
        // A cell right of the last header: a row shifted by an unquoted delimiter, usually.
        if (cellText(cell) !== "") issues.push({ row, problem: "EXTRA_CELLS", detail: String(i + 1) });
        continue;
      }
      if (column === "" || column in cells) continue; // no header, or the second of a duplicated header
      if (typeof cell === "string") {
        cells[column] = clean(cell);
      } else if ("problem" in cell) {
        issues.push({ row, column, problem: cell.problem, ...(cell.detail === undefined ? {} : { detail: cell.detail }) });
        cells[column] = "";
      } else if (idColumns[i] && !/^\d{4}$/.test(cell.text)) {
        // No detail: the rounded number is still most of someone's ID number.
        issues.push({ row, column, problem: "ID_STORED_AS_NUMBER" });
        cells[column] = "";
      } else {
        cells[column] = cell.text;
      }
    }
    // EXTRA_CELLS once per row is enough.
    const extra = issues.findIndex((i) => i.problem === "EXTRA_CELLS");
    yield { row, cells, issues: issues.filter((i, n) => i.problem !== "EXTRA_CELLS" || n === extra) };
  }
}

function cellText(cell: RawCell): string {
  return typeof cell === "string" ? clean(cell) : "text" in cell ? cell.text : "x";
}

function isEmpty(values: RawCell[]): boolean {
  return values.every((c) => cellText(c) === "");
}

// trim() covers the ideographic space U+3000 and the BOM; zero-width spaces come from web copies.
function clean(s: string): string {
  return s.replace(/[\u200b-\u200d]/g, "").trim();
}

function mergedIssue(range: string, headers: string[]): ReadIssue {
  const m = /^([A-Z]+)(\d+):/.exec(range)!;
  const column = headers[columnNumber(m[1]!) - 1];
  return { row: Number(m[2]), ...(column ? { column } : {}), problem: "MERGED_CELLS", detail: range };
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
