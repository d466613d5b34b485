import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { purgeOldConversations, retentionCutoff } from "../../src/jobs/conversation-log-retention.js";
import type { Logger } from "../../src/observability/logger.js";
import { ConversationLog } from "../../src/services/conversation-log.js";
import { createTestDatabase, type Database } from "../support/database.js";

const DAY = 86_400_000;

describe("retentionCutoff", () => {
  it.each([
    { now: "2026-03-31T12:00:00.000Z", days: 30, cutoff: "2026-03-01T12:00:00.000Z" },
    { now: "2026-03-01T00:00:00.000Z", days: 30, cutoff: "2026-01-30T00:00:00.000Z" },
    { now: "2024-03-01T00:00:00.000Z", days: 30, cutoff: "2024-01-31T00:00:00.000Z" }, // leap year
    { now: "2026-01-15T03:17:00.000Z", days: 30, cutoff: "2025-12-16T03:17:00.000Z" }, // across a year
    { now: "2026-11-20T08:00:00.123Z", days: 1, cutoff: "2026-11-19T08:00:00.123Z" },
    { now: "2026-11-20T08:00:00.000Z", days: 0, cutoff: "2026-11-20T08:00:00.000Z" },
    { now: "2026-11-20T08:00:00.000Z", days: 365, cutoff: "2025-11-20T08:00:00.000Z" },
  ])("$days days before $now is $cutoff", ({ now, days, cutoff }) => {
    expect(retentionCutoff(new Date(now), days).toISOString()).toBe(cutoff);
  });

  it("counts whole 24-hour days, whatever the local clock does (no DST shift)", () => {
    const now = new Date("2026-04-15T12:00:00.000Z");
    expect(now.getTime() - retentionCutoff(now, 30).getTime()).toBe(30 * DAY);
  });

  it("does not change the date it was given", () => {
    const now = new Date("2026-11-20T08:00:00.000Z");
    retentionCutoff(now, 30);
    expect(now.toISOString()).toBe("2026-11-20T08:00:00.000Z");
  });
});

describe("purgeOldConversations", () => {
  const NOW = new Date("2026-11-20T03:17:00.000Z");
  let db: Database;
  let log: ConversationLog;
  const logger = { info: vi.fn(), error: vi.fn(), warn: vi.fn(), debug: vi.fn() };

  beforeAll(async () => {
    db = await createTestDatabase();
    log = new ConversationLog(db.prisma, logger as unknown as Logger, 60_000);
  });

  afterAll(async () => {
    await log.stop();
    await db.close();
  });

  beforeEach(async () => {
    logger.info.mockClear();
    await db.prisma.conversationLog.deleteMany();
    // Rows at explicit times around the 30-day cut-off (2026-10-21T03:17Z).
    const ages = [365 * DAY, 31 * DAY, 30 * DAY + 1, 30 * DAY, 30 * DAY - 1, 29 * DAY, 1000, 0];
    await db.prisma.conversationLog.createMany({
      data: ages.map((age, i) => ({ at: new Date(NOW.getTime() - age), direction: "IN" as const, kind: "message", telegramId: 1n, updateId: i })),
    });
  });

  const remaining = async () =>
    (await db.prisma.conversationLog.findMany({ select: { updateId: true }, orderBy: { updateId: "asc" } })).map((r) => r.updateId);

  it("deletes rows older than N days, keeps the newer ones and the one exactly at the cut-off", async () => {
    expect(await purgeOldConversations(log, 30, logger as unknown as Logger, NOW)).toBe(3);
    expect(await remaining()).toEqual([3, 4, 5, 6, 7]);
    expect(logger.info).toHaveBeenCalledTimes(1);
    expect(logger.info).toHaveBeenCalledWith({ deleted: 3, days: 30 }, "conversation log retention");
  });

  it("is safe to re-run: a second run deletes nothing and logs nothing", async () => {
    expect(await purgeOldConversations(log, 30, logger as unknown as Logger, NOW)).toBe(3);
    logger.info.mockClear();
    expect(await purgeOldConversations(log, 30, logger as unknown as Logger, NOW)).toBe(0);
    expect(logger.info).not.toHaveBeenCalled();
    expect(await remaining()).toEqual([3, 4, 5, 6, 7]);
  });

  it("uses the number of days given", async () => {
    expect(await purgeOldConversations(log, 1, logger as unknown as Logger, NOW)).toBe(6);
    expect(await remaining()).toEqual([6, 7]);
    expect(logger.info).toHaveBeenCalledWith({ deleted: 6, days: 1 }, "conversation log retention");
  });

  it("keeps everything when nothing is old enough", async () => {
    expect(await purgeOldConversations(log, 400, logger as unknown as Logger, NOW)).toBe(0);
    expect(await remaining()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(logger.info).not.toHaveBeenCalled();
  });

  it("runs safely twice at once (several instances)", async () => {
    const other = new ConversationLog(db.prisma, logger as unknown as Logger, 60_000);
    const counts = await Promise.all([
      purgeOldConversations(log, 30, logger as unknown as Logger, NOW),
      purgeOldConversations(other, 30, logger as unknown as Logger, NOW),
    ]);
    expect(counts[0] + counts[1]).toBe(3);
    expect(await remaining()).toEqual([3, 4, 5, 6, 7]);
  });
});
