/**
 * The import kinds: for each, its columns (accepted header names, Chinese and English; required
 * or not), the zod schema that turns cells into fields, and the checks that make a typed row.
 */
import { normaliseHeader } from "./headers.js";
import { areas, candidates, constituencies, delegates, meetings, places } from "./kinds-election.js";
import { results } from "./kinds-results.js";
import { roll } from "./kinds-roll.js";
import { categories, departments, faq } from "./kinds-staff.js";
import type { Column, KindSpec } from "./spec.js";

export type { AreaRow, CandidateRow, ConstituencyRow, DelegateRow, MeetingRow, PlaceRow } from "./kinds-election.js";
export type { ResultRow } from "./kinds-results.js";
export type { RollRow } from "./kinds-roll.js";
export type { CategoryRow, DepartmentRow, FaqRow } from "./kinds-staff.js";
export { candidateKey, personKey, type ImportContext } from "./spec.js";

export const KINDS = {
  areas,
  constituencies,
  roll,
  places,
  candidates,
  meetings,
  delegates,
  faq,
  departments,
  categories,
  results,
} as const;

export type ImportKind = keyof typeof KINDS;
export type RowOf<K extends ImportKind> = ReturnType<(typeof KINDS)[K]["finish"]>;

/** The view validate.ts works through, the same for every kind. */
export type AnyKind = KindSpec<Record<string, Column<unknown>>, unknown>;

export function kindSpec(kind: ImportKind): AnyKind {
  return KINDS[kind] as unknown as AnyKind;
}

/** Normalised header → field name, for one kind. */
export function headerIndex(kind: ImportKind): Map<string, string> {
  const index = new Map<string, string>();
  for (const [field, col] of Object.entries(kindSpec(kind).columns)) {
    for (const name of col.names) index.set(normaliseHeader(name), field);
  }
  return index;
}

/** The names staff may use for a field, for MISSING_COLUMN: "姓名 / full_name / name". */
export function acceptedNames(kind: ImportKind, field: string): string {
  return kindSpec(kind).columns[field]!.names.join(" / ");
}

/** Headers of ID-number columns of a kind, so the reader refuses numbers typed there. */
export function isIdHeader(kind: ImportKind): (header: string) => boolean {
  const index = headerIndex(kind);
  return (header) => {
    const field = index.get(normaliseHeader(header));
    return field === "idNumber" || field === "idLast4";
  };
}
