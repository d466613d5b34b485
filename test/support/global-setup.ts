// Vitest globalSetup: builds ONE migrated template database per test run, so that each test file
// gets its own fresh database cheaply (see ./database.ts):
// - no DATABASE_URL: a PGlite data directory, migrated once and dumped to a temp file (tar);
// - DATABASE_URL=postgres://…/db: a database voterlink_tpl_<pid>_<random> on that server.
// The location is handed to the test workers with provide/inject.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { TestProject } from "vitest/node";
import { migratePostgres, pgliteConnection } from "../../src/db/database.js";
import { migrate } from "../../src/db/migrator.js";
import { databaseUrl, dropDatabase, quoteIdent, withAdminClient, type TestDatabaseTemplate } from "./template.js";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const name = `voterlink_tpl_${process.pid}_${randomBytes(4).toString("hex")}`;
    await withAdminClient(serverUrl, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
    try {
      await migratePostgres(databaseUrl(serverUrl, name));
    } catch (e) {
      await dropDatabase(serverUrl, name);
      throw e;
    }
    provide(project, { kind: "postgres", serverUrl, template: name });
    log(`PostgreSQL template ${name} ready in ${Date.now() - started} ms`);
    return () => dropDatabase(serverUrl, name);
  }

  const dir = await mkdtemp(path.join(tmpdir(), "voterlink-test-"));
  const dumpFile = path.join(dir, "template.tar");
  const pglite = await PGlite.create("memory://");
  try {
    await migrate(pgliteConnection(pglite));
    const blob = await pglite.dumpDataDir("none");
    await writeFile(dumpFile, Buffer.from(await blob.arrayBuffer()));
  } finally {
    await pglite.close();
  }
  provide(project, { kind: "pglite", dumpFile });
  log(`PGlite template ready in ${Date.now() - started} ms`);
  return () => rm(dir, { recursive: true, force: true });
}

function provide(project: TestProject, template: TestDatabaseTemplate): void {
  project.provide("voterlinkTestDatabase", template);
}

function log(message: string): void {
  if (process.env.VOTERLINK_TEST_DB_DEBUG) console.log(`[test db] ${message}`);
}
