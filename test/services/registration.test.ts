import type { Election, RollStatus } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_COUNTY_CODE, generateDemoData } from "../../src/db/seed/demo-data.js";
import { seedDemo } from "../../src/db/seed/seed.js";
import { RegistrationService, type ConstituencyRegistration } from "../../src/services/registration.js";
import { createTestDatabase, type Database } from "../support/database.js";

const STATUSES: RollStatus[] = ["LISTED", "NOT_LISTED", "SUSPENDED", "REMOVED"];
const ZERO = { LISTED: 0, NOT_LISTED: 0, SUSPENDED: 0, REMOVED: 0 };

let db: Database;
let registration: RegistrationService;
let election: Election;
let rows: ConstituencyRegistration[];
const data = generateDemoData();

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.prisma);
  registration = new RegistrationService(db.prisma);
  election = await db.prisma.election.findFirstOrThrow();
  rows = await registration.perConstituency(election.id);
});

afterAll(async () => {
  await db.close();
});

describe("RegistrationService.perConstituency on the demo election", () => {
  it("has one row per constituency, in code order, with names and seats", async () => {
    const constituencies = await db.prisma.constituency.findMany({ where: { electionId: election.id }, orderBy: { code: "asc" } });
    expect(rows.map((r) => [r.constituencyId, r.name, r.seats])).toEqual(constituencies.map((c) => [c.id, c.name, c.seats]));
    expect(rows.map((r) => r.seats)).toEqual([2, 3, 1, 2, 1]);
  });

  it("counts 2000 voters over the 5 constituencies", () => {
    expect(rows.map((r) => r.total)).toEqual([445, 665, 220, 450, 220]);
    expect(rows.reduce((n, r) => n + r.total, 0)).toBe(2000);
    for (const r of rows) expect(r.total).toBe(STATUSES.reduce((n, s) => n + r.byStatus[s], 0));
  });

  it("gives per-status counts equal to a direct count, REMOVED included as 0", async () => {
    for (const r of rows) {
      for (const status of STATUSES) {
        const direct = await db.prisma.rollEntry.count({ where: { electionId: election.id, constituencyId: r.constituencyId, status } });
        expect(r.byStatus[status], `${r.name} ${status}`).toBe(direct);
      }
      expect(Object.keys(r.byStatus).sort()).toEqual([...STATUSES].sort());
    }
    const sum = (s: RollStatus) => rows.reduce((n, r) => n + r.byStatus[s], 0);
    expect([sum("LISTED"), sum("NOT_LISTED"), sum("SUSPENDED"), sum("REMOVED")]).toEqual([1991, 6, 3, 0]);
  });

  it("counts 人户分离 as the entries whose hukou area differs from their residence area", async () => {
    const entries = await db.prisma.rollEntry.findMany({
      where: { electionId: election.id },
      select: { constituencyId: true, hukouAreaId: true, residenceAreaId: true },
    });
    const expected = rows.map((r) => entries.filter((e) => e.constituencyId === r.constituencyId && e.hukouAreaId !== e.residenceAreaId).length);
    expect(rows.map((r) => r.awayFromHukou)).toEqual(expected);
    // The same figures straight from the demo data.
    const fromData = ["01", "02", "03", "04", "05"].map(
      (code) => data.rollEntries.filter((e) => e.constituencyCode === code && e.hukouAreaCode !== e.residenceAreaCode).length,
    );
    expect(expected).toEqual(fromData);
    expect(fromData.every((n) => n > 0)).toBe(true);
  });

  it("counts 外出务工 (none in the work-unit constituency)", () => {
    const fromData = ["01", "02", "03", "04", "05"].map((code) => data.rollEntries.filter((e) => e.constituencyCode === code && e.awayForWork).length);
    expect(rows.map((r) => r.awayForWork)).toEqual(fromData);
    expect(rows[4]?.awayForWork).toBe(0);
    expect(fromData.slice(0, 4).every((n) => n > 0)).toBe(true);
  });
});

describe("RegistrationService.perConstituency on another election", () => {
  it("gives zeros, not missing rows, for constituencies with no roll entries, and counts only that election", async () => {
    const county = await db.prisma.adminArea.findUniqueOrThrow({ where: { code: DEMO_COUNTY_CODE } });
    const village = await db.prisma.adminArea.findUniqueOrThrow({ where: { code: "999901001201" } });
    const other = await db.prisma.election.create({
      data: {
        name: "补选",
        kind: "COUNTY_CONGRESS",
        areaId: county.id,
        electionDay: new Date("2027-06-01T00:00:00Z"),
        constituencies: {
          create: [
            { code: "B2", name: "补选第二选区", seats: 2, basis: "RESIDENCE", workUnits: [] },
            { code: "B1", name: "补选第一选区", seats: 1, basis: "RESIDENCE", workUnits: [] },
          ],
        },
      },
      include: { constituencies: { orderBy: { code: "asc" } } },
    });
    const [b1, b2] = other.constituencies;
    if (!b1 || !b2) throw new Error("constituencies not created");

    expect(await registration.perConstituency(other.id)).toEqual([
      { constituencyId: b1.id, name: "补选第一选区", seats: 1, byStatus: ZERO, total: 0, awayFromHukou: 0, awayForWork: 0 },
      { constituencyId: b2.id, name: "补选第二选区", seats: 2, byStatus: ZERO, total: 0, awayFromHukou: 0, awayForWork: 0 },
    ]);

    const entry = {
      electionId: other.id,
      constituencyId: b1.id,
      fullName: "赵补选",
      idLast4: "0000",
      birthDate: new Date("1970-01-01T00:00:00Z"),
      gender: "M",
    };
    await db.prisma.rollEntry.createMany({
      data: [
        { ...entry, voterNo: "B1-1", status: "REMOVED", hukouAreaId: village.id, residenceAreaId: village.id },
        { ...entry, voterNo: "B1-2", awayForWork: true, hukouAreaId: county.id, residenceAreaId: village.id },
      ],
    });
    expect(await registration.perConstituency(other.id)).toEqual([
      { constituencyId: b1.id, name: "补选第一选区", seats: 1, byStatus: { ...ZERO, LISTED: 1, REMOVED: 1 }, total: 2, awayFromHukou: 1, awayForWork: 1 },
      { constituencyId: b2.id, name: "补选第二选区", seats: 2, byStatus: ZERO, total: 0, awayFromHukou: 0, awayForWork: 0 },
    ]);
    // The demo election's figures are unchanged.
    expect(await registration.perConstituency(election.id)).toEqual(rows);
  });

  it("is empty for an election without constituencies or an unknown id", async () => {
    const county = await db.prisma.adminArea.findUniqueOrThrow({ where: { code: DEMO_COUNTY_CODE } });
    const bare = await db.prisma.election.create({
      data: { name: "空选举", kind: "COUNTY_CONGRESS", areaId: county.id, electionDay: new Date("2028-01-01T00:00:00Z") },
    });
    expect(await registration.perConstituency(bare.id)).toEqual([]);
    expect(await registration.perConstituency(bare.id + 1000)).toEqual([]);
  });
});
