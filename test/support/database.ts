// One fresh, migrated, empty database per test file, copied from the template that
// ./global-setup.ts built for this run:
// - no DATABASE_URL: an in-memory PGlite loaded from the template's data-directory dump;
// - DATABASE_URL set: `CREATE DATABASE voterlink_t_<random> TEMPLATE <template>` on that server;
//   close() disconnects and drops it.
//
//   let db: Database;
//   beforeAll(async () => { db = await createTestDatabase(); });
//   afterAll(() => db.close());
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { inject } from "vitest";
import { openDatabase, type Database } from "../../src/db/database.js";
import { databaseUrl, dropDatabase, quoteIdent, withAdminClient, type TestDatabaseTemplate } from "./template.js";

export type { Database };

function template(): TestDatabaseTemplate {
  const t = inject("voterlinkTestDatabase");
  if (!t) throw new Error("no test database template: run the tests through vitest.config.ts (globalSetup test/support/global-setup.ts)");
  return t;
}

/** On PostgreSQL, the URL of the test file's own database (for a second client = another instance). */
export type TestDatabase = Database & { postgresUrl?: string };

/** A fresh, migrated, empty database for one test file. Call close() in afterAll. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const t = template();
  if (t.kind === "pglite") {
    const dump = await readFile(t.dumpFile);
    const pglite = await PGlite.create({ loadDataDir: new Blob([dump]) });
    return openDatabase({ kind: "pglite", pglite }, { migrate: true });
  }

  const { url, drop } = await createPostgresDatabase(t.serverUrl, t.template);
  let db: Database;
  try {
    db = await openDatabase({ kind: "postgres", url, poolSize: 4 }, { migrate: true });
  } catch (e) {
    await drop();
    throw e;
  }
  return {
    ...db,
    postgresUrl: url,
    close: async () => {
      try {
        await db.prisma.$disconnect();
      } finally {
        await drop();
      }
    },
  };
}

/** The PostgreSQL server the tests run against, or undefined when they run on PGlite. */
export function testPostgresServer(): string | undefined {
  const t = template();
  return t.kind === "postgres" ? t.serverUrl : undefined;
}

/**
 * A new database on the test PostgreSQL server: a copy of `templateName`, or empty (template0)
 * when omitted — for tests that need raw SQL on a database with nothing in it. drop() removes it.
 */
export async function createPostgresDatabase(
  serverUrl: string,
  templateName = "template0",
): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `voterlink_t_${randomBytes(6).toString("hex")}`;
  await withAdminClient(serverUrl, async (c) => {
    // Copying a template fails (55006) while anything else is connected to it; retry briefly.
    for (let attempt = 1; ; attempt++) {
      try {
        await c.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(templateName)}`);
        return;
      } catch (e) {
        if ((e as { code?: string }).code !== "55006" || attempt >= 20) throw e;
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
  });
  return { url: databaseUrl(serverUrl, name), name, drop: () => dropDatabase(serverUrl, name) };
}
