// The report registry: one definition per name (src/reports/definitions/), the filters resolved to
// a scope, and the result rendered as XLSX (every table a sheet, with the title, the filters used
// and the notes above it), CSV (the main table) or PNG (the chart). Used by the chat (/report via
// services/reports.ts), the CLI (voterlink report) and the weekly bulletin.
import type { PrismaClient } from "@prisma/client";
import { toLocalDate } from "../domain/dates.js";
import { wallClock } from "../domain/zoned-time.js";
import { activity } from "./definitions/activity.js";
import { broadcasts } from "./definitions/broadcasts.js";
import { candidates } from "./definitions/candidates.js";
import { elected } from "./definitions/elected.js";
import { firstRound } from "./definitions/first-round.js";
import { questions } from "./definitions/questions.js";
import { registration } from "./definitions/registration.js";
import { suggestions } from "./definitions/suggestions.js";
import { turnout } from "./definitions/turnout.js";
import { formatValue, type ReportLocale } from "./render/summary.js";
import { writeCsv, writeXlsx, type XlsxSheet } from "./render/xlsx.js";
import { resolveScope, type ScopeError } from "./scope.js";
import type { ReportData, ReportDefinition, ReportFilters, ReportName, ReportScope, Translate } from "./types.js";

export { REPORT_NAMES, isReportName } from "./types.js";
export type { ReportData, ReportFilters, ReportName, ReportScope, Translate } from "./types.js";
export type { ScopeError } from "./scope.js";

export const REPORTS: Record<ReportName, ReportDefinition> = {
  registration,
  turnout,
  "first-round": firstRound,
  candidates,
  elected,
  questions,
  suggestions,
  activity,
  broadcasts,
};

export const REPORT_FORMATS = ["xlsx", "csv", "png"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportRun {
  name: ReportName;
  title: string;
  scope: ReportScope;
  /** "选举：…", "地区：…", "生成时间：…" and the notes, for the file's header and the chat. */
  filters: { label: string; value: string }[];
  data: ReportData;
  generatedAt: Date;
}

export interface RunOptions {
  t: Translate;
  locale: ReportLocale;
  now: Date;
  timeZone: string;
  /** The staff member's own area code: reports stay inside it. */
  within?: string | null;
}

/** Resolves the filters and runs one report. */
export async function runReport(
  prisma: PrismaClient,
  name: ReportName,
  filters: ReportFilters,
  opts: RunOptions,
): Promise<{ ok: true; run: ReportRun } | { ok: false; error: ScopeError }> {
  const def = REPORTS[name];
  const resolved = await resolveScope(prisma, def.byArea ? filters : { ...filters, areaCode: undefined }, def.byArea ? opts.within : null, !def.perElection);
  if (!resolved.ok) return resolved;
  const scope = resolved.scope;
  const t = withNumbers(opts.t, opts.locale);
  const data = await def.query({ prisma, t, locale: opts.locale, scope, now: opts.now, today: toLocalDate(opts.now, opts.timeZone), timeZone: opts.timeZone });
  const w = wallClock(opts.now, opts.timeZone);
  const filterLines = [
    ...(aboutOneElection(def, scope)
      ? [{ label: t("reports.filter.election"), value: scope.election ? `${scope.election.name} (#${scope.election.id})` : t("reports.filter.none") }]
      : [{ label: t("reports.filter.election"), value: t("reports.filter.all_elections") }]),
    {
      label: t("reports.filter.area"),
      value: def.byArea && scope.area ? `${scope.area.name} (${scope.area.code})` : t("reports.filter.county_wide"),
    },
    { label: t("reports.filter.generated"), value: `${w.date} ${String(w.hour).padStart(2, "0")}:${String(w.minute).padStart(2, "0")}` },
    ...(data.empty ? [{ label: t("reports.filter.note"), value: data.reason }] : []),
    ...(data.notes ?? []).map((n) => ({ label: t("reports.filter.note"), value: n })),
  ];
  return { ok: true, run: { name, title: t(`reports.title.${name}`), scope, filters: filterLines, data, generatedAt: opts.now } };
}

/** Whether the figures are about one election: per-election reports, or whole-term ones narrowed to its constituencies. */
function aboutOneElection(def: ReportDefinition, scope: ReportScope): boolean {
  return def.perElection || scope.constituencyIds !== null;
}

/**
 * `t` with the counts in its parameters written the reader's way ("1,991"; an average keeps one
 * decimal). `count` stays a number: i18next picks the plural form with it.
 */
function withNumbers(t: Translate, locale: ReportLocale): Translate {
  return (key, vars) =>
    t(key, vars && Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, typeof v === "number" && k !== "count" ? formatValue(v, "count", locale) : v])));
}

/** A file name without spaces or Chinese: "turnout-e1-999901-20261127.xlsx". */
export function reportFileName(run: ReportRun, format: ReportFormat, timeZone: string): string {
  const day = toLocalDate(run.generatedAt, timeZone).replaceAll("-", "");
  const election = run.scope.election && aboutOneElection(REPORTS[run.name], run.scope) ? `e${run.scope.election.id}` : null;
  const parts = [run.name, election, run.scope.area?.code ?? null, day].filter((p) => p !== null);
  return `${parts.join("-")}.${format}`;
}

/** The XLSX: one sheet per table, each with the report's title, filters and notes; totals last. */
export function toXlsx(run: ReportRun, timeZone: string): Promise<Buffer> {
  const sheets: XlsxSheet[] = run.data.tables.map((table) => ({
    name: table.name,
    title: table.name === run.title ? run.title : `${run.title} — ${table.name}`,
    filters: run.filters,
    columns: table.columns,
    rows: table.totals ? [...table.rows, table.totals] : table.rows,
  }));
  return writeXlsx(sheets, { timeZone });
}

/** The CSV: the main (first) table with its totals row. */
export function toCsv(run: ReportRun, timeZone: string): Buffer {
  const table = run.data.tables[0]!;
  return writeCsv(table.columns, table.totals ? [...table.rows, table.totals] : table.rows, { timeZone });
}

/** The chart as PNG, or null when the report has none (or nothing to draw). */
export async function toPng(run: ReportRun): Promise<Buffer | null> {
  if (run.data.empty || !run.data.chart) return null;
  // Loaded when first drawn: chart.js and the Skia binary stay off the bot's start-up path.
  const { renderChart } = await import("./render/chart.js");
  return renderChart(run.data.chart);
}
