// Opens the database: embedded PGlite (default, ./data) or PostgreSQL (DATABASE_URL).
// Migrations are applied on open, so every entry point sees an up-to-date schema.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import pg from "pg";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from "@prisma/driver-adapter-utils";
import { pgliteSql, pgSql, type SqlExecutor, type StatementCounts } from "./hot-path.js";
import { migrate, type SqlConnection } from "./migrator.js";
import { withMappedErrors } from "./pglite-errors.js";
import { perTurn } from "./per-turn.js";

export type { SqlExecutor, StatementCounts };

export interface Database {
  prisma: PrismaClient;
  kind: "pglite" | "postgres";
  /** Applied migrations by this open (empty when already up to date). */
  migrated: string[];
  /**
   * The hot path (src/db/hot-path.ts): one SQL statement straight to the driver, for the few
   * statements every update runs. Everything else uses `prisma`.
   */
  sql: SqlExecutor;
  /** SQL statements sent so far, through Prisma and through `sql` (the bench reads it). */
  statements: StatementCounts;
  /** `SELECT 1`: throws when the database cannot be reached (health checks). */
  ping(): Promise<void>;
  /** Chat sessions on the Session table. */
  sessionStorage(): SessionStorage;
  close(): Promise<void>;
}

/** Sessions on the Session table, by key, as JSON (bot/middleware/session.ts builds ctx.session on it). */
export interface SessionStorage {
  /** The stored JSON (null: none). The reads of one event-loop turn share one statement. */
  read(key: string): Promise<string | null>;
  write(key: string, json: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/**
 * Through the hot-path executor: a session is read for many updates (a step waiting for typed
 * input), and Prisma compiles each query anew. Same rows as @grammyjs/storage-prisma would write;
 * updatedAt (UTC, like Prisma writes it) drives retention.
 */
function sqlSessionStorage(sql: SqlExecutor): SessionStorage {
  const readPerTurn = perTurn(async (keys: string[]) => {
    const rows = await sql<{ key: string; value: string }>(`SELECT "key", "value" FROM "Session" WHERE "key" = ANY($1::text[])`, [[...new Set(keys)]]);
    const found = new Map(rows.map((r) => [r.key, r.value]));
    return keys.map((k) => found.get(k) ?? null);
  });
  return {
    read: readPerTurn,
    write: async (key, json) => {
      await sql(
        `INSERT INTO "Session" ("key", "value", "updatedAt") VALUES ($1, $2, now() AT TIME ZONE 'UTC')
         ON CONFLICT ("key") DO UPDATE SET "value" = EXCLUDED."value", "updatedAt" = EXCLUDED."updatedAt"`,
        [key, json],
      );
    },
    delete: async (key) => {
      await sql(`DELETE FROM "Session" WHERE "key" = $1`, [key]);
    },
  };
}

function withFrameworkParts(db: Omit<Database, "ping" | "sessionStorage">): Database {
  return {
    ...db,
    ping: async () => {
      await db.prisma.$queryRaw`SELECT 1`;
    },
    sessionStorage: () => sqlSessionStorage(db.sql),
  };
}

export type DatabaseTarget =
  | { kind: "postgres"; url: string; poolSize?: number }
  | { kind: "pglite"; dir: string } // "memory://" for a throw-away database
  | { kind: "pglite"; pglite: PGlite }; // an instance the caller made (tests load a template)

/** DATABASE_URL when set (PostgreSQL), otherwise the embedded PGlite directory. */
export function targetFromConfig(c: { DATABASE_URL?: string | undefined; PGLITE_DIR: string; DATABASE_POOL_SIZE?: number }): DatabaseTarget {
  return c.DATABASE_URL ? { kind: "postgres", url: c.DATABASE_URL, poolSize: c.DATABASE_POOL_SIZE ?? 10 } : { kind: "pglite", dir: c.PGLITE_DIR };
}

export function pgliteConnection(db: PGlite): SqlConnection {
  return {
    exec: async (sql) => {
      await db.exec(sql);
    },
    query: async <T>(sql: string, params: unknown[] = []) => (await db.query<T>(sql, params)).rows,
  };
}

export function pgConnection(client: pg.Client): SqlConnection {
  return {
    exec: async (sql) => {
      await client.query(sql);
    },
    query: async <T>(sql: string, params: unknown[] = []) =>
      (await client.query(sql, params)).rows as T[],
  };
}

// PGlite is loaded only when used: in PostgreSQL mode it would cost ~30 MB of memory for nothing.
export async function openPGlite(dir: string): Promise<PGlite> {
  const { PGlite } = await import("@electric-sql/pglite");
  if (dir.startsWith("memory://")) return PGlite.create(dir);
  await mkdir(dir, { recursive: true });
  const release = await lockDirectory(dir);
  const db = await PGlite.create(dir).catch(async (e: unknown) => {
    await release();
    throw e;
  });
  const close = db.close.bind(db);
  db.close = async () => {
    await close();
    await release();
  };
  return db;
}

// Two processes on one PGlite directory corrupt it: the second one is refused with a clear
// message. A lock left by a process that died is taken over.
async function lockDirectory(dir: string): Promise<() => Promise<void>> {
  const lock = path.join(dir, "voterlink.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lock, String(process.pid), { flag: "wx" });
      return () => rm(lock, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const holder = Number(await readFile(lock, "utf8").catch(() => ""));
      if (holder && isAlive(holder))
        throw new Error(`${dir} is in use by another voterlink process (pid ${holder}); stop it first, or set PGLITE_DIR`);
      await rm(lock, { force: true });
    }
  }
  throw new Error(`could not lock ${dir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export async function migratePostgres(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await migrate(pgConnection(client));
  } finally {
    await client.end();
  }
}

/** Counts the statements Prisma sends through its driver adapter (one increment each). */
function counted(factory: SqlDriverAdapterFactory, counts: StatementCounts): SqlDriverAdapterFactory {
  const count = <Q extends SqlDriverAdapter | Transaction>(q: Q): Q => {
    const queryRaw = q.queryRaw.bind(q);
    const executeRaw = q.executeRaw.bind(q);
    q.queryRaw = (query) => (counts.prisma++, queryRaw(query));
    q.executeRaw = (query) => (counts.prisma++, executeRaw(query));
    return q;
  };
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = count(await connect());
    const start = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolation) => {
      const tx = count(await start(isolation));
      counts.prisma++; // BEGIN
      const commit = tx.commit.bind(tx);
      const rollback = tx.rollback.bind(tx);
      tx.commit = () => (counts.prisma++, commit());
      tx.rollback = () => (counts.prisma++, rollback());
      return tx;
    };
    return adapter;
  };
  return factory;
}

export async function openDatabase(target: DatabaseTarget, opts: { migrate?: boolean } = {}): Promise<Database> {
  const runMigrations = opts.migrate ?? true;
  const statements: StatementCounts = { prisma: 0, hotPath: 0 };
  if (target.kind === "postgres") {
    const migrated = runMigrations ? await migratePostgres(target.url) : [];
    // One pool for Prisma and the hot path: one connection limit (DATABASE_POOL_SIZE) per instance.
    const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize ?? 10 });
    // An idle connection the server closed (restart, DROP DATABASE … FORCE) must not take the
    // process down; the pool replaces it on the next query.
    pool.on("error", () => {});
    // disposeExternalPool: prisma.$disconnect() also ends the pool (test helpers call only that).
    const prisma = new PrismaClient({ adapter: counted(new PrismaPg(pool, { disposeExternalPool: true }), statements) });
    return withFrameworkParts({
      prisma,
      kind: "postgres",
      migrated,
      sql: pgSql(pool, statements),
      statements,
      close: async () => {
        await prisma.$disconnect();
        if (!pool.ended) await pool.end();
      },
    });
  }
  const pglite = "pglite" in target ? target.pglite : await openPGlite(target.dir);
  const migrated = runMigrations ? await migrate(pgliteConnection(pglite)) : [];
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  const prisma = new PrismaClient({ adapter: counted(withMappedErrors(new PrismaPGlite(pglite)), statements) });
  return withFrameworkParts({
    prisma,
    kind: "pglite",
    migrated,
    sql: pgliteSql(pglite, statements),
    statements,
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
    },
  });
}
