// The roll look-up, requests and their concurrency rules against a real database (PGlite, or
// PostgreSQL with DATABASE_URL: there the "second instance" has its own connection pool).
import pino from "pino";
import { loadConfig } from "../../src/config/config.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/database.js";
import { DEMO_VOTER, DEMO_VOTER_AWAY_FOR_WORK } from "../../src/db/seed/demo-data.js";
import { seedDemo } from "../../src/db/seed/seed.js";
import { parseLocalDate } from "../../src/domain/dates.js";
import { fixedClock } from "../../src/services/clock.js";
import { createServices, type Services } from "../../src/services/index.js";
import { MAX_FAILURES } from "../../src/services/roll.js";
import { nextTrackingNumber } from "../../src/services/tracking-numbers.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

const NOW = "2026-11-27T02:00:00Z"; // 10:00 in Shanghai; demo loaded for 2026-11-27 (E 2026-12-15)
const config = loadConfig({ CONVERSATION_LOG_FLUSH_MS: "50" });
const quiet = pino({ level: "silent" });

let db: TestDatabase;
let other: Database; // the second instance's connection
let a: Services; // instance one
let b: Services; // instance two
const clock = fixedClock(NOW);

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.prisma, { today: parseLocalDate("2026-11-27") });
  other = db.postgresUrl ? await openDatabase({ kind: "postgres", url: db.postgresUrl, poolSize: 4 }) : { ...db, close: async () => {} };
  a = createServices(db.prisma, config, quiet, clock);
  b = createServices(other.prisma, config, quiet, clock);
});
afterAll(async () => {
  await a?.conversationLog.stop();
  await b?.conversationLog.stop();
  await other?.close();
  await db?.close();
});

let nextTelegramId = 900_000;
async function newUser(rollEntryVoterNo?: string) {
  const entry = rollEntryVoterNo ? await db.prisma.rollEntry.findFirstOrThrow({ where: { voterNo: rollEntryVoterNo } }) : null;
  return db.prisma.user.create({
    data: { telegramId: BigInt(nextTelegramId++), rollEntryId: entry?.id ?? null, constituencyId: entry?.constituencyId ?? null },
  });
}

describe("tracking numbers", () => {
  it("are unique and gap-free under 40 parallel allocations from two instances", async () => {
    const numbers = await Promise.all(Array.from({ length: 40 }, (_, i) => nextTrackingNumber((i % 2 ? other : db).prisma, "ZZ", 2026)));
    expect(new Set(numbers).size).toBe(40);
    expect(numbers.map((n) => Number(n.slice(-6))).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(numbers[0]).toMatch(/^ZZ-2026-\d{6}$/);
  });

  it("20 questions filed at once on two instances get 20 different WT numbers", async () => {
    const users = await Promise.all(Array.from({ length: 20 }, () => newUser()));
    const results = await Promise.all(
      users.map((u, i) => (i % 2 ? b : a).requests.askQuestion(u.id, "zh-CN", { text: `问题 ${i}`, idempotencyKey: `q${i}` })),
    );
    const numbers = results.map((r) => (r.kind === "FILED" ? r.request.trackingNo : "x"));
    expect(numbers.every((n) => /^WT-2026-\d{6}$/.test(n))).toBe(true);
    expect(new Set(numbers).size).toBe(20);
  });

  it("a second press of the same confirm button files nothing more, even at the same moment", async () => {
    const u = await newUser();
    const [first, second] = await Promise.all([
      a.requests.askQuestion(u.id, "zh-CN", { text: "同一个问题", idempotencyKey: "same" }),
      b.requests.askQuestion(u.id, "zh-CN", { text: "同一个问题", idempotencyKey: "same" }),
    ]);
    const kinds = [first.kind, second.kind].sort();
    expect(kinds).toEqual(["DUPLICATE", "FILED"]);
    expect(await db.prisma.voterRequest.count({ where: { userId: u.id } })).toBe(1);
  });
});

describe("roll look-up", () => {
  it("links the demo voter by name and last 4 characters (also typed in traditional characters)", async () => {
    const u = await newUser();
    const r = await a.roll.link(u.id, "張示例", "1234", clock.now());
    expect(r.kind).toBe("FOUND");
    if (r.kind !== "FOUND") return;
    expect(r.value.registration).toMatchObject({ fullName: DEMO_VOTER.fullName, voterNo: "01-0001", status: "LISTED" });
    expect(r.value.registration.voterGroup?.leaderName).toBeTruthy();
    const stored = await db.prisma.user.findUniqueOrThrow({ where: { id: u.id } });
    expect(stored.rollEntryId).toBe((await db.prisma.rollEntry.findFirstOrThrow({ where: { voterNo: "01-0001" } })).id);
  });

  it("answers an unknown person and a known person with wrong characters the same way", async () => {
    const u = await newUser();
    const unknown = await a.roll.link(u.id, "查无此人", "1234", clock.now());
    const wrong = await a.roll.link(u.id, DEMO_VOTER.fullName, "9999", clock.now());
    expect(unknown).toEqual({ kind: "NOT_FOUND", triesLeft: MAX_FAILURES - 1 });
    expect(wrong).toEqual({ kind: "NOT_FOUND", triesLeft: MAX_FAILURES - 2 });
  });

  it("allows 5 failed tries per person per hour across two instances, stored, then lets them try again", async () => {
    const u = await newUser();
    const start = new Date(NOW);
    const at = (min: number) => new Date(start.getTime() + min * 60_000);
    // Five failures, alternating instances, some in parallel.
    await Promise.all([a.roll.link(u.id, "无此人甲", "1111", at(0)), b.roll.link(u.id, "无此人乙", "1111", at(0))]);
    await a.roll.link(u.id, "无此人丙", "1111", at(1));
    await b.roll.link(u.id, "无此人丁", "1111", at(2));
    await a.roll.findVoter(u.id, "无此人戊", "1111", at(3)); // the proxy/family look-up shares the limit
    expect(await db.prisma.rollLookupFailure.count({ where: { userId: u.id } })).toBe(5);
    // The sixth, even with the right answer, on either instance, is refused until an hour after the first.
    const limited = await b.roll.link(u.id, DEMO_VOTER.fullName, DEMO_VOTER.idLast4, at(10));
    expect(limited).toEqual({ kind: "LIMITED", retryAt: at(60) });
    expect(await a.roll.limitedUntil(u.id, at(59))).toEqual(at(60));
    expect(await a.roll.limitedUntil(u.id, at(61))).toBeNull();
    expect((await a.roll.link(u.id, DEMO_VOTER.fullName, DEMO_VOTER.idLast4, at(61))).kind).toBe("FOUND");
  });

  it("ten parallel failures on two instances still stop at five", async () => {
    const u = await newUser();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? b : a).roll.link(u.id, `无此人${i}`, "2222", clock.now())));
    expect(results.filter((r) => r.kind === "NOT_FOUND")).toHaveLength(5);
    expect(results.filter((r) => r.kind === "LIMITED")).toHaveLength(5);
    expect(await db.prisma.rollLookupFailure.count({ where: { userId: u.id } })).toBe(5);
  });

  it("a second account linking the same entry displaces the first, which is named so it can be told", async () => {
    const first = await newUser();
    const second = await newUser();
    await a.roll.link(first.id, DEMO_VOTER_AWAY_FOR_WORK.fullName, "301X", clock.now());
    const r = await a.roll.link(second.id, DEMO_VOTER_AWAY_FOR_WORK.fullName, "301x".toUpperCase(), clock.now());
    expect(r.kind === "FOUND" && r.value.displacedTelegramId).toBe(Number(first.telegramId));
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: first.id } })).rollEntryId).toBeNull();
  });

  it("a staff scope is an area and everything below it", async () => {
    const township = await db.prisma.adminArea.findUniqueOrThrow({ where: { code: "999901002" } });
    const scope = { areaIds: await a.accounts.areaIdsUnder(township.id) };
    const codes = (await db.prisma.adminArea.findMany({ where: { id: { in: scope.areaIds } } })).map((x) => x.code).sort();
    expect(codes).toEqual(["999901002", "999901002001", "999901002201", "999901002202"]);
  });
});

describe("proxy limit", () => {
  it("under 6 parallel requests naming one holder, exactly 3 are filed and 3 refused (pending + consented count)", async () => {
    // Constituency 01: the holder and six voters who want to entrust their vote.
    const entries = await db.prisma.rollEntry.findMany({ where: { voterNo: { startsWith: "01-" }, status: "LISTED" }, orderBy: { voterNo: "asc" }, skip: 100, take: 7 });
    const [holder, ...grantors] = entries;
    const users = await Promise.all(grantors.map((g) => newUser(g.voterNo)));
    const results = await Promise.all(
      users.map((u, i) => (i % 2 ? b : a).requests.fileProxy(u.id, "zh-CN", { holderEntryId: holder!.id, details: "外出务工", idempotencyKey: `p${i}` })),
    );
    expect(results.filter((r) => r.kind === "FILED")).toHaveLength(3);
    expect(results.filter((r) => r.kind === "REFUSED")).toEqual(Array(3).fill({ kind: "REFUSED", reason: "HOLDER_FULL", maxProxies: 3 }));
    expect(await db.prisma.voterRequest.count({ where: { kind: "PROXY", proxyHolderEntryId: holder!.id } })).toBe(3);

    // A refusal frees a place; a consent does not.
    const filed = results.filter((r) => r.kind === "FILED").map((r) => (r.kind === "FILED" ? r.request : null)!);
    const staff = await newUser();
    await a.requests.decide(staff.id, filed[0]!.id, "APPROVED", "同意", null);
    await a.requests.decide(staff.id, filed[1]!.id, "REJECTED", "未提交书面委托书", null);
    const refused = users[results.findIndex((r) => r.kind === "REFUSED")]!;
    expect((await a.requests.fileProxy(refused.id, "zh-CN", { holderEntryId: holder!.id, details: "外出", idempotencyKey: "retry" })).kind).toBe("FILED");
    const another = await newUser("01-0300");
    expect(await a.requests.fileProxy(another.id, "zh-CN", { holderEntryId: holder!.id, details: "外出", idempotencyKey: "x" })).toEqual({ kind: "REFUSED", reason: "HOLDER_FULL", maxProxies: 3 });
  });

  it("refuses the voter themself, a holder of another constituency, and a second proxy of the same voter", async () => {
    const [mine, sameC, otherC] = await Promise.all([
      db.prisma.rollEntry.findFirstOrThrow({ where: { voterNo: "02-0100" } }),
      db.prisma.rollEntry.findFirstOrThrow({ where: { voterNo: "02-0101" } }),
      db.prisma.rollEntry.findFirstOrThrow({ where: { voterNo: "03-0100" } }),
    ]);
    const u = await newUser(mine.voterNo);
    const file = (holderEntryId: number, key: string) => a.requests.fileProxy(u.id, "zh-CN", { holderEntryId, details: "出差", idempotencyKey: key });
    expect(await file(mine.id, "a")).toEqual({ kind: "REFUSED", reason: "SELF" });
    expect(await file(otherC.id, "b")).toEqual({ kind: "REFUSED", reason: "NOT_SAME_CONSTITUENCY" });
    expect((await file(sameC.id, "c")).kind).toBe("FILED");
    expect(await file(sameC.id, "d")).toEqual({ kind: "REFUSED", reason: "ALREADY_ENTRUSTED" });
  });
});

describe("decisions", () => {
  it("two staff deciding the same objection at once: one wins, the other is told it was already decided; audited with before/after", async () => {
    const u = await newUser("01-0002");
    const filed = await a.requests.fileObjection(u.id, "en", { forSelf: true, details: "wrong birth date", phone: "13800138000", idempotencyKey: "o1" });
    expect(filed.kind).toBe("FILED");
    if (filed.kind !== "FILED") return;
    expect(filed.request.trackingNo).toMatch(/^SS-2026-\d{6}$/);
    expect(filed.request.dueOn).toBe("2026-11-30"); // filed 11-27, decided within 3 days
    const [s1, s2] = [await newUser(), await newUser()];
    const [r1, r2] = await Promise.all([
      a.requests.decide(s1.id, filed.request.id, "APPROVED", "已更正", null),
      b.requests.decide(s2.id, filed.request.id, "REJECTED", "不予更正", null),
    ]);
    expect([r1.kind, r2.kind].sort()).toEqual(["ALREADY", "DONE"]);
    const done = r1.kind === "DONE" ? r1 : r2.kind === "DONE" ? r2 : null;
    expect(done?.notify).toEqual([{ telegramId: Number(u.telegramId), locale: "en", role: "REQUESTER" }]);
    const audit = await db.prisma.auditLog.findMany({ where: { subject: `request:${filed.request.trackingNo}` } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ kind: "OBJECTION", before: { status: "OPEN" } });
    expect(JSON.stringify(audit[0]!.details)).not.toContain("13800138000");
  });

  it("the queue lists open requests oldest first with overdue marked, and honours a scope", async () => {
    const q = await a.requests.queue(null, { limit: 100 });
    expect(q.items.every((i) => i.status === "OPEN")).toBe(true);
    const created = q.items.map((i) => i.createdAt.getTime());
    expect([...created].sort((x, y) => x - y)).toEqual(created);
    // Two weeks later everything filed today is overdue.
    const later = createServices(db.prisma, config, quiet, fixedClock("2026-12-11T02:00:00Z"));
    const q2 = await later.requests.queue(null, { limit: 100 });
    expect(q2.overdue).toBe(q2.total);
    expect(q2.items.every((i) => i.overdue)).toBe(true);
    // Staff of 石桥乡 see 石桥乡's requests only (constituency 04), not 青禾镇's.
    const v = await newUser(DEMO_VOTER_AWAY_FOR_WORK.voterNo);
    const mine = await a.requests.fileMobileBox(v.id, "zh-CN", { address: "北岭村2组5号", phone: "13900000000", details: "卧床", idempotencyKey: "m1" });
    const township = await db.prisma.adminArea.findUniqueOrThrow({ where: { code: "999901002" } });
    const scoped = await a.requests.queue({ areaIds: await a.accounts.areaIdsUnder(township.id) }, { limit: 100 });
    expect(scoped.items.map((i) => i.id)).toEqual([mine.kind === "FILED" ? mine.request.id : -1]);
    expect(await a.requests.forStaff(q.items[0]!.id, { areaIds: await a.accounts.areaIdsUnder(township.id) })).toBeNull();
  });
});

describe("reminder choices", () => {
  it("are all on by default and read per user for the scheduler", async () => {
    const u = await newUser();
    const v = await newUser();
    await a.reminderPreferences.setTopic(v.id, "meetings", false);
    await a.reminderPreferences.setQuiet(v.id, { from: 22, to: 7 });
    const prefs = await a.reminderPreferences.reminderPreferences([u.id, v.id, 987654321]);
    expect(prefs.get(u.id)).toEqual({ on: true, topics: { registration: true, meetings: true, election_day: true, results: true }, quiet: { from: 21, to: 8 } });
    expect(prefs.get(v.id)).toEqual({ on: true, topics: { registration: true, meetings: false, election_day: true, results: true }, quiet: { from: 22, to: 7 } });
    expect(prefs.has(987654321)).toBe(false);
  });
});
