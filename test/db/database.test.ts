// Opening the embedded database: one process per PGlite directory.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "voterlink-db-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("PGlite directory lock", () => {
  it("refuses a second opener while the first has it, and lets the next one in after close", async () => {
    const data = path.join(dir, "a");
    const first = await openDatabase({ kind: "pglite", dir: data });
    try {
      await expect(openDatabase({ kind: "pglite", dir: data })).rejects.toThrow(
        `${data} is in use by another voterlink process (pid ${process.pid}); stop it first, or set PGLITE_DIR`,
      );
    } finally {
      await first.close();
    }
    const again = await openDatabase({ kind: "pglite", dir: data });
    expect(again.migrated).toEqual([]);
    await again.close();
  }, 60_000);

  it("takes over a lock left by a process that died", async () => {
    const data = path.join(dir, "b");
    const first = await openDatabase({ kind: "pglite", dir: data });
    await first.close();
    await writeFile(path.join(data, "voterlink.lock"), "2147483646"); // no such process
    const db = await openDatabase({ kind: "pglite", dir: data });
    expect(await db.prisma.adminArea.count()).toBe(0);
    await db.close();
  }, 60_000);
});
