// Requests voters hand to staff (glossary 来信来访): objections to the roll (选举法 29), the mobile
// ballot box (38), proxy voting (42) and questions the FAQ could not answer. Each gets a tracking
// number and a deadline (domain/voter-requests.ts), lands in the staff queue, is decided or
// answered there (audited, with before/after), and the people concerned are told in chat.
//
// Safety under concurrency:
// - tracking numbers: one counter row per prefix and year (tracking-numbers.ts);
// - a double tap on "send": every confirm button carries a token, stored as a unique key, so the
//   second tap finds the first request instead of filing another;
// - proxies: the holder's (and the voter's) roll rows are locked while counting pending + consented
//   proxies, so parallel requests can never give one holder a 4th;
// - decisions: only an OPEN request can be decided (one UPDATE … WHERE status = OPEN), so two staff
//   deciding at once cannot both win.
import { Prisma, type PrismaClient, type VoterRequest, type VoterRequestKind, type VoterRequestStatus } from "@prisma/client";
import { fromDbDate, toLocalDate, type LocalDate } from "../domain/dates.js";
import {
  DEFAULT_MAX_PROXIES,
  isOverdue,
  proxyRefusal,
  requestDueDate,
  TRACKING_PREFIX,
  type ProxyRefusal,
} from "../domain/voter-requests.js";
import type { AuditService } from "./audit.js";
import type { Clock } from "./clock.js";
import type { FaqService } from "./faq.js";
import type { ElectionView } from "./elections.js";
import type { RollService } from "./roll.js";
import { nextTrackingNumber } from "./tracking-numbers.js";
import { outgoingLocale } from "./users.js";

export type RequestKind = VoterRequestKind;
export type RequestStatus = VoterRequestStatus;

/** Longest free text kept in a request (what is wrong, the reason, the question, the answer). */
export const MAX_DETAILS = 1000;
export const MAX_SHORT = 100;

export interface RequestView {
  id: number;
  trackingNo: string;
  kind: RequestKind;
  status: RequestStatus;
  createdAt: Date;
  dueOn: LocalDate;
  forSelf: boolean;
  subjectName: string | null;
  details: string;
  contactName: string | null;
  phone: string | null;
  address: string | null;
  decision: string | null;
  decidedAt: Date | null;
  constituencyName: string | null;
  /** PROXY: the holder's name as on the roll. */
  holderName: string | null;
  /** The requester's name as on the roll (when linked), for staff. */
  requesterName: string | null;
  anonymised: boolean;
}

export interface QueueItem extends RequestView {
  overdue: boolean;
}

/** Who is told about a decision, in which language. */
export interface Notify {
  telegramId: number;
  locale: string | null;
  role: "REQUESTER" | "HOLDER";
}

export type FileRefusal =
  | "NO_ELECTION"
  | "NOT_LINKED"
  | "WINDOW_NOT_OPEN"
  | "TOO_LATE"
  | "NOT_IN_ELECTION"
  | ProxyRefusal;

export type FileResult =
  | { kind: "FILED"; request: RequestView }
  /** The same confirm button pressed again: the request it filed the first time. */
  | { kind: "DUPLICATE"; request: RequestView }
  | { kind: "REFUSED"; reason: FileRefusal; maxProxies?: number };

export interface ObjectionInput {
  forSelf: boolean;
  /** Another person (or oneself when not found on the roll): the name as typed. */
  subjectName?: string | null;
  details: string;
  contactName?: string | null;
  phone?: string | null;
  idempotencyKey: string;
}

export interface MobileBoxInput {
  /** A family member's roll entry (found by name + 4 characters); absent = the voter themself. */
  subjectEntryId?: number | null;
  address: string;
  phone: string;
  details: string;
  idempotencyKey: string;
}

export interface ProxyInput {
  holderEntryId: number;
  details: string;
  phone?: string | null;
  idempotencyKey: string;
}

export interface QuestionInput {
  text: string;
  idempotencyKey: string;
}

/** A staff member's area scope: null = the whole county. */
export type Scope = { areaIds: readonly number[] } | null;

export type DecideOutcome = "APPROVED" | "REJECTED" | "ANSWERED";

export type DecideResult =
  | { kind: "DONE"; request: RequestView; notify: Notify[] }
  | { kind: "ALREADY"; request: RequestView }
  | { kind: "NOT_FOUND" }
  | { kind: "WRONG_OUTCOME" };

export type FaqResult = { kind: "CREATED"; faqId: number } | { kind: "ALREADY" } | { kind: "NOT_ANSWERED" } | { kind: "NOT_FOUND" };

const INCLUDE = {
  user: { select: { rollEntry: { select: { fullName: true } } } },
} as const satisfies Prisma.VoterRequestInclude;

type Row = Prisma.VoterRequestGetPayload<{ include: typeof INCLUDE }>;

function clip(s: string | null | undefined, max: number): string | null {
  if (s == null) return null;
  const t = s.trim();
  return t.length === 0 ? null : [...t].slice(0, max).join("");
}

function isUniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";
}

export class VoterRequestService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly roll: RollService,
    private readonly faq: FaqService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {}

  today(): LocalDate {
    return toLocalDate(this.clock.now(), this.timeZone);
  }

  // ───────────── filing (the voter) ─────────────

  async fileObjection(userId: number, locale: string, input: ObjectionInput): Promise<FileResult> {
    return this.file(userId, "OBJECTION", input.idempotencyKey, async (tx, election, user) => {
      const entry = input.forSelf && user.rollEntryId ? await tx.rollEntry.findUnique({ where: { id: user.rollEntryId } }) : null;
      return {
        locale,
        forSelf: input.forSelf,
        subjectEntryId: entry?.id ?? null,
        subjectName: clip(input.subjectName, MAX_SHORT) ?? entry?.fullName ?? null,
        details: clip(input.details, MAX_DETAILS) ?? "",
        contactName: clip(input.contactName, MAX_SHORT),
        phone: clip(input.phone, MAX_SHORT),
        constituencyId: entry?.constituencyId ?? null,
        areaId: entry?.residenceAreaId ?? null,
        electionId: election.id,
      };
    });
  }

  async fileMobileBox(userId: number, locale: string, input: MobileBoxInput): Promise<FileResult> {
    return this.file(userId, "MOBILE_BOX", input.idempotencyKey, async (tx, election, user) => {
      const entryId = input.subjectEntryId ?? user.rollEntryId;
      if (entryId == null) return "NOT_LINKED";
      const entry = await tx.rollEntry.findUnique({ where: { id: entryId } });
      if (!entry || entry.electionId !== election.id) return "NOT_IN_ELECTION";
      return {
        locale,
        forSelf: input.subjectEntryId == null,
        subjectEntryId: entry.id,
        subjectName: entry.fullName,
        details: clip(input.details, MAX_DETAILS) ?? "",
        address: clip(input.address, MAX_DETAILS),
        phone: clip(input.phone, MAX_SHORT),
        constituencyId: entry.constituencyId,
        areaId: entry.residenceAreaId,
        electionId: election.id,
      };
    });
  }

  async fileProxy(userId: number, locale: string, input: ProxyInput): Promise<FileResult> {
    let maxProxies = DEFAULT_MAX_PROXIES;
    const result = await this.file(userId, "PROXY", input.idempotencyKey, async (tx, election, user) => {
      if (user.rollEntryId == null) return "NOT_LINKED";
      maxProxies = election.rules.maxProxiesPerPerson ?? DEFAULT_MAX_PROXIES;
      // Lock both roll rows, lower id first (no deadlock between two voters naming each other).
      const ids = [user.rollEntryId, input.holderEntryId].sort((a, b) => a - b);
      await tx.$queryRaw`SELECT 1 FROM "RollEntry" WHERE "id" IN (${Prisma.join(ids)}) ORDER BY "id" FOR UPDATE`;
      const [grantor, holder] = await Promise.all([
        tx.rollEntry.findUnique({ where: { id: user.rollEntryId } }),
        tx.rollEntry.findUnique({ where: { id: input.holderEntryId } }),
      ]);
      if (!grantor || !holder || grantor.electionId !== election.id || holder.electionId !== election.id) return "NOT_IN_ELECTION";
      const active = { kind: "PROXY" as const, status: { in: ["OPEN", "APPROVED"] as VoterRequestStatus[] } };
      const [grantorActive, holderActive] = await Promise.all([
        tx.voterRequest.count({ where: { ...active, subjectEntryId: grantor.id } }),
        tx.voterRequest.count({ where: { ...active, proxyHolderEntryId: holder.id } }),
      ]);
      const refusal = proxyRefusal({
        grantorEntryId: grantor.id,
        grantorConstituencyId: grantor.constituencyId,
        grantorListed: grantor.status === "LISTED",
        grantorActiveProxies: grantorActive,
        holderEntryId: holder.id,
        holderConstituencyId: holder.constituencyId,
        holderListed: holder.status === "LISTED",
        holderActiveProxies: holderActive,
        maxPerHolder: maxProxies,
      });
      if (refusal) return refusal;
      return {
        locale,
        forSelf: true,
        subjectEntryId: grantor.id,
        subjectName: grantor.fullName,
        proxyHolderEntryId: holder.id,
        details: clip(input.details, MAX_DETAILS) ?? "",
        phone: clip(input.phone, MAX_SHORT),
        constituencyId: grantor.constituencyId,
        areaId: grantor.residenceAreaId,
        electionId: election.id,
      };
    });
    return result.kind === "REFUSED" && result.reason === "HOLDER_FULL" ? { ...result, maxProxies } : result;
  }

  async askQuestion(userId: number, locale: string, input: QuestionInput): Promise<FileResult> {
    return this.file(userId, "QUESTION", input.idempotencyKey, async (tx, election, user) => {
      const entry = user.rollEntryId ? await tx.rollEntry.findUnique({ where: { id: user.rollEntryId } }) : null;
      return {
        locale,
        forSelf: true,
        details: clip(input.text, MAX_DETAILS) ?? "",
        constituencyId: entry?.constituencyId ?? null,
        areaId: entry?.residenceAreaId ?? null,
        electionId: election.id,
      };
    });
  }

  /**
   * Files one request: finds an earlier one with the same button token, checks the deadline rule,
   * builds the row (or refuses), allocates the tracking number and writes it with its first event,
   * all in one transaction.
   */
  private async file(
    userId: number,
    kind: RequestKind,
    token: string,
    build: (
      tx: Prisma.TransactionClient,
      election: ElectionView,
      user: { id: number; rollEntryId: number | null },
    ) => Promise<FileRefusal | Omit<Prisma.VoterRequestUncheckedCreateInput, "trackingNo" | "kind" | "dueOn" | "createdAt">>,
  ): Promise<FileResult> {
    const idempotencyKey = `${userId}:${token}`;
    const earlier = await this.byKey(idempotencyKey);
    if (earlier) return { kind: "DUPLICATE", request: earlier };
    const election = await this.roll.election();
    if (!election) return { kind: "REFUSED", reason: "NO_ELECTION" };
    const now = this.clock.now();
    const today = toLocalDate(now, this.timeZone);
    const due = requestDueDate(kind, election, today);
    if (!due.ok) return { kind: "REFUSED", reason: due.problem };
    try {
      return await this.prisma.$transaction(async (tx) => {
        const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, rollEntryId: true } });
        const data = await build(tx, election, user);
        if (typeof data === "string") return { kind: "REFUSED" as const, reason: data };
        const trackingNo = await nextTrackingNumber(tx, TRACKING_PREFIX[kind], Number(today.slice(0, 4)));
        const row = await tx.voterRequest.create({
          data: { ...data, userId, kind, trackingNo, idempotencyKey, dueOn: new Date(`${due.dueOn}T00:00:00Z`), createdAt: now },
          include: INCLUDE,
        });
        await tx.voterRequestEvent.create({ data: { requestId: row.id, at: now, actorId: userId, action: "filed", after: { status: "OPEN", dueOn: due.dueOn } } });
        return { kind: "FILED" as const, request: await this.view(row, tx) };
      });
    } catch (e) {
      // The same button pressed twice at the same moment: the other press filed it.
      if (isUniqueViolation(e)) {
        const first = await this.byKey(idempotencyKey);
        if (first) return { kind: "DUPLICATE", request: first };
      }
      throw e;
    }
  }

  /** The request a confirm button with this token filed, if it did (a second tap on "send"). */
  async filedWithToken(userId: number, token: string): Promise<RequestView | null> {
    return this.byKey(`${userId}:${token}`);
  }

  private async byKey(idempotencyKey: string): Promise<RequestView | null> {
    const row = await this.prisma.voterRequest.findUnique({ where: { idempotencyKey }, include: INCLUDE });
    return row ? this.view(row) : null;
  }

  // ───────────── the voter's own requests ─────────────

  async mine(userId: number, kinds?: RequestKind[]): Promise<RequestView[]> {
    const rows = await this.prisma.voterRequest.findMany({
      where: { userId, ...(kinds ? { kind: { in: kinds } } : {}) },
      include: INCLUDE,
      orderBy: { id: "asc" },
    });
    return this.views(rows);
  }

  /** The voter's own request, or null (someone else's is "not found", never "not yours"). */
  async ownRequest(userId: number, requestId: number): Promise<RequestView | null> {
    const row = await this.prisma.voterRequest.findFirst({ where: { id: requestId, userId }, include: INCLUDE });
    return row ? this.view(row) : null;
  }

  /** Withdraws the voter's own open request; null when there is no such open request of theirs. */
  async withdraw(userId: number, requestId: number): Promise<RequestView | null> {
    const now = this.clock.now();
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.voterRequest.updateMany({ where: { id: requestId, userId, status: "OPEN" }, data: { status: "WITHDRAWN", decidedAt: now } });
      if (count === 0) return null;
      await tx.voterRequestEvent.create({ data: { requestId, at: now, actorId: userId, action: "withdrawn", before: { status: "OPEN" }, after: { status: "WITHDRAWN" } } });
      return this.view(await tx.voterRequest.findUniqueOrThrow({ where: { id: requestId }, include: INCLUDE }), tx);
    });
  }

  // ───────────── the staff queue ─────────────

  private scopeWhere(scope: Scope): Prisma.VoterRequestWhereInput {
    return scope ? { areaId: { in: [...scope.areaIds] } } : {};
  }

  /** Open requests, oldest first, with their deadlines; `scope` limits them to areas (null: county). */
  async queue(scope: Scope = null, opts: { limit?: number; offset?: number } = {}): Promise<{ items: QueueItem[]; total: number; overdue: number }> {
    const today = this.today();
    const where: Prisma.VoterRequestWhereInput = { status: "OPEN", ...this.scopeWhere(scope) };
    const [rows, total, overdue] = await Promise.all([
      this.prisma.voterRequest.findMany({ where, include: INCLUDE, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: opts.limit ?? 10, skip: opts.offset ?? 0 }),
      this.prisma.voterRequest.count({ where }),
      this.prisma.voterRequest.count({ where: { ...where, dueOn: { lt: new Date(`${today}T00:00:00Z`) } } }),
    ]);
    return { items: (await this.views(rows)).map((r) => ({ ...r, overdue: isOverdue(r.dueOn, today) })), total, overdue };
  }

  /** One request for staff (any status), within their scope; null otherwise. */
  async forStaff(requestId: number, scope: Scope = null): Promise<QueueItem | null> {
    const row = await this.prisma.voterRequest.findFirst({ where: { id: requestId, ...this.scopeWhere(scope) }, include: INCLUDE });
    if (!row) return null;
    const view = await this.view(row);
    return { ...view, overdue: view.status === "OPEN" && isOverdue(view.dueOn, this.today()) };
  }

  /**
   * Decides (objection, mobile box, proxy: APPROVED/REJECTED) or answers (question: ANSWERED) an
   * open request with a reason / time window / answer; audited with before and after.
   */
  async decide(staffId: number, requestId: number, outcome: DecideOutcome, text: string, scope: Scope = null): Promise<DecideResult> {
    const now = this.clock.now();
    const decision = clip(text, MAX_DETAILS);
    const result = await this.prisma.$transaction(async (tx) => {
      const row = await tx.voterRequest.findFirst({ where: { id: requestId, ...this.scopeWhere(scope) }, include: INCLUDE });
      if (!row) return { kind: "NOT_FOUND" as const };
      if ((row.kind === "QUESTION") !== (outcome === "ANSWERED") || !decision) return { kind: "WRONG_OUTCOME" as const };
      const { count } = await tx.voterRequest.updateMany({
        where: { id: requestId, status: "OPEN" },
        data: { status: outcome, decision, decidedAt: now, decidedById: staffId },
      });
      if (count === 0) return { kind: "ALREADY" as const, request: await this.view(row, tx) };
      const before = { status: row.status, decision: row.decision };
      const after = { status: outcome, decision };
      await tx.voterRequestEvent.create({ data: { requestId, at: now, actorId: staffId, action: "decided", before, after } });
      const updated = await tx.voterRequest.findUniqueOrThrow({ where: { id: requestId }, include: INCLUDE });
      const notify: Notify[] = [];
      if (updated.userId) {
        const u = await tx.user.findUnique({ where: { id: updated.userId }, select: { telegramId: true } });
        if (u) notify.push({ telegramId: Number(u.telegramId), locale: updated.locale, role: "REQUESTER" });
      }
      if (updated.kind === "PROXY" && updated.proxyHolderEntryId) {
        const holder = await tx.user.findFirst({ where: { rollEntryId: updated.proxyHolderEntryId }, select: { telegramId: true, locale: true, telegramLocale: true } });
        if (holder && !notify.some((n) => n.telegramId === Number(holder.telegramId))) {
          // Neither chosen with /language nor known from Telegram: the one their last messages were answered in.
          const known = outgoingLocale(holder);
          const last = known
            ? null
            : await tx.conversationLog.findFirst({ where: { telegramId: holder.telegramId, locale: { not: null } }, orderBy: { id: "desc" }, select: { locale: true } });
          notify.push({ telegramId: Number(holder.telegramId), locale: known ?? last?.locale ?? null, role: "HOLDER" });
        }
      }
      return { kind: "DONE" as const, request: await this.view(updated, tx), notify, before, after };
    });
    if (result.kind === "DONE") {
      // Who decided what; no names or contacts in the audit details (they stay in the request).
      await this.audit.record(staffId, `request.${outcome.toLowerCase()}`, `request:${result.request.trackingNo}`, {
        kind: result.request.kind,
        before: { status: result.before.status },
        after: { status: result.after.status },
      });
      const { before: _b, after: _a, ...done } = result;
      return done;
    }
    return result;
  }

  /** The voter (or holder) was told in chat. */
  async markNotified(requestId: number): Promise<void> {
    await this.prisma.voterRequest.update({ where: { id: requestId }, data: { notifiedAt: this.clock.now() } });
  }

  /** Turns an answered question and its answer into an FAQ entry in one step (staff's locale). */
  async toFaq(staffId: number, requestId: number, topic: string, locale: string, scope: Scope = null): Promise<FaqResult> {
    const now = this.clock.now();
    const result = await this.prisma.$transaction(async (tx) => {
      const row = await tx.voterRequest.findFirst({ where: { id: requestId, kind: "QUESTION", ...this.scopeWhere(scope) } });
      if (!row) return { kind: "NOT_FOUND" as const };
      if (row.status !== "ANSWERED" || !row.decision) return { kind: "NOT_ANSWERED" as const };
      // One FAQ entry per question: the event row is the marker, checked under a row lock.
      await tx.$queryRaw`SELECT 1 FROM "VoterRequest" WHERE "id" = ${requestId} FOR UPDATE`;
      if (await tx.voterRequestEvent.findFirst({ where: { requestId, action: "faq.created" } })) return { kind: "ALREADY" as const };
      const entry = await tx.faqEntry.create({ data: { locale, topic, question: row.details, answer: row.decision, keywords: [] } });
      await tx.voterRequestEvent.create({ data: { requestId, at: now, actorId: staffId, action: "faq.created", after: { faqId: entry.id, topic, locale } } });
      return { kind: "CREATED" as const, faqId: entry.id };
    });
    if (result.kind === "CREATED") {
      this.faq.invalidate();
      await this.audit.record(staffId, "faq.create_from_question", `faq:${result.faqId}`, { requestId, topic, locale });
    }
    return result;
  }

  // ───────────── views ─────────────

  private async views(rows: Row[]): Promise<RequestView[]> {
    const ids = [...new Set(rows.flatMap((r) => [r.proxyHolderEntryId]).filter((x): x is number => x != null))];
    const cids = [...new Set(rows.map((r) => r.constituencyId).filter((x): x is number => x != null))];
    const [holders, constituencies] = await Promise.all([
      ids.length ? this.prisma.rollEntry.findMany({ where: { id: { in: ids } }, select: { id: true, fullName: true } }) : [],
      cids.length ? this.prisma.constituency.findMany({ where: { id: { in: cids } }, select: { id: true, name: true } }) : [],
    ]);
    const holderName = new Map(holders.map((h) => [h.id, h.fullName]));
    const cname = new Map(constituencies.map((c) => [c.id, c.name]));
    return rows.map((r) => toView(r, r.proxyHolderEntryId ? (holderName.get(r.proxyHolderEntryId) ?? null) : null, r.constituencyId ? (cname.get(r.constituencyId) ?? null) : null));
  }

  private async view(row: Row, db: Prisma.TransactionClient | PrismaClient = this.prisma): Promise<RequestView> {
    const [holder, constituency] = await Promise.all([
      row.proxyHolderEntryId ? db.rollEntry.findUnique({ where: { id: row.proxyHolderEntryId }, select: { fullName: true } }) : null,
      row.constituencyId ? db.constituency.findUnique({ where: { id: row.constituencyId }, select: { name: true } }) : null,
    ]);
    return toView(row, holder?.fullName ?? null, constituency?.name ?? null);
  }
}

function toView(r: VoterRequest & Partial<Row>, holderName: string | null, constituencyName: string | null): RequestView {
  return {
    id: r.id,
    trackingNo: r.trackingNo,
    kind: r.kind,
    status: r.status,
    createdAt: r.createdAt,
    dueOn: fromDbDate(r.dueOn),
    forSelf: r.forSelf,
    subjectName: r.subjectName,
    details: r.details,
    contactName: r.contactName,
    phone: r.phone,
    address: r.address,
    decision: r.decision,
    decidedAt: r.decidedAt,
    constituencyName,
    holderName,
    requesterName: r.user?.rollEntry?.fullName ?? null,
    anonymised: r.anonymisedAt !== null,
  };
}
