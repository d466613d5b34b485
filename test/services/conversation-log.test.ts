import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { SqlExecutor } from "../../src/db/hot-path.js";
import type { Logger } from "../../src/observability/logger.js";
import { ConversationLog, LOG_BATCH, type LogEntry } from "../../src/services/conversation-log.js";
import { createTestDatabase, type Database } from "../support/database.js";


let db: Database;
// Every ConversationLog a test makes, stopped after it so no timer outlives the test.
const logs: ConversationLog[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
});

afterEach(async () => {
  for (const log of logs.splice(0)) await log.stop().catch(() => undefined);
  await db.prisma.conversationLog.deleteMany();
});

afterAll(async () => {
  await db.close();
});

function spyLogger() {
  const logger = { error: vi.fn(), warn: vi.fn(), info: vi.fn(), debug: vi.fn() };
  return { logger, asLogger: logger as unknown as Logger };
}

type Args = [string, readonly unknown[]];

/**
 * The test database's hot-path executor (Database.sql), through which the log sends its one
 * INSERT statement, replaced by `wrap(args, real)`; `calls` gets the number of rows of every
 * batch asked for.
 */
function intercepted(wrap?: (args: Args, real: (args: Args) => Promise<unknown[]>) => Promise<unknown[]>) {
  const calls: number[] = [];
  const real = (args: Args) => db.sql(...args);
  const sql = ((text: string, params: readonly unknown[] = []) => {
    calls.push((JSON.parse(params[0] as string) as unknown[]).length);
    return wrap ? wrap([text, params], real) : real([text, params]);
  }) as SqlExecutor;
  return { sql, calls };
}

function newLog(sql: SqlExecutor = db.sql, flushMs = 60_000, logger: Logger = spyLogger().asLogger): ConversationLog {
  const log = new ConversationLog(db.prisma, logger, flushMs, sql);
  logs.push(log);
  return log;
}

const AT = new Date("2026-11-20T08:00:00.000Z");

function inbound(n: number, extra: Partial<LogEntry> = {}): LogEntry {
  return { at: new Date(AT.getTime() + n), chatId: 1001, telegramId: 1001, direction: "IN", kind: "message", text: `m${n}`, updateId: n, ...extra };
}

const rowCount = () => db.prisma.conversationLog.count();
const updateIds = async () =>
  (await db.prisma.conversationLog.findMany({ select: { updateId: true }, orderBy: { updateId: "asc" } })).map((r) => r.updateId);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/** A promise the test resolves by hand. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe("ConversationLog record() and flush()", () => {
  it("queues without writing, then flush() writes every field, with BigInt ids", async () => {
    const log = newLog();
    const chat = -1_001_234_567_890; // a supergroup: beyond int4
    log.record({ at: AT, chatId: 7_000_000_001, telegramId: 7_000_000_001, direction: "IN", kind: "message", text: "你好", locale: "zh-CN", feature: "faq", updateId: 5 });
    log.record({ at: new Date(AT.getTime() + 1), chatId: chat, direction: "OUT", kind: "sendMessage", text: "回答", outcome: "403" });
    log.record({ at: new Date(AT.getTime() + 2), telegramId: 42, direction: "IN", kind: "callback_query", callbackData: "faq:q:1", chatId: null, text: null });
    expect(log.pending).toBe(3);
    expect(await rowCount()).toBe(0);

    await log.flush();
    expect(log.pending).toBe(0);
    const rows = await db.prisma.conversationLog.findMany({ orderBy: { at: "asc" } });
    expect(rows.map(({ id: _id, ...r }) => r)).toEqual([
      { at: AT, chatId: 7_000_000_001n, telegramId: 7_000_000_001n, direction: "IN", kind: "message", text: "你好", callbackData: null, locale: "zh-CN", feature: "faq", updateId: 5, outcome: null, textLength: null },
      { at: new Date(AT.getTime() + 1), chatId: BigInt(chat), telegramId: null, direction: "OUT", kind: "sendMessage", text: "回答", callbackData: null, locale: null, feature: null, updateId: null, outcome: "403", textLength: null },
      { at: new Date(AT.getTime() + 2), chatId: null, telegramId: 42n, direction: "IN", kind: "callback_query", text: null, callbackData: "faq:q:1", locale: null, feature: null, updateId: null, outcome: null, textLength: null },
    ]);
    for (const r of rows) expect(typeof r.id).toBe("bigint");
    expect(new Set(rows.map((r) => r.id)).size).toBe(3);
  });

  it("flush() with nothing queued writes nothing", async () => {
    const { sql, calls } = intercepted();
    const log = newLog(sql);
    await log.flush();
    expect(calls).toEqual([]);
  });

  it("writes on its own after flushMs", async () => {
    const log = newLog(db.sql, 20);
    log.record(inbound(1));
    log.record(inbound(2));
    expect(await rowCount()).toBe(0);
    // The rows can be seen (another connection) a moment before the writer hears its COMMIT back.
    await vi.waitFor(
      async () => {
        expect(await rowCount()).toBe(2);
        expect(log.pending).toBe(0);
      },
      { timeout: 2000, interval: 10 },
    );
  });

  it(`writes ${LOG_BATCH} records in one batch, started by the ${LOG_BATCH}th record`, async () => {
    const { sql, calls } = intercepted();
    const log = newLog(sql);
    for (let i = 0; i < LOG_BATCH - 1; i++) log.record(inbound(i));
    expect(calls).toEqual([]);
    log.record(inbound(LOG_BATCH - 1));
    expect(calls).toEqual([LOG_BATCH]); // the batch is taken at once, no timer needed
    await log.flush();
    expect(calls).toEqual([LOG_BATCH]);
    expect(log.pending).toBe(0);
    expect(await updateIds()).toEqual(range(0, LOG_BATCH));
  });

  it(`writes 1100 records in batches of at most ${LOG_BATCH}, each row once`, async () => {
    const { sql, calls } = intercepted();
    const log = newLog(sql);
    for (let i = 0; i < 1100; i++) log.record(inbound(i));
    await log.flush();
    expect(calls).toEqual([200, 200, 200, 200, 200, 100]);
    expect(log.pending).toBe(0);
    expect(await updateIds()).toEqual(range(0, 1100));
  });

  it("concurrent flushes share one write: nothing is written twice", async () => {
    const { sql, calls } = intercepted();
    const log = newLog(sql);
    for (let i = 0; i < 10; i++) log.record(inbound(i));
    await Promise.all([log.flush(), log.flush(), log.flush()]);
    expect(calls).toEqual([10]);
    expect(await updateIds()).toEqual(range(0, 10));
  });

  it("a flush while a write is in flight waits for it, then writes only what came after", async () => {
    const slow = gate();
    const writing = gate();
    let first = true;
    const { sql, calls } = intercepted(async (args, real) => {
      if (first) {
        first = false;
        writing.open();
        await slow.opened;
      }
      return real(args);
    });
    const log = newLog(sql);
    for (let i = 0; i < 10; i++) log.record(inbound(i));
    const one = log.flush();
    await writing.opened; // the first write is under way
    for (let i = 10; i < 15; i++) log.record(inbound(i));
    const two = log.flush();
    const three = log.flush();
    await new Promise((r) => setImmediate(r));
    expect(calls).toEqual([10]); // still the first write
    slow.open();
    await Promise.all([one, two, three]);
    expect(calls).toEqual([10, 5]);
    expect(log.pending).toBe(0);
    expect(await updateIds()).toEqual(range(0, 15));
  });

  it("keeps the rows queued when the write fails, and a later flush writes them: nothing lost", async () => {
    let failures = 1;
    const { sql, calls } = intercepted((args, real) => {
      if (failures-- > 0) return Promise.reject(new Error("database unreachable"));
      return real(args);
    });
    const { logger, asLogger } = spyLogger();
    const log = newLog(sql, 60_000, asLogger);
    for (let i = 0; i < 3; i++) log.record(inbound(i));

    await expect(log.flush()).resolves.toBeUndefined(); // the bot never sees the error
    expect(calls).toEqual([3]);
    expect(log.pending).toBe(3);
    expect(await rowCount()).toBe(0);
    expect(logger.error).toHaveBeenCalledTimes(1);
    expect(logger.error.mock.calls[0]?.[1]).toBe("conversation log write failed");
    expect(logger.error.mock.calls[0]?.[0]).toMatchObject({ queued: 3 });

    log.record(inbound(3));
    await log.flush();
    expect(calls).toEqual([3, 4]);
    expect(log.pending).toBe(0);
    expect(await updateIds()).toEqual([0, 1, 2, 3]);
  });

  it("keeps the unwritten batches when a later batch fails, and writes each row exactly once", async () => {
    let call = 0;
    const { sql, calls } = intercepted((args, real) => (++call === 2 ? Promise.reject(new Error("boom")) : real(args)));
    const log = newLog(sql);
    for (let i = 0; i < 1000; i++) log.record(inbound(i));
    await log.flush();
    await log.flush();
    // 0–199 written, 200–399 refused once and written on the retry, then the rest.
    expect(calls).toEqual([200, 200, 200, 200, 200, 200]);
    expect(log.pending).toBe(0);
    expect(await updateIds()).toEqual(range(0, 1000));
  });

  it("does not retry at once, once per record, while the database is down", async () => {
    const { sql, calls } = intercepted(() => Promise.reject(new Error("database unreachable")));
    const { logger, asLogger } = spyLogger();
    const log = newLog(sql, 60_000, asLogger);
    for (let i = 0; i < 1000; i++) log.record(inbound(i));
    await log.flush();
    await new Promise((r) => setImmediate(r));
    expect(log.pending).toBe(1000);
    // One attempt when the queue reached a batch, at most one more for the explicit flush();
    // the next one is the retry timer's (≥ 1 s), not one per update received meanwhile.
    expect(calls.length).toBeLessThanOrEqual(2);
    expect(logger.error.mock.calls.length).toBeLessThanOrEqual(2);
  });

  it("a NUL character, which PostgreSQL text cannot hold, is stored as U+FFFD, so the batch is not refused", async () => {
    const { sql, calls } = intercepted();
    const log = newLog(sql);
    log.record(inbound(1));
    log.record(inbound(2, { text: "a\u0000b", callbackData: "x\u0000" }));
    log.record(inbound(3));
    await log.flush();
    // One write with all three rows: the NUL never reached the database.
    expect(calls).toEqual([3]);
    expect(await updateIds()).toEqual([1, 2, 3]);
    const row = await db.prisma.conversationLog.findFirstOrThrow({ where: { updateId: 2 } });
    expect([row.text, row.callbackData]).toEqual(["a\uFFFDb", "x\uFFFD"]);
  });

  it("retries by itself after a failed write", async () => {
    let failures = 1;
    const { sql, calls } = intercepted((args, real) => (failures-- > 0 ? Promise.reject(new Error("down")) : real(args)));
    const log = newLog(sql, 10); // retried after max(flushMs, 1 s)
    log.record(inbound(1));
    await vi.waitFor(() => expect(calls).toEqual([1]), { timeout: 1000, interval: 5 });
    expect(log.pending).toBe(1);
    await vi.waitFor(async () => expect(await rowCount()).toBe(1), { timeout: 3000, interval: 20 });
    expect(calls).toEqual([1, 1]);
    expect(log.pending).toBe(0);
  });

  it("stop() writes everything left", async () => {
    const { sql, calls } = intercepted();
    const log = newLog(sql);
    for (let i = 0; i < 7; i++) log.record(inbound(i));
    await log.stop();
    expect(calls).toEqual([7]);
    expect(log.pending).toBe(0);
    expect(await updateIds()).toEqual(range(0, 7));
  });
});

describe("ConversationLog deletion", () => {
  it("deletePerson() removes rows by telegramId or chatId, including queued ones, and leaves the others", async () => {
    const log = newLog();
    const person = 7_000_000_001;
    const group = -1_001_234_567_890;
    log.record(inbound(1, { chatId: person, telegramId: person })); // their private chat, inbound
    log.record(inbound(2, { chatId: person, telegramId: null, direction: "OUT", kind: "sendMessage" })); // the bot's reply
    log.record(inbound(3, { chatId: group, telegramId: person })); // they wrote in a group
    log.record(inbound(4, { chatId: group, telegramId: 555 })); // someone else in that group
    log.record(inbound(5, { chatId: 555, telegramId: 555 })); // someone else's private chat
    log.record(inbound(6, { chatId: null, telegramId: null, kind: "poll" }));
    await log.flush();
    log.record(inbound(7, { chatId: person, telegramId: person })); // still queued

    expect(await log.deletePerson(person)).toBe(4);
    expect(log.pending).toBe(0);
    expect(await updateIds()).toEqual([4, 5, 6]);
    expect(await log.deletePerson(person)).toBe(0);
    expect(await log.deletePerson(555)).toBe(2);
    expect(await updateIds()).toEqual([6]);
  });

  it("deletePerson() leaves none of the person's rows behind when the queued ones could not be written first", async () => {
    let failures = 1;
    const { sql } = intercepted((args, real) => (failures-- > 0 ? Promise.reject(new Error("blip")) : real(args)));
    const log = newLog(sql);
    const person = 7_000_000_001;
    log.record(inbound(1, { chatId: person, telegramId: person }));
    log.record(inbound(2, { chatId: 555, telegramId: 555 }));
    // The next write fails once (a blip); the DELETE itself succeeds.
    const outcome = await log.deletePerson(person).then(
      (count) => ({ count }),
      (error: unknown) => ({ error }),
    );
    await log.flush(); // may be the write that fails
    await log.flush();
    // Either the deletion reports that it failed, or the person's rows are gone for good.
    if (!("error" in outcome)) {
      expect(await db.prisma.conversationLog.count({ where: { OR: [{ telegramId: BigInt(person) }, { chatId: BigInt(person) }] } })).toBe(0);
    }
    expect(await updateIds()).toContain(2);
  });

  it("purgeBefore() deletes only rows strictly older than the cut-off", async () => {
    const log = newLog();
    const cutoff = new Date("2026-10-01T00:00:00.000Z");
    log.record(inbound(1, { at: new Date(cutoff.getTime() - 86_400_000) }));
    log.record(inbound(2, { at: new Date(cutoff.getTime() - 1) }));
    log.record(inbound(3, { at: cutoff }));
    log.record(inbound(4, { at: new Date(cutoff.getTime() + 1) }));
    await log.flush();
    expect(await log.purgeBefore(cutoff)).toBe(2);
    expect(await updateIds()).toEqual([3, 4]);
    expect(await log.purgeBefore(cutoff)).toBe(0);
  });
});

describe("ConversationLog times", () => {
  // PGlite has one connection, so a session setting reaches the log's INSERT; the statement is
  // the same on PostgreSQL, whose servers often run with TimeZone = the county's.
  it.runIf(!process.env.DATABASE_URL)("stores `at` in UTC, as Prisma does, when the server's TimeZone is Asia/Shanghai", async () => {
    await db.sql(`SET TIME ZONE 'Asia/Shanghai'`);
    try {
      const log = newLog();
      log.record(inbound(1));
      await log.flush();
      const [row] = await db.prisma.conversationLog.findMany();
      expect(row?.at).toEqual(new Date(AT.getTime() + 1));
    } finally {
      await db.sql(`SET TIME ZONE 'UTC'`);
    }
  });
});
