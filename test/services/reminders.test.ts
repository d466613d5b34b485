// Calendar reminders through the outbox: queued once across instances and ticks, caught up after
// downtime, never in quiet hours, one non-urgent message a day (a digest), ELECTION_MORNING with
// the polling place, and an unsubscribe button on every one.
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOutboxTransport } from "../../src/bot/outbox-transport.js";
import { LocalBotApi, inlineButtons } from "../../src/bot/local/api.js";
import { loadConfig } from "../../src/config/config.js";
import { seedDemo } from "../../src/db/seed/seed.js";
import { OutboxSender } from "../../src/jobs/outbox-sender.js";
import { fixedClock } from "../../src/services/clock.js";
import { createServices, type Services } from "../../src/services/index.js";
import { createTestDatabase, type Database } from "../support/database.js";

let db: Database;
let services: Services;
const clock = fixedClock("2026-11-20T02:00:00Z"); // 10:00 in Asia/Shanghai, the day the demo roll is published
const logger = pino({ level: "silent" });
const config = loadConfig({ BOT_TOKEN: "123456:TEST-token-abcdefghijklmnopqrstuvwxyz0123", BOT_MODE: "polling", LOG_LEVEL: "silent" });
let voterId: number;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.prisma);
  // The dates these tests count from: the roll published on 2026-11-20, E on 2026-12-15.
  await db.prisma.election.updateMany({ data: { rollPublishedOn: new Date("2026-11-20T00:00:00Z"), electionDay: new Date("2026-12-15T00:00:00Z") } });
  services = createServices(db.prisma, config, logger, clock);
  const c = await db.prisma.constituency.findFirstOrThrow({ where: { code: "01" } });
  voterId = (await db.prisma.user.create({ data: { telegramId: 5001n, constituencyId: c.id, locale: "zh-CN" } })).id;
  await db.prisma.user.create({ data: { telegramId: 5002n, constituencyId: c.id, remindersOn: false } });
  // Reminders on, but the registration topic switched off with /remind.
  const topicOff = await db.prisma.user.create({ data: { telegramId: 5003n, constituencyId: c.id } });
  await services.reminderPreferences.setTopic(topicOff.id, "registration", false);
});
afterAll(() => db?.close());

const deliveries = () => db.prisma.delivery.findMany({ where: { userId: voterId }, orderBy: { id: "asc" } });

describe("reminder ticks", () => {
  it("the day the roll is published: one reminder, queued by one of two instances, once", async () => {
    const [a, b] = await Promise.all([services.reminders.tick(clock.now(), "a"), services.reminders.tick(clock.now(), "b")]);
    expect([a.claimed, b.claimed].sort()).toEqual([false, true]);
    // The voter who switched reminders off gets none, nor the one who switched off this topic.
    expect(a.queued + b.queued).toBe(1);
    clock.advance(60_000);
    expect(await services.reminders.tick(clock.now(), "a")).toEqual({ claimed: true, queued: 0 });
    const [d] = await deliveries();
    expect((d!.payload as { items: { kind: string }[] }).items.map((i) => i.kind)).toEqual(["LIST_PUBLISHED"]);
  });

  it("after downtime, in quiet hours: the objection reminder waits for 08:00 the next morning", async () => {
    clock.set("2026-11-23T14:00:00Z"); // 22:00 local, the day before the last day to object
    const r = await services.reminders.tick(clock.now(), "a");
    expect(r.queued).toBe(1);
    const last = (await deliveries()).at(-1)!;
    expect((last.payload as { items: { kind: string; deadline: string }[] }).items).toEqual([
      expect.objectContaining({ kind: "OBJECTION_DEADLINE", deadline: "2026-11-24" }),
    ]);
    expect(last.notBefore.toISOString()).toBe("2026-11-24T00:00:00.000Z");
  });

  it("queued once; a second non-urgent reminder the same day is held back (one a day)", async () => {
    await db.prisma.reminderSent.deleteMany({ where: { userId: voterId, kind: "LIST_PUBLISHED" } });
    clock.set("2026-11-24T01:00:00Z"); // 09:00 on the last day to object; the roll reminder is still useful
    // The objection reminder was queued for today already (localDay 11-23 though): LIST_PUBLISHED is due again.
    const r = await services.reminders.tick(clock.now(), "a");
    expect(r.queued).toBe(1);
    clock.advance(60_000);
    expect((await services.reminders.tick(clock.now(), "a")).queued).toBe(0);
    // The objection reminder due again (its row gone) would be a second non-urgent message today: held back.
    await db.prisma.reminderSent.deleteMany({ where: { userId: voterId, kind: "OBJECTION_DEADLINE" } });
    clock.advance(60_000);
    expect((await services.reminders.tick(clock.now(), "a")).queued).toBe(0);
  });

  it("22:30 on E−1 queues no eve reminder: by 08:00 'tomorrow is election day' would be wrong", async () => {
    clock.set("2026-12-14T14:30:00Z");
    const before = (await deliveries()).length;
    await services.reminders.tick(clock.now(), "a");
    expect(await deliveries()).toHaveLength(before);
  });

  it("the morning of election day: urgent, with the polling place when the constituency has one", async () => {
    clock.set("2026-12-15T00:30:00Z"); // 08:30 on E
    await services.reminders.tick(clock.now(), "a");
    const morning = (await deliveries()).at(-1)!;
    const payload = morning.payload as { items: { kind: string; pollingPlace: unknown }[] };
    expect(payload.items[0]!.kind).toBe("ELECTION_MORNING");
    expect(morning.notAfter!.toISOString()).toBe("2026-12-15T16:00:00.000Z");
  });

  it("sent through the outbox in the voter's language with the unsubscribe button; pressing it stops reminders", async () => {
    const api = new LocalBotApi();
    const sender = new OutboxSender(services.outbox, createOutboxTransport(config, services, { token: "123456:TEST-token-abcdefghijklmnopqrstuvwxyz0123", fetch: api.fetch }), {
      id: "t", clock, logger, sleep: async () => {},
    });
    while ((await sender.runOnce()) > 0);
    const texts = api.messagesTo(5001);
    expect(texts.length).toBeGreaterThanOrEqual(3);
    expect(texts[0]!.text).toContain("选民名单已于2026年11月20日（星期五）公布");
    expect(texts.at(-1)!.text).toMatch(/今天是选举日。(您的投票站|我们还没有您的投票站信息)/);
    for (const m of texts) expect(inlineButtons(m).map((b) => b.text)).toEqual(["🔕 不再接收提醒"]);
    await services.reminders.unsubscribe(voterId);
    const before = (await deliveries()).length;
    clock.set("2026-12-20T02:00:00Z");
    await db.prisma.election.updateMany({ data: { resultsPublishedOn: new Date("2026-12-20T00:00:00Z") } });
    await services.reminders.tick(clock.now(), "a");
    // The results reminder goes to those still subscribed, not to this voter.
    expect((await deliveries()).length).toBe(before);
  });
});
