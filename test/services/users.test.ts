import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuditService } from "../../src/services/audit.js";
import { toAccount, UserService } from "../../src/services/users.js";
import { createTestDatabase, type Database } from "../support/database.js";

let db: Database;
let users: UserService;

beforeAll(async () => {
  db = await createTestDatabase();
  users = new UserService(db.prisma);
});

afterAll(async () => {
  await db.close();
});

const T0 = new Date("2026-11-20T08:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const MINUTE = 60_000;

describe("UserService.touch", () => {
  // Above 2^32: Telegram ids do not fit an int4.
  const alice = { id: 7_000_000_001, first_name: "Alice", username: "alice" };

  it("creates the user on first contact", async () => {
    const user = await users.touch(alice, T0);
    expect(user).toMatchObject({
      telegramId: 7_000_000_001,
      firstName: "Alice",
      username: "alice",
      locale: null,
      role: "VOTER",
      rollEntryId: null,
      constituencyId: null,
      lastSeenAt: T0,
    });
    expect(toAccount(await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } }))).toEqual(user);
    expect(await db.prisma.user.count({ where: { telegramId: 7_000_000_001n } })).toBe(1);
  });

  it("returns the same row within 10 minutes without writing", async () => {
    const first = await db.prisma.user.findUniqueOrThrow({ where: { telegramId: 7_000_000_001n } });
    const again = await users.touch({ ...alice, first_name: "Alicia", username: "alicia" }, at(10 * MINUTE - 1));
    expect(again).toEqual(toAccount(first));
    // Nothing written: the stored row still has the first name and time.
    const stored = await db.prisma.user.findUniqueOrThrow({ where: { id: first.id } });
    expect(stored).toEqual(first);
    expect(stored.lastSeenAt).toEqual(T0);
    expect(stored.firstName).toBe("Alice");
  });

  it("refreshes lastSeenAt, firstName and username after 10 minutes", async () => {
    const later = at(10 * MINUTE);
    const refreshed = await users.touch({ id: alice.id, first_name: "Alicia" }, later);
    expect(refreshed).toMatchObject({ telegramId: 7_000_000_001, firstName: "Alicia", username: null, lastSeenAt: later });
    expect(toAccount(await db.prisma.user.findUniqueOrThrow({ where: { id: refreshed.id } }))).toEqual(refreshed);
    expect(await db.prisma.user.count()).toBe(1);
    // The window restarts from the refresh.
    const soon = await users.touch({ id: alice.id, first_name: "Alice" }, at(19 * MINUTE));
    expect(soon.firstName).toBe("Alicia");
    expect(soon.lastSeenAt).toEqual(later);
  });

  it("creates a person without first name or username with nulls", async () => {
    const user = await users.touch({ id: 42 }, T0);
    expect(user).toMatchObject({ telegramId: 42, firstName: null, username: null, lastSeenAt: T0 });
  });

  it("20 concurrent touches of one new person, from 4 instances, yield exactly one user row", async () => {
    const bob = { id: 8_000_000_002, first_name: "Bob" };
    const instances = Array.from({ length: 4 }, () => new UserService(db.prisma));
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => instances[i % 4]!.touch(bob, T0)));
    expect(await db.prisma.user.count({ where: { telegramId: 8_000_000_002n } })).toBe(1);
    const stored = await db.prisma.user.findUniqueOrThrow({ where: { telegramId: 8_000_000_002n } });
    expect(results).toHaveLength(20);
    for (const r of results) expect(r).toEqual(toAccount(stored));
  });

  it("20 concurrent touches of several new people yield one row each", async () => {
    const ids = [9_000_000_001, 9_000_000_002, 9_000_000_003, 9_000_000_004];
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => users.touch({ id: ids[i % ids.length] ?? 0 }, T0)));
    const stored = await db.prisma.user.findMany({ where: { telegramId: { in: ids.map(BigInt) } }, orderBy: { telegramId: "asc" } });
    expect(stored.map((u) => u.telegramId)).toEqual(ids.map(BigInt));
    for (const [i, r] of results.entries()) expect(r.telegramId).toBe(ids[i % ids.length]);
    expect(new Set(results.map((r) => r.id)).size).toBe(ids.length);
  });
});

describe("UserService.setLocale / setRole", () => {
  it("persists the chosen locale and role", async () => {
    const user = await users.touch({ id: 1001, first_name: "Carol" }, T0);
    expect(await users.setLocale(user.id, "en")).toMatchObject({ id: user.id, locale: "en", role: "VOTER" });
    expect(await users.setRole(user.id, "STAFF")).toMatchObject({ id: user.id, locale: "en", role: "STAFF" });
    expect(await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ locale: "en", role: "STAFF" });

    await users.setLocale(user.id, "zh-TW");
    await users.setRole(user.id, "ADMIN");
    expect(await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ locale: "zh-TW", role: "ADMIN" });
    // touch() keeps them.
    expect(await users.touch({ id: 1001, first_name: "Carol" }, at(60 * MINUTE))).toMatchObject({ locale: "zh-TW", role: "ADMIN" });
  });

  it("only changes the given user", async () => {
    const dave = await users.touch({ id: 1002 }, T0);
    const erin = await users.touch({ id: 1003 }, T0);
    await users.setRole(dave.id, "DELEGATE");
    await users.setLocale(dave.id, "en");
    expect(await db.prisma.user.findUniqueOrThrow({ where: { id: erin.id } })).toMatchObject({ role: "VOTER", locale: null });
  });

  it("rejects an unknown user id (P2025)", async () => {
    const max = await db.prisma.user.aggregate({ _max: { id: true } });
    await expect(users.setRole((max._max.id ?? 0) + 1000, "STAFF")).rejects.toMatchObject({ code: "P2025" });
  });
});

describe("AuditService.record", () => {
  it("writes actor, action, subject and details", async () => {
    const audit = new AuditService(db.prisma);
    const actor = await users.touch({ id: 2001, first_name: "Staff" }, T0);
    const before = new Date(Date.now() - 1000);
    await audit.record(actor.id, "demo.switch_role", `user:${actor.id}`, { role: "STAFF", nested: { n: 1, list: ["a"] } });
    await audit.record(null, "system.start");

    const rows = await db.prisma.auditLog.findMany({ orderBy: { id: "asc" } });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      actorId: actor.id,
      action: "demo.switch_role",
      subject: `user:${actor.id}`,
      details: { role: "STAFF", nested: { n: 1, list: ["a"] } },
    });
    expect(rows[1]).toMatchObject({ actorId: null, action: "system.start", subject: null, details: {} });
    expect(typeof rows[0]?.id).toBe("bigint");
    expect((rows[1]?.id ?? 0n) > (rows[0]?.id ?? 0n)).toBe(true);
    expect(rows[0]?.at.getTime()).toBeGreaterThanOrEqual(before.getTime());
  });

  it("rejects an actor that is not a user (P2003)", async () => {
    const audit = new AuditService(db.prisma);
    const max = await db.prisma.user.aggregate({ _max: { id: true } });
    await expect(audit.record((max._max.id ?? 0) + 1000, "x")).rejects.toMatchObject({ code: "P2003" });
  });
});
