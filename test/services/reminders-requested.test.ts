// What voters asked for themselves, sent by the reminder job through the outbox: "remind me" on a
// candidate meeting (the day before, and 2 hours before) and "tell me when the polling places are
// published". Queued once across instances and ticks, never in quiet hours, one non-urgent message
// a day (the rest waits), the unsubscribe button on each, and caught up after a restart without a
// second copy; the request is marked done once its last reminder is queued.
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOutboxTransport } from "../../src/bot/outbox-transport.js";
import { LocalBotApi, inlineButtons } from "../../src/bot/local/api.js";
import { loadConfig } from "../../src/config/config.js";
import { seedDemo } from "../../src/db/seed/seed.js";
import { OutboxSender } from "../../src/jobs/outbox-sender.js";
import { fixedClock } from "../../src/services/clock.js";
import { createServices, type Services } from "../../src/services/index.js";
import type { ReminderPayload } from "../../src/services/reminders.js";
import { createTestDatabase, type Database } from "../support/database.js";

let db: Database;
let services: Services;
const clock = fixedClock("2026-12-09T02:00:00Z"); // 10:00 in Asia/Shanghai, the day before the meeting
const logger = pino({ level: "silent" });
const TOKEN = "123456:TEST-token-abcdefghijklmnopqrstuvwxyz0123";
const config = loadConfig({ BOT_TOKEN: TOKEN, BOT_MODE: "polling", LOG_LEVEL: "silent" });
let meeting: { id: number };
let early: { id: number };
let candidateName: string;
const ids: Record<string, number> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.prisma);
  // E on 2026-12-15; the roll was published long ago, so its own reminders are no longer due.
  await db.prisma.election.updateMany({ data: { rollPublishedOn: new Date("2026-11-01T00:00:00Z"), electionDay: new Date("2026-12-15T00:00:00Z") } });
  services = createServices(db.prisma, config, logger, clock);
  const c1 = await db.prisma.constituency.findFirstOrThrow({ where: { code: "01" } });
  const candidate = await db.prisma.candidate.findFirstOrThrow({ where: { constituencyId: c1.id } });
  candidateName = candidate.fullName;
  meeting = await db.prisma.candidateMeeting.create({
    data: { candidateId: candidate.id, startsAt: new Date("2026-12-10T11:00:00Z"), place: "村委会会议室", address: "幸福路 1 号" }, // 19:00 local
  });
  early = await db.prisma.candidateMeeting.create({
    data: { candidateId: candidate.id, startsAt: new Date("2026-12-11T01:00:00Z"), place: "小学操场" }, // 09:00 local: 2 hours before is in quiet hours
  });
  const user = async (key: string, telegramId: number, data: object = {}) =>
    (ids[key] = (await db.prisma.user.create({ data: { telegramId: BigInt(telegramId), locale: "zh-CN", ...data } })).id);
  await user("own", 6001, { constituencyId: c1.id }); // a voter of the meeting's constituency
  await user("other", 6002, { locale: "en" }); // no constituency: asked about this one
  await user("off", 6003, { constituencyId: c1.id, remindersOn: false }); // pressed 🔕 before
  for (const k of ["own", "other", "off"]) await services.candidates.requestReminder(ids[k]!, meeting.id);
  await services.candidates.requestReminder(ids.own!, early.id);
});
afterAll(() => db?.close());

const deliveriesOf = async (key: string) =>
  (await db.prisma.delivery.findMany({ where: { userId: ids[key] }, orderBy: { id: "asc" } })).map((d) => ({
    items: (d.payload as unknown as ReminderPayload).items,
    notBefore: d.notBefore,
    notAfter: d.notAfter,
  }));
const requestOf = (key: string, meetingId: number) => db.prisma.meetingReminder.findUniqueOrThrow({ where: { userId_meetingId: { userId: ids[key]!, meetingId } } });

describe("meeting reminders", () => {
  it("the day before: queued by one of two instances, once, with the meeting's details; not to a voter who unsubscribed", async () => {
    const [a, b] = await Promise.all([services.reminders.tick(clock.now(), "a"), services.reminders.tick(clock.now(), "b")]);
    expect([a.claimed, b.claimed].sort()).toEqual([false, true]);
    expect(a.queued + b.queued).toBe(2);
    const [own] = await deliveriesOf("own");
    expect(own!.items).toEqual([
      {
        kind: "CANDIDATE_MEETING",
        date: "2026-12-09",
        meeting: { candidate: candidateName, date: "2026-12-10", from: "19:00", place: "村委会会议室", address: "幸福路 1 号", soon: false },
      },
    ]);
    expect(own!.notAfter!.toISOString()).toBe("2026-12-10T11:00:00.000Z");
    expect((await deliveriesOf("other")).map((d) => d.items[0]!.kind)).toEqual(["CANDIDATE_MEETING"]);
    expect(await deliveriesOf("off")).toEqual([]);
    // The request stays open: the 2-hours-before reminder is still to come.
    expect((await requestOf("own", meeting.id)).sentAt).toBeNull();
    clock.advance(60_000);
    expect(await services.reminders.tick(clock.now(), "a")).toEqual({ claimed: true, queued: 0 });
  });

  it("2 hours before: urgent, even after today's message; the request is then marked sent", async () => {
    clock.set("2026-12-10T09:00:00Z"); // 17:00 local
    // Both voters' 2-hours-before reminders, and the day before of the other meeting (tomorrow 09:00).
    expect((await services.reminders.tick(clock.now(), "a")).queued).toBe(3);
    const today = (await deliveriesOf("own")).slice(-2).map((d) => d.items.map((i) => [i.meeting?.from, i.meeting?.soon]));
    expect(today.sort()).toEqual([[["09:00", false]], [["19:00", true]]]);
    expect((await requestOf("own", meeting.id)).sentAt).not.toBeNull();
    expect((await requestOf("other", meeting.id)).sentAt).not.toBeNull();
  });

  it("sent in the voter's language with the meeting's time and place and the unsubscribe button", async () => {
    const api = new LocalBotApi();
    const sender = new OutboxSender(services.outbox, createOutboxTransport(config, services, { token: TOKEN, fetch: api.fetch }), { id: "t", clock, logger, sleep: async () => {} });
    clock.set("2026-12-10T09:05:00Z"); // 17:05, before the 19:00 meeting
    while ((await sender.runOnce()) > 0);
    const zh = api.messagesTo(6001).map((m) => m.text);
    expect(zh[0]).toContain(`您关注的候选人${candidateName}的见面会：2026年12月10日（星期四） 19:00，地点：村委会会议室（幸福路 1 号）。`);
    expect(zh.find((t) => t.includes("今天"))).toContain(`候选人${candidateName}的见面会今天 19:00 开始`);
    const en = api.messagesTo(6002);
    expect(en[0]!.text).toContain(`The meeting with candidate ${candidateName} you asked about: Thursday 10 December 2026 at 19:00, 村委会会议室 (幸福路 1 号).`);
    for (const m of [...api.messagesTo(6001), ...en]) expect(inlineButtons(m).map((b) => b.text)).toHaveLength(1);
  });

  it("a restart between queueing and marking: the next tick marks it and queues nothing twice", async () => {
    await db.prisma.meetingReminder.updateMany({ where: { meetingId: meeting.id }, data: { sentAt: null } });
    clock.set("2026-12-10T09:30:00Z");
    const before = (await deliveriesOf("own")).length;
    expect((await services.reminders.tick(clock.now(), "a")).queued).toBe(0);
    expect(await deliveriesOf("own")).toHaveLength(before);
    expect((await requestOf("own", meeting.id)).sentAt).not.toBeNull();
  });

  it("2 hours before falls in quiet hours: it waits for 08:00 and is never sent after the start", async () => {
    clock.set("2026-12-10T23:00:00Z"); // 07:00 local on 12-11, the meeting at 09:00
    expect((await services.reminders.tick(clock.now(), "a")).queued).toBe(1);
    const last = (await deliveriesOf("own")).at(-1)!;
    expect(last.items[0]!.kind).toBe("CANDIDATE_MEETING");
    expect(last.notBefore.toISOString()).toBe("2026-12-11T00:00:00.000Z"); // 08:00 local
    expect(last.notAfter!.toISOString()).toBe("2026-12-11T01:00:00.000Z");
  });

  it("at most one non-urgent message a day: a day-before reminder held back goes with the next day's digest", async () => {
    const late = await db.prisma.candidateMeeting.create({
      data: { candidateId: (await db.prisma.candidate.findFirstOrThrow({ where: { fullName: candidateName } })).id, startsAt: new Date("2026-12-14T11:00:00Z"), place: "文化站" },
    });
    await services.candidates.requestReminder(ids.own!, late.id);
    clock.set("2026-12-13T02:00:00Z"); // 10:00 on 12-13, the day before
    // Something non-urgent already went today.
    await db.prisma.reminderSent.create({ data: { userId: ids.own!, electionId: (await db.prisma.election.findFirstOrThrow()).id, kind: "TEST", localDay: new Date("2026-12-13T00:00:00Z"), urgent: false } });
    const before = (await deliveriesOf("own")).length;
    await services.reminders.tick(clock.now(), "a");
    expect(await deliveriesOf("own")).toHaveLength(before);
    clock.set("2026-12-14T01:00:00Z"); // 09:00 on E − 1, the meeting day
    await services.reminders.tick(clock.now(), "a");
    const digest = (await deliveriesOf("own")).at(-1)!;
    expect(digest.items.map((i) => i.kind)).toEqual(["CANDIDATE_MEETING", "ELECTION_EVE"]);
  });
});

describe("polling places published", () => {
  it("told once when the places of the watched constituency appear, again only after a new request", async () => {
    clock.set("2026-12-12T02:00:00Z");
    const c = await db.prisma.constituency.findFirstOrThrow({ where: { code: "02" }, include: { pollingPlaces: true } });
    const saved = c.pollingPlaces.map(({ id: _id, ...p }) => p);
    await db.prisma.pollingPlace.deleteMany({ where: { constituencyId: c.id } });
    const watcher = (ids.watcher = (await db.prisma.user.create({ data: { telegramId: 6004n, constituencyId: c.id } })).id);
    expect(await services.polling.watch(watcher, c.id)).toBe("saved");
    await services.reminders.tick(clock.now(), "a");
    expect(await deliveriesOf("watcher")).toEqual([]);

    await db.prisma.pollingPlace.createMany({ data: saved.length > 0 ? saved : [{ electionId: c.electionId, constituencyId: c.id, kind: "STATION", name: "第二投票站", address: "某路", opensAt: "08:00", closesAt: "17:00" }] });
    clock.advance(60_000);
    expect((await services.reminders.tick(clock.now(), "a")).queued).toBe(1);
    expect((await deliveriesOf("watcher"))[0]!.items).toEqual([{ kind: "PLACES_PUBLISHED", date: "2026-12-12", constituency: c.name }]);
    expect((await db.prisma.pollingPlaceWatch.findFirstOrThrow({ where: { userId: watcher } })).notifiedAt).not.toBeNull();
    clock.advance(60_000);
    expect((await services.reminders.tick(clock.now(), "a")).queued).toBe(0);

    // The places withdrawn and asked again: a new request, told again (the next day: one a day).
    await db.prisma.pollingPlace.deleteMany({ where: { constituencyId: c.id } });
    clock.set("2026-12-13T02:00:00Z");
    expect(await services.polling.watch(watcher, c.id)).toBe("saved");
    await db.prisma.pollingPlace.createMany({ data: saved.length > 0 ? saved : [{ electionId: c.electionId, constituencyId: c.id, kind: "STATION", name: "第二投票站", address: "某路", opensAt: "08:00", closesAt: "17:00" }] });
    clock.advance(60_000);
    await services.reminders.tick(clock.now(), "a");
    expect((await deliveriesOf("watcher")).map((d) => d.items[0]!.kind)).toEqual(["PLACES_PUBLISHED", "PLACES_PUBLISHED"]);
  });
});
