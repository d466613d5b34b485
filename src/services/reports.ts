// Staff reports for the chat and the bulletin: runs a report of src/reports for a staff member
// (inside their area) and renders its files. The CLI uses src/reports directly with the same calls.
import type { PrismaClient } from "@prisma/client";
import { fromDbDate, type LocalDate } from "../domain/dates.js";
import {
  REPORTS,
  runReport,
  toCsv,
  toPng,
  toXlsx,
  reportFileName,
  type ReportFilters,
  type ReportFormat,
  type ReportName,
  type ReportRun,
  type ScopeError,
  type Translate,
} from "../reports/index.js";
import type { ReportLocale } from "../reports/render/summary.js";
import type { Clock } from "./clock.js";

export { REPORT_NAMES, isReportName } from "../reports/index.js";
export type { ReportFormat, ReportName, ReportRun, ScopeError } from "../reports/index.js";

export interface ReportFile {
  fileName: string;
  bytes: Buffer;
}

export class ReportService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {}

  /** What the chat asks before running `name`: an election (per-election reports) and an area. */
  describe(name: ReportName): { perElection: boolean; byArea: boolean; hasChart: boolean } {
    const d = REPORTS[name];
    return { perElection: d.perElection, byArea: d.byArea, hasChart: d.hasChart };
  }

  /** The staff member's own area code (a township), or null when they act for the whole county. */
  async scopeCode(userId: number): Promise<string | null> {
    const u = await this.prisma.user.findUnique({ where: { id: userId }, select: { role: true, scopeArea: { select: { code: true, level: true } } } });
    if (!u || u.role !== "STAFF" || !u.scopeArea || u.scopeArea.level === "COUNTY") return null;
    return u.scopeArea.code;
  }

  /** Elections, newest first (the chat offers a choice when there is more than one). */
  async elections(): Promise<{ id: number; name: string; electionDay: LocalDate }[]> {
    const rows = await this.prisma.election.findMany({ orderBy: [{ electionDay: "desc" }, { id: "desc" }], select: { id: true, name: true, electionDay: true }, take: 10 });
    return rows.map((e) => ({ id: e.id, name: e.name, electionDay: fromDbDate(e.electionDay) }));
  }

  /** The areas a report can be narrowed to: the townships, or only `within` for township staff. */
  async areas(within: string | null): Promise<{ code: string; name: string }[]> {
    if (within) {
      const a = await this.prisma.adminArea.findUnique({ where: { code: within }, select: { code: true, name: true } });
      return a ? [a] : [];
    }
    return this.prisma.adminArea.findMany({ where: { level: "TOWNSHIP" }, orderBy: { code: "asc" }, select: { code: true, name: true }, take: 40 });
  }

  async run(
    name: ReportName,
    filters: ReportFilters,
    opts: { t: Translate; locale: ReportLocale; within?: string | null },
  ): Promise<{ ok: true; run: ReportRun } | { ok: false; error: ScopeError }> {
    return runReport(this.prisma, name, filters, { ...opts, now: this.clock.now(), timeZone: this.timeZone });
  }

  /**
   * The chart as PNG and how to send it: a photo, or a document when it is too tall for Telegram
   * to show readably (many constituencies). Null when the report has no chart or nothing to draw.
   */
  async chart(run: ReportRun): Promise<(ReportFile & { sendAs: "photo" | "document" }) | null> {
    if (run.data.empty || !run.data.chart) return null;
    const file = await this.file(run, "png");
    const { deliverAs, planChart } = await import("../reports/render/chart.js");
    return file && { ...file, sendAs: deliverAs(planChart(run.data.chart)) };
  }

  /** The report as a file; null for "png" when the report has no chart to draw. */
  async file(run: ReportRun, format: ReportFormat): Promise<ReportFile | null> {
    const fileName = reportFileName(run, format, this.timeZone);
    if (format === "xlsx") return { fileName, bytes: await toXlsx(run, this.timeZone) };
    if (format === "csv") return { fileName, bytes: toCsv(run, this.timeZone) };
    const png = await toPng(run);
    return png ? { fileName, bytes: png } : null;
  }
}
