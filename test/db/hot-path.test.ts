// The hot-path executor (Database.sql): one contract on PGlite and PostgreSQL, whatever the
// process time zone (a county's server may well run in Asia/Shanghai).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type Database } from "../support/database.js";

let db: Database;
const zone = process.env.TZ;

beforeAll(async () => {
  // Node applies a TZ change at once: local-time parsing would now be 8 hours off.
  process.env.TZ = "Asia/Shanghai";
  db = await createTestDatabase();
});

afterAll(async () => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
  await db.close();
});

const AT = new Date("2026-11-20T08:00:00.123Z");

describe("Database.sql", () => {
  it("the time zone really is Asia/Shanghai here", () => {
    expect(new Date("2026-11-20T08:00:00").toISOString()).toBe("2026-11-20T00:00:00.000Z");
  });

  it("writes a Date parameter into a timestamp(3) column as UTC, as Prisma does, and reads it back the same", async () => {
    const [row] = await db.sql<{ id: number; telegramId: string; lastSeenAt: Date }>(
      `INSERT INTO "User" ("telegramId", "lastSeenAt") VALUES ($1, $2) RETURNING "id", "telegramId", "lastSeenAt"`,
      [7_000_000_001, AT],
    );
    expect(row).toEqual({ id: expect.any(Number), telegramId: "7000000001", lastSeenAt: AT });
    // Prisma agrees on the instant.
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: row!.id } })).lastSeenAt).toEqual(AT);
    // And a row Prisma wrote reads back the same through the executor.
    const other = await db.prisma.user.create({ data: { telegramId: 7_000_000_002n, lastSeenAt: AT } });
    const [read] = await db.sql<{ lastSeenAt: Date }>(`SELECT "lastSeenAt" FROM "User" WHERE "id" = $1`, [other.id]);
    expect(read!.lastSeenAt).toEqual(AT);
  });

  it("takes arrays, passes JSON as text, parses jsonb, returns enums as strings", async () => {
    const rows = await db.sql<{ telegramId: string; role: string }>(
      `SELECT "telegramId", "role" FROM "User" WHERE "telegramId" = ANY($1::bigint[]) ORDER BY "telegramId"`,
      [[7_000_000_001, 7_000_000_002, 1]],
    );
    expect(rows).toEqual([
      { telegramId: "7000000001", role: "VOTER" },
      { telegramId: "7000000002", role: "VOTER" },
    ]);
    const [j] = await db.sql<{ doc: unknown; n: number }>(`SELECT $1::jsonb AS doc, 2 AS n`, [JSON.stringify({ a: [1, "二"] })]);
    expect(j).toEqual({ doc: { a: [1, "二"] }, n: 2 });
  });

  it("reports database errors with their SQLSTATE", async () => {
    await expect(db.sql(`INSERT INTO "User" ("telegramId") VALUES ($1)`, [7_000_000_001])).rejects.toMatchObject({ code: "23505" });
  });

  it("counts statements on each path", async () => {
    const before = { ...db.statements };
    await db.sql(`SELECT 1`);
    await db.prisma.user.count();
    await db.prisma.$transaction([db.prisma.user.count(), db.prisma.user.count()]);
    expect(db.statements.hotPath - before.hotPath).toBe(1);
    // One count, then BEGIN + two counts + COMMIT (PostgreSQL's adapter may add a statement of its own).
    expect(db.statements.prisma - before.prisma).toBeGreaterThanOrEqual(5);
    expect(db.statements.prisma - before.prisma).toBeLessThanOrEqual(6);
  });
});

describe("Database.sessionStorage", () => {
  it("reads of one event-loop turn share one statement; each gets its own chat's session", async () => {
    const storage = db.sessionStorage();
    await storage.write("9001", '{"step":"a"}');
    await storage.write("9002", '{"step":"b"}');
    const before = db.statements.hotPath;
    const [a, b, none] = await Promise.all([storage.read("9001"), storage.read("9002"), storage.read("9003")]);
    expect(db.statements.hotPath - before).toBe(1);
    expect([a, b, none]).toEqual(['{"step":"a"}', '{"step":"b"}', null]);
    await storage.delete("9001");
    expect(await storage.read("9001")).toBeNull();
  });
});
