// A delegate's work beyond the inbox: the activity record (履职登记) and report-backs (述职) to the
// voters of their constituency, which voters read and may rate or comment on.
//
// Publishing goes through `ReportPublisher`: today it marks the report published, so the
// constituency's voters find it with /reports ("stored and shown on request"); the broadcast
// outbox (staff issue) can implement the same interface later and deliver it to subscribers.
import type { PrismaClient } from "@prisma/client";
import { addDays, compareDates, fromDbDate, toLocalDate, type LocalDate } from "../domain/dates.js";
import type { Rating } from "../domain/suggestion-rules.js";
import type { Clock } from "./clock.js";
import type { OutboxService } from "./outbox.js";

export type ActivityKind = "MEETING" | "VISIT" | "INSPECTION" | "SURVEY" | "RECEPTION";
export const ACTIVITY_KINDS: readonly ActivityKind[] = ["MEETING", "VISIT", "INSPECTION", "SURVEY", "RECEPTION"];
export type Period = "month" | "year" | "term";

export interface ActivityView {
  id: number;
  kind: ActivityKind;
  on: LocalDate;
  place: string;
  note: string | null;
}

export interface ActivitySummary {
  period: Period;
  from: LocalDate;
  to: LocalDate;
  total: number;
  byKind: Record<ActivityKind, number>;
  recent: ActivityView[];
}

export interface ReportView {
  id: number;
  delegateName: string;
  title: string;
  body: string;
  createdAt: Date;
  publishedOn: LocalDate | null;
  ratings: { total: number; satisfied: number; basicallySatisfied: number; dissatisfied: number };
  comments: number;
  /** The reader's own rating, when the reader is a voter who rated it. */
  mine: { rating: Rating | null; comment: string | null } | null;
}

/** What a REPORT_BACK delivery carries, for the transport to render it in the voter's language. */
export interface ReportPush {
  reportId: number;
  delegateName: string;
  title: string;
}

export const MAX_PLACE = 100;
export const MAX_NOTE = 1000;
export const MAX_TITLE = 100;
export const MAX_BODY = 3500;

export class DelegateWorkService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly clock: Clock,
    private readonly timeZone: string,
    private readonly outbox: Pick<OutboxService, "createBroadcast">,
  ) {}

  today(): LocalDate {
    return toLocalDate(this.clock.now(), this.timeZone);
  }

  private async delegate(userId: number) {
    return this.prisma.delegate.findUnique({ where: { userId }, select: { id: true, fullName: true, constituencyId: true, termStart: true, termEnd: true } });
  }

  /** Logs an activity; refuses a date in the future or before the term. */
  async logActivity(userId: number, a: { kind: ActivityKind; on: LocalDate; place: string; note: string | null }): Promise<{ ok: true; id: number } | { ok: false; error: "NOT_DELEGATE" | "FUTURE_DATE" | "BEFORE_TERM" | "PLACE_REQUIRED" | "TOO_LONG" }> {
    const d = await this.delegate(userId);
    if (!d) return { ok: false, error: "NOT_DELEGATE" };
    if (compareDates(a.on, this.today()) > 0) return { ok: false, error: "FUTURE_DATE" };
    if (compareDates(a.on, fromDbDate(d.termStart)) < 0) return { ok: false, error: "BEFORE_TERM" };
    if (!a.place.trim()) return { ok: false, error: "PLACE_REQUIRED" };
    if (a.place.length > MAX_PLACE || (a.note?.length ?? 0) > MAX_NOTE) return { ok: false, error: "TOO_LONG" };
    const row = await this.prisma.delegateActivity.create({
      data: { delegateId: d.id, kind: a.kind, on: new Date(`${a.on}T00:00:00Z`), place: a.place.trim(), note: a.note?.trim() || null },
    });
    return { ok: true, id: row.id };
  }

  /** Counts by kind over this month, this year or the whole term, with the latest entries. */
  async activitySummary(userId: number, period: Period): Promise<ActivitySummary | null> {
    const d = await this.delegate(userId);
    if (!d) return null;
    const today = this.today();
    const from: LocalDate =
      period === "month" ? (`${today.slice(0, 8)}01` as LocalDate) : period === "year" ? (`${today.slice(0, 5)}01-01` as LocalDate) : fromDbDate(d.termStart);
    const where = { delegateId: d.id, on: { gte: new Date(`${from}T00:00:00Z`), lte: new Date(`${today}T00:00:00Z`) } };
    const [groups, recent] = await Promise.all([
      this.prisma.delegateActivity.groupBy({ by: ["kind"], where, _count: { _all: true } }),
      this.prisma.delegateActivity.findMany({ where, orderBy: [{ on: "desc" }, { id: "desc" }], take: 5 }),
    ]);
    const byKind = Object.fromEntries(ACTIVITY_KINDS.map((k) => [k, 0])) as Record<ActivityKind, number>;
    for (const g of groups) byKind[g.kind] = g._count._all;
    return {
      period,
      from,
      to: today,
      total: Object.values(byKind).reduce((a, b) => a + b, 0),
      byKind,
      recent: recent.map((r) => ({ id: r.id, kind: r.kind, on: fromDbDate(r.on), place: r.place, note: r.note })),
    };
  }

  /** Activities of the delegates of a constituency in the last `days` days (voters see their delegates' work). */
  async constituencyActivities(constituencyId: number, days = 365): Promise<(ActivityView & { delegateName: string })[]> {
    const since = addDays(this.today(), -days);
    const rows = await this.prisma.delegateActivity.findMany({
      where: { delegate: { constituencyId }, on: { gte: new Date(`${since}T00:00:00Z`) } },
      orderBy: [{ on: "desc" }, { id: "desc" }],
      take: 10,
      include: { delegate: { select: { fullName: true } } },
    });
    return rows.map((r) => ({ id: r.id, kind: r.kind, on: fromDbDate(r.on), place: r.place, note: r.note, delegateName: r.delegate.fullName }));
  }

  // ───────────── report-back ─────────────

  async createReport(userId: number, title: string, body: string): Promise<{ ok: true; id: number } | { ok: false; error: "NOT_DELEGATE" | "EMPTY" | "TOO_LONG" }> {
    const d = await this.delegate(userId);
    if (!d) return { ok: false, error: "NOT_DELEGATE" };
    if (!title.trim() || !body.trim()) return { ok: false, error: "EMPTY" };
    if (title.length > MAX_TITLE || body.length > MAX_BODY) return { ok: false, error: "TOO_LONG" };
    const r = await this.prisma.delegateReport.create({ data: { delegateId: d.id, constituencyId: d.constituencyId, title: title.trim(), body: body.trim() } });
    return { ok: true, id: r.id };
  }

  /**
   * Publishes a report (idempotent): marks it published and queues it to the constituency's
   * reachable voters. Publishing again (a double tap, a retry after a crash between the two steps)
   * finds the broadcast already queued and sends nobody anything twice. `audience` is how many
   * voters it was queued for.
   */
  async publishReport(reportId: number, actorId: number | null): Promise<{ published: boolean; audience: number }> {
    const now = this.clock.now();
    const { count } = await this.prisma.delegateReport.updateMany({ where: { id: reportId, publishedAt: null }, data: { publishedAt: now } });
    const r = await this.prisma.delegateReport.findUnique({ where: { id: reportId }, select: { constituencyId: true, title: true, body: true, delegate: { select: { fullName: true } } } });
    if (!r?.constituencyId) return { published: count === 1, audience: 0 };
    const push: ReportPush = { reportId, delegateName: r.delegate.fullName, title: r.title };
    const queued = await this.outbox.createBroadcast({
      key: `report:${reportId}`,
      actorId,
      kind: "REPORT_BACK",
      content: { text: r.body },
      audience: { kind: "constituency", constituencyId: r.constituencyId },
      payload: { ...push },
      now,
    });
    return { published: count === 1, audience: queued?.total ?? 0 };
  }

  /** A delegate publishes their own draft. */
  async publishOwn(userId: number, reportId: number): Promise<{ ok: true; published: boolean; audience: number } | { ok: false; error: "NOT_FOUND" }> {
    const d = await this.delegate(userId);
    const r = d ? await this.prisma.delegateReport.findFirst({ where: { id: reportId, delegateId: d.id }, select: { id: true } }) : null;
    if (!r) return { ok: false, error: "NOT_FOUND" };
    return { ok: true, ...(await this.publishReport(r.id, userId)) };
  }

  async ownReports(userId: number): Promise<ReportView[]> {
    const d = await this.delegate(userId);
    if (!d) return [];
    const rows = await this.prisma.delegateReport.findMany({ where: { delegateId: d.id }, orderBy: { createdAt: "desc" }, take: 10, include: REPORT_INCLUDE });
    return rows.map((r) => this.reportView(r, null, d.fullName));
  }

  /** The voter's constituencies as the outbox's constituency audience sees them (linked, or by roll entry). */
  private async voterConstituencies(userId: number): Promise<number[]> {
    const u = await this.prisma.user.findUnique({ where: { id: userId }, select: { constituencyId: true, rollEntry: { select: { constituencyId: true } } } });
    return [...new Set([u?.constituencyId, u?.rollEntry?.constituencyId].filter((x): x is number => typeof x === "number"))];
  }

  /** Published reports of the delegates of the voter's constituency, newest first. */
  async reportsForVoter(userId: number): Promise<{ linked: boolean; reports: ReportView[] }> {
    const mine = await this.voterConstituencies(userId);
    if (mine.length === 0) return { linked: false, reports: [] };
    const rows = await this.prisma.delegateReport.findMany({
      where: { constituencyId: { in: mine }, publishedAt: { not: null } },
      orderBy: { publishedAt: "desc" },
      take: 10,
      include: { ...REPORT_INCLUDE, delegate: { select: { fullName: true } } },
    });
    return { linked: true, reports: rows.map((r) => this.reportView(r, userId, r.delegate.fullName)) };
  }

  /** One published report, if the voter's constituency is the report's. */
  async reportForVoter(userId: number, reportId: number): Promise<ReportView | null> {
    const mine = await this.voterConstituencies(userId);
    const r = await this.prisma.delegateReport.findUnique({ where: { id: reportId }, include: { ...REPORT_INCLUDE, delegate: { select: { fullName: true } } } });
    if (!r || !r.publishedAt || r.constituencyId === null || !mine.includes(r.constituencyId)) return null;
    return this.reportView(r, userId, r.delegate.fullName);
  }

  /** A voter's rating and/or comment (one per voter and report; a later one replaces it). */
  async rateReport(userId: number, reportId: number, input: { rating?: Rating; comment?: string }): Promise<{ ok: boolean }> {
    if (!(await this.reportForVoter(userId, reportId))) return { ok: false };
    const data = { ...(input.rating ? { rating: input.rating } : {}), ...(input.comment !== undefined ? { comment: input.comment.trim().slice(0, MAX_NOTE) || null } : {}) };
    await this.prisma.delegateReportFeedback.upsert({
      where: { reportId_userId: { reportId, userId } },
      create: { reportId, userId, ...data },
      update: data,
    });
    return { ok: true };
  }

  private reportView(
    r: { id: number; title: string; body: string; createdAt: Date; publishedAt: Date | null; feedback: { userId: number | null; rating: Rating | null; comment: string | null }[] },
    readerId: number | null,
    delegateName: string,
  ): ReportView {
    const count = (x: Rating) => r.feedback.filter((f) => f.rating === x).length;
    const mine = readerId === null ? null : r.feedback.find((f) => f.userId === readerId);
    return {
      id: r.id,
      delegateName,
      title: r.title,
      body: r.body,
      createdAt: r.createdAt,
      publishedOn: r.publishedAt ? toLocalDate(r.publishedAt, this.timeZone) : null,
      ratings: { total: r.feedback.filter((f) => f.rating).length, satisfied: count("SATISFIED"), basicallySatisfied: count("BASICALLY_SATISFIED"), dissatisfied: count("DISSATISFIED") },
      comments: r.feedback.filter((f) => f.comment).length,
      mine: mine ? { rating: mine.rating, comment: mine.comment } : null,
    };
  }
}

const REPORT_INCLUDE = { feedback: { select: { userId: true, rating: true, comment: true } } } as const;
