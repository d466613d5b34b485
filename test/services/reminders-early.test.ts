// Reminders for a large audience start early enough: when one day's allowed hours cannot hold the
// election-day reminders at the configured rate, they are queued ahead (planDelivery), and the text
// then names the date instead of saying "tomorrow" or "today".
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOutboxTransport } from "../../src/bot/outbox-transport.js";
import { LocalBotApi } from "../../src/bot/local/api.js";
import { loadConfig } from "../../src/config/config.js";
import { seedDemo } from "../../src/db/seed/seed.js";
import { OutboxSender } from "../../src/jobs/outbox-sender.js";
import { AuditService } from "../../src/services/audit.js";
import { fixedClock } from "../../src/services/clock.js";
import { createServices, type Services } from "../../src/services/index.js";
import { OutboxService } from "../../src/services/outbox.js";
import { ReminderService } from "../../src/services/reminders.js";
import { createTestDatabase, type Database } from "../support/database.js";

let db: Database;
let services: Services;
let reminders: ReminderService;
let outbox: OutboxService;
const clock = fixedClock("2026-12-13T02:00:00Z"); // 10:00 on E − 2
const logger = pino({ level: "silent" });
const TOKEN = "123456:TEST-token-abcdefghijklmnopqrstuvwxyz0123";
const config = loadConfig({ BOT_TOKEN: TOKEN, BOT_MODE: "polling", LOG_LEVEL: "silent" });
const AUDIENCE = 120;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.prisma);
  await db.prisma.election.updateMany({ data: { rollPublishedOn: new Date("2026-11-01T00:00:00Z"), electionDay: new Date("2026-12-15T00:00:00Z") } });
  services = createServices(db.prisma, config, logger, clock);
  const c = await db.prisma.constituency.findFirstOrThrow({ where: { code: "01" } });
  await db.prisma.$executeRawUnsafe(`INSERT INTO "User" ("telegramId", "constituencyId", locale) SELECT g, ${c.id}, 'zh-CN' FROM generate_series(800001, ${800000 + AUDIENCE}) g`);
  // A rate at which one day's 13 allowed hours hold about 47 messages: the audience needs 3 days.
  outbox = new OutboxService(db.prisma, new AuditService(db.prisma), { ratePerSecond: 0.001, paid: false, maxAttempts: 3 });
  reminders = new ReminderService(db.prisma, outbox, config.TIMEZONE, services.reminderPreferences, { meetings: services.candidates, places: services.polling });
});
afterAll(() => db?.close());

const eve = () => db.prisma.delivery.count({ where: { chatId: { gte: 800001n }, payload: { path: ["items", "0", "kind"], equals: "ELECTION_EVE" } } });

describe("early start of a large audience's election-day reminders", () => {
  it("queued ahead when one day cannot hold them, once", async () => {
    expect((await reminders.tick(clock.now(), "a")).claimed).toBe(true);
    expect(await eve()).toBe(AUDIENCE);
    clock.advance(60_000);
    await reminders.tick(clock.now(), "a");
    expect(await eve()).toBe(AUDIENCE);
  });

  it("a message sent ahead names the date, not 'tomorrow'", async () => {
    const api = new LocalBotApi();
    const sender = new OutboxSender(outbox, createOutboxTransport(config, services, { token: TOKEN, fetch: api.fetch }), { id: "t", clock, logger, sleep: async () => {}, batchSize: 3 });
    await sender.runOnce();
    const text = api.messagesTo(800001)[0]!.text;
    expect(text).toContain("2026年12月15日（星期二）是选举日");
    expect(text).not.toContain("明天");
  });

  it("with a rate the day can hold, nothing is queued before its day", async () => {
    const fast = new ReminderService(db.prisma, services.outbox, config.TIMEZONE, services.reminderPreferences, { meetings: services.candidates, places: services.polling });
    await db.prisma.delivery.deleteMany({});
    await db.prisma.reminderSent.deleteMany({});
    clock.advance(60_000);
    await fast.tick(clock.now(), "a");
    expect(await eve()).toBe(0);
  });
});
