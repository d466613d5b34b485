// Who a broadcast reaches, per audience: county, township, constituency, voter group, delegates,
// subscribers of a reminder topic — reachable people only, each once.
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { seedDemo } from "../../src/db/seed/seed.js";
import type { Audience } from "../../src/services/outbox.js";
import { createServices, type Services } from "../../src/services/index.js";
import { createTestDatabase, type Database } from "../support/database.js";

let db: Database;
let services: Services;
let audiences: Record<string, Audience>;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.prisma);
  services = createServices(db.prisma, loadConfig({ LOG_LEVEL: "silent" }), pino({ level: "silent" }));
  const c1 = await db.prisma.constituency.findFirstOrThrow({ where: { code: "01" }, include: { areas: { include: { area: true } } } });
  const entry = await db.prisma.rollEntry.findFirstOrThrow({ where: { voterGroupId: { not: null }, constituency: { code: "02" } } });
  const township = c1.areas[0]!.area.parentId ?? c1.areas[0]!.area.id;
  audiences = {
    county: { kind: "county" },
    township: { kind: "township", areaId: township },
    constituency01: { kind: "constituency", constituencyId: c1.id },
    constituency02: { kind: "constituency", constituencyId: entry.constituencyId },
    voterGroup: { kind: "voterGroup", voterGroupId: entry.voterGroupId! },
    delegates: { kind: "delegates" },
    results: { kind: "topic", topic: "results" },
  };
  (globalThis as { entryId?: number }).entryId = entry.id;
  (globalThis as { c1?: number }).c1 = c1.id;
});
afterAll(() => db?.close());

async function sizes(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [k, a] of Object.entries(audiences)) out[k] = await services.outbox.audienceSize(a);
  return out;
}

async function added(make: () => Promise<unknown>): Promise<string[]> {
  const before = await sizes();
  await make();
  const after = await sizes();
  return Object.keys(after).filter((k) => after[k] !== before[k]).sort();
}

describe("broadcast audiences", () => {
  it("a voter of a constituency: the county, its township, the constituency and the topic subscribers", async () => {
    const c1 = (globalThis as { c1?: number }).c1!;
    expect(await added(() => db.prisma.user.create({ data: { telegramId: 990001n, constituencyId: c1 } }))).toEqual(["constituency01", "county", "results", "township"]);
  });

  it("a voter linked to a roll entry: also their voter group", async () => {
    const entryId = (globalThis as { entryId?: number }).entryId!;
    const township = (audiences.township as { areaId: number }).areaId;
    const inTownship = await db.prisma.constituencyArea.count({
      where: { constituency: { rollEntries: { some: { id: entryId } } }, area: { OR: [{ id: township }, { parentId: township }] } },
    });
    const expected = ["constituency02", "county", "results", ...(inTownship > 0 ? ["township"] : []), "voterGroup"];
    expect(await added(() => db.prisma.user.create({ data: { telegramId: 990002n, rollEntryId: entryId } }))).toEqual(expected);
  });

  it("a delegate: the delegates; a voter who switched the results topic off: not its subscribers", async () => {
    expect(await added(() => db.prisma.user.create({ data: { telegramId: 990003n, role: "DELEGATE" } }))).toEqual(["county", "delegates", "results"]);
    expect(
      await added(async () => {
        const u = await db.prisma.user.create({ data: { telegramId: 990004n } });
        await services.reminderPreferences.setTopic(u.id, "results", false);
      }),
    ).toEqual(["county"]);
  });

  it("someone who blocked the bot is in no audience", async () => {
    const c1 = (globalThis as { c1?: number }).c1!;
    expect(await added(() => db.prisma.user.create({ data: { telegramId: 990005n, constituencyId: c1, unreachableAt: new Date() } }))).toEqual([]);
  });
});
