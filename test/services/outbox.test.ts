// The outbox on the real database: two senders never send one delivery twice, a 429 pauses every
// sender, a 403 marks the person unreachable, a crashed sender's claims are taken over when their
// lease expires, retries give up after the limit, and a double confirm queues one broadcast.
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { OutboxSender, type OutboxTransport, type SendOutcome } from "../../src/jobs/outbox-sender.js";
import { fixedClock } from "../../src/services/clock.js";
import { createServices, type Services } from "../../src/services/index.js";
import type { ClaimedDelivery } from "../../src/services/outbox.js";
import { createTestDatabase, type Database } from "../support/database.js";

let db: Database;
let services: Services;
const clock = fixedClock("2026-11-01T02:00:00Z");
const logger = pino({ level: "silent" });

beforeAll(async () => {
  db = await createTestDatabase();
  services = createServices(db.prisma, loadConfig({ LOG_LEVEL: "silent", BROADCAST_MAX_ATTEMPTS: "3" }), logger, clock);
});
afterAll(() => db?.close());

beforeEach(async () => {
  await db.prisma.$executeRawUnsafe(`TRUNCATE "Delivery", "Broadcast", "OutboxState", "User" RESTART IDENTITY CASCADE`);
});

async function people(n: number, from = 1) {
  await db.prisma.$executeRawUnsafe(`INSERT INTO "User" ("telegramId") SELECT g FROM generate_series(${from}, ${from + n - 1}) g`);
}

/** A Telegram that records every send; `answer` decides what it says. */
function transport(answer: (d: ClaimedDelivery, n: number) => SendOutcome = () => ({ ok: true, messageId: 1 })) {
  const sent: number[] = [];
  const t: OutboxTransport & { sent: number[] } = {
    sent,
    async send(d) {
      const r = answer(d, sent.length);
      if (r.ok) sent.push(d.chatId);
      return r;
    },
    async showProgress() {},
  };
  return t;
}

const sender = (t: OutboxTransport, id: string) =>
  new OutboxSender(services.outbox, t, { id, clock, logger, sleep: async (ms) => clock.advance(ms), random: () => 0.5, batchSize: 7 });

async function broadcast(key = "b1") {
  return (await services.outbox.createBroadcast({ key, actorId: null, content: { text: "致选民的一封信" }, audience: { kind: "county" }, now: clock.now() }))!;
}

async function drain(...senders: OutboxSender[]) {
  for (let i = 0; i < 1000; i++) {
    const handled = await Promise.all(senders.map((s) => s.runOnce()));
    if (handled.every((n) => n === 0)) return;
  }
  throw new Error("did not drain");
}

describe("sending", () => {
  it("two senders on one database send every delivery exactly once", async () => {
    await people(120);
    const b = await broadcast();
    const ta = transport();
    const tb = transport();
    await drain(sender(ta, "a"), sender(tb, "b"));
    const all = [...ta.sent, ...tb.sent];
    expect(all).toHaveLength(120);
    expect(new Set(all).size).toBe(120);
    const p = await services.outbox.progress(b.id);
    expect(p).toMatchObject({ status: "DONE", sent: 120, left: 0, failed: 0 });
  });

  it("a double confirm (same key) queues one broadcast; an empty audience queues none", async () => {
    await people(5);
    const first = await broadcast("same");
    const second = await broadcast("same");
    expect(second).toEqual({ id: first.id, total: 5, created: false });
    expect(await db.prisma.delivery.count()).toBe(5);
    expect(await services.outbox.createBroadcast({ key: "none", actorId: null, content: { text: "x" }, audience: { kind: "delegates" }, now: clock.now() })).toBeNull();
    expect(await db.prisma.broadcast.count()).toBe(1);
  });

  it("a 429 pauses every sender until retry_after has passed; the message is sent later, not lost", async () => {
    await people(3);
    await broadcast();
    const t = transport((_d, n) => (n === 0 && !limited++ ? { ok: false, errorCode: 429, description: "Too Many Requests: retry after 7", retryAfter: 7 } : { ok: true, messageId: 1 }));
    let limited = 0;
    const s = sender(t, "a");
    const before = clock.now().getTime();
    await s.runOnce();
    const paused = await services.outbox.pausedUntil();
    expect(paused!.getTime()).toBeGreaterThanOrEqual(before + 7000);
    // Another instance's next slot starts after the pause.
    const slot = await services.outbox.reserveSlots(1, false, clock.now());
    expect(slot.getTime()).toBeGreaterThanOrEqual(paused!.getTime());
    await drain(s);
    expect(t.sent.sort()).toEqual([1, 2, 3]);
    expect(await db.prisma.delivery.count({ where: { status: "SENT" } })).toBe(3);
  });

  it("a 403 marks the person unreachable; later broadcasts skip them", async () => {
    await people(4);
    await broadcast();
    const t = transport((d) => (d.chatId === 2 ? { ok: false, errorCode: 403, description: "Forbidden: bot was blocked by the user", retryAfter: null } : { ok: true, messageId: 1 }));
    await drain(sender(t, "a"));
    expect(t.sent.sort()).toEqual([1, 3, 4]);
    const user = await db.prisma.user.findFirstOrThrow({ where: { telegramId: 2n } });
    expect(user.unreachableAt).not.toBeNull();
    expect(await db.prisma.delivery.count({ where: { status: "UNREACHABLE" } })).toBe(1);
    const next = await broadcast("b2");
    expect(next.total).toBe(3);
    // Unblocking (my_chat_member "member") makes them reachable again.
    await services.outbox.setReachable(2, true, clock.now());
    expect((await broadcast("b3")).total).toBe(4);
  });

  it("errors are retried with backoff, then given up after BROADCAST_MAX_ATTEMPTS; a bad message fails at once", async () => {
    await people(2);
    await broadcast();
    const t = transport((d) =>
      d.chatId === 1 ? { ok: false, errorCode: 502, description: "Bad Gateway", retryAfter: null } : { ok: false, errorCode: 400, description: "Bad Request: message is too long", retryAfter: null },
    );
    const s = sender(t, "a");
    for (let i = 0; i < 10; i++) {
      await s.runOnce();
      clock.advance(600_000);
    }
    const rows = await db.prisma.delivery.findMany({ orderBy: { chatId: "asc" } });
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([["FAILED", 3], ["FAILED", 1]]);
    expect(rows[0]!.lastError).toContain("502");
  });

  it("a sender killed mid-batch: its claims expire and another sender sends them, none twice", async () => {
    await people(10);
    await broadcast();
    // "a" claims a batch and dies before sending anything from it.
    const abandoned = await services.outbox.claim({ senderId: "dead", now: clock.now(), limit: 6, leaseMs: 60_000, paid: false });
    expect(abandoned).toHaveLength(6);
    const t = transport();
    const b = sender(t, "b");
    await drain(b);
    expect(t.sent).toHaveLength(4); // the lease still holds the other six
    clock.advance(60_001);
    await drain(b);
    expect(t.sent.sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // The dead sender's late write (if it came back) changes nothing: the delivery is no longer its.
    await services.outbox.record(abandoned[0]!, "dead", { outcome: "failed", error: "late" }, clock.now());
    expect(await db.prisma.delivery.count({ where: { status: "SENT" } })).toBe(10);
  });

  it("after a stall the sender catches up, but never sends more than the rate in any second", async () => {
    await people(100);
    await broadcast();
    const at: number[] = [];
    const t = transport((_d, n) => {
      at.push(clock.now().getTime());
      if (n === 10) clock.advance(1500); // a slow answer: the next slots are past
      return { ok: true, messageId: 1 };
    });
    await drain(new OutboxSender(services.outbox, t, { id: "a", clock, logger, sleep: async (ms) => clock.advance(ms), batchSize: 29 }));
    expect(new Set(t.sent).size).toBe(100);
    // 29 a second (the configured rate): the 30th send after any send is a second or more later.
    for (let i = 0; i + 29 < at.length; i++) expect(at[i + 29]! - at[i]!).toBeGreaterThanOrEqual(1000);
  });

  it("pause stops sending, resume goes on, cancel drops the rest", async () => {
    await people(30);
    const b = await broadcast();
    const t = transport();
    const s = sender(t, "a");
    await s.runOnce();
    expect(t.sent).toHaveLength(7);
    expect((await services.outbox.control(b.id, "pause", null, clock.now()))!.status).toBe("PAUSED");
    expect(await s.runOnce()).toBe(0);
    expect(await services.outbox.control(b.id, "pause", null, clock.now())).toBeNull();
    await services.outbox.control(b.id, "resume", null, clock.now());
    await s.runOnce();
    expect(t.sent).toHaveLength(14);
    const p = await services.outbox.control(b.id, "cancel", null, clock.now());
    expect(p).toMatchObject({ status: "CANCELLED", sent: 14, left: 0 });
    await drain(s);
    expect(t.sent).toHaveLength(14);
  });
});

describe("the language of each delivery", () => {
  it("is the one chosen with /language, else Telegram's as last seen (telegramLocale), else none (the transport's default)", async () => {
    await db.prisma.user.createMany({
      data: [
        { telegramId: 1n, telegramLocale: "en" },
        { telegramId: 2n, telegramLocale: "zh-TW" },
        { telegramId: 3n, locale: "zh-CN", telegramLocale: "en" },
        { telegramId: 4n, locale: "en" },
        { telegramId: 5n },
      ],
    });
    await broadcast();
    const t = transport();
    const locales = new Map<number, string | null>();
    const seen = { ...t, send: async (d: ClaimedDelivery) => (locales.set(d.chatId, d.locale), t.send(d)) };
    await drain(sender(seen, "a"));
    expect(Object.fromEntries(locales)).toEqual({ 1: "en", 2: "zh-TW", 3: "zh-CN", 4: "en", 5: null });
  });
});
