// Opens the database: embedded PGlite (default, ./data) or PostgreSQL (DATABASE_URL).
// Migrations are applied on open, so every entry point sees an up-to-date schema.
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@prisma/client";
import { PrismaAdapter } from "@grammyjs/storage-prisma";
import type { StorageAdapter } from "grammy";
import pg from "pg";
import { migrate, type SqlConnection } from "./migrator.js";
import { withMappedErrors } from "./pglite-errors.js";

export interface Database {
  prisma: PrismaClient;
  kind: "pglite" | "postgres";
  /** Applied migrations by this open (empty when already up to date). */
  migrated: string[];
  /** `SELECT 1`: throws when the database cannot be reached (health checks). */
  ping(): Promise<void>;
  /** grammY session storage on the Session table. */
  sessionStorage<T>(): StorageAdapter<T>;
  close(): Promise<void>;
}

function withFrameworkParts(db: Omit<Database, "ping" | "sessionStorage">): Database {
  return {
    ...db,
    ping: async () => {
      await db.prisma.$queryRaw`SELECT 1`;
    },
    sessionStorage: <T>() => new PrismaAdapter<T>(db.prisma.session),
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

export async function openDatabase(target: DatabaseTarget, opts: { migrate?: boolean } = {}): Promise<Database> {
  const runMigrations = opts.migrate ?? true;
  if (target.kind === "postgres") {
    const migrated = runMigrations ? await migratePostgres(target.url) : [];
    const prisma = new PrismaClient({
      adapter: new PrismaPg({ connectionString: target.url, max: target.poolSize ?? 10 }),
    });
    return withFrameworkParts({ prisma, kind: "postgres", migrated, close: () => prisma.$disconnect() });
  }
  const pglite = "pglite" in target ? target.pglite : await openPGlite(target.dir);
  const migrated = runMigrations ? await migrate(pgliteConnection(pglite)) : [];
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  const prisma = new PrismaClient({ adapter: withMappedErrors(new PrismaPGlite(pglite)) });
  return withFrameworkParts({
    prisma,
    kind: "pglite",
    migrated,
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
    },
  });
}
