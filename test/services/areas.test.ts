import type { AdminArea, Election } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_COUNTY_CODE, DEMO_ELECTION_NAME, DEMO_VOTER_AWAY_FOR_WORK } from "../../src/db/seed/demo-data.js";
import { seedDemo } from "../../src/db/seed/seed.js";
import { AreaService } from "../../src/services/areas.js";
import { createTestDatabase, type Database } from "../support/database.js";

const WORK_UNITS = ["示例县人民医院", "示例县第一中学"];

let db: Database;
let areas: AreaService;

beforeAll(async () => {
  db = await createTestDatabase();
  areas = new AreaService(db.prisma);
});

afterAll(async () => {
  await db.close();
});

// The fields AreaView carries (the map point of a village is not part of it).
const areaByCode = (code: string) =>
  db.prisma.adminArea.findUniqueOrThrow({ where: { code }, select: { id: true, code: true, name: true, level: true, parentId: true } });

describe("AreaService on an empty database", () => {
  it("overview() is null before any import (the \"no data yet\" path)", async () => {
    expect(await areas.overview()).toBeNull();
  });

  it("detail() of any id is null", async () => {
    expect(await areas.detail(1)).toBeNull();
  });
});

describe("AreaService on the demo county", () => {
  let election: Election;

  beforeAll(async () => {
    await seedDemo(db.prisma);
    election = await db.prisma.election.findFirstOrThrow({ where: { name: DEMO_ELECTION_NAME } });
  });

  it("overview() gives the county and its election", async () => {
    const overview = await areas.overview();
    expect(overview?.county).toMatchObject({ code: DEMO_COUNTY_CODE, name: "示例县", level: "COUNTY", parentId: null });
    expect(overview?.election).toMatchObject({ id: election.id, name: DEMO_ELECTION_NAME, kind: "COUNTY_CONGRESS" });
    expect(overview?.election?.electionDay).toBe("2026-12-15");
    // The legal calendar comes with it, computed from the election's own rules (Election.rules).
    expect(overview?.election?.rules).toMatchObject({ objectionDays: 5, committeeDecisionDays: 3 });
    expect(overview?.election?.calendar).toMatchObject({ rollPublishedBy: "2026-11-24", objectionDeadline: "2026-11-28", formalListBy: "2026-12-07" });
  });

  it("overview() is cached for 60 s; a renamed election shows after that", async () => {
    const cachedAreas = new AreaService(db.prisma);
    const t0 = Date.now();
    await cachedAreas.overview(t0);
    await db.prisma.election.update({ where: { id: election.id }, data: { name: "改名后的选举" } });
    try {
      expect((await cachedAreas.overview(t0 + 59_999))?.election?.name).toBe(DEMO_ELECTION_NAME);
      expect((await cachedAreas.overview(t0 + 60_000))?.election?.name).toBe("改名后的选举");
    } finally {
      await db.prisma.election.update({ where: { id: election.id }, data: { name: DEMO_ELECTION_NAME } });
    }
  });

  it("overview() picks the county's latest election, not an older one added later", async () => {
    const county = await areaByCode(DEMO_COUNTY_CODE);
    const older = await db.prisma.election.create({
      data: { name: "示例县第十八届人民代表大会代表选举", kind: "COUNTY_CONGRESS", areaId: county.id, electionDay: new Date("2021-11-15T00:00:00Z") },
    });
    try {
      // Past the 60 s cache, so the database is read again.
      expect((await new AreaService(db.prisma).overview())?.election?.id).toBe(election.id);
    } finally {
      await db.prisma.election.delete({ where: { id: older.id } });
    }
  });

  it("detail() of the county lists its townships and its (absent) parent", async () => {
    const county = await areaByCode(DEMO_COUNTY_CODE);
    const detail = await areas.detail(county.id, election.id);
    expect(detail?.area).toEqual(county);
    expect(detail?.parent).toBeNull();
    expect(detail?.children.map((c) => c.code)).toEqual(["999901001", "999901002"]);
    expect(detail?.constituencies).toEqual([]);
  });

  it("detail() of a township lists its villages/communities sorted by code, with no constituencies", async () => {
    const township = await areaByCode("999901001");
    const detail = await areas.detail(township.id, election.id);
    expect(detail?.area).toEqual(township);
    // The area itself comes without the included relations.
    expect(detail?.area).not.toHaveProperty("children");
    expect(detail?.area).not.toHaveProperty("parent");
    expect(detail?.parent?.code).toBe(DEMO_COUNTY_CODE);
    expect(detail?.children.map((c) => [c.code, c.name, c.level])).toEqual([
      ["999901001001", "青禾社区", "COMMUNITY"],
      ["999901001002", "新街社区", "COMMUNITY"],
      ["999901001201", "东村", "VILLAGE"],
      ["999901001202", "西村", "VILLAGE"],
      ["999901001203", "南塘村", "VILLAGE"],
    ]);
    expect(detail?.children.every((c) => c.parentId === township.id)).toBe(true);
    expect(detail?.constituencies).toEqual([]);

    const other = await areas.detail((await areaByCode("999901002")).id, election.id);
    expect(other?.children.map((c) => c.name)).toEqual(["石桥社区", "北岭村", "上坪村"]);
  });

  it("detail() of a village gives its residence constituency, seats, formal candidates, fixed places and the work units", async () => {
    const village = await areaByCode(DEMO_VOTER_AWAY_FOR_WORK.residenceAreaCode); // 石桥乡北岭村
    const c04 = await db.prisma.constituency.findUniqueOrThrow({ where: { electionId_code: { electionId: election.id, code: "04" } } });
    const detail = await areas.detail(village.id, election.id);
    expect(detail?.area).toMatchObject({ code: "999901002201", name: "北岭村", level: "VILLAGE" });
    expect(detail?.parent?.name).toBe("石桥乡");
    expect(detail?.children).toEqual([]);
    expect(detail?.constituencies).toEqual([
      {
        id: c04.id,
        name: "第四选区（石桥乡北岭村、上坪村、石桥社区）",
        seats: 2,
        candidates: 3,
        // Constituency 04 also has a MOBILE_BOX (石桥乡流动票箱): it only serves approved voters, so it is not listed.
        places: [
          {
            kind: "STATION",
            name: "石桥社区投票站",
            address: "石桥乡石桥街8号石桥社区服务中心",
            opensAt: "08:00",
            closesAt: "17:00",
            stepFree: true,
            accessibility: "入口平整，可提供轮椅。",
          },
        ],
      },
    ]);
    expect(await db.prisma.pollingPlace.count({ where: { constituencyId: c04.id, kind: "MOBILE_BOX" } })).toBe(1);
    expect(detail?.workUnits).toEqual(WORK_UNITS);
  });

  it("detail() lists a constituency's places in id order, with no accessibility note as null", async () => {
    const detail = await areas.detail((await areaByCode("999901001201")).id, election.id); // 东村
    expect(detail?.constituencies.map((c) => [c.name, c.seats, c.candidates])).toEqual([["第一选区（青禾镇东村、西村）", 2, 3]]);
    expect(detail?.constituencies[0]?.places.map((p) => [p.kind, p.name, p.stepFree])).toEqual([
      ["STATION", "东村投票站", true],
      ["STATION", "西村投票站", false],
    ]);
    const community = await areas.detail((await areaByCode("999901001002")).id, election.id); // 新街社区
    expect(community?.constituencies.map((c) => [c.seats, c.candidates])).toEqual([[3, 5]]);
    expect(community?.constituencies[0]?.places.map((p) => [p.name, p.accessibility])).toEqual([
      ["青禾社区投票站", "无障碍入口在东侧，有无障碍卫生间。"],
      ["新街社区投票站", null],
    ]);
  });

  it("detail() without an election lists the constituencies but no work units", async () => {
    const detail = await areas.detail((await areaByCode("999901002201")).id);
    expect(detail?.constituencies.map((c) => c.name)).toEqual(["第四选区（石桥乡北岭村、上坪村、石桥社区）"]);
    expect(detail?.workUnits).toEqual([]);
  });

  it("detail() of an unknown id is null", async () => {
    const max = await db.prisma.adminArea.aggregate({ _max: { id: true } });
    expect(await areas.detail((max._max.id ?? 0) + 1000, election.id)).toBeNull();
  });

  describe("areas and constituencies added after the seed", () => {
    let township: Awaited<ReturnType<typeof areaByCode>>;
    let village: AdminArea;

    beforeAll(async () => {
      township = await areaByCode("999901002");
      village = await db.prisma.adminArea.create({
        data: { code: "999901002203", name: "下溪村", level: "VILLAGE", parentId: township.id },
      });
    });

    it("a village with no ConstituencyArea row has no constituencies (but still the work units)", async () => {
      const detail = await areas.detail(village.id, election.id);
      expect(detail?.area).toMatchObject({ id: village.id, name: "下溪村" });
      expect(detail?.parent?.id).toBe(township.id);
      expect(detail?.constituencies).toEqual([]);
      expect(detail?.workUnits).toEqual(WORK_UNITS);
      // And it shows up among its township's children, in code order.
      const parent = await areas.detail(township.id, election.id);
      expect(parent?.children.map((c) => c.name)).toEqual(["石桥社区", "北岭村", "上坪村", "下溪村"]);
    });

    it("counts FORMAL candidates only, lists STATION and ELECTION_MEETING but no MOBILE_BOX, and orders split areas by constituency code", async () => {
      const later = await db.prisma.constituency.create({
        data: { electionId: election.id, code: "92", name: "第九十二选区", seats: 3, basis: "RESIDENCE", workUnits: [] },
      });
      const earlier = await db.prisma.constituency.create({
        data: { electionId: election.id, code: "91", name: "第九十一选区", seats: 1, basis: "RESIDENCE", workUnits: [] },
      });
      await db.prisma.constituencyArea.createMany({
        data: [
          { constituencyId: later.id, areaId: village.id },
          { constituencyId: earlier.id, areaId: village.id },
        ],
      });
      const place = { electionId: election.id, constituencyId: later.id, address: "下溪村", opensAt: "08:00", closesAt: "12:00" };
      await db.prisma.pollingPlace.create({ data: { ...place, kind: "MOBILE_BOX", name: "流动票箱" } });
      await db.prisma.pollingPlace.create({ data: { ...place, kind: "ELECTION_MEETING", name: "下溪村选举大会", stepFree: true } });
      await db.prisma.pollingPlace.create({ data: { ...place, kind: "STATION", name: "下溪村投票站" } });
      const candidate = { constituencyId: later.id, gender: "F", birthYear: 1980, occupation: "村民", bio: "", nominationKind: "JOINT_VOTERS" as const, nominatedBy: "选民等10人联名推荐" };
      await db.prisma.candidate.createMany({
        data: [
          { ...candidate, fullName: "甲", listStage: "FORMAL" },
          { ...candidate, fullName: "乙", listStage: "FORMAL" },
          { ...candidate, fullName: "丙", listStage: "PRELIMINARY" },
          { ...candidate, fullName: "丁" }, // PRELIMINARY by default
        ],
      });

      const detail = await areas.detail(village.id, election.id);
      expect(detail?.constituencies.map((c) => [c.id, c.name, c.seats, c.candidates])).toEqual([
        [earlier.id, "第九十一选区", 1, 0],
        [later.id, "第九十二选区", 3, 2],
      ]);
      expect(detail?.constituencies[0]?.places).toEqual([]);
      expect(detail?.constituencies[1]?.places).toEqual([
        { kind: "ELECTION_MEETING", name: "下溪村选举大会", address: "下溪村", opensAt: "08:00", closesAt: "12:00", stepFree: true, accessibility: null },
        { kind: "STATION", name: "下溪村投票站", address: "下溪村", opensAt: "08:00", closesAt: "12:00", stepFree: false, accessibility: null },
      ]);
    });

    it("with an election id, leaves out another election's constituencies covering the same area", async () => {
      const county = await areaByCode(DEMO_COUNTY_CODE);
      const older = await db.prisma.election.create({
        data: { name: "示例县第十八届人民代表大会代表选举", kind: "COUNTY_CONGRESS", areaId: county.id, electionDay: new Date("2021-11-15T00:00:00Z") },
      });
      const old = await db.prisma.constituency.create({
        data: {
          electionId: older.id,
          code: "01",
          name: "旧第一选区",
          seats: 1,
          basis: "WORK_UNIT",
          workUnits: ["旧单位"],
          areas: { create: { areaId: village.id } },
        },
      });
      try {
        const current = await areas.detail(village.id, election.id);
        expect(current?.constituencies.map((c) => c.name)).toEqual(["第九十一选区", "第九十二选区"]);
        expect(current?.workUnits).toEqual(WORK_UNITS);
        const previous = await areas.detail(village.id, older.id);
        expect(previous?.constituencies.map((c) => c.id)).toEqual([old.id]);
        expect(previous?.workUnits).toEqual(["旧单位"]);
        // No election given: every election's constituencies, by code.
        const all = await areas.detail(village.id);
        expect(all?.constituencies.map((c) => c.name)).toEqual(["旧第一选区", "第九十一选区", "第九十二选区"]);
      } finally {
        await db.prisma.election.delete({ where: { id: older.id } });
      }
    });
  });
});
