// The outbox: broadcasts (staff letters and bulletins, calendar reminders) stored as one Delivery
// row per recipient, sent by the sender loop (src/jobs/outbox-sender.ts) on any number of
// instances at Telegram's limits. Everything that must hold across instances lives in the database:
// - a delivery is claimed with FOR UPDATE SKIP LOCKED and a lease; a sender that dies leaves its
//   claims to expire, and another sender takes them (a claim is only for `leaseMs`);
// - the rate is shared: each sender reserves its send slots on one OutboxState row (the next free
//   slot moves forward by 1/rate per message), so two instances together still send ~rate/s;
// - a 429 pauses every sender: pausedUntil on the same row, which slot reservations respect.
//
// At the moment of sending we choose AT-LEAST-ONCE. Telegram has no idempotency key: if a process
// dies after Telegram accepted a message and before the SENT row is written (a window of a few
// milliseconds per message), the lease expires and the message is sent again. The alternative,
// at-most-once (mark "attempted" first and never resend an attempt in doubt), loses that message
// instead. A duplicate letter is a nuisance; a lost election-morning reminder with the polling
// place is harm. Everything short of that window (claimed but not yet sent, sent and recorded) is
// exact: no duplicate, no loss.
import { Prisma, type PrismaClient } from "@prisma/client";
import { broadcastEta, PAID_BROADCAST } from "../domain/broadcast-plan.js";
import type { ReminderTopic } from "../domain/reminders.js";
import { constituencyInScope, constituencyWhere, inScope, type AreaScope } from "./accounts.js";
import type { AuditService } from "./audit.js";

export type Audience =
  | { kind: "county" }
  | { kind: "township"; areaId: number }
  | { kind: "constituency"; constituencyId: number }
  | { kind: "voterGroup"; voterGroupId: number }
  | { kind: "delegates" }
  | { kind: "topic"; topic: ReminderTopic };

export type BroadcastStatus = "SENDING" | "PAUSED" | "CANCELLED" | "DONE";
/** ANNOUNCEMENT: staff's text as is; REMINDER and REPORT_BACK: rendered per recipient from the delivery's payload. */
export type BroadcastKind = "ANNOUNCEMENT" | "REMINDER" | "REPORT_BACK" | "BULLETIN";

export interface BroadcastContent {
  text: string;
  /** A photo or document already on Telegram (the file_id of what staff sent), the text as its caption. */
  media?: { kind: "photo" | "document"; fileId: string } | null;
}

export interface BroadcastProgress {
  id: number;
  status: BroadcastStatus;
  total: number;
  sent: number;
  /** Gave up: blocked / chat gone, bad message, too many retries, expired. */
  failed: number;
  unreachable: number;
  left: number;
  etaSeconds: number;
  paid: boolean;
  progressChatId: number | null;
  progressMessageId: number | null;
  progressLocale: string | null;
}

/** One claimed delivery, with what the sender needs to send it. */
export interface ClaimedDelivery {
  id: bigint;
  broadcastId: number;
  userId: number;
  chatId: number;
  attempts: number;
  notAfter: Date | null;
  /** The person blocked the bot after the broadcast was queued: skip without calling Telegram. */
  unreachable: boolean;
  /** Chosen with /language, else Telegram's as last seen (users.ts outgoingLocale); null: the default. */
  locale: string | null;
  kind: BroadcastKind;
  text: string;
  media: BroadcastContent["media"];
  payload: unknown;
  paid: boolean;
}

export type DeliveryResult =
  | { outcome: "sent"; messageId: number | null }
  | { outcome: "unreachable"; error: string }
  | { outcome: "failed"; error: string }
  | { outcome: "retry"; error: string; notBefore: Date }
  | { outcome: "rate-limited" }
  | { outcome: "expired" };

export interface OutboxSettings {
  ratePerSecond: number;
  paid: boolean;
  maxAttempts: number;
}

const FREE = 1;
const PAID = 2;
const PROGRESS_EVERY_MS = 3000;

export class OutboxService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly audit: AuditService,
    readonly settings: OutboxSettings,
  ) {}

  /** Rate of this kind of broadcast (paid broadcasts: Telegram's 1,000/s). */
  rateFor(paid: boolean): number {
    return paid ? PAID_BROADCAST.ratePerSecond : this.settings.ratePerSecond;
  }

  // ───────────── audiences ─────────────

  private audienceSql(a: Audience): Prisma.Sql {
    // Reachable people only; a person is counted once however many ways they match.
    const reachable = Prisma.sql`u."unreachableAt" IS NULL`;
    switch (a.kind) {
      case "county":
        return Prisma.sql`SELECT u.id, u."telegramId" FROM "User" u WHERE ${reachable}`;
      case "constituency":
        return Prisma.sql`SELECT u.id, u."telegramId" FROM "User" u LEFT JOIN "RollEntry" r ON r.id = u."rollEntryId"
          WHERE ${reachable} AND (u."constituencyId" = ${a.constituencyId} OR r."constituencyId" = ${a.constituencyId})`;
      case "township":
        return Prisma.sql`SELECT u.id, u."telegramId" FROM "User" u LEFT JOIN "RollEntry" r ON r.id = u."rollEntryId"
          WHERE ${reachable} AND EXISTS (
            SELECT 1 FROM "ConstituencyArea" ca JOIN "AdminArea" v ON v.id = ca."areaId"
            WHERE ca."constituencyId" IN (u."constituencyId", r."constituencyId") AND (v."parentId" = ${a.areaId} OR v.id = ${a.areaId}))`;
      case "voterGroup":
        return Prisma.sql`SELECT u.id, u."telegramId" FROM "User" u JOIN "RollEntry" r ON r.id = u."rollEntryId"
          WHERE ${reachable} AND r."voterGroupId" = ${a.voterGroupId}`;
      case "delegates":
        return Prisma.sql`SELECT u.id, u."telegramId" FROM "User" u
          WHERE ${reachable} AND (u.role = 'DELEGATE' OR EXISTS (SELECT 1 FROM "Delegate" d WHERE d."userId" = u.id))`;
      case "topic":
        return Prisma.sql`SELECT u.id, u."telegramId" FROM "User" u WHERE ${reachable} AND ${topicSubscribed(a.topic)}`;
    }
  }

  /**
   * What staff can pick from: townships and the newest election's constituencies, those inside
   * `scope` (default: the whole county).
   */
  async audienceChoices(scope?: AreaScope): Promise<{ townships: { id: number; name: string }[]; constituencies: { id: number; name: string }[] }> {
    const inside = scope ? constituencyWhere(scope) : {};
    const townships = await this.prisma.adminArea.findMany({
      where: { level: "TOWNSHIP", ...(scope && !scope.all ? { id: { in: scope.areaIds } } : {}) },
      select: { id: true, name: true },
      orderBy: { code: "asc" },
      take: 30,
    });
    // The newest election that has constituencies here (a just-created one has none yet).
    const election = await this.prisma.election.findFirst({ where: { constituencies: { some: inside } }, orderBy: [{ electionDay: "desc" }, { id: "desc" }], select: { id: true } });
    const constituencies = election
      ? await this.prisma.constituency.findMany({ where: { electionId: election.id, ...inside }, select: { id: true, name: true }, orderBy: { code: "asc" }, take: 40 })
      : [];
    return { townships, constituencies };
  }

  async voterGroups(constituencyId: number, scope?: AreaScope): Promise<{ id: number; name: string }[]> {
    return this.prisma.voterGroup.findMany({
      where: { constituencyId, ...(scope ? { constituency: constituencyWhere(scope) } : {}) },
      select: { id: true, name: true },
      orderBy: { id: "asc" },
      take: 30,
    });
  }

  /**
   * Whether staff acting for `scope` may address `a`. Township staff: their township (or an area in
   * it), a constituency inside their scope or one of its voter groups — everyone these reach lives
   * in the scope. The county, all delegates and reminder subscribers reach beyond it.
   */
  async audienceInScope(a: Audience, scope: AreaScope): Promise<boolean> {
    if (scope.all) return true;
    switch (a.kind) {
      case "township":
        return inScope(scope, a.areaId);
      case "constituency":
        return constituencyInScope(this.prisma, a.constituencyId, scope);
      case "voterGroup":
        return (await this.prisma.voterGroup.count({ where: { id: a.voterGroupId, constituency: constituencyWhere(scope) } })) > 0;
      default:
        return false;
    }
  }

  /**
   * Whether staff acting for `scope` may pause, resume or cancel broadcast `id`: its audience is in
   * the scope (reminders and bulletins have no audience: county-wide). A missing one is let through:
   * control() then says it cannot.
   */
  async broadcastInScope(id: number, scope: AreaScope): Promise<boolean> {
    if (scope.all) return true;
    const b = await this.prisma.broadcast.findUnique({ where: { id }, select: { audience: true } });
    if (!b) return true;
    const a = b.audience as Partial<Audience> | null;
    return typeof a?.kind === "string" && this.audienceInScope(a as Audience, scope);
  }

  /** The name of the area, constituency or group an audience refers to (null for county, delegates, topic). */
  async audienceName(a: Audience): Promise<string | null> {
    switch (a.kind) {
      case "township":
        return (await this.prisma.adminArea.findUnique({ where: { id: a.areaId }, select: { name: true } }))?.name ?? null;
      case "constituency":
        return (await this.prisma.constituency.findUnique({ where: { id: a.constituencyId }, select: { name: true } }))?.name ?? null;
      case "voterGroup": {
        const g = await this.prisma.voterGroup.findUnique({ where: { id: a.voterGroupId }, select: { name: true, constituency: { select: { name: true } } } });
        return g ? `${g.constituency.name} ${g.name}` : null;
      }
      default:
        return null;
    }
  }

  async audienceSize(a: Audience): Promise<number> {
    const [r] = await this.prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM (${this.audienceSql(a)}) a`;
    return r!.n;
  }

  /** Count, ETA at the configured rate (or paid) and the cost in Stars when paid. */
  async estimate(a: Audience): Promise<{ count: number; etaSeconds: number; paid: boolean; costStars: number | null }> {
    const count = await this.audienceSize(a);
    const paid = this.settings.paid;
    const eta = broadcastEta({ recipients: count, ratePerSecond: this.settings.ratePerSecond, ...(paid ? { paid: PAID_BROADCAST } : {}) });
    return { count, etaSeconds: eta.seconds, paid, costStars: eta.costStars ?? null };
  }

  // ───────────── creating ─────────────

  /**
   * Queues a broadcast to an audience (staff's letters; a delegate's report-back, kind REPORT_BACK,
   * with `payload` saying which report). `key` makes it idempotent: the same key (a double confirm,
   * a retried request, publishing twice) returns the broadcast already queued and queues nobody
   * twice. Null when the audience is empty.
   */
  async createBroadcast(input: {
    key: string;
    actorId: number | null;
    content: BroadcastContent;
    audience: Audience;
    kind?: "ANNOUNCEMENT" | "REPORT_BACK";
    /** Stored on each delivery, for the transport to render it in the recipient's language. */
    payload?: Prisma.InputJsonValue;
    progress?: { chatId: number; messageId: number; locale: string };
    now: Date;
  }): Promise<{ id: number; total: number; created: boolean } | null> {
    const paid = this.settings.paid;
    const result = await this.prisma.$transaction(async (tx) => {
      const existing = await tx.broadcast.findUnique({ where: { key: input.key }, select: { id: true, total: true } });
      if (existing) return { ...existing, created: false };
      const b = await tx.broadcast.create({
        data: {
          key: input.key,
          kind: input.kind ?? "ANNOUNCEMENT",
          createdById: input.actorId,
          text: input.content.text,
          mediaKind: input.content.media?.kind ?? null,
          mediaFileId: input.content.media?.fileId ?? null,
          audience: input.audience as unknown as Prisma.InputJsonValue,
          paid,
          progressChatId: input.progress ? BigInt(input.progress.chatId) : null,
          progressMessageId: input.progress?.messageId ?? null,
          progressLocale: input.progress?.locale ?? null,
          createdAt: input.now,
        },
      });
      const total = await tx.$executeRaw`
        INSERT INTO "Delivery" ("broadcastId", "userId", "chatId", "notBefore", "payload")
        SELECT ${b.id}, a.id, a."telegramId", ${input.now}, ${input.payload === undefined ? null : JSON.stringify(input.payload)}::jsonb
        FROM (${this.audienceSql(input.audience)}) a
        ON CONFLICT ("broadcastId", "userId") DO NOTHING`;
      if (total === 0) throw new EmptyAudience();
      await tx.broadcast.update({ where: { id: b.id }, data: { total } });
      return { id: b.id, total, created: true };
    }, { timeout: 120_000, maxWait: 30_000 }).catch((e: unknown) => {
      if (e instanceof EmptyAudience) return null;
      throw e;
    });
    if (result?.created) {
      await this.audit.record(input.actorId, "broadcast.create", `broadcast:${result.id}`, {
        audience: input.audience as unknown as Prisma.JsonObject as never,
        kind: input.kind ?? "ANNOUNCEMENT",
        total: result.total,
        paid,
        media: input.content.media?.kind ?? null,
      });
    }
    return result;
  }

  /**
   * Queues per-recipient messages (calendar reminders, the weekly bulletin) under one broadcast
   * found or made by `key`; recipients already in it are skipped. Returns the delivery id of each
   * recipient queued now.
   */
  async enqueue(
    input: {
      key: string;
      /** Default REMINDER. */
      kind?: "REMINDER" | "BULLETIN";
      text: string;
      now: Date;
      items: { userId: number; chatId: number; payload: unknown; notBefore: Date; windowEndsAt?: Date | null; notAfter?: Date | null }[];
    },
    tx: Prisma.TransactionClient = this.prisma,
  ): Promise<Map<number, bigint>> {
    if (input.items.length === 0) return new Map();
    const [b] = await tx.$queryRaw<{ id: number }[]>`
      INSERT INTO "Broadcast" ("key", "kind", "text", "createdAt") VALUES (${input.key}, ${input.kind ?? "REMINDER"}::"BroadcastKind", ${input.text}, ${input.now})
      ON CONFLICT ("key") DO UPDATE SET "key" = EXCLUDED."key" RETURNING id`;
    const inserted = await tx.$queryRawUnsafe<{ id: bigint; userId: number }[]>(
      `INSERT INTO "Delivery" ("broadcastId", "userId", "chatId", "payload", "notBefore", "windowEndsAt", "notAfter")
       SELECT $1::int, x."userId", x."chatId", x.payload, x."notBefore", x."windowEndsAt", x."notAfter"
       FROM jsonb_to_recordset($2::jsonb) AS x("userId" int, "chatId" bigint, payload jsonb, "notBefore" timestamp(3), "windowEndsAt" timestamp(3), "notAfter" timestamp(3))
       ON CONFLICT ("broadcastId", "userId") DO NOTHING
       RETURNING id, "userId"`,
      b!.id,
      JSON.stringify(
        input.items.map((i) => ({
          userId: i.userId,
          chatId: i.chatId,
          payload: i.payload,
          notBefore: iso(i.notBefore),
          windowEndsAt: i.windowEndsAt ? iso(i.windowEndsAt) : null,
          notAfter: i.notAfter ? iso(i.notAfter) : null,
        })),
      ),
    );
    await tx.$executeRaw`UPDATE "Broadcast" SET total = total + ${inserted.length}, status = 'SENDING', "finishedAt" = NULL
      WHERE id = ${b!.id} AND ${inserted.length} > 0`;
    return new Map(inserted.map((r) => [r.userId, r.id]));
  }

  /** Reminders whose allowed window ended unsent (a backlog ran into quiet hours) move to the next window. */
  async deferClosedWindows(now: Date, next: { notBefore: Date; windowEndsAt: Date }): Promise<number> {
    return this.prisma.$executeRaw`UPDATE "Delivery" SET "notBefore" = ${next.notBefore}, "windowEndsAt" = ${next.windowEndsAt}
      WHERE status = 'PENDING' AND "windowEndsAt" IS NOT NULL AND "windowEndsAt" <= ${now}`;
  }

  // ───────────── sending (the sender loop) ─────────────

  /** Claims up to `limit` deliveries due now for `paid` broadcasts; a lease of `leaseMs`. */
  async claim(opts: { senderId: string; now: Date; limit: number; leaseMs: number; paid: boolean }): Promise<ClaimedDelivery[]> {
    const lease = new Date(opts.now.getTime() + opts.leaseMs);
    const rows = await this.prisma.$queryRaw<
      {
        id: bigint; broadcastId: number; userId: number; chatId: bigint; attempts: number; notAfter: Date | null;
        unreachableAt: Date | null; locale: string | null; kind: BroadcastKind; text: string;
        mediaKind: string | null; mediaFileId: string | null; payload: unknown; paid: boolean;
      }[]
    >`
      WITH c AS (
        SELECT d.id FROM "Delivery" d JOIN "Broadcast" b ON b.id = d."broadcastId"
        WHERE b.status = 'SENDING' AND b.paid = ${opts.paid}
          AND ((d.status = 'PENDING' AND d."notBefore" <= ${opts.now} AND (d."windowEndsAt" IS NULL OR d."windowEndsAt" > ${opts.now}))
            OR (d.status = 'SENDING' AND d."leaseUntil" <= ${opts.now}))
        ORDER BY d."notBefore", d.id
        LIMIT ${opts.limit}
        FOR UPDATE OF d SKIP LOCKED
      )
      UPDATE "Delivery" d SET status = 'SENDING', "leaseUntil" = ${lease}, "leasedBy" = ${opts.senderId}, attempts = d.attempts + 1
      FROM c, "Broadcast" b, "User" u
      WHERE d.id = c.id AND b.id = d."broadcastId" AND u.id = d."userId"
      RETURNING d.id, d."broadcastId", d."userId", d."chatId", d.attempts, d."notAfter", u."unreachableAt",
        COALESCE(u.locale, u."telegramLocale") AS locale, -- users.ts outgoingLocale
        b.kind, b.text, b."mediaKind", b."mediaFileId", d.payload, b.paid`;
    return rows
      .map((r) => ({
        id: r.id,
        broadcastId: r.broadcastId,
        userId: r.userId,
        chatId: Number(r.chatId),
        attempts: r.attempts,
        notAfter: r.notAfter,
        unreachable: r.unreachableAt !== null,
        locale: r.locale,
        kind: r.kind,
        text: r.text,
        media: r.mediaKind && r.mediaFileId ? { kind: r.mediaKind as "photo" | "document", fileId: r.mediaFileId } : null,
        payload: r.payload,
        paid: r.paid,
      }))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  /**
   * Reserves `count` consecutive send slots at `ratePerSecond` on the shared row; returns when the
   * first may go. Slots never start before a shared pause ends.
   */
  async reserveSlots(count: number, paid: boolean, now: Date, ratePerSecond = this.rateFor(paid)): Promise<Date> {
    const id = paid ? PAID : FREE;
    const spanMs = Math.ceil((count * 1000) / ratePerSecond);
    const [r] = await this.prisma.$queryRaw<{ nextSlotAt: Date }[]>`
      INSERT INTO "OutboxState" (id, "nextSlotAt") VALUES (${id}, ${new Date(now.getTime() + spanMs)})
      ON CONFLICT (id) DO UPDATE SET "nextSlotAt" =
        GREATEST("OutboxState"."nextSlotAt", ${now}::timestamp(3), COALESCE("OutboxState"."pausedUntil", ${now}::timestamp(3)))
        + make_interval(secs => ${spanMs}::double precision / 1000)
      RETURNING "nextSlotAt"`;
    return new Date(r!.nextSlotAt.getTime() - spanMs);
  }

  /** A 429: every sender waits until `until` (free and paid alike: the limit is the bot's). */
  async pauseAll(until: Date): Promise<void> {
    for (const id of [FREE, PAID]) {
      await this.prisma.$executeRaw`
        INSERT INTO "OutboxState" (id, "nextSlotAt", "pausedUntil") VALUES (${id}, ${until}, ${until})
        ON CONFLICT (id) DO UPDATE SET "pausedUntil" = GREATEST(COALESCE("OutboxState"."pausedUntil", ${until}::timestamp(3)), ${until}::timestamp(3)),
          "nextSlotAt" = GREATEST("OutboxState"."nextSlotAt", ${until}::timestamp(3))`;
    }
  }

  async pausedUntil(): Promise<Date | null> {
    const row = await this.prisma.outboxState.findUnique({ where: { id: FREE } });
    return row?.pausedUntil ?? null;
  }

  /** Writes what happened to one claimed delivery (only while this sender still holds it). */
  async record(d: ClaimedDelivery, senderId: string, result: DeliveryResult, now: Date): Promise<void> {
    const mine = Prisma.sql`id = ${d.id} AND status = 'SENDING' AND "leasedBy" = ${senderId}`;
    switch (result.outcome) {
      case "sent":
        await this.prisma.$executeRaw`UPDATE "Delivery" SET status = 'SENT', "sentAt" = ${now}, "messageId" = ${result.messageId}, "leaseUntil" = NULL, "lastError" = NULL WHERE ${mine}`;
        return;
      case "unreachable":
        await this.prisma.$transaction([
          this.prisma.$executeRaw`UPDATE "Delivery" SET status = 'UNREACHABLE', "leaseUntil" = NULL, "lastError" = ${result.error} WHERE ${mine}`,
          this.prisma.$executeRaw`UPDATE "User" SET "unreachableAt" = COALESCE("unreachableAt", ${now}) WHERE id = ${d.userId}`,
        ]);
        return;
      case "failed":
        await this.prisma.$executeRaw`UPDATE "Delivery" SET status = 'FAILED', "leaseUntil" = NULL, "lastError" = ${result.error} WHERE ${mine}`;
        return;
      case "expired":
        await this.prisma.$executeRaw`UPDATE "Delivery" SET status = 'EXPIRED', "leaseUntil" = NULL WHERE ${mine}`;
        return;
      case "retry":
        if (d.attempts >= this.settings.maxAttempts) {
          await this.prisma.$executeRaw`UPDATE "Delivery" SET status = 'FAILED', "leaseUntil" = NULL, "lastError" = ${result.error} WHERE ${mine}`;
        } else {
          await this.prisma.$executeRaw`UPDATE "Delivery" SET status = 'PENDING', "leaseUntil" = NULL, "leasedBy" = NULL,
            "notBefore" = ${result.notBefore}, "lastError" = ${result.error} WHERE ${mine}`;
        }
        return;
      case "rate-limited":
        await this.release([d], senderId);
        return;
    }
  }

  /**
   * Gives claimed deliveries back unsent (429, pause, shutdown); the attempt is not counted. Those of
   * a broadcast cancelled meanwhile are cancelled (cancel only reaches the PENDING ones).
   */
  async release(ds: ClaimedDelivery[], senderId: string): Promise<void> {
    if (ds.length === 0) return;
    const ids = ds.map((d) => d.id);
    await this.prisma.$executeRaw`UPDATE "Delivery" d SET
        status = (CASE WHEN b.status = 'CANCELLED' THEN 'CANCELLED' ELSE 'PENDING' END)::"DeliveryStatus",
        "leaseUntil" = NULL, "leasedBy" = NULL, attempts = GREATEST(d.attempts - 1, 0)
      FROM "Broadcast" b
      WHERE b.id = d."broadcastId" AND d.id IN (${Prisma.join(ids)}) AND d.status = 'SENDING' AND d."leasedBy" = ${senderId}`;
  }

  /** Broadcasts among `ids` still to be sent to (PAUSED/CANCELLED ones stop their senders early). */
  async sending(ids: number[]): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const rows = await this.prisma.broadcast.findMany({ where: { id: { in: ids }, status: "SENDING" }, select: { id: true } });
    return new Set(rows.map((r) => r.id));
  }

  /**
   * After a batch: broadcasts with nothing left become DONE; progress is due for those whose message
   * was not edited for a while (or that just finished). One instance wins each edit.
   */
  async progressDue(ids: number[], now: Date): Promise<BroadcastProgress[]> {
    const due: BroadcastProgress[] = [];
    for (const id of new Set(ids)) {
      const finished = await this.prisma.$executeRaw`
        UPDATE "Broadcast" SET status = 'DONE', "finishedAt" = ${now}, "progressEditedAt" = ${now}
        WHERE id = ${id} AND status = 'SENDING'
          AND NOT EXISTS (SELECT 1 FROM "Delivery" WHERE "broadcastId" = ${id} AND status IN ('PENDING', 'SENDING'))`;
      const before = new Date(now.getTime() - PROGRESS_EVERY_MS);
      const won =
        finished > 0 ||
        (await this.prisma.$executeRaw`
          UPDATE "Broadcast" SET "progressEditedAt" = ${now}
          WHERE id = ${id} AND "progressChatId" IS NOT NULL AND ("progressEditedAt" IS NULL OR "progressEditedAt" <= ${before})`) > 0;
      if (!won) continue;
      const p = await this.progress(id);
      if (p && p.progressChatId !== null) due.push(p);
    }
    return due;
  }

  async progress(id: number): Promise<BroadcastProgress | null> {
    const b = await this.prisma.broadcast.findUnique({ where: { id } });
    if (!b) return null;
    const counts = await this.prisma.delivery.groupBy({ by: ["status"], where: { broadcastId: id }, _count: { _all: true } });
    const n = (s: string) => counts.find((c) => c.status === s)?._count._all ?? 0;
    // Cancelled: nothing else goes (the few messages a sender holds either go now or are cancelled).
    const left = b.status === "CANCELLED" ? 0 : n("PENDING") + n("SENDING");
    const total = b.total;
    return {
      id,
      status: b.status,
      total,
      sent: n("SENT"),
      unreachable: n("UNREACHABLE"),
      failed: n("FAILED") + n("UNREACHABLE") + n("EXPIRED") + n("CANCELLED"),
      left,
      etaSeconds: b.status === "SENDING" ? broadcastEta({ recipients: left, ratePerSecond: this.rateFor(b.paid) }).seconds : 0,
      paid: b.paid,
      progressChatId: b.progressChatId === null ? null : Number(b.progressChatId),
      progressMessageId: b.progressMessageId,
      progressLocale: b.progressLocale,
    };
  }

  // ───────────── staff controls ─────────────

  /** Pause, resume or cancel; null when the broadcast is not in a state that allows it. */
  async control(id: number, action: "pause" | "resume" | "cancel", actorId: number | null, now: Date): Promise<BroadcastProgress | null> {
    const from: BroadcastStatus[] = action === "pause" ? ["SENDING"] : action === "resume" ? ["PAUSED"] : ["SENDING", "PAUSED"];
    const to: BroadcastStatus = action === "pause" ? "PAUSED" : action === "resume" ? "SENDING" : "CANCELLED";
    const changed = await this.prisma.$transaction(async (tx) => {
      const n = await tx.broadcast.updateMany({
        where: { id, status: { in: from } },
        data: { status: to, ...(to === "CANCELLED" ? { finishedAt: now } : {}) },
      });
      if (n.count > 0 && to === "CANCELLED") {
        // Deliveries a sender holds right now finish; nothing else goes.
        await tx.delivery.updateMany({ where: { broadcastId: id, status: "PENDING" }, data: { status: "CANCELLED" } });
      }
      return n.count > 0;
    });
    if (!changed) return null;
    await this.audit.record(actorId, `broadcast.${action}`, `broadcast:${id}`);
    return this.progress(id);
  }

  /** The progress message a staff member sees, for a fresh status line after a button press. */
  async attachProgressMessage(id: number, chatId: number, messageId: number, locale: string): Promise<void> {
    await this.prisma.broadcast.update({
      where: { id },
      data: { progressChatId: BigInt(chatId), progressMessageId: messageId, progressLocale: locale },
    });
  }

  // ───────────── who can be reached ─────────────

  /** my_chat_member: the person blocked the bot (kicked) or unblocked it (member). */
  async setReachable(telegramId: number, reachable: boolean, now: Date): Promise<void> {
    await this.prisma.user.updateMany({
      where: { telegramId: BigInt(telegramId) },
      data: { unreachableAt: reachable ? null : now },
    });
  }
}

class EmptyAudience extends Error {}

const iso = (d: Date) => d.toISOString().replace("Z", "");

/** The ReminderPreference column of each topic (a fixed set: never built from input). */
const TOPIC_COLUMN: Record<ReminderTopic, Prisma.Sql> = {
  registration: Prisma.raw('p."registration"'),
  meetings: Prisma.raw('p."meetings"'),
  election_day: Prisma.raw('p."electionDay"'),
  results: Prisma.raw('p."results"'),
};

/**
 * Who is subscribed to a reminder topic: the master switch (User.remindersOn, what 🔕 turns off)
 * and the voter's choice for the topic from /remind (no stored choice: on).
 */
export function topicSubscribed(topic: ReminderTopic): Prisma.Sql {
  return Prisma.sql`u."remindersOn" = true AND NOT EXISTS (
    SELECT 1 FROM "ReminderPreference" p WHERE p."userId" = u.id AND ${TOPIC_COLUMN[topic]} = false)`;
}
