/** What the format readers (read-csv.ts, read-xlsx.ts) hand to read.ts. */
import type { ProblemCode } from "./messages.js";

/** A cell as read: text, a number's text (so an ID column can refuse it), or a problem. */
export type RawCell = string | { text: string; numeric: true } | { problem: ProblemCode; detail?: string };

export interface RawRow {
  /** The row number staff see in Excel (CSV: the record number, 1 = the first line). */
  row: number;
  /** values[0] is column A. */
  values: RawCell[];
}

/** A problem that stops reading the file; validate.ts turns it into a file-level error. */
export class ImportReadError extends Error {
  constructor(
    readonly problem: ProblemCode,
    readonly detail?: string,
  ) {
    super(detail === undefined ? problem : `${problem}: ${detail}`);
    this.name = "ImportReadError";
  }
}
