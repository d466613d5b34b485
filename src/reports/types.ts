// What a staff report is: a definition (src/reports/definitions/<name>.ts) runs its SQL for the
// filters staff chose and returns tables, an optional chart and a two-line summary, all already in
// the reader's language. Rendering them as XLSX / CSV / PNG is src/reports/index.ts's job.
import type { PrismaClient } from "@prisma/client";
import type { LocalDate } from "../domain/dates.js";
import type { ChartSpec } from "./render/chart.js";
import type { ReportLocale } from "./render/summary.js";
import type { CellInput, XlsxColumn } from "./render/xlsx.js";

/** The report names the chat, the CLI and the bulletin know (a contract: issue 10). */
export const REPORT_NAMES = [
  "registration",
  "turnout",
  "first-round",
  "candidates",
  "elected",
  "questions",
  "suggestions",
  "activity",
  "broadcasts",
] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

export function isReportName(s: string): s is ReportName {
  return (REPORT_NAMES as readonly string[]).includes(s);
}

/** An i18next `t` (the bot's Translate) without the bot's types: keys under "reports.". */
export type Translate = (key: string, vars?: Record<string, unknown>) => string;

export interface ReportFilters {
  /** Default: the county's newest election. */
  electionId?: number;
  /** A county, township or village/community code; an area includes its sub-areas. Default: the county. */
  areaCode?: string;
}

/** What the filters resolved to. */
export interface ReportScope {
  election: { id: number; name: string; electionDay: LocalDate; rollPublishedOn: LocalDate | null } | null;
  area: { id: number; code: string; name: string } | null;
  /** The area is the whole county (or none was asked for): work-unit constituencies count too. */
  wholeCounty: boolean;
  /**
   * The election's constituencies inside the area (all of them for the whole county); null: no
   * restriction (a whole-term report for the whole county with no election asked for).
   */
  constituencyIds: number[] | null;
}

export interface ReportContext {
  prisma: PrismaClient;
  t: Translate;
  locale: ReportLocale;
  scope: ReportScope;
  now: Date;
  /** The county's calendar day now. */
  today: LocalDate;
  timeZone: string;
}

export interface ReportTable {
  /** Sheet name (translated). */
  name: string;
  columns: XlsxColumn[];
  rows: Record<string, CellInput>[];
  /** The totals row, shown last (bold in the XLSX by position only: it is a plain row). */
  totals?: Record<string, CellInput>;
}

/** Headline numbers (ratios 0–1 for percents; null = not known). The weekly bulletin reads these. */
export type Headline = Record<string, number | null>;

export type ReportData =
  | {
      empty: false;
      tables: ReportTable[];
      chart?: ChartSpec;
      /** Two lines: the figures first, then what they mean or what is left to do. */
      summary: [string, string];
      headline: Headline;
      /** Extra lines under the filters (definitions, what a filter does not apply to). */
      notes?: string[];
    }
  | {
      empty: true;
      /** Why there is nothing to show, and who fills it in ("no results entered yet: /results"). */
      reason: string;
      /** Columns of the main table, so an empty file still shows what it would hold. */
      tables: ReportTable[];
      headline: Headline;
      notes?: string[];
    };

export interface ReportDefinition {
  name: ReportName;
  /** Whether the report is about one election (roll, results, candidates); the others span the term. */
  perElection: boolean;
  /** Whether the area filter applies (questions and broadcasts are county-wide). */
  byArea: boolean;
  /** Whether the chat sends a chart with it. */
  hasChart: boolean;
  query(ctx: ReportContext): Promise<ReportData>;
}
