import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlExecutor } from "../../src/db/hot-path.js";
import { AuditService } from "../../src/services/audit.js";
import { toAccount, UserService } from "../../src/services/users.js";
import { createTestDatabase, type Database } from "../support/database.js";

let db: Database;
let users: UserService;

beforeAll(async () => {
  db = await createTestDatabase();
  // The hot path, as createApp wires it.
  users = new UserService(db.prisma, db.sql);
});

/** The test database's executor, recording each statement's first words (SELECT / INSERT). */
function recording(fail?: (text: string) => Error | undefined) {
  const statements: string[] = [];
  const sql = (async (text: string, params?: readonly unknown[]) => {
    // The kind of statement: an INSERT may sit inside a WITH (it returns the person's session too).
    statements.push(/\bINSERT\b/.test(text) ? "INSERT" : text.trim().split(/\s+/)[0]!);
    const error = fail?.(text);
    if (error) throw error;
    return db.sql(text, params);
  }) as SqlExecutor;
  return { sql, statements };
}

afterAll(async () => {
  await db.close();
});

const T0 = new Date("2026-11-20T08:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

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
    const instances = Array.from({ length: 4 }, () => new UserService(db.prisma, db.sql));
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

describe("UserService.touch: Telegram's language (User.telegramLocale)", () => {
  const stored = async (id: number) => (await db.prisma.user.findUniqueOrThrow({ where: { telegramId: BigInt(id) } })).telegramLocale;

  it("is written on first contact, mapped to our locales (null when none fits)", async () => {
    await Promise.all([
      users.touch({ id: 3_000_000_001, language_code: "en-US" }, T0),
      users.touch({ id: 3_000_000_002, language_code: "zh-hant" }, T0),
      users.touch({ id: 3_000_000_003, language_code: "fr" }, T0),
      users.touch({ id: 3_000_000_004 }, T0),
    ]);
    expect(await stored(3_000_000_001)).toBe("en");
    expect(await stored(3_000_000_002)).toBe("zh-TW");
    expect(await stored(3_000_000_003)).toBeNull();
    expect(await stored(3_000_000_004)).toBeNull();
  });

  it("is refreshed with lastSeenAt (after 10 minutes), not before; an update without a language_code keeps it", async () => {
    const id = 3_000_000_001;
    await users.touch({ id, language_code: "zh-hans" }, at(10 * MINUTE - 1));
    expect(await stored(id)).toBe("en"); // within 10 minutes: nothing written
    await users.touch({ id, language_code: "zh-hans" }, at(10 * MINUTE));
    expect(await stored(id)).toBe("zh-CN");
    await users.touch({ id }, at(20 * MINUTE));
    expect((await db.prisma.user.findUniqueOrThrow({ where: { telegramId: BigInt(id) } })).lastSeenAt).toEqual(at(20 * MINUTE));
    expect(await stored(id)).toBe("zh-CN");
    await users.touch({ id, language_code: "de" }, at(30 * MINUTE));
    expect(await stored(id)).toBeNull();
  });

  it("leaves the language chosen with /language alone", async () => {
    const user = await users.touch({ id: 3_000_000_005, language_code: "en" }, T0);
    await users.setLocale(user.id, "zh-CN");
    await users.touch({ id: 3_000_000_005, language_code: "zh-hant" }, at(10 * MINUTE));
    expect(await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ locale: "zh-CN", telegramLocale: "zh-TW" });
  });

  it("is written in the one INSERT, on the hot path and through Prisma", async () => {
    const { sql, statements } = recording();
    // A new person and a known one seen an hour ago, in one turn; the second time through Prisma.
    for (const [i, service] of [new UserService(db.prisma, sql), new UserService(db.prisma)].entries()) {
      const [code, locale] = ([["zh-TW", "zh-TW"], ["en-GB", "en"]] as const)[i]!;
      await Promise.all([service.touch({ id: 3_000_000_101 + i, language_code: code }, T0), service.touch({ id: 3_000_000_003, language_code: code }, at((i + 1) * HOUR))]);
      expect(await stored(3_000_000_101 + i)).toBe(locale);
      expect(await stored(3_000_000_003)).toBe(locale);
    }
    expect(statements).toEqual(["SELECT", "INSERT"]);
  });
});

describe("UserService.touch: no cache, one look-up per event-loop turn", () => {
  it("sees a role changed directly in the database on the very next update", async () => {
    const frank = { id: 6_000_000_001, first_name: "Frank" };
    const before = await users.touch(frank, T0);
    expect(before.role).toBe("VOTER");
    // An admin (another instance, the CLI) grants, then revokes, with no word to this service.
    await db.prisma.$executeRaw`UPDATE "User" SET "role" = 'ADMIN' WHERE "id" = ${before.id}`;
    expect((await users.touch(frank, at(1))).role).toBe("ADMIN");
    await db.prisma.$executeRaw`UPDATE "User" SET "role" = 'VOTER', "locale" = 'en' WHERE "id" = ${before.id}`;
    expect(await users.touch(frank, at(2))).toMatchObject({ role: "VOTER", locale: "en" });
  });

  it("looks up everyone touched in one turn with one SELECT, and creates the new ones with one INSERT", async () => {
    const { sql, statements } = recording();
    const service = new UserService(db.prisma, sql);
    const known = [1101, 1102, 1103].map((id) => ({ id, first_name: `Known${id}` }));
    await Promise.all(known.map((p) => service.touch(p, T0)));
    expect(statements).toEqual(["SELECT", "INSERT"]);

    statements.length = 0;
    const fresh = [1201, 1202, 1203, 1204].map((id) => ({ id }));
    // Known people within 10 minutes, new people, and one person twice, all in one turn.
    const results = await Promise.all([...known, ...fresh, known[0]!].map((p) => service.touch(p, at(MINUTE))));
    expect(statements).toEqual(["SELECT", "INSERT"]);
    expect(results.map((r) => r.telegramId)).toEqual([1101, 1102, 1103, 1201, 1202, 1203, 1204, 1101]);
    expect(results[0]).toEqual(results[7]);
    expect(results[0]!.lastSeenAt).toEqual(T0); // known and seen within 10 minutes: not written
    expect(results[3]!.lastSeenAt).toEqual(at(MINUTE));
    expect(await db.prisma.user.count({ where: { telegramId: { in: [...known, ...fresh].map((p) => BigInt(p.id)) } } })).toBe(7);

    // Only known people within 10 minutes: the SELECT alone.
    statements.length = 0;
    await Promise.all(known.map((p) => service.touch(p, at(2 * MINUTE))));
    expect(statements).toEqual(["SELECT"]);
  });

  it("touches in separate turns are separate look-ups (none answered from an earlier one)", async () => {
    const { sql, statements } = recording();
    const service = new UserService(db.prisma, sql);
    await service.touch({ id: 1101 }, at(MINUTE));
    await service.touch({ id: 1101 }, at(MINUTE));
    expect(statements).toEqual(["SELECT", "SELECT"]);
  });

  it("a failed look-up fails every update waiting on it, and the next turn works again", async () => {
    let failing = true;
    const { sql } = recording((text) => (failing && text.trim().startsWith("SELECT") ? new Error("connection lost") : undefined));
    const service = new UserService(db.prisma, sql);
    const waiting = [1101, 1102, 1301].map((id) => service.touch({ id }, at(MINUTE)));
    for (const p of waiting) await expect(p).rejects.toThrow("connection lost");
    failing = false;
    expect((await service.touch({ id: 1101 }, at(MINUTE))).telegramId).toBe(1101);
  });

  it("a failed insert fails the new people of the turn; the known ones get their row", async () => {
    const { sql } = recording((text) => (/\bINSERT\b/.test(text) ? new Error("disk full") : undefined));
    const service = new UserService(db.prisma, sql);
    const [known, fresh] = await Promise.allSettled([service.touch({ id: 1101 }, at(MINUTE)), service.touch({ id: 1401 }, at(MINUTE))]);
    expect(known).toMatchObject({ status: "fulfilled", value: { telegramId: 1101 } });
    expect(fresh).toMatchObject({ status: "rejected", reason: new Error("disk full") });
    expect(await db.prisma.user.count({ where: { telegramId: 1401n } })).toBe(0);
  });

  it("works the same without the hot path (statements through Prisma)", async () => {
    const service = new UserService(db.prisma);
    const [a, b] = await Promise.all([service.touch({ id: 7_000_000_501, first_name: "P" }, T0), service.touch({ id: 1101 }, at(MINUTE))]);
    expect(a).toMatchObject({ telegramId: 7_000_000_501, firstName: "P", role: "VOTER", lastSeenAt: T0 });
    expect(b.telegramId).toBe(1101);
    expect(toAccount(await db.prisma.user.findUniqueOrThrow({ where: { id: a.id } }))).toEqual(a);
  });
});

describe("UserService.touch in the server's own time zone", () => {
  it("keeps lastSeenAt exact with the process in Asia/Shanghai, on the hot path and through Prisma", async () => {
    const zone = process.env.TZ;
    process.env.TZ = "Asia/Shanghai"; // Node applies it at once
    try {
      for (const [i, service] of [users, new UserService(db.prisma)].entries()) {
        const person = { id: 7_000_000_601 + i };
        expect((await service.touch(person, T0)).lastSeenAt).toEqual(T0); // INSERT … RETURNING
        expect((await service.touch(person, at(MINUTE))).lastSeenAt).toEqual(T0); // SELECT
        expect((await db.prisma.user.findUniqueOrThrow({ where: { telegramId: BigInt(person.id) } })).lastSeenAt).toEqual(T0);
      }
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
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
  });

  it("rejects an actor that is not a user (P2003)", async () => {
    const audit = new AuditService(db.prisma);
    const max = await db.prisma.user.aggregate({ _max: { id: true } });
    await expect(audit.record((max._max.id ?? 0) + 1000, "x")).rejects.toMatchObject({ code: "P2003" });
  });

  it("brings the stored session of the person's private chat with the row (none: null), in the same statements", async () => {
    const { sql, statements } = recording();
    const service = new UserService(db.prisma, sql);
    await db.prisma.session.create({ data: { key: "1501", value: '{"step":"x"}' } });
    const [stored, none, fresh] = await Promise.all([
      service.lookUp({ id: 1501 }, at(MINUTE)),
      service.lookUp({ id: 1101 }, at(MINUTE)),
      service.lookUp({ id: 1502 }, at(MINUTE)),
    ]);
    expect(statements).toEqual(["SELECT", "INSERT"]);
    expect(stored).toMatchObject({ account: { telegramId: 1501 }, privateChatSession: '{"step":"x"}' });
    expect(none.privateChatSession).toBeNull();
    expect(fresh).toMatchObject({ account: { telegramId: 1502 }, privateChatSession: null });
    statements.length = 0;
    expect((await service.lookUp({ id: 1501 }, at(2 * MINUTE))).privateChatSession).toBe('{"step":"x"}');
    expect(statements).toEqual(["SELECT"]);
  });
});
