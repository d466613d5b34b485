// Resolving a report's filters (election id, area code) to the election and the constituencies
// they cover, and the small helpers every definition shares.
import { Prisma, type PrismaClient } from "@prisma/client";
import { fromDbDate } from "../domain/dates.js";
import { formatPercent } from "./render/summary.js";
import type { ColumnFormat, XlsxColumn } from "./render/xlsx.js";
import type { ReportContext, ReportFilters, ReportScope } from "./types.js";

export type ScopeError = "no_county" | "unknown_election" | "unknown_area" | "area_outside";

/**
 * The election (asked for, or the county's newest) and the area (asked for, or the county) with
 * the election's constituencies inside it. A constituency is inside an area when one of the
 * villages/communities it covers lies in the area or below it; work-unit constituencies (no
 * villages) belong to the county as a whole. `within`: the staff member's own area (their scope);
 * an area outside it is refused.
 */
export async function resolveScope(
  prisma: PrismaClient,
  filters: ReportFilters,
  within?: string | null,
  /** A report over the whole term (suggestions, activity): with no election or area asked for, every constituency counts. */
  acrossElections = false,
): Promise<{ ok: true; scope: ReportScope } | { ok: false; error: ScopeError }> {
  const county = await prisma.adminArea.findFirst({ where: { level: "COUNTY" }, orderBy: { code: "asc" }, select: { id: true, code: true, name: true } });
  if (!county) return { ok: false, error: "no_county" };
  const election =
    filters.electionId !== undefined
      ? await prisma.election.findUnique({ where: { id: filters.electionId } })
      : await prisma.election.findFirst({ orderBy: [{ electionDay: "desc" }, { id: "desc" }] });
  if (filters.electionId !== undefined && !election) return { ok: false, error: "unknown_election" };

  const areaCode = filters.areaCode ?? within ?? county.code;
  const area = await prisma.adminArea.findUnique({ where: { code: areaCode }, select: { id: true, code: true, name: true } });
  if (!area) return { ok: false, error: "unknown_area" };
  // Codes nest (GB/T 2260: a township's 9 digits start with its county's 6): a prefix test is the subtree test.
  if (within && !area.code.startsWith(within)) return { ok: false, error: "area_outside" };
  const wholeCounty = area.id === county.id;

  let constituencyIds: number[] = [];
  if (election) {
    const rows = wholeCounty
      ? await prisma.constituency.findMany({ where: { electionId: election.id }, select: { id: true } })
      : await prisma.$queryRaw<{ id: number }[]>`
          WITH RECURSIVE sub AS (
            SELECT id FROM "AdminArea" WHERE id = ${area.id}
            UNION ALL SELECT a.id FROM "AdminArea" a JOIN sub ON a."parentId" = sub.id)
          SELECT DISTINCT c.id FROM "Constituency" c
          JOIN "ConstituencyArea" ca ON ca."constituencyId" = c.id JOIN sub ON sub.id = ca."areaId"
          WHERE c."electionId" = ${election.id}`;
    constituencyIds = rows.map((r) => r.id).sort((a, b) => a - b);
  }
  return {
    ok: true,
    scope: {
      election: election
        ? {
            id: election.id,
            name: election.name,
            electionDay: fromDbDate(election.electionDay),
            rollPublishedOn: election.rollPublishedOn ? fromDbDate(election.rollPublishedOn) : null,
          }
        : null,
      area,
      wholeCounty,
      constituencyIds: acrossElections && wholeCounty && filters.electionId === undefined ? null : constituencyIds,
    },
  };
}

/** `column IN (the scope's constituencies)` as SQL. */
export function inScope(ctx: ReportContext, column: Prisma.Sql): Prisma.Sql {
  if (ctx.scope.constituencyIds === null) return Prisma.sql`TRUE`;
  return Prisma.sql`${column} = ANY(${ctx.scope.constituencyIds}::int[])`;
}

/** part / whole as a ratio, or null when there is no whole. */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** A ratio as the reader's "96.3%" ("—" when unknown). */
export function pct(ctx: Pick<ReportContext, "locale">, v: unknown): string {
  return formatPercent(typeof v === "number" ? v : null, ctx.locale);
}

/** PostgreSQL counts arrive as bigint (or string through some drivers): a number. */
export function num(v: unknown): number {
  if (v === null || v === undefined) return 0;
  return typeof v === "number" ? v : Number(v);
}

/** A column whose header is `reports.col.<key>` in the reader's language. */
export function column(t: ReportContext["t"], key: string, format?: ColumnFormat, header?: string): XlsxColumn {
  return { key, header: header ?? t(`reports.col.${key}`), ...(format ? { format } : {}) };
}

/** Sums `keys` over `rows` into a totals row labelled in `labelKey`. */
export function totalsRow<R extends Record<string, unknown>>(
  t: ReportContext["t"],
  rows: R[],
  labelKey: string,
  keys: readonly (keyof R & string)[],
): Record<string, number | string> {
  const out: Record<string, number | string> = { [labelKey]: t("reports.total") };
  for (const k of keys) out[k] = rows.reduce((s, r) => s + num(r[k]), 0);
  return out;
}

/** The empty-report answer: the reason in the reader's language, the table's columns kept. */
export function emptyReport(ctx: ReportContext, reasonKey: string, columns: XlsxColumn[], sheetKey: string) {
  return {
    empty: true as const,
    reason: ctx.t(reasonKey),
    tables: [{ name: ctx.t(sheetKey), columns, rows: [] }],
    headline: {},
  };
}
