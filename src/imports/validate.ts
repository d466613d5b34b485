/**
 * Validates every row of an import and collects every problem, so staff fix a file in one pass.
 * Pure over its inputs: what the database holds comes in through `context`.
 *
 * Row numbers are Excel's; row 0 means the file as a whole. A row with any problem is left out of
 * `rows`; the caller writes nothing while `errors` is non-empty (or only `rows`, when asked to).
 */
import { normaliseHeader } from "./headers.js";
import { acceptedNames, headerIndex, isIdHeader, kindSpec, type ImportKind, type RowOf } from "./kinds.js";
import type { ProblemCode } from "./messages.js";
import { ImportReadError, readTable, type ReadInput, type ReadOptions, type Table } from "./read.js";
import type { ImportContext } from "./spec.js";

export interface ImportError {
  /** Excel row number; 0 for the whole file. */
  row: number;
  /** The header as written in the file (or the column's usual name when it is missing). */
  column?: string;
  problem: ProblemCode;
  /** Language-neutral: the value, a range, other row numbers, accepted names. Never an ID number. */
  detail?: string;
}

export interface ImportStats {
  format: Table["format"] | null;
  encoding: Table["encoding"];
  dataRows: number;
  validRows: number;
  rowsWithErrors: number;
  /** Headers that match no column of the kind (ignored, shown so a typo is noticed). */
  ignoredColumns: string[];
}

export interface ImportResult<K extends ImportKind> {
  rows: { row: number; value: RowOf<K> }[];
  errors: ImportError[];
  stats: ImportStats;
}

const MAX_ROWS_IN_DETAIL = 10;

/** Reads the file and validates it; a file that cannot be read becomes a row-0 error, never a throw. */
export async function readAndValidate<K extends ImportKind>(
  kind: K,
  input: ReadInput,
  context: ImportContext,
  options: ReadOptions = {},
): Promise<ImportResult<K>> {
  checkNeeds(kind, context);
  let table: Table;
  try {
    table = await readTable(input, { isIdColumn: isIdHeader(kind), ...options });
  } catch (error) {
    if (!(error instanceof ImportReadError)) throw error;
    return {
      rows: [],
      errors: [fileError(error)],
      stats: { format: null, encoding: null, dataRows: 0, validRows: 0, rowsWithErrors: 0, ignoredColumns: [] },
    };
  }
  return validateImport(kind, table, context);
}

export async function validateImport<K extends ImportKind>(
  kind: K,
  table: Table,
  context: ImportContext,
): Promise<ImportResult<K>> {
  checkNeeds(kind, context);
  const spec = kindSpec(kind);
  const fields = Object.keys(spec.columns);
  const stats: ImportStats = {
    format: table.format,
    encoding: table.encoding,
    dataRows: 0,
    validRows: 0,
    rowsWithErrors: 0,
    ignoredColumns: [],
  };

  // ── header ──
  const errors: ImportError[] = [];
  const index = headerIndex(kind);
  const headerOf = new Map<string, string>(); // field → header as written
  for (const header of table.headers) {
    if (header === "") continue;
    const field = index.get(normaliseHeader(header));
    if (field === undefined) stats.ignoredColumns.push(header);
    else if (headerOf.has(field)) {
      errors.push({ row: table.headerRow, column: header, problem: "DUPLICATE_COLUMN", detail: headerOf.get(field)! });
    } else headerOf.set(field, header);
  }
  // Not one column known: a file of another kind, a header not on the first row, or (CSV) an
  // encoding other than UTF-8/GBK, such as Big5, whose headers read as noise. Said first.
  if (headerOf.size === 0) errors.push({ row: table.headerRow, problem: "NO_KNOWN_COLUMN" });
  for (const field of fields) {
    if (spec.columns[field]!.required && !headerOf.has(field)) {
      errors.push({ row: table.headerRow, column: displayName(kind, field), problem: "MISSING_COLUMN", detail: acceptedNames(kind, field) });
    }
  }
  for (const group of spec.columnGroups) {
    if (group.some((f) => headerOf.has(f))) continue;
    errors.push({
      row: table.headerRow,
      column: group.map((f) => displayName(kind, f)).join(" / "),
      problem: "MISSING_COLUMN",
      detail: group.map((f) => acceptedNames(kind, f)).join(" | "),
    });
  }
  if (errors.length > 0) return { rows: [], errors, stats };

  // ── rows ──
  const column = (field: string) => headerOf.get(field) ?? displayName(kind, field);
  const valid = new Map<number, unknown>();
  const badRows = new Set<number>();
  const keys = spec.unique.map(() => new Map<string, { row: number; group: string | undefined }[]>());
  const add = (e: ImportError) => {
    errors.push(e);
    badRows.add(e.row);
  };
  try {
    for await (const { row, cells, issues } of table.rows) {
      stats.dataRows += 1;
      const unreadable = new Set<string>();
      for (const issue of issues) {
        add(issue);
        if (issue.column !== undefined) unreadable.add(issue.column);
      }
      const parsed: Record<string, unknown> = {};
      let complete = issues.length === 0;
      for (const field of fields) {
        const header = headerOf.get(field);
        const result = spec.schema.shape[field]!.safeParse(header === undefined ? "" : (cells[header] ?? ""));
        if (result.success) {
          parsed[field] = result.data;
          continue;
        }
        complete = false;
        if (header !== undefined && unreadable.has(header)) continue; // already reported as read
        const issue = result.error.issues[0]!;
        const detail = (issue as { params?: { detail?: string } }).params?.detail;
        add({ row, column: column(field), problem: issue.message as ProblemCode, ...(detail === undefined ? {} : { detail }) });
      }
      spec.unique.forEach((rule, i) => {
        const key = rule.key(parsed);
        if (key === undefined) return;
        const list = keys[i]!.get(key);
        const entry = { row, group: rule.group?.(parsed) };
        if (list) list.push(entry);
        else keys[i]!.set(key, [entry]);
      });
      if (!complete) continue;
      let reported = false;
      const value = spec.finish(parsed, context, (field, problem, detail) => {
        reported = true;
        add({ row, column: column(field), problem, ...(detail === undefined ? {} : { detail }) });
      });
      if (!reported) valid.set(row, value);
    }
  } catch (error) {
    if (!(error instanceof ImportReadError)) throw error;
    errors.push(fileError(error));
    return { rows: [], errors: sortErrors(errors), stats: { ...stats, rowsWithErrors: badRows.size } };
  }
  for (const issue of table.lateIssues) add(issue);

  // ── duplicates inside the file: every row of a group is reported ──
  spec.unique.forEach((rule, i) => {
    for (const entries of keys[i]!.values()) {
      if (entries.length < 2) continue;
      const groups = new Set(entries.map((e) => e.group));
      const problem = rule.otherGroupProblem && groups.size > 1 ? rule.otherGroupProblem : rule.problem;
      for (const e of entries) {
        const others = entries.filter((o) => o !== e);
        add({ row: e.row, column: column(rule.field), problem, detail: rowList(others, problem === rule.otherGroupProblem) });
      }
    }
  });

  const validRows = [...valid].filter(([row]) => !badRows.has(row)).map(([row, value]) => ({ row, value }));
  spec.afterAll?.(validRows, context, (row, field, problem, detail) =>
    add({ row, column: column(field), problem, ...(detail === undefined ? {} : { detail }) }),
  );

  const rows = validRows.filter((r) => !badRows.has(r.row)) as ImportResult<K>["rows"];
  rows.sort((a, b) => a.row - b.row);
  stats.validRows = rows.length;
  stats.rowsWithErrors = badRows.size;
  return { rows, errors: sortErrors(errors), stats };
}

function checkNeeds(kind: ImportKind, context: ImportContext): void {
  const missing = kindSpec(kind).needs.filter((n) => context[n] === undefined);
  if (missing.length > 0) throw new TypeError(`validateImport(${kind}): context needs ${missing.join(", ")}`);
}

function fileError(error: ImportReadError): ImportError {
  return { row: 0, problem: error.problem, ...(error.detail === undefined ? {} : { detail: error.detail }) };
}

function displayName(kind: ImportKind, field: string): string {
  return kindSpec(kind).columns[field]!.names[0]!;
}

/** "7, 12" or with groups "7 (C02), 12 (C03)"; long lists end in "…". */
function rowList(entries: { row: number; group: string | undefined }[], withGroup: boolean): string {
  const shown = entries.slice(0, MAX_ROWS_IN_DETAIL).map((e) => (withGroup && e.group ? `${e.row} (${e.group})` : String(e.row)));
  return shown.join(", ") + (entries.length > MAX_ROWS_IN_DETAIL ? ", …" : "");
}

function sortErrors(errors: ImportError[]): ImportError[] {
  return errors.sort((a, b) => a.row - b.row); // stable: a row's problems stay in column order
}
