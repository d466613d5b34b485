// Shared by global-setup.ts (main vitest process) and database.ts (test workers).
import pg from "pg";

/** Where the migrated template lives; sent from globalSetup to the workers (JSON-serialisable). */
export type TestDatabaseTemplate =
  | { kind: "pglite"; dumpFile: string }
  | { kind: "postgres"; serverUrl: string; template: string };

declare module "vitest" {
  export interface ProvidedContext {
    voterlinkTestDatabase: TestDatabaseTemplate;
  }
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The same server and credentials as `url`, another database. */
export function databaseUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/** Runs `fn` on a short-lived connection to the database named in `url` (CREATE/DROP DATABASE). */
export async function withAdminClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Drops a database even if a test leaked connections to it (FORCE needs PostgreSQL 13+). */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withAdminClient(serverUrl, async (c) => {
    try {
      await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    } catch (e) {
      if ((e as { code?: string }).code !== "42601") throw e; // syntax error: server older than 13
      await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`);
    }
  });
}
