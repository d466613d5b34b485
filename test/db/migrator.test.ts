// The migrator (src/db/migrator.ts) on raw connections — PGlite always, and PostgreSQL too when
// DATABASE_URL is set — plus the per-file test database from test/support/database.ts.
import { createHash } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgConnection, pgliteConnection, type Database } from "../../src/db/database.js";
import { migrate, MigrationError, readMigrations, type Migration, type SqlConnection } from "../../src/db/migrator.js";
import { createPostgresDatabase, createTestDatabase, testPostgresServer } from "../support/database.js";

interface Scratch {
  conn: SqlConnection;
  close(): Promise<void>;
}

async function pgliteScratch(): Promise<Scratch> {
  const db = await PGlite.create("memory://");
  return { conn: pgliteConnection(db), close: () => db.close() };
}

async function postgresScratch(server: string): Promise<Scratch> {
  const scratch = await createPostgresDatabase(server); // empty, from template0
  const client = new pg.Client({ connectionString: scratch.url });
  await client.connect();
  return {
    conn: pgConnection(client),
    close: async () => {
      await client.end();
      await scratch.drop();
    },
  };
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const fake = (name: string, sql: string): Migration => ({ name, sql, checksum: sha256(sql) });

interface Row {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}
const records = (conn: SqlConnection) =>
  conn.query<Row>(`SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`);
const tableExists = async (conn: SqlConnection, table: string) =>
  (await conn.query<{ t: string | null }>("SELECT to_regclass($1)::text AS t", [`public."${table}"`]))[0]?.t != null;

const server = testPostgresServer();
const backends: [string, () => Promise<Scratch>][] = [["PGlite memory://", pgliteScratch]];
if (server) backends.push(["PostgreSQL", () => postgresScratch(server)]);

describe.each(backends)("migrator on %s", (_name, open) => {
  let real: Scratch;
  let scratch: Scratch;
  beforeAll(async () => {
    [real, scratch] = await Promise.all([open(), open()]);
  });
  afterAll(async () => {
    await Promise.all([real?.close(), scratch?.close()]);
  });

  it("applies every migration in prisma/migrations and records it with its sha256", async () => {
    const files = await readMigrations();
    expect(files.length).toBeGreaterThan(0);
    expect(await migrate(real.conn)).toEqual(files.map((m) => m.name));
    const rows = await records(real.conn);
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((m) => m.name));
    for (const [i, row] of rows.entries()) {
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.checksum).toBe(sha256(files[i]!.sql));
      expect(row.finished_at).not.toBeNull();
    }
    expect(await tableExists(real.conn, "AdminArea")).toBe(true);
  });

  it("applies nothing when run again", async () => {
    expect(await migrate(real.conn)).toEqual([]);
    expect((await records(real.conn)).length).toBe((await readMigrations()).length);
  });

  it("refuses a migration whose file changed after it was applied", async () => {
    const original = fake("001_first", "CREATE TABLE first_t (id int)");
    expect(await migrate(scratch.conn, [original])).toEqual(["001_first"]);
    const edited = fake("001_first", "CREATE TABLE first_t (id bigint)");
    await expect(migrate(scratch.conn, [edited])).rejects.toThrow(MigrationError);
    await expect(migrate(scratch.conn, [edited])).rejects.toThrow(/001_first was changed/);
    expect(await migrate(scratch.conn, [original])).toEqual([]);
  });

  it("rolls a failing migration back: nothing recorded, no table created", async () => {
    const ok = fake("002_ok", "CREATE TABLE ok_t (id int)");
    const bad = fake("003_bad", "CREATE TABLE half_t (id int);\nSELECT * FROM no_such_table;");
    const error = await migrate(scratch.conn, [ok, bad]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toMatch(/003_bad failed/);
    expect((await records(scratch.conn)).map((r) => r.migration_name)).toEqual(["001_first", "002_ok"]);
    expect(await tableExists(scratch.conn, "ok_t")).toBe(true);
    expect(await tableExists(scratch.conn, "half_t")).toBe(false);

    // The connection and the advisory lock are usable again: the fixed migration applies.
    const fixed = fake("003_bad", "CREATE TABLE half_t (id int)");
    expect(await migrate(scratch.conn, [ok, fixed])).toEqual(["003_bad"]);
    expect(await tableExists(scratch.conn, "half_t")).toBe(true);
  });
});

describe("createTestDatabase", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.close());

  it("gives an empty, fully migrated database on the configured backend", async () => {
    expect(db.kind).toBe(server ? "postgres" : "pglite");
    expect(db.migrated).toEqual([]); // the template was migrated once, in globalSetup
    expect(await db.prisma.adminArea.count()).toBe(0);
    const rows = await db.prisma.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`;
    expect(rows.map((r) => r.migration_name)).toEqual((await readMigrations()).map((m) => m.name));
  });

  it("is writable and private to this file", async () => {
    await db.prisma.adminArea.create({ data: { code: "999901", name: "Test county", level: "COUNTY" } });
    expect(await db.prisma.adminArea.count()).toBe(1);
  });
});

// Several instances starting at once against one PostgreSQL: the advisory lock makes them take
// turns, so each migration is applied exactly once and nobody fails.
// (PGlite serves one connection, so there is nothing to race there.)
if (server)
  describe("migrator with several instances starting at once (PostgreSQL)", () => {
  it("applies each migration once when four connections migrate concurrently", async () => {
    const target = await createPostgresDatabase(server);
    const clients = Array.from({ length: 4 }, () => new pg.Client({ connectionString: target.url }));
    try {
      await Promise.all(clients.map((c) => c.connect()));
      const applied = await Promise.all(clients.map((c) => migrate(pgConnection(c))));
      const all = (await readMigrations()).map((m) => m.name);
      expect(applied.flat().sort()).toEqual(all.sort());
      expect((await records(pgConnection(clients[0]!))).map((r) => r.migration_name)).toEqual(all);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
      await target.drop();
    }
  });
});
