/** The shape every import kind is written in (kinds-*.ts) and the context validation reads. */
import { z } from "zod";
import type { LocalDate } from "../domain/dates.js";
import { field, type Parser } from "./fields.js";
import type { ProblemCode } from "./messages.js";

/**
 * What the caller looked up in the database. Each kind names the parts it needs (`needs`);
 * validation throws a TypeError when one is missing, because an unchecked reference is worse
 * than no import.
 */
export interface ImportContext {
  /** Election day, for the voting age and the end of candidate introductions. */
  electionDay?: LocalDate;
  /** Codes of the AdminAreas in the database. */
  areaCodes?: ReadonlySet<string>;
  /** The code of the area the election is held in: its constituencies lie inside it. */
  electionAreaCode?: string;
  /** The election's constituencies by code, with their voter groups' names. */
  constituencies?: ReadonlyMap<string, { voterGroups: ReadonlySet<string> }>;
  /** The election's roll as stored: voter numbers, and personKey() → constituency code. Empty to replace. */
  roll?: { voterNos: ReadonlySet<string>; persons: ReadonlyMap<string, string> };
  /** candidateKey() of the election's candidates, for meetings. */
  candidates?: ReadonlySet<string>;
  /** Department codes, for suggestion categories' default department. */
  departmentCodes?: ReadonlySet<string>;
  /**
   * Results: per constituency code, the round a file would go into — its seats, the roll's
   * registered count, and `closed` (why nothing can be entered now: the election day it opens on,
   * or NOTHING_TO_ENTER / NO_CANDIDATES) when there is none.
   */
  resultRounds?: ReadonlyMap<string, { seats: number; registered: number; closed: string | null }>;
  /** FAQ rows without a locale column. */
  defaultLocale?: "zh-CN" | "en" | "zh-TW";
}

export interface Column<T> {
  /** Accepted header names, Chinese first (the first one is shown in messages), then English. */
  names: readonly string[];
  /** The column must be in the file (a value may still be optional). */
  required: boolean;
  schema: z.ZodType<T, string>;
}

export function column<T>(names: readonly string[], parse: Parser<T>, opts: { required?: boolean } = {}): Column<T> {
  return { names, required: opts.required ?? false, schema: field(parse) };
}

type Columns = Record<string, Column<unknown>>;
export type FieldsOf<C extends Columns> = { [K in keyof C]: C[K] extends Column<infer T> ? T : never };

export type Report<C> = (field: keyof C & string, problem: ProblemCode, detail?: string) => void;
export type RowReport<C> = (row: number, field: keyof C & string, problem: ProblemCode, detail?: string) => void;

/** Rows sharing a key are all reported. With `group`, rows that share a key across groups get `otherGroupProblem`. */
export interface UniqueRule<F> {
  field: keyof F & string;
  problem: ProblemCode;
  key(f: Partial<F>): string | undefined;
  group?(f: Partial<F>): string | undefined;
  otherGroupProblem?: ProblemCode;
}

export interface KindSpec<C extends Columns, Row> {
  columns: C;
  /** Cells (by field) → parsed fields; built from the columns. */
  schema: z.ZodObject<{ [K in keyof C]: C[K]["schema"] }>;
  /** At least one column of each group must be present (e.g. the ID number or its last four). */
  columnGroups: (keyof C & string)[][];
  needs: readonly (keyof ImportContext)[];
  /** Checks across fields and against the context, then the typed row (discarded if it reported). */
  finish(f: FieldsOf<C>, ctx: ImportContext, report: Report<C>): Row;
  unique: UniqueRule<FieldsOf<C>>[];
  /** Checks that need every row (references inside the file). */
  afterAll?(rows: { row: number; value: Row }[], ctx: ImportContext, report: RowReport<C>): void;
}

export function defineKind<C extends Columns, Row>(spec: {
  columns: C;
  columnGroups?: (keyof C & string)[][];
  needs?: readonly (keyof ImportContext)[];
  finish(f: FieldsOf<C>, ctx: ImportContext, report: Report<C>): Row;
  unique?: UniqueRule<FieldsOf<C>>[];
  afterAll?(rows: { row: number; value: Row }[], ctx: ImportContext, report: RowReport<C>): void;
}): KindSpec<C, Row> {
  const shape = Object.fromEntries(Object.entries(spec.columns).map(([k, c]) => [k, c.schema]));
  return {
    ...spec,
    schema: z.object(shape) as KindSpec<C, Row>["schema"],
    columnGroups: spec.columnGroups ?? [],
    needs: spec.needs ?? [],
    unique: spec.unique ?? [],
  };
}

/** Names compared for duplicates: full-width folded, no spaces, one kind of middle dot. */
export function nameKey(name: string): string {
  return name.normalize("NFKC").replace(/\s+/g, "").replace(/[•・．.]/g, "·");
}

/** The same person on a roll: name, ID last four and birth date. Use it for ImportContext.roll too. */
export function personKey(fullName: string, idLast4: string, birthDate: string): string {
  return `${nameKey(fullName)}|${idLast4.toUpperCase()}|${birthDate}`;
}

export function candidateKey(constituencyCode: string, fullName: string): string {
  return `${constituencyCode}|${nameKey(fullName)}`;
}

/** A value that must be one of a set from the context (the set is present: `needs` is checked first). */
export function known(set: ReadonlySet<string> | undefined, value: string): boolean {
  return set === undefined || set.has(value);
}
