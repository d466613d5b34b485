// Constituent suggestions (建议、批评和意见) tracked to an answer: filing them (limits, duplicates,
// tracking numbers), every transition through the domain's state machine with an event row, the
// notices each transition causes (status pushes to the author and to the followers of merged
// items, delegates, staff) and the ones it schedules (acknowledgement reminders, deadline
// reminders and escalation, the 14-day "was it resolved?" question, automatic closing).
//
// Privacy lives here: the delegate's views never carry the author of an anonymous suggestion;
// a delegate sees only suggestions addressed to them; an author only their own; staff those of
// the constituencies in their scope (a township's staff: its own; county staff: all).
// A department official sees the suggestions assigned to their department, a lead official the
// key suggestions they lead — neither ever sees who wrote them (they answer the matter; the
// delegate and staff keep the contact).
import { randomBytes } from "node:crypto";
import { Prisma, type PrismaClient, type SuggestionStatus as DbStatus } from "@prisma/client";
import { addDays, fromDbDate, parseLocalDate, toLocalDate, type LocalDate } from "../domain/dates.js";
import { answerDeadline, escalationSchedule, followUpDate, isOverdue } from "../domain/suggestion-deadlines.js";
import {
  allowedActions,
  transition,
  type Actor,
  type Effect,
  type SuggestionAction,
  type SuggestionActionType,
  type SuggestionState,
  type TransitionError,
} from "../domain/suggestion-lifecycle.js";
import { checkDailyLimit, checkSuggestionText, nearDuplicate, type Rating, type TextCheck } from "../domain/suggestion-rules.js";
import { formatTrackingNumber, parseTrackingNumber } from "../domain/tracking-number.js";
import { instantAt } from "../domain/zoned-time.js";
import { constituencyInScope, constituencyWhere, COUNTY_WIDE, staffWhoMaySee, type AreaScope } from "./accounts.js";
import type { Locale } from "../config/config.js";
import { isLocale } from "../config/locales.js";
import type { Clock } from "./clock.js";
import { outgoingLocale } from "./users.js";

export type { Rating, SuggestionState, SuggestionActionType };
export type SuggestionKind = "SUGGESTION" | "CRITICISM" | "OPINION";
export const SUGGESTION_KINDS: readonly SuggestionKind[] = ["SUGGESTION", "CRITICISM", "OPINION"];
export type Names = { "zh-CN": string; en: string | null; "zh-TW": string | null };

export interface SuggestionLimits {
  perDay: number;
  maxPhotos: number;
  /** Largest photo accepted, in bytes (Telegram reports file_size on each photo size). */
  maxPhotoBytes: number;
  /** A near-duplicate is looked for among the author's suggestions of the last this many days. */
  duplicateWindowDays: number;
  /** Delegates are reminded of a suggestion nobody acknowledged after this many days. */
  ackReminderDays: number;
  /** An answered suggestion nobody rated is closed this many days after the follow-up question. */
  autoCloseAfterFollowUpDays: number;
  /** A 不满意 rating may be followed by a reopen for this many days; then it is closed. */
  reopenWindowDays: number;
  /** Local hour at which dated reminders go out. */
  reminderHour: number;
}

export const DEFAULT_SUGGESTION_LIMITS: SuggestionLimits = {
  perDay: 5,
  maxPhotos: 5,
  maxPhotoBytes: 10 * 1024 * 1024,
  duplicateWindowDays: 30,
  ackReminderDays: 7,
  autoCloseAfterFollowUpDays: 14,
  reopenWindowDays: 14,
  reminderHour: 9,
};

// ───────────── views ─────────────

export interface CategoryView {
  id: number;
  code: string;
  names: Names;
  departmentId: number | null;
}

export interface DepartmentView {
  id: number;
  code: string;
  name: string;
  contactName: string | null;
  contactPhone: string | null;
  email: string | null;
}

export interface ComposeContext {
  constituency: { id: number; name: string } | null;
  delegates: { id: number; fullName: string }[];
  categories: CategoryView[];
  limits: SuggestionLimits;
}

/** Who wrote it, as the reader may see it. */
export type AuthorView =
  | { kind: "NAMED"; name: string }
  | { kind: "ANONYMOUS" } // to a delegate: never who
  | { kind: "WITHHELD" } // to a department or lead official: never who, anonymous or not
  | { kind: "DELETED" }; // the author deleted their data

/** Who reads a suggestion: the actors, and a lead official (who reads and is told, but does not act). */
export type Reader = Exclude<Actor, "SYSTEM"> | "OFFICIAL";

export interface TimelineEntry {
  at: Date;
  action: string;
  actorRole: Actor;
  /** The delegate's name for delegate acts; never a voter's name in a delegate's view of an anonymous item. */
  actorName: string | null;
  from: SuggestionState | null;
  to: SuggestionState;
  note: string | null;
  details: Record<string, unknown>;
}

export interface SuggestionView {
  id: number;
  trackingNo: string;
  status: SuggestionState;
  version: number;
  kind: SuggestionKind;
  category: CategoryView | null;
  text: string;
  detail: string | null;
  photos: string[];
  location: { latitude: number; longitude: number } | null;
  anonymous: boolean;
  author: AuthorView;
  constituencyName: string;
  delegates: { id: number; fullName: string }[];
  submittedOn: LocalDate;
  mergedInto: { id: number; trackingNo: string; status: SuggestionState } | null;
  mergedCount: number;
  key: boolean;
  leadOfficial: string | null;
  department: string | null;
  complex: boolean;
  assignedOn: LocalDate | null;
  deadline: LocalDate | null;
  overdue: boolean;
  answer: string | null;
  answeredOn: LocalDate | null;
  answerCount: number;
  rating: Rating | null;
  ratingComment: string | null;
  reopenCount: number;
  timeline: TimelineEntry[];
  /** What the reader may do now (from the domain's allowedActions, for the reader's role). */
  actions: SuggestionActionType[];
}

export interface SuggestionListItem {
  id: number;
  trackingNo: string;
  status: SuggestionState;
  kind: SuggestionKind;
  excerpt: string;
  submittedOn: LocalDate;
  lastAction: string | null;
  lastAt: Date | null;
  deadline: LocalDate | null;
  overdue: boolean;
  mergedIntoTrackingNo: string | null;
  /** Staff and named items only. */
  authorName: string | null;
}

export interface Page<T> {
  items: T[];
  page: number;
  pages: number;
  total: number;
}

/** A notice ready to send: whom, in which language, what. */
export interface NoticeView {
  id: string;
  kind: string;
  telegramId: number;
  locale: string;
  suggestionId: number;
  params: Record<string, unknown>;
}

export type SubmitError =
  | { error: "NOT_LINKED" }
  | { error: "NO_DELEGATES" }
  | { error: "BAD_RECIPIENTS" }
  | { error: "BAD_CATEGORY" }
  | { error: "TEXT"; check: Extract<TextCheck, { ok: false }> }
  | { error: "TOO_MANY_PHOTOS"; limit: number }
  | { error: "DAILY_LIMIT"; limit: number }
  | { error: "NEAR_DUPLICATE"; trackingNo: string; submittedOn: LocalDate };

export type SubmitResult =
  | { ok: true; trackingNo: string; id: number; replay: boolean; notices: string[] }
  | ({ ok: false } & SubmitError);

export type ActError =
  | "NOT_FOUND"
  | "NOT_YOURS"
  /** The button was for an earlier state of the suggestion. */
  | "STALE"
  | "UNKNOWN_DEPARTMENT"
  | "UNKNOWN_OFFICIAL"
  | "UNKNOWN_TARGET"
  | "TEXT_REQUIRED"
  /** Staff acting on a suggestion of a constituency outside their scope. */
  | "OUTSIDE_SCOPE"
  | TransitionError;

export type ActResult =
  | { ok: true; status: SuggestionState; trackingNo: string; notices: string[] }
  | { ok: false; error: ActError; mergedInto?: string | null };

export interface SubmitInput {
  userId: number;
  idempotencyKey: string;
  kind: SuggestionKind;
  categoryId: number | null;
  /** Chosen delegates; empty = all of the constituency's. */
  delegateIds: number[];
  text: string;
  photos: string[];
  location: { latitude: number; longitude: number } | null;
  anonymous: boolean;
  locale: string;
}

/** Who acts: the service checks the role and the relation to the suggestion itself. */
export interface ActorRef {
  userId: number;
  as: Exclude<Actor, "SYSTEM">;
  /** Staff: the areas they act for, checked against the suggestion when the act comes (absent: county-wide). */
  scope?: AreaScope;
}

export type Act =
  | { type: "ACKNOWLEDGE" }
  | { type: "ASK_DETAIL"; question: string }
  | { type: "DETAIL_GIVEN"; text: string }
  | { type: "REPLY"; text: string }
  | { type: "RAISE_FORMAL"; note?: string }
  | { type: "RETURN"; reason: string }
  /** A key suggestion's lead official: an OFFICIAL account (leadOfficialUserId) or, without one, a typed name. */
  | { type: "ASSIGN"; departmentId: number; complex: boolean; deadline?: LocalDate; key?: boolean; leadOfficial?: string; leadOfficialUserId?: number }
  | { type: "ANSWER"; text: string }
  /** answerCount: the answer the button was made for (a later answer makes it stale). */
  | { type: "RATE"; rating: Rating; comment?: string; answerCount?: number }
  | { type: "REOPEN"; reason: string }
  | { type: "CLOSE"; reason?: string }
  | { type: "MERGE"; targetId: number }
  | { type: "REJECT"; reason: string }
  | { type: "WITHDRAW" };

// ───────────── helpers ─────────────

const toDbDate = (d: LocalDate): Date => new Date(`${d}T00:00:00Z`);
const dbDate = (d: Date | null): LocalDate | null => (d ? fromDbDate(d) : null);
const STAFF_ROLES = ["STAFF", "ADMIN"] as const;
const OPEN_STATES: SuggestionState[] = ["SUBMITTED", "ACKNOWLEDGED", "AWAITING_DETAIL", "WITH_DELEGATE", "RAISED", "ASSIGNED", "ANSWERED", "RATED", "REOPENED"];
const PAGE_SIZE = 8;

function excerpt(text: string, n = 40): string {
  const chars = Array.from(text.replace(/\s+/g, " ").trim());
  return chars.length > n ? `${chars.slice(0, n).join("")}…` : chars.join("");
}

function isUniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";
}

type Tx = Prisma.TransactionClient;

interface SuggestionRow {
  id: number;
  trackingNo: string;
  authorId: number | null;
  authorDeleted: boolean;
  authorLocale: string;
  anonymous: boolean;
  constituencyId: number;
  status: DbStatus;
  version: number;
  text: string;
  mergedIntoId: number | null;
  raisedByDelegateId: number | null;
  assignedOn: Date | null;
  deadline: Date | null;
  answerCount: number;
  rating: Rating | null;
  reopenCount: number;
  firstAnsweredOn: Date | null;
  firstAssignedAnswerOn: Date | null;
  key: boolean;
  leadOfficial: string | null;
  departmentId: number | null;
}

export class SuggestionService {
  readonly limits: SuggestionLimits;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly clock: Clock,
    private readonly timeZone: string,
    /** The language of a notice to someone whose language is unknown (DEFAULT_LOCALE). */
    private readonly defaultLocale: Locale = "zh-CN",
    limits: Partial<SuggestionLimits> = {},
  ) {
    this.limits = { ...DEFAULT_SUGGESTION_LIMITS, ...limits };
  }

  today(): LocalDate {
    return toLocalDate(this.clock.now(), this.timeZone);
  }

  /** A fresh idempotency key for a confirm button (short: it travels in callback data). */
  static newIdempotencyKey(): string {
    return randomBytes(6).toString("base64url");
  }

  // ───────────── categories and departments (staff-managed, importable) ─────────────

  async categories(): Promise<CategoryView[]> {
    const rows = await this.prisma.suggestionCategory.findMany({ where: { active: true }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }] });
    return rows.map((c) => ({ id: c.id, code: c.code, names: { "zh-CN": c.nameZhCn, en: c.nameEn, "zh-TW": c.nameZhTw }, departmentId: c.departmentId }));
  }

  async departments(): Promise<DepartmentView[]> {
    const rows = await this.prisma.department.findMany({ where: { active: true }, orderBy: { code: "asc" } });
    return rows.map(({ id, code, name, contactName, contactPhone, email }) => ({ id, code, name, contactName, contactPhone, email }));
  }

  /** Adds or renames a department (the staff import writes the same fields). */
  async upsertDepartment(row: { code: string; name: string; contactName?: string | null; contactPhone?: string | null; email?: string | null }): Promise<DepartmentView> {
    const data = { name: row.name, contactName: row.contactName ?? null, contactPhone: row.contactPhone ?? null, email: row.email ?? null, active: true };
    const d = await this.prisma.department.upsert({ where: { code: row.code }, create: { code: row.code, ...data }, update: data });
    return { id: d.id, code: d.code, name: d.name, contactName: d.contactName, contactPhone: d.contactPhone, email: d.email };
  }

  /** Adds or renames a category; departmentCode must name a department (null for none). */
  async upsertCategory(row: { code: string; nameZhCn: string; nameEn?: string | null; nameZhTw?: string | null; sortOrder?: number | null; departmentCode?: string | null }): Promise<CategoryView | { error: "UNKNOWN_DEPARTMENT" }> {
    let departmentId: number | null = null;
    if (row.departmentCode) {
      const d = await this.prisma.department.findUnique({ where: { code: row.departmentCode } });
      if (!d) return { error: "UNKNOWN_DEPARTMENT" };
      departmentId = d.id;
    }
    const data = { nameZhCn: row.nameZhCn, nameEn: row.nameEn ?? null, nameZhTw: row.nameZhTw ?? null, sortOrder: row.sortOrder ?? 0, departmentId, active: true };
    const c = await this.prisma.suggestionCategory.upsert({ where: { code: row.code }, create: { code: row.code, ...data }, update: data });
    return { id: c.id, code: c.code, names: { "zh-CN": c.nameZhCn, en: c.nameEn, "zh-TW": c.nameZhTw }, departmentId: c.departmentId };
  }

  // ───────────── writing one (voter) ─────────────

  /** What the voter needs to write: their constituency, its delegates, the categories. */
  async composeContext(userId: number): Promise<ComposeContext> {
    const user = await this.prisma.user.findUnique({
      where: { id: userId },
      select: { constituency: { select: { id: true, name: true, delegates: { select: { id: true, fullName: true }, orderBy: { id: "asc" } } } } },
    });
    const c = user?.constituency ?? null;
    return {
      constituency: c ? { id: c.id, name: c.name } : null,
      delegates: c?.delegates ?? [],
      categories: await this.categories(),
      limits: this.limits,
    };
  }

  checkText(text: string): TextCheck {
    return checkSuggestionText(text);
  }

  /** The author's own recent suggestion that `text` repeats, if any. */
  async findNearDuplicate(userId: number, text: string, db: Tx | PrismaClient = this.prisma): Promise<{ trackingNo: string; submittedOn: LocalDate } | null> {
    const since = new Date(this.clock.now().getTime() - this.limits.duplicateWindowDays * 86_400_000);
    const recent = await db.suggestion.findMany({
      where: { authorId: userId, submittedAt: { gte: since }, status: { not: "WITHDRAWN" } },
      select: { trackingNo: true, text: true, submittedOn: true },
      orderBy: { submittedAt: "desc" },
      take: 50,
    });
    const hit = recent.find((r) => nearDuplicate(r.text, text));
    return hit ? { trackingNo: hit.trackingNo, submittedOn: fromDbDate(hit.submittedOn) } : null;
  }

  /** How many the person may still send today (for the compose screen). */
  async remainingToday(userId: number): Promise<number> {
    const row = await this.prisma.suggestionQuota.findUnique({ where: { userId_day: { userId, day: toDbDate(this.today()) } } });
    const check = checkDailyLimit(row?.count ?? 0, { perDay: this.limits.perDay });
    return check.ok ? check.remaining + 1 : 0;
  }

  /**
   * Files a suggestion, all or nothing. The same idempotency key (a double tap on "send") returns
   * the suggestion already filed (replay: true) instead of a second one.
   */
  async submit(input: SubmitInput): Promise<SubmitResult> {
    const existing = await this.byIdempotencyKey(input.userId, input.idempotencyKey);
    if (existing) return existing;
    try {
      return await this.prisma.$transaction((tx) => this.submitIn(tx, input), { timeout: 20_000 });
    } catch (e) {
      // Two taps raced past the first look: the unique key let one through; answer with it.
      if (isUniqueViolation(e)) {
        const again = await this.byIdempotencyKey(input.userId, input.idempotencyKey);
        if (again) return again;
      }
      throw e;
    }
  }

  private async byIdempotencyKey(userId: number, key: string): Promise<SubmitResult | null> {
    const s = await this.prisma.suggestion.findUnique({ where: { authorId_idempotencyKey: { authorId: userId, idempotencyKey: key } }, select: { id: true, trackingNo: true } });
    return s ? { ok: true, id: s.id, trackingNo: s.trackingNo, replay: true, notices: [] } : null;
  }

  private async submitIn(tx: Tx, input: SubmitInput): Promise<SubmitResult> {
    const user = await tx.user.findUnique({ where: { id: input.userId }, select: { constituencyId: true } });
    if (!user?.constituencyId) return { ok: false, error: "NOT_LINKED" };
    const delegates = await tx.delegate.findMany({ where: { constituencyId: user.constituencyId }, select: { id: true, userId: true } });
    if (delegates.length === 0) return { ok: false, error: "NO_DELEGATES" };
    const chosen = input.delegateIds.length === 0 ? delegates : delegates.filter((d) => input.delegateIds.includes(d.id));
    if (chosen.length === 0 || chosen.length !== new Set(input.delegateIds).size && input.delegateIds.length > 0) return { ok: false, error: "BAD_RECIPIENTS" };
    if (input.categoryId !== null && !(await tx.suggestionCategory.findFirst({ where: { id: input.categoryId, active: true }, select: { id: true } })))
      return { ok: false, error: "BAD_CATEGORY" };
    const check = checkSuggestionText(input.text);
    if (!check.ok) return { ok: false, error: "TEXT", check };
    if (input.photos.length > this.limits.maxPhotos) return { ok: false, error: "TOO_MANY_PHOTOS", limit: this.limits.maxPhotos };

    // The person's row for today, locked for the rest of this transaction: two filings of one
    // person (a double tap reaching two instances) run one after the other from here on.
    const now = this.clock.now();
    const today = this.today();
    await tx.$executeRaw`INSERT INTO "SuggestionQuota" ("userId", "day", "count") VALUES (${input.userId}, ${toDbDate(today)}::date, 0) ON CONFLICT DO NOTHING`;
    const [quota] = await tx.$queryRaw<{ count: number }[]>`SELECT "count" FROM "SuggestionQuota" WHERE "userId" = ${input.userId} AND "day" = ${toDbDate(today)}::date FOR UPDATE`;
    const filed = await tx.suggestion.findUnique({ where: { authorId_idempotencyKey: { authorId: input.userId, idempotencyKey: input.idempotencyKey } }, select: { id: true, trackingNo: true } });
    if (filed) return { ok: true, id: filed.id, trackingNo: filed.trackingNo, replay: true, notices: [] };
    const dup = await this.findNearDuplicate(input.userId, input.text, tx);
    if (dup) return { ok: false, error: "NEAR_DUPLICATE", ...dup };
    const limit = checkDailyLimit(quota?.count ?? 0, { perDay: this.limits.perDay });
    if (!limit.ok) return { ok: false, error: "DAILY_LIMIT", limit: limit.limit };
    await tx.$executeRaw`UPDATE "SuggestionQuota" SET "count" = "count" + 1 WHERE "userId" = ${input.userId} AND "day" = ${toDbDate(today)}::date`;

    const year = Number(today.slice(0, 4));
    const [counter] = await tx.$queryRaw<{ last: number }[]>`
      INSERT INTO "TrackingCounter" ("prefix", "year", "last") VALUES ('JY', ${year}, 1)
      ON CONFLICT ("prefix", "year") DO UPDATE SET "last" = "TrackingCounter"."last" + 1
      RETURNING "last"`;
    const trackingNo = formatTrackingNumber("JY", year, counter!.last);

    const s = await tx.suggestion.create({
      data: {
        trackingNo,
        authorId: input.userId,
        authorLocale: input.locale,
        idempotencyKey: input.idempotencyKey,
        anonymous: input.anonymous,
        constituencyId: user.constituencyId,
        kind: input.kind,
        categoryId: input.categoryId,
        text: input.text.trim(),
        photos: input.photos,
        latitude: input.location?.latitude ?? null,
        longitude: input.location?.longitude ?? null,
        submittedAt: now,
        submittedOn: toDbDate(today),
        recipients: { create: chosen.map((d) => ({ delegateId: d.id, status: "SUBMITTED" as const, submittedAt: now })) },
        events: { create: { at: now, action: "SUBMIT", actorRole: "AUTHOR", actorUserId: input.userId, toStatus: "SUBMITTED", details: { delegates: chosen.map((d) => d.id), anonymous: input.anonymous } } },
      },
      select: { id: true },
    });

    const notices: NewNotice[] = [];
    const ackDue = instantAt(addDays(today, this.limits.ackReminderDays), this.limits.reminderHour * 60, this.timeZone);
    for (const d of chosen) {
      if (d.userId === null) continue;
      notices.push({ kind: "NEW", userId: d.userId, key: `s${s.id}:new:u${d.userId}`, dueAt: now, params: { trackingNo } });
      notices.push({ kind: "ACK_REMINDER", userId: d.userId, key: `s${s.id}:ack:u${d.userId}`, dueAt: ackDue, params: { trackingNo, days: this.limits.ackReminderDays } });
    }
    const ids = await this.insertNotices(tx, s.id, notices);
    return { ok: true, id: s.id, trackingNo, replay: false, notices: ids };
  }

  // ───────────── transitions ─────────────

  /**
   * One act on a suggestion by its author, one of its delegates or staff. `version`, when given,
   * must be the version the button was made for (a stale button changes nothing).
   */
  async act(actor: ActorRef, suggestionId: number, act: Act, version?: number): Promise<ActResult> {
    return this.prisma.$transaction((tx) => this.actIn(tx, actor, suggestionId, act, version), { timeout: 20_000 });
  }

  private async actIn(tx: Tx, actor: ActorRef, suggestionId: number, act: Act, version?: number): Promise<ActResult> {
    const [s] = await tx.$queryRaw<SuggestionRow[]>`SELECT * FROM "Suggestion" WHERE "id" = ${suggestionId} FOR UPDATE`;
    if (!s) return { ok: false, error: "NOT_FOUND" };
    const who = await this.resolveActor(tx, actor, s);
    if (who.error) return { ok: false, error: who.error };
    // Before anything about its state is told: a forged or old button of another township's item does nothing.
    if (actor.scope && !(await constituencyInScope(tx, s.constituencyId, actor.scope))) return { ok: false, error: "OUTSIDE_SCOPE" };
    const mergedInto = s.mergedIntoId ? (await tx.suggestion.findUnique({ where: { id: s.mergedIntoId }, select: { trackingNo: true } }))?.trackingNo ?? null : null;
    if (version !== undefined && version !== s.version) {
      // Say why when we can: closed/merged is more useful than "stale".
      if (["CLOSED", "MERGED", "REJECTED", "WITHDRAWN"].includes(s.status)) return { ok: false, error: "SUGGESTION_CLOSED", mergedInto };
      return { ok: false, error: "STALE" };
    }
    if (act.type === "RATE" && act.answerCount !== undefined && act.answerCount !== s.answerCount) return { ok: false, error: "STALE" };
    const today = this.today();
    const now = this.clock.now();

    // The domain action, with what it needs from the database.
    let action: SuggestionAction;
    let note: string | null = null;
    const details: Record<string, Prisma.InputJsonValue> = {};
    const patch: Prisma.SuggestionUncheckedUpdateInput = {};
    let mergeTarget: SuggestionRow | undefined;
    switch (act.type) {
      case "ASK_DETAIL":
      case "DETAIL_GIVEN":
      case "REPLY":
      case "ANSWER": {
        const text = act.type === "ASK_DETAIL" ? act.question : act.text;
        if (!text.trim()) return { ok: false, error: "TEXT_REQUIRED" };
        note = text.trim();
        action = { type: act.type };
        if (act.type === "DETAIL_GIVEN") patch.detail = s.status === "AWAITING_DETAIL" ? note : undefined;
        if (act.type === "REPLY" || act.type === "ANSWER") {
          patch.answer = note;
          patch.answeredOn = toDbDate(today);
          patch.answerCount = { increment: 1 };
          patch.rating = null;
          patch.ratingComment = null;
          if (!s.firstAnsweredOn) patch.firstAnsweredOn = toDbDate(today);
          if (act.type === "ANSWER" && !s.firstAssignedAnswerOn) patch.firstAssignedAnswerOn = toDbDate(today);
        }
        break;
      }
      case "RAISE_FORMAL":
        action = { type: "RAISE_FORMAL" };
        note = act.note?.trim() || null;
        patch.raisedByDelegateId = who.delegateId ?? null;
        break;
      case "ASSIGN": {
        const dept = await tx.department.findFirst({ where: { id: act.departmentId, active: true } });
        if (!dept) return { ok: false, error: "UNKNOWN_DEPARTMENT" };
        let leadName = act.leadOfficial?.trim() || null;
        let leadUserId: number | null = null;
        if (act.key && act.leadOfficialUserId !== undefined) {
          const official = await tx.user.findFirst({ where: { id: act.leadOfficialUserId, role: "OFFICIAL" }, select: { id: true, officialName: true } });
          if (!official?.officialName) return { ok: false, error: "UNKNOWN_OFFICIAL" };
          [leadName, leadUserId] = [official.officialName, official.id];
        }
        const deadline = act.deadline ?? answerDeadline(today, act.complex);
        action = { type: "ASSIGN", department: dept.name, assignedOn: today, deadline, complex: act.complex, key: act.key ?? false, ...(leadName ? { leadOfficial: leadName } : {}) };
        Object.assign(patch, {
          departmentId: dept.id,
          assignedOn: toDbDate(today),
          deadline: toDbDate(deadline),
          complex: act.complex,
          key: act.key ?? false,
          leadOfficial: act.key ? leadName : null,
          leadOfficialUserId: act.key ? leadUserId : null,
        });
        Object.assign(details, { department: dept.name, deadline, complex: act.complex, key: act.key ?? false, leadOfficial: leadName });
        break;
      }
      case "RATE":
        action = { type: "RATE", rating: act.rating };
        note = act.comment?.trim() || null;
        patch.rating = act.rating;
        patch.ratingComment = note;
        details.rating = act.rating;
        break;
      case "REOPEN":
      case "REJECT":
      case "RETURN":
        action = { type: act.type, reason: act.reason };
        note = act.reason.trim() || null;
        if (act.type === "REOPEN") patch.reopenCount = { increment: 1 };
        break;
      case "CLOSE":
        action = { type: "CLOSE", ...(act.reason ? { reason: act.reason } : {}) };
        note = act.reason?.trim() || null;
        break;
      case "MERGE": {
        [mergeTarget] = await tx.$queryRaw<SuggestionRow[]>`SELECT * FROM "Suggestion" WHERE "id" = ${act.targetId} FOR UPDATE`;
        // Same constituency as the merged one, so inside the actor's scope whenever that one is.
        if (!mergeTarget || mergeTarget.constituencyId !== s.constituencyId) return { ok: false, error: "UNKNOWN_TARGET" };
        // A delegate merges only into a suggestion addressed to them too.
        if (actor.as === "DELEGATE" && !(await tx.suggestionRecipient.findUnique({ where: { suggestionId_delegateId: { suggestionId: mergeTarget.id, delegateId: who.delegateId! } } })))
          return { ok: false, error: "UNKNOWN_TARGET" };
        action = { type: "MERGE", targetId: String(mergeTarget.id), targetState: mergeTarget.status };
        patch.mergedIntoId = mergeTarget.id;
        details.into = mergeTarget.trackingNo;
        break;
      }
      default:
        action = { type: act.type };
    }

    const facts = { id: String(s.id), reopenCount: s.reopenCount, lastRating: s.rating, assignedBefore: s.assignedOn !== null };
    const result = transition(s.status, action, { actor: actor.as, ...facts });
    if (!result.ok) return { ok: false, error: result.error, mergedInto };

    let next = result.next;
    const event = await tx.suggestionEvent.create({
      data: { suggestionId: s.id, at: now, action: act.type, actorRole: actor.as, actorUserId: actor.userId, delegateId: who.delegateId ?? null, fromStatus: s.status, toStatus: next, note, details },
      select: { id: true },
    });
    if (next === "CLOSED" || next === "MERGED" || next === "REJECTED" || next === "WITHDRAWN") patch.closedAt = now;
    await tx.suggestion.update({ where: { id: s.id }, data: { ...patch, status: next, version: { increment: 1 } } });
    await tx.suggestionRecipient.updateMany({ where: { suggestionId: s.id }, data: { status: next } });

    const effects = new Set<Effect>(result.effects);
    const noticeIds = await this.applyEffects(tx, s, act, effects, { eventId: event.id, today, now, next, actorUserId: actor.userId, note, mergeTarget });

    // The timing policy for closing: a rating that leaves no reopen closes at once.
    if (act.type === "RATE") {
      const canReopen = act.rating === "DISSATISFIED" && s.reopenCount < 1;
      if (!canReopen) {
        const closed = await this.systemClose(tx, s.id, "RATED", actor.userId);
        noticeIds.push(...closed.notices);
        next = closed.status;
      } else {
        noticeIds.push(
          ...(await this.insertNotices(tx, s.id, [
            { kind: "AUTO_CLOSE", userId: null, key: `s${s.id}:e${event.id}:autoclose`, dueAt: instantAt(addDays(today, this.limits.reopenWindowDays), this.limits.reminderHour * 60, this.timeZone), params: { answerCount: s.answerCount, status: "RATED" } },
          ])),
        );
      }
    }
    return { ok: true, status: next, trackingNo: s.trackingNo, notices: noticeIds };
  }

  /** SYSTEM closes an answered or rated suggestion (policy above, or the job after the waiting time). */
  private async systemClose(tx: Tx, suggestionId: number, reason: string, quietFor: number | null = null): Promise<{ status: SuggestionState; notices: string[] }> {
    const [s] = await tx.$queryRaw<SuggestionRow[]>`SELECT * FROM "Suggestion" WHERE "id" = ${suggestionId} FOR UPDATE`;
    if (!s) return { status: "CLOSED", notices: [] };
    const result = transition(s.status, { type: "CLOSE" }, { actor: "SYSTEM", reopenCount: s.reopenCount, lastRating: s.rating, assignedBefore: s.assignedOn !== null });
    if (!result.ok) return { status: s.status, notices: [] };
    const now = this.clock.now();
    const event = await tx.suggestionEvent.create({
      data: { suggestionId: s.id, at: now, action: "CLOSE", actorRole: "SYSTEM", fromStatus: s.status, toStatus: "CLOSED", details: { policy: reason } },
      select: { id: true },
    });
    await tx.suggestion.update({ where: { id: s.id }, data: { status: "CLOSED", closedAt: now, version: { increment: 1 } } });
    await tx.suggestionRecipient.updateMany({ where: { suggestionId: s.id }, data: { status: "CLOSED" } });
    const notices = await this.applyEffects(tx, s, { type: "CLOSE" }, new Set(result.effects), { eventId: event.id, today: this.today(), now, next: "CLOSED", actorUserId: quietFor, note: null });
    return { status: "CLOSED", notices };
  }

  /** Scheduled closing (the job): only if the suggestion is still where it was when scheduled. */
  async autoClose(noticeParams: { answerCount?: unknown; status?: unknown }, suggestionId: number): Promise<string[]> {
    return this.prisma.$transaction(async (tx) => {
      const s = await tx.suggestion.findUnique({ where: { id: suggestionId }, select: { status: true, answerCount: true } });
      if (!s || s.status !== noticeParams.status || s.answerCount !== noticeParams.answerCount) return [];
      return (await this.systemClose(tx, suggestionId, noticeParams.status === "RATED" ? "REOPEN_WINDOW_ENDED" : "NOT_RATED")).notices;
    });
  }

  private async resolveActor(tx: Tx, actor: ActorRef, s: SuggestionRow): Promise<{ error?: ActError; delegateId?: number }> {
    if (actor.as === "AUTHOR") return s.authorId === actor.userId ? {} : { error: "NOT_FOUND" };
    if (actor.as === "DELEGATE") {
      const d = await tx.delegate.findUnique({ where: { userId: actor.userId }, select: { id: true } });
      if (!d) return { error: "NOT_YOURS" };
      const r = await tx.suggestionRecipient.findUnique({ where: { suggestionId_delegateId: { suggestionId: s.id, delegateId: d.id } } });
      return r ? { delegateId: d.id } : { error: "NOT_YOURS" };
    }
    const u = await tx.user.findUnique({ where: { id: actor.userId }, select: { role: true, departmentId: true } });
    // A department official acts on what is assigned to their own department only (now, not before a re-assignment).
    if (actor.as === "DEPARTMENT") return u?.role === "DEPARTMENT" && u.departmentId !== null && u.departmentId === s.departmentId ? {} : { error: "NOT_YOURS" };
    return u && (STAFF_ROLES as readonly string[]).includes(u.role) ? {} : { error: "NOT_YOURS" };
  }

  private async applyEffects(
    tx: Tx,
    s: SuggestionRow,
    act: Act,
    effects: Set<Effect>,
    at: { eventId: bigint; today: LocalDate; now: Date; next: SuggestionState; actorUserId: number | null; note: string | null; mergeTarget?: SuggestionRow | undefined },
  ): Promise<string[]> {
    const notices: NewNotice[] = [];
    const base = { trackingNo: s.trackingNo, action: act.type, status: at.next, note: at.note };
    const ev = `s${s.id}:e${at.eventId}`;
    const extra: Record<string, unknown> = {};
    if (act.type === "MERGE" && at.mergeTarget) extra.into = at.mergeTarget.trackingNo;
    let assigned: { departmentId: number | null; leadOfficialUserId: number | null } | null = null;
    if (act.type === "ASSIGN") {
      const d = await tx.suggestion.findUnique({ where: { id: s.id }, select: { deadline: true, departmentId: true, leadOfficialUserId: true, department: { select: { name: true } }, key: true, leadOfficial: true } });
      Object.assign(extra, { deadline: dbDate(d?.deadline ?? null), department: d?.department?.name ?? null, key: d?.key ?? false, leadOfficial: d?.leadOfficial ?? null });
      assigned = d ? { departmentId: d.departmentId, leadOfficialUserId: d.leadOfficialUserId } : null;
    }
    if (act.type === "ANSWER" && s.departmentId !== null)
      extra.department = (await tx.department.findUnique({ where: { id: s.departmentId }, select: { name: true } }))?.name ?? null;
    if (act.type === "RATE") extra.rating = act.rating;
    if (act.type === "REPLY" || act.type === "ANSWER") extra.answerCount = s.answerCount + 1;

    if (effects.has("NOTIFY_AUTHOR")) {
      for (const userId of await this.authorAndFollowers(tx, s)) {
        if (userId === at.actorUserId) continue;
        notices.push({ kind: "STATUS", userId, key: `${ev}:author:u${userId}`, dueAt: at.now, params: { ...base, ...extra, follower: userId !== s.authorId, version: s.version + 1 } });
      }
    }
    // When merged, the authors of the merged item (and of items merged into it) now follow the main one.
    if (act.type === "MERGE" && at.mergeTarget) {
      await tx.suggestion.updateMany({ where: { mergedIntoId: s.id }, data: { mergedIntoId: at.mergeTarget.id } });
    }
    if (effects.has("NOTIFY_DELEGATE")) {
      const delegates = await tx.suggestionRecipient.findMany({ where: { suggestionId: s.id }, select: { delegate: { select: { userId: true } } } });
      for (const { delegate } of delegates) {
        if (delegate.userId === null || delegate.userId === at.actorUserId) continue;
        // What the author wrote is relayed as the bot's own text; who wrote it never is (params
        // carry no author name or id for any delegate notice).
        notices.push({ kind: "DELEGATE_STATUS", userId: delegate.userId, key: `${ev}:delegate:u${delegate.userId}`, dueAt: at.now, params: { ...base, ...extra, suggestionId: s.id } });
      }
    }
    if (effects.has("NOTIFY_STAFF")) {
      for (const { id: userId } of await this.staffFor(tx, s.constituencyId)) {
        if (userId === at.actorUserId) continue;
        notices.push({ kind: "STAFF_STATUS", userId, key: `${ev}:staff:u${userId}`, dueAt: at.now, params: { ...base, ...extra } });
      }
    }
    // The department's officials and the lead official, when they have accounts (otherwise the
    // assignment event names them and the staff who assigned carry it out).
    const departmentOfficials = assigned?.departmentId ? await this.departmentUserIds(tx, assigned.departmentId) : [];
    if (effects.has("NOTIFY_DEPARTMENT")) {
      for (const userId of departmentOfficials)
        notices.push({ kind: "DEPARTMENT_ASSIGNED", userId, key: `${ev}:department:u${userId}`, dueAt: at.now, params: { ...base, ...extra, for: "DEPARTMENT" } });
    }
    if (effects.has("NOTIFY_LEAD_OFFICIAL") && assigned?.leadOfficialUserId) {
      const userId = assigned.leadOfficialUserId;
      notices.push({ kind: "LEAD_ASSIGNED", userId, key: `${ev}:lead:u${userId}`, dueAt: at.now, params: { ...base, ...extra, for: "OFFICIAL" } });
    }
    if (effects.has("CANCEL_DEADLINE_REMINDERS")) {
      await tx.suggestionNotice.updateMany({ where: { suggestionId: s.id, sentAt: null, cancelledAt: null, kind: { in: ["DUE_SOON", "DUE_TODAY", "OVERDUE_TO_SUPERVISOR"] } }, data: { cancelledAt: at.now } });
    }
    if (effects.has("CANCEL_FOLLOW_UP")) {
      await tx.suggestionNotice.updateMany({ where: { suggestionId: s.id, sentAt: null, cancelledAt: null, kind: { in: ["FOLLOW_UP", "AUTO_CLOSE"] } }, data: { cancelledAt: at.now } });
    }
    // Anything a delegate was to be reminded of about acknowledging is moot after any act.
    await tx.suggestionNotice.updateMany({ where: { suggestionId: s.id, sentAt: null, cancelledAt: null, kind: "ACK_REMINDER" }, data: { cancelledAt: at.now } });
    if (effects.has("SCHEDULE_DEADLINE_REMINDERS") && act.type === "ASSIGN") {
      const deadline = extra.deadline as LocalDate;
      // Staff of the suggestion's area only (admins, county-wide staff, the township's staff).
      const staffAccounts = await this.staffFor(tx, s.constituencyId);
      const staff = staffAccounts.map((u) => u.id);
      const admins = staffAccounts.filter((u) => u.role === "ADMIN").map((u) => u.id);
      const raiser = s.raisedByDelegateId ? (await tx.delegate.findUnique({ where: { id: s.raisedByDelegateId }, select: { userId: true } }))?.userId ?? null : null;
      // Overdue goes up to whoever supervises: the admins (the standing committee's office; staff
      // when there is no admin) and the key suggestion's lead official when they have an account.
      const lead = assigned?.leadOfficialUserId ?? null;
      const supervisors = [...(admins.length > 0 ? admins : staff), ...(lead !== null ? [lead] : [])];
      for (const e of escalationSchedule(deadline, { notBefore: at.today })) {
        const dueAt = instantAt(e.on, this.limits.reminderHour * 60, this.timeZone);
        const to: [number, Reader][] =
          e.kind === "OVERDUE_TO_SUPERVISOR"
            ? supervisors.map((u) => [u, u === lead ? "OFFICIAL" : "STAFF"])
            : [...staff.map((u): [number, Reader] => [u, "STAFF"]), ...(raiser ? [[raiser, "DELEGATE"] as [number, Reader]] : []), ...departmentOfficials.map((u): [number, Reader] => [u, "DEPARTMENT"])];
        for (const [userId, reader] of new Map(to))
          notices.push({ kind: e.kind, userId, key: `${ev}:${e.kind}:u${userId}`, dueAt, params: { trackingNo: s.trackingNo, deadline, department: extra.department, for: reader } });
      }
    }
    if (effects.has("SCHEDULE_FOLLOW_UP") && (act.type === "REPLY" || act.type === "ANSWER")) {
      const on = followUpDate(at.today);
      const answerCount = s.answerCount + 1;
      const followers = await this.authorAndFollowers(tx, s);
      if (s.authorId !== null && !s.authorDeleted)
        notices.push({ kind: "FOLLOW_UP", userId: s.authorId, key: `${ev}:followup`, dueAt: instantAt(on, this.limits.reminderHour * 60 + 60, this.timeZone), params: { trackingNo: s.trackingNo, answerCount, answeredOn: at.today, suggestionId: s.id, followers: followers.length } });
      notices.push({ kind: "AUTO_CLOSE", userId: null, key: `${ev}:autoclose`, dueAt: instantAt(addDays(on, this.limits.autoCloseAfterFollowUpDays), this.limits.reminderHour * 60, this.timeZone), params: { answerCount, status: "ANSWERED" } });
    }
    return this.insertNotices(tx, s.id, notices);
  }

  /** The author and the authors of the items merged into this one (they follow it), without deleted ones. */
  private async authorAndFollowers(tx: Tx, s: SuggestionRow): Promise<number[]> {
    const merged = await tx.suggestion.findMany({ where: { mergedIntoId: s.id, authorDeleted: false, authorId: { not: null } }, select: { authorId: true } });
    const ids = [...(s.authorId !== null && !s.authorDeleted ? [s.authorId] : []), ...merged.map((m) => m.authorId!)];
    return [...new Set(ids)];
  }

  private async departmentUserIds(tx: Tx, departmentId: number): Promise<number[]> {
    const rows = await tx.user.findMany({ where: { role: "DEPARTMENT", departmentId }, select: { id: true }, orderBy: { id: "asc" } });
    return rows.map((r) => r.id);
  }

  /** The staff and admin accounts that may see a suggestion of this constituency (accounts.staffWhoMaySee). */
  private async staffFor(db: Tx | PrismaClient, constituencyId: number, among?: number[]): Promise<{ id: number; role: string }[]> {
    const where = await staffWhoMaySee(db, constituencyId);
    return db.user.findMany({ where: among ? { AND: [{ id: { in: among } }, where] } : where, select: { id: true, role: true }, orderBy: { id: "asc" } });
  }

  private async insertNotices(tx: Tx, suggestionId: number, notices: NewNotice[]): Promise<string[]> {
    const ids: string[] = [];
    for (const n of notices) {
      // One row per slot: scheduling the same thing twice (a retried transaction) is harmless.
      const rows = await tx.$queryRaw<{ id: bigint }[]>`
        INSERT INTO "SuggestionNotice" ("suggestionId", "kind", "recipientUserId", "dedupeKey", "dueAt", "params")
        VALUES (${suggestionId}, ${n.kind}, ${n.userId}, ${n.key}, ${n.dueAt}, ${JSON.stringify(n.params)}::jsonb)
        ON CONFLICT ("dedupeKey") DO NOTHING RETURNING "id"`;
      if (rows[0] && n.dueAt.getTime() <= this.clock.now().getTime()) ids.push(String(rows[0].id));
    }
    return ids;
  }

  /** The author's comment on their rating (after rating; replaces an earlier comment). */
  async addRatingComment(userId: number, id: number, comment: string): Promise<boolean> {
    const text = comment.trim().slice(0, 1000);
    if (!text) return false;
    return this.prisma.$transaction(async (tx) => {
      const s = await tx.suggestion.findFirst({ where: { id, authorId: userId, rating: { not: null } }, select: { status: true } });
      if (!s) return false;
      await tx.suggestion.update({ where: { id }, data: { ratingComment: text } });
      await tx.suggestionEvent.create({ data: { suggestionId: id, at: this.clock.now(), action: "COMMENT", actorRole: "AUTHOR", actorUserId: userId, fromStatus: s.status, toStatus: s.status, note: text } });
      return true;
    });
  }

  /** The suggestion a confirm button already filed (a double tap after the draft was cleared). */
  async filedWithKey(userId: number, key: string): Promise<string | null> {
    const s = await this.prisma.suggestion.findUnique({ where: { authorId_idempotencyKey: { authorId: userId, idempotencyKey: key } }, select: { trackingNo: true } });
    return s?.trackingNo ?? null;
  }

  // ───────────── notices: claim, send, mark ─────────────

  /**
   * Claims notices that are due (or the given ones): a row is claimed by one caller only
   * (FOR UPDATE SKIP LOCKED, and a claim older than `reclaimAfterMs` may be taken again when the
   * process that held it died). Notices that no longer apply (the suggestion moved on) are
   * cancelled here rather than sent.
   */
  async claimNotices(opts: { ids?: string[]; limit?: number; reclaimAfterMs?: number } = {}): Promise<{ send: NoticeView[]; autoClose: { id: string; suggestionId: number; params: Record<string, unknown> }[] }> {
    const now = this.clock.now();
    const stale = new Date(now.getTime() - (opts.reclaimAfterMs ?? 5 * 60_000));
    const limit = opts.limit ?? 100;
    const ids = opts.ids?.map((i) => BigInt(i)) ?? null;
    if (ids && ids.length === 0) return { send: [], autoClose: [] };
    const claimed = await this.prisma.$queryRaw<{ id: bigint; kind: string; suggestionId: number; recipientUserId: number | null; params: Record<string, unknown> }[]>`
      UPDATE "SuggestionNotice" SET "claimedAt" = ${now}, "attempts" = "attempts" + 1
      WHERE "id" IN (
        SELECT "id" FROM "SuggestionNotice"
        WHERE "sentAt" IS NULL AND "cancelledAt" IS NULL AND "dueAt" <= ${now}
          AND ("claimedAt" IS NULL OR "claimedAt" < ${stale})
          AND (${ids}::bigint[] IS NULL OR "id" = ANY(${ids}::bigint[]))
        ORDER BY "dueAt", "id" LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING "id", "kind", "suggestionId", "recipientUserId", "params"`;
    if (claimed.length === 0) return { send: [], autoClose: [] };

    const suggestions = new Map(
      (
        await this.prisma.suggestion.findMany({
          where: { id: { in: [...new Set(claimed.map((c) => c.suggestionId))] } },
          select: { id: true, status: true, answerCount: true, deadline: true, authorLocale: true, authorId: true, departmentId: true, leadOfficialUserId: true, constituencyId: true },
        })
      ).map((s) => [s.id, s]),
    );
    const users = new Map(
      (
        await this.prisma.user.findMany({
          where: { id: { in: claimed.flatMap((c) => (c.recipientUserId ? [c.recipientUserId] : [])) } },
          select: { id: true, telegramId: true, locale: true, telegramLocale: true, role: true, departmentId: true },
        })
      ).map((u) => [u.id, u]),
    );
    // Notices to staff (status pushes, deadline reminders, the escalation) only to accounts that may
    // see the suggestion now: not to another township's staff, nor to one rescoped or revoked since.
    const toStaff = (c: (typeof claimed)[number]) => c.kind === "STAFF_STATUS" || c.params.for === "STAFF";
    const staffEntitled = new Set<string>();
    for (const [suggestionId, userIds] of groupBy(claimed.filter((c) => toStaff(c) && c.recipientUserId !== null), (c) => c.suggestionId, (c) => c.recipientUserId!)) {
      const s = suggestions.get(suggestionId);
      if (s) for (const u of await this.staffFor(this.prisma, s.constituencyId, userIds)) staffEntitled.add(`${suggestionId}:${u.id}`);
    }
    const send: NoticeView[] = [];
    const autoClose: { id: string; suggestionId: number; params: Record<string, unknown> }[] = [];
    const moot: bigint[] = [];
    for (const c of claimed) {
      const s = suggestions.get(c.suggestionId);
      if (!s || !stillApplies(c.kind, c.params, s)) {
        moot.push(c.id);
        continue;
      }
      if (c.kind === "AUTO_CLOSE") {
        autoClose.push({ id: String(c.id), suggestionId: c.suggestionId, params: c.params });
        continue;
      }
      const u = c.recipientUserId ? users.get(c.recipientUserId) : undefined;
      // A department official or lead official told as such must still be one, for this suggestion
      // (an account revoked, or the suggestion re-assigned, since it was scheduled).
      const entitled =
        c.params.for === "DEPARTMENT" ? u?.role === "DEPARTMENT" && u.departmentId !== null && u.departmentId === s.departmentId
        : c.params.for === "OFFICIAL" ? u?.role === "OFFICIAL" && u.id === s.leadOfficialUserId
        : toStaff(c) ? staffEntitled.has(`${c.suggestionId}:${c.recipientUserId}`)
        : true;
      if (!u || !entitled) {
        moot.push(c.id);
        continue;
      }
      const locale = outgoingLocale(u) ?? (u.id === s.authorId && isLocale(s.authorLocale) ? s.authorLocale : null) ?? this.defaultLocale;
      send.push({ id: String(c.id), kind: c.kind, telegramId: Number(u.telegramId), locale, suggestionId: c.suggestionId, params: c.params });
    }
    if (moot.length > 0) await this.prisma.suggestionNotice.updateMany({ where: { id: { in: moot } }, data: { cancelledAt: now } });
    return { send, autoClose };
  }

  async markNoticeSent(id: string): Promise<void> {
    await this.prisma.suggestionNotice.updateMany({ where: { id: BigInt(id), sentAt: null }, data: { sentAt: this.clock.now() } });
  }

  /** A failed send: released for a later try, or given up (the person blocked the bot). */
  async markNoticeFailed(id: string, error: string, permanent: boolean): Promise<void> {
    await this.prisma.suggestionNotice.update({
      where: { id: BigInt(id) },
      data: permanent ? { cancelledAt: this.clock.now(), lastError: error.slice(0, 200) } : { claimedAt: null, lastError: error.slice(0, 200) },
    });
  }

  // ───────────── reading: author ─────────────

  async mine(userId: number, page = 0): Promise<Page<SuggestionListItem>> {
    // Hand-written: the page people open most, one statement for the page and one for the count.
    const [[count], rows] = await Promise.all([
      this.prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "Suggestion" WHERE "authorId" = ${userId}`,
      this.prisma.$queryRaw<RawListRow[]>`
        WITH ids AS (SELECT "id" FROM "Suggestion" WHERE "authorId" = ${userId} ORDER BY "submittedAt" DESC, "id" DESC LIMIT ${PAGE_SIZE} OFFSET ${page * PAGE_SIZE})
        ${LIST_SQL} ORDER BY s."submittedAt" DESC, s."id" DESC`,
    ]);
    return this.rawPage(rows, Number(count?.n ?? 0), page, false);
  }

  /** The author's view of their own suggestion (null for anyone else's). */
  async forAuthor(userId: number, id: number): Promise<SuggestionView | null> {
    const s = await this.load(id);
    if (!s || s.authorId !== userId) return null;
    return this.view(s, "AUTHOR");
  }

  /** The author's suggestion by tracking number (as typed). */
  async findMineByTrackingNo(userId: number, typed: string): Promise<number | null> {
    const p = parseTrackingNumber(typed);
    if (!p || p.prefix !== "JY") return null;
    const s = await this.prisma.suggestion.findUnique({ where: { trackingNo: formatTrackingNumber("JY", p.year, p.seq) }, select: { id: true, authorId: true } });
    return s && s.authorId === userId ? s.id : null;
  }

  // ───────────── reading: delegate ─────────────

  async delegateOf(userId: number): Promise<{ id: number; fullName: string; constituencyId: number | null } | null> {
    return this.prisma.delegate.findUnique({ where: { userId }, select: { id: true, fullName: true, constituencyId: true } });
  }

  /**
   * The delegate's inbox: suggestions addressed to them, newest first. filter: "new" (not yet
   * acknowledged), "open" (not closed), "all", "overdue" (assigned and past the deadline), or a state.
   */
  async inbox(userId: number, opts: { filter?: InboxFilter; categoryId?: number | null; page?: number } = {}): Promise<(Page<SuggestionListItem> & { delegate: string }) | null> {
    const page = opts.page ?? 0;
    const filter = opts.filter ?? "open";
    const today = toDbDate(this.today());
    const statuses: SuggestionState[] | null =
      filter === "new" ? ["SUBMITTED"] : filter === "open" ? OPEN_STATES : filter === "overdue" ? ["ASSIGNED"] : filter === "all" ? null : [filter];
    // Hand-written (the inbox is opened all day; bench/suggestions.ts). Two statements side by
    // side: the delegate with the count, and the page. The status is compared as the enum (not as
    // text), so the (delegateId, status, submittedAt) index counts without the table and the
    // page stops after its rows; the joins run for the eight rows shown only.
    const statusCond = statuses ? Prisma.sql`AND r."status" = ANY(${statuses}::"SuggestionStatus"[])` : Prisma.empty;
    const needsJoin = !!opts.categoryId || filter === "overdue";
    const joinCond = needsJoin
      ? Prisma.sql`AND EXISTS (SELECT 1 FROM "Suggestion" x WHERE x."id" = r."suggestionId"
          ${opts.categoryId ? Prisma.sql`AND x."categoryId" = ${opts.categoryId}` : Prisma.empty}
          ${filter === "overdue" ? Prisma.sql`AND x."deadline" < ${today}::date` : Prisma.empty})`
      : Prisma.empty;
    const [[d], rows] = await Promise.all([
      this.prisma.$queryRaw<{ fullName: string; n: bigint }[]>`
        SELECT d."fullName", (SELECT count(*) FROM "SuggestionRecipient" r WHERE r."delegateId" = d."id" ${statusCond} ${joinCond}) AS n
        FROM "Delegate" d WHERE d."userId" = ${userId}`,
      this.prisma.$queryRaw<RawListRow[]>`
        WITH ids AS (SELECT r."suggestionId" AS "id" FROM "SuggestionRecipient" r
                     WHERE r."delegateId" = (SELECT "id" FROM "Delegate" WHERE "userId" = ${userId}) ${statusCond} ${joinCond}
                     ORDER BY r."submittedAt" DESC, r."suggestionId" DESC LIMIT ${PAGE_SIZE} OFFSET ${page * PAGE_SIZE})
        ${LIST_SQL} ORDER BY s."submittedAt" DESC, s."id" DESC`,
    ]);
    if (!d) return null;
    return { ...this.rawPage(rows, Number(d.n), page, "DELEGATE"), delegate: d.fullName };
  }

  /** A delegate's view: null unless addressed to them. The author of an anonymous item is not in it. */
  async forDelegate(userId: number, id: number): Promise<SuggestionView | null> {
    const d = await this.delegateOf(userId);
    if (!d) return null;
    const s = await this.load(id);
    if (!s || !s.recipients.some((r) => r.delegateId === d.id)) return null;
    return this.view(s, "DELEGATE");
  }

  /**
   * Open suggestions this one could be merged into, newest first: for a delegate, the others in
   * their own inbox; for staff, the others of the same constituency, none when it is outside their
   * scope (the service's MERGE checks the same when the act comes).
   */
  async mergeTargets(reader: ActorRef & { as: "DELEGATE" | "STAFF" }, id: number): Promise<SuggestionListItem[]> {
    const open = { in: OPEN_STATES };
    if (reader.as === "DELEGATE") {
      const d = await this.delegateOf(reader.userId);
      if (!d) return [];
      const rows = await this.prisma.suggestionRecipient.findMany({
        where: { delegateId: d.id, suggestionId: { not: id }, status: open },
        orderBy: { submittedAt: "desc" },
        take: PAGE_SIZE,
        select: { suggestion: { select: LIST_SELECT } },
      });
      return this.page(rows.map((r) => r.suggestion), rows.length, 0, "DELEGATE").items;
    }
    const s = await this.prisma.suggestion.findUnique({ where: { id }, select: { constituencyId: true } });
    if (!s || (reader.scope && !(await constituencyInScope(this.prisma, s.constituencyId, reader.scope)))) return [];
    const rows = await this.prisma.suggestion.findMany({
      where: { constituencyId: s.constituencyId, id: { not: id }, status: open },
      orderBy: [{ submittedAt: "desc" }, { id: "desc" }],
      take: PAGE_SIZE,
      select: LIST_SELECT,
    });
    return this.page(rows, rows.length, 0, "STAFF").items;
  }

  // ───────────── reading: department officials and lead officials ─────────────

  /** The department a DEPARTMENT account answers for (null for anyone else). */
  async departmentOf(userId: number): Promise<{ id: number; name: string } | null> {
    const u = await this.prisma.user.findUnique({ where: { id: userId }, select: { role: true, department: { select: { id: true, name: true } } } });
    return u?.role === "DEPARTMENT" ? (u.department ?? null) : null;
  }

  /**
   * What is assigned to the official's department: "open" (waiting for its answer, soonest deadline
   * first), "overdue", "answered" (it answered; any state since), "all". Null for a non-department account.
   */
  async departmentQueue(userId: number, opts: { filter?: DepartmentFilter; page?: number } = {}): Promise<(Page<SuggestionListItem> & { department: string }) | null> {
    const d = await this.departmentOf(userId);
    if (!d) return null;
    const page = opts.page ?? 0;
    const filter = opts.filter ?? "open";
    const today = toDbDate(this.today());
    const where: Prisma.SuggestionWhereInput = {
      departmentId: d.id,
      ...(filter === "open" ? { status: "ASSIGNED" } : filter === "overdue" ? { status: "ASSIGNED", deadline: { lt: today } } : filter === "answered" ? { firstAssignedAnswerOn: { not: null } } : {}),
    };
    const orderBy: Prisma.SuggestionOrderByWithRelationInput[] = filter === "open" || filter === "overdue" ? [{ deadline: "asc" }, { id: "asc" }] : [{ assignedOn: "desc" }, { id: "desc" }];
    const [total, rows] = await Promise.all([
      this.prisma.suggestion.count({ where }),
      this.prisma.suggestion.findMany({ where, orderBy, skip: page * PAGE_SIZE, take: PAGE_SIZE, select: LIST_SELECT }),
    ]);
    return { ...this.page(rows, total, page, false), department: d.name };
  }

  /** A department official's view: null unless assigned to their department. Never who wrote it. */
  async forDepartment(userId: number, id: number): Promise<SuggestionView | null> {
    const d = await this.departmentOf(userId);
    if (!d) return null;
    const s = await this.load(id);
    return s && s.departmentId === d.id ? this.view(s, "DEPARTMENT") : null;
  }

  /** OFFICIAL accounts, for staff choosing a key suggestion's lead official. */
  async officials(): Promise<{ userId: number; name: string }[]> {
    const rows = await this.prisma.user.findMany({ where: { role: "OFFICIAL", officialName: { not: null } }, select: { id: true, officialName: true }, orderBy: { id: "asc" }, take: 20 });
    return rows.map((r) => ({ userId: r.id, name: r.officialName! }));
  }

  /** The key suggestions an official leads, open ones (soonest deadline) first. Null for a non-official account. */
  async ledByOfficial(userId: number, page = 0): Promise<Page<SuggestionListItem> | null> {
    const u = await this.prisma.user.findUnique({ where: { id: userId }, select: { role: true } });
    if (u?.role !== "OFFICIAL") return null;
    const where: Prisma.SuggestionWhereInput = { leadOfficialUserId: userId, key: true };
    const [total, rows] = await Promise.all([
      this.prisma.suggestion.count({ where }),
      this.prisma.suggestion.findMany({ where, orderBy: [{ closedAt: { sort: "desc", nulls: "first" } }, { deadline: "asc" }, { id: "asc" }], skip: page * PAGE_SIZE, take: PAGE_SIZE, select: LIST_SELECT }),
    ]);
    return this.page(rows, total, page, false);
  }

  /** A lead official's view of a key suggestion they lead (read only). Never who wrote it. */
  async forOfficial(userId: number, id: number): Promise<SuggestionView | null> {
    const s = await this.load(id);
    return s && s.key && s.leadOfficialUserId === userId ? this.view(s, "OFFICIAL") : null;
  }

  // ───────────── reading: staff ─────────────

  /**
   * Staff queues: "raised" (waiting to be assigned), "assigned", "overdue", "reopened", "all";
   * only the constituencies in `scope` (default: county-wide).
   */
  async staffQueue(opts: { filter?: StaffFilter; page?: number } = {}, scope: AreaScope = COUNTY_WIDE): Promise<Page<SuggestionListItem>> {
    const page = opts.page ?? 0;
    const filter = opts.filter ?? "raised";
    const today = toDbDate(this.today());
    const where: Prisma.SuggestionWhereInput = {
      ...(filter === "raised" ? { status: "RAISED" } : filter === "assigned" ? { status: "ASSIGNED" } : filter === "overdue" ? { status: "ASSIGNED", deadline: { lt: today } } : filter === "reopened" ? { status: "REOPENED" } : {}),
      ...(scope.all ? {} : { constituency: constituencyWhere(scope) }),
    };
    const orderBy: Prisma.SuggestionOrderByWithRelationInput[] = filter === "assigned" || filter === "overdue" ? [{ deadline: "asc" }, { id: "asc" }] : [{ submittedAt: "desc" }, { id: "desc" }];
    const [total, rows] = await Promise.all([
      this.prisma.suggestion.count({ where }),
      this.prisma.suggestion.findMany({ where, orderBy, skip: page * PAGE_SIZE, take: PAGE_SIZE, select: LIST_SELECT }),
    ]);
    return this.page(rows, total, page, "STAFF");
  }

  /** Staff's view; with a scope, "OUTSIDE_SCOPE" for a suggestion of a constituency outside it. */
  async forStaff(id: number): Promise<SuggestionView | null>;
  async forStaff(id: number, scope: AreaScope): Promise<SuggestionView | "OUTSIDE_SCOPE" | null>;
  async forStaff(id: number, scope?: AreaScope): Promise<SuggestionView | "OUTSIDE_SCOPE" | null> {
    const s = await this.load(id);
    if (!s) return null;
    if (scope && !(await constituencyInScope(this.prisma, s.constituencyId, scope))) return "OUTSIDE_SCOPE";
    return this.view(s, "STAFF");
  }

  async idByTrackingNo(typed: string): Promise<number | null> {
    const p = parseTrackingNumber(typed);
    if (!p || p.prefix !== "JY") return null;
    const s = await this.prisma.suggestion.findUnique({ where: { trackingNo: formatTrackingNumber("JY", p.year, p.seq) }, select: { id: true } });
    return s?.id ?? null;
  }

  // ───────────── "my data" ─────────────

  /**
   * The author deleted their data (/mydata): their suggestions stay as anonymised records (text
   * and photos are the substance of the matter; who wrote them, the location shared and the
   * author's own rating comment go). Nothing more is sent to them. Returns how many were anonymised.
   */
  async anonymiseAuthor(userId: number): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.suggestion.updateMany({
        where: { authorId: userId },
        data: { authorId: null, authorDeleted: true, anonymous: true, latitude: null, longitude: null, ratingComment: null },
      });
      await tx.suggestionEvent.updateMany({ where: { actorUserId: userId }, data: { actorUserId: null } });
      await tx.suggestionNotice.updateMany({ where: { recipientUserId: userId, sentAt: null, cancelledAt: null }, data: { cancelledAt: this.clock.now() } });
      await tx.suggestionQuota.deleteMany({ where: { userId } });
      await tx.delegateReportFeedback.updateMany({ where: { userId }, data: { userId: null } });
      return count;
    });
  }

  // ───────────── internals ─────────────

  private async load(id: number) {
    return this.prisma.suggestion.findUnique({
      where: { id },
      include: {
        author: { select: { firstName: true, username: true, rollEntry: { select: { fullName: true } } } },
        category: true,
        constituency: { select: { name: true } },
        department: { select: { name: true } },
        mergedInto: { select: { id: true, trackingNo: true, status: true } },
        recipients: { select: { delegateId: true, delegate: { select: { fullName: true } } }, orderBy: { delegateId: "asc" } },
        events: { orderBy: [{ at: "asc" }, { id: "asc" }], include: { actorUser: { select: { delegate: { select: { fullName: true } } } } } },
        _count: { select: { mergedItems: true } },
      },
    });
  }

  private view(s: NonNullable<Awaited<ReturnType<SuggestionService["load"]>>>, reader: Reader): SuggestionView {
    const today = this.today();
    const deadline = dbDate(s.deadline);
    const author: AuthorView =
      reader === "DEPARTMENT" || reader === "OFFICIAL" ? { kind: "WITHHELD" }
      : s.authorDeleted || s.author === null ? { kind: "DELETED" }
      : reader === "DELEGATE" && s.anonymous ? { kind: "ANONYMOUS" }
      : { kind: "NAMED", name: authorName(s.author) };
    const facts = { reopenCount: s.reopenCount, lastRating: s.rating, assignedBefore: s.assignedOn !== null };
    return {
      id: s.id,
      trackingNo: s.trackingNo,
      status: s.status,
      version: s.version,
      kind: s.kind,
      category: s.category ? { id: s.category.id, code: s.category.code, names: { "zh-CN": s.category.nameZhCn, en: s.category.nameEn, "zh-TW": s.category.nameZhTw }, departmentId: s.category.departmentId } : null,
      text: s.text,
      detail: s.detail,
      photos: s.photos,
      location: s.latitude !== null && s.longitude !== null ? { latitude: s.latitude, longitude: s.longitude } : null,
      anonymous: s.anonymous,
      author,
      constituencyName: s.constituency.name,
      delegates: s.recipients.map((r) => ({ id: r.delegateId, fullName: r.delegate.fullName })),
      submittedOn: fromDbDate(s.submittedOn),
      mergedInto: s.mergedInto ? { id: s.mergedInto.id, trackingNo: s.mergedInto.trackingNo, status: s.mergedInto.status } : null,
      mergedCount: s._count.mergedItems,
      key: s.key,
      leadOfficial: s.leadOfficial,
      department: s.department?.name ?? null,
      complex: s.complex,
      assignedOn: dbDate(s.assignedOn),
      deadline,
      overdue: s.status === "ASSIGNED" && deadline !== null && isOverdue(deadline, today),
      answer: s.answer,
      answeredOn: dbDate(s.answeredOn),
      answerCount: s.answerCount,
      rating: s.rating,
      ratingComment: s.ratingComment,
      reopenCount: s.reopenCount,
      timeline: s.events.map((e) => ({
        at: e.at,
        action: e.action,
        actorRole: e.actorRole as Actor,
        // Delegates are public officials: their names may be shown. Voters' and staff's names are not put in timelines.
        actorName: e.actorRole === "DELEGATE" ? (e.actorUser?.delegate?.fullName ?? null) : null,
        from: e.fromStatus,
        to: e.toStatus,
        note: e.note,
        details: (e.details ?? {}) as Record<string, unknown>,
      })),
      actions: reader === "OFFICIAL" ? [] : allowedActions(s.status, reader, facts),
    };
  }

  private rawPage(rows: Omit<RawListRow, "submittedAt">[], total: number, page: number, reader: "DELEGATE" | "STAFF" | false): Page<SuggestionListItem> {
    const today = this.today();
    return {
      page,
      total,
      pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      items: rows.map((s) => {
        const deadline = dbDate(s.deadline);
        const named = s.authorDeleted ? null : s.authorName;
        return {
          id: s.id,
          trackingNo: s.trackingNo,
          status: s.status,
          kind: s.kind,
          excerpt: excerpt(s.text),
          submittedOn: fromDbDate(s.submittedOn),
          lastAction: s.lastAction,
          lastAt: s.lastAt,
          deadline,
          overdue: s.status === "ASSIGNED" && deadline !== null && isOverdue(deadline, today),
          mergedIntoTrackingNo: s.mergedIntoTrackingNo,
          authorName: reader === "STAFF" || (reader === "DELEGATE" && !s.anonymous) ? named : null,
        };
      }),
    };
  }

  // Prisma rows (the lists not yet in hand-written SQL) in the raw rows' shape, so one function
  // decides what a list shows — and whether the reader may see the author.
  private page(rows: ListRow[], total: number, page: number, reader: "DELEGATE" | "STAFF" | false): Page<SuggestionListItem> {
    const raw: Omit<RawListRow, "submittedAt">[] = rows.map((s) => ({
      id: s.id,
      trackingNo: s.trackingNo,
      status: s.status,
      kind: s.kind,
      text: s.text,
      submittedOn: s.submittedOn,
      deadline: s.deadline,
      anonymous: s.anonymous,
      authorDeleted: s.authorDeleted,
      authorName: s.author ? authorName(s.author) : null,
      mergedIntoTrackingNo: s.mergedInto?.trackingNo ?? null,
      lastAction: s.events[0]?.action ?? null,
      lastAt: s.events[0]?.at ?? null,
    }));
    return this.rawPage(raw, total, page, reader);
  }
}

export type InboxFilter = "new" | "open" | "all" | "overdue" | SuggestionState;
export type StaffFilter = "raised" | "assigned" | "overdue" | "reopened" | "all";
export type DepartmentFilter = "open" | "overdue" | "answered" | "all";

interface NewNotice {
  kind: string;
  userId: number | null;
  key: string;
  dueAt: Date;
  params: Record<string, unknown>;
}

const LIST_SELECT = {
  id: true,
  trackingNo: true,
  status: true,
  kind: true,
  text: true,
  submittedOn: true,
  deadline: true,
  anonymous: true,
  authorDeleted: true,
  author: { select: { firstName: true, username: true, rollEntry: { select: { fullName: true } } } },
  mergedInto: { select: { trackingNo: true } },
  events: { orderBy: [{ at: "desc" as const }, { id: "desc" as const }], take: 1, select: { action: true, at: true } },
} satisfies Prisma.SuggestionSelect;

type ListRow = Prisma.SuggestionGetPayload<{ select: typeof LIST_SELECT }>;

interface RawListRow {
  id: number;
  trackingNo: string;
  status: SuggestionState;
  kind: SuggestionKind;
  text: string;
  submittedOn: Date;
  submittedAt: Date;
  deadline: Date | null;
  anonymous: boolean;
  authorDeleted: boolean;
  authorName: string | null;
  mergedIntoTrackingNo: string | null;
  lastAction: string | null;
  lastAt: Date | null;
}

/** The columns of a list row for the suggestions whose ids are in the CTE "ids". */
const LIST_SQL = Prisma.sql`
  SELECT s."id", s."trackingNo", s."status"::text AS "status", s."kind"::text AS "kind", left(s."text", 80) AS "text", s."submittedOn", s."submittedAt",
         s."deadline", s."anonymous", s."authorDeleted",
         COALESCE(re."fullName", u."firstName", '@' || u."username") AS "authorName",
         m."trackingNo" AS "mergedIntoTrackingNo", e."action" AS "lastAction", e."at" AS "lastAt"
  FROM ids JOIN "Suggestion" s ON s."id" = ids."id"
  LEFT JOIN "User" u ON u."id" = s."authorId"
  LEFT JOIN "RollEntry" re ON re."id" = u."rollEntryId"
  LEFT JOIN "Suggestion" m ON m."id" = s."mergedIntoId"
  LEFT JOIN LATERAL (SELECT ev."action", ev."at" FROM "SuggestionEvent" ev WHERE ev."suggestionId" = s."id" ORDER BY ev."at" DESC, ev."id" DESC LIMIT 1) e ON TRUE`;

function authorName(a: { firstName: string | null; username: string | null; rollEntry: { fullName: string } | null }): string {
  return a.rollEntry?.fullName ?? a.firstName ?? (a.username ? `@${a.username}` : "—");
}

function groupBy<T, K, V>(items: T[], key: (t: T) => K, value: (t: T) => V): Map<K, V[]> {
  const m = new Map<K, V[]>();
  for (const t of items) m.set(key(t), [...(m.get(key(t)) ?? []), value(t)]);
  return m;
}

/** Whether a scheduled notice still makes sense for the suggestion as it is now. */
function stillApplies(kind: string, params: Record<string, unknown>, s: { status: SuggestionState; answerCount: number; deadline: Date | null }): boolean {
  switch (kind) {
    case "ACK_REMINDER":
      return s.status === "SUBMITTED";
    case "DUE_SOON":
    case "DUE_TODAY":
    case "OVERDUE_TO_SUPERVISOR":
      return s.status === "ASSIGNED" && s.deadline !== null && fromDbDate(s.deadline) === params.deadline;
    case "FOLLOW_UP":
      return s.status === "ANSWERED" && s.answerCount === params.answerCount;
    case "AUTO_CLOSE":
      return s.status === params.status && s.answerCount === params.answerCount;
    default:
      return true;
  }
}

export { parseLocalDate };
