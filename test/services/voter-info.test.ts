// Candidates, polling places and "near me" services on the real database (demo county seeded);
// dates from the seeded election, "today" from a fixed clock.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pino from "pino";
import { loadConfig } from "../../src/config/config.js";
import { seedDemo } from "../../src/db/seed/seed.js";
import { addDays, type LocalDate } from "../../src/domain/dates.js";
import { instantAt } from "../../src/domain/zoned-time.js";
import { fixedClock } from "../../src/services/clock.js";
import { createServices, type Services } from "../../src/services/index.js";
import { createTestDatabase, type Database } from "../support/database.js";

const TZ = "Asia/Shanghai";
const clock = fixedClock("2000-01-01T00:00:00Z");
let db: Database;
let s: Services;
let E: LocalDate;
const at = (days: number, minute = 600) => instantAt(addDays(E, days), minute, TZ);

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.prisma);
  s = createServices(db.prisma, loadConfig({ BOT_MODE: "console", LOG_LEVEL: "silent" }), pino({ level: "silent" }), clock);
  E = (await s.areas.overview())!.election!.electionDay;
  clock.set(at(-10));
});
afterAll(() => db?.close());

const constituencyId = async (code: string) => (await db.prisma.constituency.findFirstOrThrow({ where: { code } })).id;

describe("CandidateService", () => {
  it("orders by strokes with the election's single-given-name setting", async () => {
    const id = await constituencyId("03");
    const rows = await db.prisma.candidate.findMany({ where: { constituencyId: id }, orderBy: { id: "asc" } });
    await db.prisma.candidate.update({ where: { id: rows[0]!.id }, data: { fullName: "丁宁" } });
    await db.prisma.candidate.update({ where: { id: rows[1]!.id }, data: { fullName: "丁小强" } });
    const names = async () => (await s.candidates.list(id))!.candidates.map((c) => c.fullName);
    expect(await names()).toEqual(["丁小强", "丁宁"]); // 小 (3) before 宁 (5): characters compared
    const election = await db.prisma.election.findFirstOrThrow();
    await db.prisma.election.update({ where: { id: election.id }, data: { rules: { ...(election.rules as object), singleGivenName: "blank-first" } } });
    expect(await names()).toEqual(["丁宁", "丁小强"]); // party-congress practice: a single given name first
    await db.prisma.election.update({ where: { id: election.id }, data: { rules: election.rules as object } });
  });

  it("reports the stage, the law's dates and range, and hides bios and meetings from E on", async () => {
    const id = await constituencyId("02");
    const before = (await s.candidates.list(id))!;
    expect(before).toMatchObject({ stage: "FORMAL", introductionsAllowed: true, count: { min: 4, max: 6, status: "OK" } });
    expect(before.dueBy).toBe(addDays(E, -8));
    expect(before.candidates.every((c) => c.bio !== null && c.meetings.length === 2)).toBe(true);
    clock.set(at(-4, 0)); // the joint meeting (E−5) is over: only meetings not yet over are listed
    expect((await s.candidates.list(id))!.candidates.every((c) => c.meetings.every((m) => m.startsAt > clock.now()))).toBe(true);
    clock.set(at(0, 0));
    const on = (await s.candidates.list(id))!;
    expect(on.introductionsAllowed).toBe(false);
    expect(on.candidates.every((c) => c.bio === null && c.meetings.length === 0)).toBe(true);
    expect(await s.candidates.compare(on.candidates[0]!.id, on.candidates[1]!.id)).toEqual({ status: "closed" });
    clock.set(at(-10));
    expect(await s.candidates.list(99_999_999)).toBeNull();
  });

  it("stores a reminder once per person and meeting, refuses past and E-day ones, and lists due ones for the job", async () => {
    const user = await db.prisma.user.create({ data: { telegramId: 55501n } });
    const meeting = await db.prisma.candidateMeeting.findFirstOrThrow({ orderBy: { startsAt: "asc" } });
    expect((await s.candidates.requestReminder(user.id, meeting.id)).result).toBe("saved");
    expect((await s.candidates.requestReminder(user.id, meeting.id)).result).toBe("already");
    await Promise.all([1, 2, 3].map(() => s.candidates.requestReminder(user.id, meeting.id)));
    expect(await db.prisma.meetingReminder.count({ where: { userId: user.id } })).toBe(1);
    expect((await s.candidates.requestReminder(user.id, 99_999_999)).result).toBe("gone");
    clock.set(new Date(meeting.startsAt.getTime() + 1000));
    expect((await s.candidates.requestReminder(user.id, meeting.id)).result).toBe("past");
    clock.set(at(0));
    expect((await s.candidates.requestReminder(user.id, meeting.id)).result).toBe("closed");
    clock.set(at(-10));
    expect((await s.candidates.remindersOf(user.id)).map((r) => r.meeting.id)).toEqual([meeting.id]);
    // A meeting moved onto E is never reminded of (选举法 34).
    await db.prisma.candidateMeeting.update({ where: { id: meeting.id }, data: { startsAt: at(0, 9 * 60) } });
    expect((await s.candidates.dueMeetingReminders(at(-1), at(1))).filter((d) => d.userId === user.id)).toEqual([]);
    await db.prisma.candidateMeeting.update({ where: { id: meeting.id }, data: { startsAt: meeting.startsAt } });
    expect(await s.candidates.cancelReminder(user.id, meeting.id)).toBe(true);
    expect(await s.candidates.remindersOf(user.id)).toEqual([]);
  });
});

describe("PollingService", () => {
  it("gives places stations first, the mobile box last, with the township", async () => {
    const info = (await s.polling.forConstituency(await constituencyId("04")))!;
    expect(info.places.map((p) => p.kind)).toEqual(["STATION", "MOBILE_BOX"]);
    expect(info.township).toBe("石桥乡");
    expect((await s.polling.forConstituency(await constituencyId("05")))!.township).toBeNull(); // work units
    expect(await s.polling.forConstituency(99_999_999)).toBeNull();
  });

  it("refuses a watch where places are published, stores one otherwise", async () => {
    const user = await db.prisma.user.create({ data: { telegramId: 55502n } });
    expect(await s.polling.watch(user.id, await constituencyId("01"))).toBe("published");
    expect(await s.polling.watch(user.id, 99_999_999)).toBe("gone");
  });
});

describe("NearbyService", () => {
  it.each([
    [{ latitude: 95, longitude: 0 }, "invalid"],
    [{ latitude: 29.5, longitude: 123.5 }, "outside"],
    [{ latitude: 39.9, longitude: 116.4 }, "outside"],
    [{ latitude: 30.179, longitude: 120.1698 }, "ok"],
  ])("%o → %s", async (origin, status) => {
    expect((await s.nearby.find(origin)).status).toBe(status);
  });

  it("names 北岭村 and 第四选区 for a point in 北岭村, nothing else", async () => {
    const r = await s.nearby.find({ latitude: 30.179, longitude: 120.1698 });
    if (r.status !== "ok") throw new Error(r.status);
    expect(r.areas[0]).toMatchObject({ name: "北岭村", parentName: "石桥乡" });
    expect(r.areas[0]!.distanceKm).toBeLessThan(0.05);
    expect(r.constituencies.map((c) => c.name)).toEqual(["第四选区（石桥乡北岭村、上坪村、石桥社区）"]);
  });
});
