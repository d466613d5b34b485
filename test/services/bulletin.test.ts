// The weekly bulletin (换届选举简报): two instances run it at the same moment and it is queued
// once, to every reachable staff member and admin; a re-run in the same week queues nothing, the
// next week gets its own; the text is in each reader's language, with the figures of their own
// area, and a figure nobody has entered says so instead of 0 %.
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOutboxTransport } from "../../src/bot/outbox-transport.js";
import { LocalBotApi } from "../../src/bot/local/api.js";
import { loadConfig } from "../../src/config/config.js";
import { openDatabase } from "../../src/db/database.js";
import { seedDemoSuggestions } from "../../src/db/seed/demo-suggestions.js";
import { seedDemo } from "../../src/db/seed/seed.js";
import { parseLocalDate } from "../../src/domain/dates.js";
import { OutboxSender } from "../../src/jobs/outbox-sender.js";
import { bulletinWeek } from "../../src/services/bulletin.js";
import { fixedClock } from "../../src/services/clock.js";
import { createServices, type Services } from "../../src/services/index.js";
import { createTestDatabase, type Database, type TestDatabase } from "../support/database.js";

const TOKEN = "123456:TEST-token-abcdefghijklmnopqrstuvwxyz0123";
const clock = fixedClock("2026-11-30T00:30:00Z"); // Monday 08:30 in Asia/Shanghai
const logger = pino({ level: "silent" });
const config = loadConfig({ BOT_TOKEN: TOKEN, BOT_MODE: "polling", LOG_LEVEL: "silent" });
let db: TestDatabase;
let other: Database | null = null;
let a: Services;
let b: Services;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.prisma, { today: parseLocalDate("2026-11-27") });
  await seedDemoSuggestions(db.prisma, new Date("2026-11-27T02:00:00Z"));
  // A second instance: its own client (and pool) on PostgreSQL; the same embedded database on PGlite.
  other = db.postgresUrl ? await openDatabase({ kind: "postgres", url: db.postgresUrl, poolSize: 2 }, { migrate: false }) : null;
  a = createServices(db.prisma, config, logger, clock);
  b = createServices((other ?? db).prisma, config, logger, clock);
  const township = await db.prisma.adminArea.findUniqueOrThrow({ where: { code: "999901001" } });
  const county = await db.prisma.adminArea.findUniqueOrThrow({ where: { code: "999901" } });
  await db.prisma.user.createMany({
    data: [
      { telegramId: 8001n, role: "STAFF", scopeAreaId: county.id, locale: "zh-CN" },
      { telegramId: 8002n, role: "STAFF", scopeAreaId: township.id, locale: "en" },
      { telegramId: 8003n, role: "ADMIN", locale: "zh-TW" },
      { telegramId: 8004n, role: "STAFF", scopeAreaId: county.id, unreachableAt: new Date("2026-11-01T00:00:00Z") },
      { telegramId: 8005n, role: "VOTER" },
    ],
  });
}, 60_000);
afterAll(async () => {
  await other?.close();
  await db?.close();
});

/** Staff and admins who have not blocked the bot (the demo has its own besides the ones made here). */
const reachableStaff = () => db.prisma.user.count({ where: { role: { in: ["STAFF", "ADMIN"] }, unreachableAt: null } });

describe("bulletinWeek", () => {
  it.each([
    ["2026-11-30", "2026-11-30"], // a Monday is its own week
    ["2026-12-06", "2026-11-30"], // Sunday belongs to the Monday before
    ["2026-12-01", "2026-11-30"],
    ["2027-01-01", "2026-12-28"], // across the year
  ])("%s → %s", (day, monday) => expect(bulletinWeek(parseLocalDate(day))).toBe(monday));
});

describe("the weekly bulletin", () => {
  it("two instances at once: one claims the week and queues it for every reachable staff member and admin; a re-run that week queues nothing", async () => {
    const [x, y] = await Promise.all([a.bulletin.send(clock.now(), "a"), b.bulletin.send(clock.now(), "b")]);
    expect([x.claimed, y.claimed].sort()).toEqual([false, true]);
    expect(x.queued + y.queued).toBe(await reachableStaff());
    expect(await db.prisma.delivery.count({ where: { user: { telegramId: { in: [8004n, 8005n] } } } })).toBe(0);
    clock.advance(2 * 86_400_000);
    expect(await a.bulletin.send(clock.now(), "a")).toEqual({ claimed: false, queued: 0 });
    expect(await db.prisma.broadcast.count({ where: { kind: "BULLETIN" } })).toBe(1);
  });

  it("sent once, in each reader's language, with their area's figures; unknown figures say so", async () => {
    const api = new LocalBotApi();
    const sender = new OutboxSender(a.outbox, createOutboxTransport(config, a, { token: TOKEN, fetch: api.fetch }), { id: "s", clock, logger });
    while ((await sender.runOnce()) > 0);
    const texts = new Map([8001, 8002, 8003, 8004, 8005].map((id) => [id, api.messagesTo(id).map((m) => m.text)]));
    expect([...texts.values()].map((t) => t.length)).toEqual([1, 1, 1, 0, 0]);
    const county = texts.get(8001)![0]!;
    expect(county).toContain("📰 换届选举简报 · 示例县");
    expect(county).toContain("参选率 暂无（尚未录入）");
    const listed = await db.prisma.rollEntry.count({ where: { status: "LISTED" } });
    expect(county).toContain(`选民登记 ${listed.toLocaleString("zh-CN")} 人`);
    // The demo suggestions were filed the week before this Monday.
    const received = await db.prisma.suggestion.count({ where: { submittedOn: { gte: new Date("2026-11-23T00:00:00Z"), lt: new Date("2026-11-30T00:00:00Z") }, status: { not: "WITHDRAWN" } } });
    expect(received).toBeGreaterThan(0);
    expect(county).toContain(`新收建议 ${received} 件`);

    const township = texts.get(8002)![0]!;
    expect(township).toContain("Election bulletin · 青禾镇");
    const inTownship = await db.prisma.rollEntry.count({ where: { status: "LISTED", constituency: { areas: { some: { area: { parent: { code: "999901001" } } } } } } });
    expect(inTownship).toBeLessThan(listed);
    expect(township).toContain(`${inTownship.toLocaleString("en")} voters listed`);
    expect(township).toContain("Turnout not yet (nothing entered)");
    expect(texts.get(8003)![0]).toContain("換屆選舉簡報");
  });

  it("the next week gets its own bulletin", async () => {
    clock.set("2026-12-07T00:00:00Z");
    const r = await a.bulletin.send(clock.now(), "a");
    expect(r).toEqual({ claimed: true, queued: await reachableStaff() });
    expect(await db.prisma.broadcast.count({ where: { kind: "BULLETIN" } })).toBe(2);
  });
});
