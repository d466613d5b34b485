import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/database.js";
import {
  DEMO_COUNTY_CODE,
  DEMO_ELECTION_NAME,
  DEMO_VOTER,
  DEMO_VOTER_AWAY_FOR_WORK,
  DEMO_VOTER_AWAY_FROM_HUKOU,
  DEMO_SEED,
  demoCalendar,
  generateDemoData,
} from "../../src/db/seed/demo-data.js";
import { checkCalendar } from "../../src/domain/calendar.js";
import { objectionWindow } from "../../src/domain/voter-requests.js";
import { isDatabaseEmpty, seedDemo, type SeedSummary } from "../../src/db/seed/seed.js";
import { createTestDatabase } from "../support/database.js";
import { compareDates, fromDbDate, parseLocalDate, toLocalDate } from "../../src/domain/dates.js";
import { haversineKm } from "../../src/domain/geo.js";

const ELECTION_DAY = new Date("2026-12-15T00:00:00Z");

function ageOn(day: Date, birth: Date): number {
  const age = day.getUTCFullYear() - birth.getUTCFullYear();
  const birthdayPassed =
    day.getUTCMonth() > birth.getUTCMonth() ||
    (day.getUTCMonth() === birth.getUTCMonth() && day.getUTCDate() >= birth.getUTCDate());
  return birthdayPassed ? age : age - 1;
}

describe("generateDemoData", () => {
  const data = generateDemoData();

  it.each([
    ["2026-11-27", "2026-12-15"],
    ["2027-02-10", "2027-02-28"],
    ["2028-02-11", "2028-02-29"],
  ])("loaded on %s: a live election (E %s), roll published, objection window open, formal list out, all lawful", (today, e) => {
    const L = parseLocalDate(today);
    const cal = demoCalendar(L);
    expect(cal.electionDay).toBe(e);
    const d = generateDemoData(DEMO_SEED, L);
    expect(fromDbDate(d.election.electionDay)).toBe(e);
    const input = { ...cal, rules: d.election.rules };
    expect(checkCalendar(input)).toEqual([]);
    expect(objectionWindow(input, L).state).toBe("OPEN");
    expect(compareDates(cal.formalCandidatesOn, L)).toBeLessThan(0);
    // Every voter is 18 or older on that election day; the outgoing term ends after it.
    for (const r of d.rollEntries) expect(ageOn(new Date(`${e}T00:00:00Z`), r.birthDate)).toBeGreaterThanOrEqual(18);
    for (const del of d.delegates) expect(del.termEnd.getTime()).toBeGreaterThan(new Date(`${e}T00:00:00Z`).getTime());
    // Same day, same data.
    expect(JSON.stringify(generateDemoData(DEMO_SEED, L))).toBe(JSON.stringify(d));
  });

  it("has the county's and each township's election office, with a phone and hours", () => {
    const townships = data.areas.filter((a) => a.level !== "VILLAGE" && a.level !== "COMMUNITY").map((a) => a.code).sort();
    expect(data.offices.map((o) => o.areaCode).sort()).toEqual(townships);
    for (const o of data.offices) expect(o).toMatchObject({ phone: expect.stringMatching(/^0999-\d{7}$/), hours: expect.any(String) });
  });

  it("is deterministic, and the seed matters", () => {
    expect(JSON.stringify(generateDemoData())).toBe(JSON.stringify(data));
    const other = generateDemoData(1);
    expect(other.rollEntries.map((e) => e.fullName)).not.toEqual(data.rollEntries.map((e) => e.fullName));
  });

  it("describes one county with two townships and eight villages/communities", () => {
    expect(data.areas.filter((a) => a.level === "COUNTY").map((a) => a.code)).toEqual([DEMO_COUNTY_CODE]);
    expect(data.areas.filter((a) => a.level === "TOWNSHIP")).toHaveLength(2);
    const living = data.areas.filter((a) => a.level === "VILLAGE" || a.level === "COMMUNITY");
    expect(living).toHaveLength(8);
    expect(new Set(living.map((a) => a.level))).toEqual(new Set(["VILLAGE", "COMMUNITY"]));
    for (const a of data.areas) {
      const parent = data.areas.find((p) => p.code === a.parentCode);
      if (a.level === "COUNTY") expect(a.parentCode).toBeNull();
      else expect(a.code.startsWith(parent?.code ?? "none")).toBe(true);
      expect(a.code.startsWith("99")).toBe(true);
    }
  });

  it("draws five constituencies by the law's rules", () => {
    const cs = data.constituencies;
    expect(cs.map((c) => c.code)).toEqual(["01", "02", "03", "04", "05"]);
    expect(cs.every((c) => c.seats >= 1 && c.seats <= 3)).toBe(true);
    expect(cs.filter((c) => c.seats === 3)).toHaveLength(1);
    expect(cs.filter((c) => c.basis === "WORK_UNIT")).toHaveLength(1);
    expect(cs.every((c) => c.voterGroups.length >= 2 && c.voterGroups.length <= 4)).toBe(true);
    // Every village/community lies in exactly one residence constituency.
    const covered = cs.filter((c) => c.basis === "RESIDENCE").flatMap((c) => c.areaCodes).sort();
    const living = data.areas.filter((a) => a.level === "VILLAGE" || a.level === "COMMUNITY").map((a) => a.code).sort();
    expect(covered).toEqual(living);
  });

  it("builds a plausible roll of 2000 voters", () => {
    const roll = data.rollEntries;
    expect(roll).toHaveLength(2000);
    expect(new Set(roll.map((e) => e.voterNo)).size).toBe(2000);
    const byCode = new Map(data.constituencies.map((c) => [c.code, c]));
    for (const e of roll) {
      const c = byCode.get(e.constituencyCode);
      expect(e.voterNo.startsWith(`${e.constituencyCode}-`)).toBe(true);
      expect(c?.voterGroups.map((g) => g.name)).toContain(e.voterGroupName);
      expect(e.idLast4).toMatch(/^\d{3}[\dX]$/);
      expect(["M", "F"]).toContain(e.gender);
      const age = ageOn(ELECTION_DAY, e.birthDate);
      expect(age).toBeGreaterThanOrEqual(18);
      expect(age).toBeLessThanOrEqual(95);
      if (c?.basis === "RESIDENCE") {
        expect(c.areaCodes).toContain(e.residenceAreaCode);
        expect(e.workUnit).toBeNull();
      } else {
        expect(c?.workUnits).toContain(e.workUnit);
      }
    }
    const share = (pred: (e: (typeof roll)[number]) => boolean) => roll.filter(pred).length / roll.length;
    expect(share((e) => e.hukouAreaCode !== e.residenceAreaCode)).toBeGreaterThan(0.05);
    expect(share((e) => e.hukouAreaCode !== e.residenceAreaCode)).toBeLessThan(0.11);
    expect(share((e) => e.hukouAreaCode.slice(0, 9) !== e.residenceAreaCode.slice(0, 9))).toBeGreaterThan(0.01);
    expect(share((e) => e.awayForWork)).toBeGreaterThan(0.03);
    expect(share((e) => e.awayForWork)).toBeLessThan(0.09);
    expect(roll.filter((e) => e.status === "NOT_LISTED").length).toBeGreaterThan(0);
    expect(roll.filter((e) => e.status === "SUSPENDED").length).toBeGreaterThan(0);
    expect(share((e) => e.status === "LISTED")).toBeGreaterThan(0.99);
    expect(roll.some((e) => e.fullName.startsWith("欧阳"))).toBe(true);
  });

  it("contains the documented fixed entries, each unique by name + ID last 4", () => {
    for (const fixed of [DEMO_VOTER, DEMO_VOTER_AWAY_FROM_HUKOU, DEMO_VOTER_AWAY_FOR_WORK]) {
      const matches = data.rollEntries.filter((e) => e.fullName === fixed.fullName && e.idLast4 === fixed.idLast4);
      expect(matches).toEqual([fixed]);
    }
    expect(DEMO_VOTER).toMatchObject({ fullName: "张示例", idLast4: "1234", voterNo: "01-0001", constituencyCode: "01" });
    expect(DEMO_VOTER_AWAY_FROM_HUKOU.hukouAreaCode.slice(0, 9)).not.toBe(DEMO_VOTER_AWAY_FROM_HUKOU.residenceAreaCode.slice(0, 9));
    expect(DEMO_VOTER_AWAY_FOR_WORK.awayForWork).toBe(true);
  });

  it("lists a competitive, lawfully nominated slate per constituency (选举法 30, 31)", () => {
    for (const c of data.constituencies) {
      const slate = data.candidates.filter((k) => k.constituencyCode === c.code);
      expect(slate.length).toBeGreaterThanOrEqual(c.seats + Math.ceil(c.seats / 3));
      expect(slate.length).toBeLessThanOrEqual(2 * c.seats);
      for (const k of slate) {
        expect(slate.filter((o) => o.nominatedBy === k.nominatedBy).length).toBeLessThanOrEqual(c.seats);
        if (k.nominationKind === "JOINT_VOTERS") {
          expect(Number(k.nominatedBy.match(/等(\d+)人联名推荐$/)?.[1])).toBeGreaterThanOrEqual(10);
        }
      }
    }
    expect(new Set(data.candidates.map((k) => k.nominationKind))).toEqual(new Set(["PARTY_OR_ORGANISATION", "JOINT_VOTERS"]));
  });

  it("gives every constituency a station, and has one election meeting and one mobile box", () => {
    for (const c of data.constituencies) {
      expect(data.pollingPlaces.some((p) => p.constituencyCode === c.code && p.kind === "STATION")).toBe(true);
    }
    expect(data.pollingPlaces.filter((p) => p.kind === "ELECTION_MEETING")).toHaveLength(1);
    expect(data.pollingPlaces.filter((p) => p.kind === "MOBILE_BOX")).toHaveLength(1);
    for (const p of data.pollingPlaces) {
      expect(p.opensAt < p.closesAt).toBe(true);
      expect(p.latitude).toBeGreaterThanOrEqual(30);
      expect(p.latitude).toBeLessThanOrEqual(30.2);
      expect(p.longitude).toBeGreaterThanOrEqual(120);
      expect(p.longitude).toBeLessThanOrEqual(120.2);
    }
  });

  it("has an FAQ that cites the law and never states a calendar date", () => {
    expect(data.faq.length).toBeGreaterThanOrEqual(25);
    expect(new Set(data.faq.map((f) => f.question)).size).toBe(data.faq.length);
    for (const f of data.faq) {
      expect(f.keywords.length).toBeGreaterThan(0);
      expect(f.answer).not.toMatch(/\d{4}年|\d{1,2}月\d{1,2}日|\d{4}-\d{2}-\d{2}/);
    }
    const keywords = data.faq.flatMap((f) => f.keywords);
    for (const word of ["代投", "委托", "外地", "打工", "选民证", "登记", "申诉", "投票站", "几点", "身份证", "流动票箱", "候选人", "选区"]) {
      expect(keywords).toContain(word);
    }
    expect(data.faq.find((f) => f.keywords.includes("代投"))?.answer).toContain("选举法第42条");
  });

  it("has no FAQ answer that promises a bot feature that does not exist yet", () => {
    // Not built yet: own roll lookup / linking a constituency, handing a case to staff with a
    // tracking number, reminders and their settings, "我的数据", candidate lists/bios, messages to
    // delegates, delegates' 述职 records, map locations. The bot must never tell a voter something untrue.
    const promises = [
      "转交", // hand a question/objection to staff
      "跟踪编号",
      "通过本机器人", // "…通过本机器人提出/询问工作人员"
      "在本机器人中", // "在本机器人中关联您的选区/查找名单记录/给代表留言"
      "关联您的选区",
      "关联的选民名单",
      "身份证号后四位",
      "我的数据”中",
      "设置中",
      "提醒您",
      "订阅的提醒",
      "地图",
      "候选人名单、简介",
      "机器人届时只显示名单",
      "只提供选举委员会公布的名单", // candidate lists/bios are not in the bot
      "给本选区的代表留言",
      "对代表匿名",
      "可以显示您选区代表",
    ];
    for (const f of data.faq) {
      for (const phrase of promises) {
        expect(f.answer, `${f.question} — ${phrase}`).not.toContain(phrase);
      }
    }
  });
});

describe("generateDemoData: information for voters", () => {
  const data = generateDemoData();
  const e = fromDbDate(data.election.electionDay);

  it("gives every village/community a map point near its constituency's polling station (and nothing else one)", () => {
    for (const a of data.areas) {
      if (a.level !== "VILLAGE" && a.level !== "COMMUNITY") {
        expect(a.latitude).toBeNull();
        continue;
      }
      const c = data.constituencies.find((k) => k.areaCodes.includes(a.code))!;
      const stations = data.pollingPlaces.filter((p) => p.constituencyCode === c.code);
      const nearestKm = Math.min(...stations.map((p) => haversineKm({ latitude: a.latitude!, longitude: a.longitude! }, p)));
      expect(nearestKm, a.name).toBeLessThan(3);
    }
  });

  it("gives every candidate ethnicity, party and education, and meetings after the formal list and before E (选举法 34)", () => {
    const formal = fromDbDate(data.election.formalCandidatesOn);
    for (const c of data.candidates) {
      expect(c.ethnicity && c.party && c.education).toBeTruthy();
      expect(c.meetings.length).toBeGreaterThan(0);
      for (const m of c.meetings) {
        const day = toLocalDate(m.startsAt, "Asia/Shanghai");
        expect(compareDates(day, formal)).toBeGreaterThan(0);
        expect(compareDates(day, e)).toBeLessThan(0);
        expect(m.endsAt.getTime()).toBeGreaterThan(m.startsAt.getTime());
      }
    }
    expect(new Set(data.candidates.map((c) => c.party)).size).toBeGreaterThan(2);
  });

  it("has the FAQ in zh-CN, en and zh-TW with the same keys, and the synonym groups", () => {
    const keysOf = (l: string) => data.faq.filter((f) => f.locale === l).map((f) => f.key);
    expect(keysOf("zh-CN").length).toBeGreaterThanOrEqual(25);
    expect(keysOf("en")).toEqual(keysOf("zh-CN"));
    expect(keysOf("zh-TW")).toEqual(keysOf("zh-CN"));
    expect(new Set(keysOf("zh-CN")).size).toBe(keysOf("zh-CN").length);
    // faq-keys.ts's keyword additions are applied to the stored zh-CN entries.
    expect(data.faq.find((f) => f.locale === "zh-CN" && f.key === "proxy-limit")?.keywords).toContain("帮几个人");
    expect(data.faqSynonyms.some((g) => g.words.includes("代投") && g.words.includes("委托投票"))).toBe(true);
  });
});

describe("seedDemo", () => {
  let db: Database;
  let summary: SeedSummary;
  let wasEmpty: boolean;
  const data = generateDemoData();

  beforeAll(async () => {
    db = await createTestDatabase();
    wasEmpty = await isDatabaseEmpty(db.prisma);
    summary = await seedDemo(db.prisma);
  });

  afterAll(async () => {
    await db.close();
  });

  it("writes every row of the demo data and reports the counts", async () => {
    const p = db.prisma;
    expect(wasEmpty).toBe(true);
    expect(await isDatabaseEmpty(p)).toBe(false);
    expect(summary).toEqual({
      adminAreas: 11,
      elections: 1,
      constituencies: 5,
      constituencyAreas: 8,
      voterGroups: data.constituencies.reduce((n, c) => n + c.voterGroups.length, 0),
      rollEntries: 2000,
      candidates: data.candidates.length,
      pollingPlaces: data.pollingPlaces.length,
      delegates: data.delegates.length,
      faqEntries: data.faq.length,
      offices: 3,
      candidateMeetings: data.candidates.reduce((n, c) => n + c.meetings.length, 0),
      faqSynonyms: data.faqSynonyms.length,
    });
    expect({
      adminAreas: await p.adminArea.count(),
      elections: await p.election.count(),
      constituencies: await p.constituency.count(),
      constituencyAreas: await p.constituencyArea.count(),
      voterGroups: await p.voterGroup.count(),
      rollEntries: await p.rollEntry.count(),
      candidates: await p.candidate.count({ where: { listStage: "FORMAL" } }),
      pollingPlaces: await p.pollingPlace.count(),
      delegates: await p.delegate.count({ where: { level: "COUNTY" } }),
      faqEntries: await p.faqEntry.count(),
      offices: await p.electionOffice.count(),
      candidateMeetings: await p.candidateMeeting.count(),
      faqSynonyms: await p.faqSynonym.count(),
    }).toEqual(summary);
  });

  it("refuses to seed a database that is not empty, and writes nothing", async () => {
    await expect(seedDemo(db.prisma)).rejects.toThrow(/already has/);
    expect(await db.prisma.rollEntry.count()).toBe(2000);
  });

  it("stores the election calendar as dates on the county", async () => {
    const election = await db.prisma.election.findFirstOrThrow({ include: { area: true } });
    expect(election).toMatchObject({ name: DEMO_ELECTION_NAME, kind: "COUNTY_CONGRESS", electionDay: ELECTION_DAY });
    expect(election.area.code).toBe(DEMO_COUNTY_CODE);
    // Loaded on the reference day 2026-11-27: roll L−3, lists L−2 and L−1, E = L+18.
    expect(election.rollPublishedOn).toEqual(new Date("2026-11-24T00:00:00Z"));
    expect(election.preliminaryCandidatesOn).toEqual(new Date("2026-11-25T00:00:00Z"));
    expect(election.formalCandidatesOn).toEqual(new Date("2026-11-26T00:00:00Z"));
    expect(election.rules).toEqual({ maxProxiesPerPerson: 3, objectionDays: 5, committeeDecisionDays: 3 });
  });

  it("keeps the roll consistent with the election, constituencies and voter groups", async () => {
    const p = db.prisma;
    const election = await p.election.findFirstOrThrow();
    const constituencies = await p.constituency.findMany({ where: { electionId: election.id } });
    expect(constituencies.every((c) => c.seats >= 1 && c.seats <= 3)).toBe(true);
    const ids = constituencies.map((c) => c.id);
    expect(await p.rollEntry.count({ where: { electionId: election.id, constituencyId: { in: ids } } })).toBe(2000);
    const rows = await p.$queryRaw<{ bad: bigint; distinct_nos: bigint }[]>`
      SELECT count(*) FILTER (WHERE g."constituencyId" <> r."constituencyId" OR r."voterGroupId" IS NULL) AS bad,
             count(DISTINCT r."voterNo") AS distinct_nos
      FROM "RollEntry" r LEFT JOIN "VoterGroup" g ON g.id = r."voterGroupId"`;
    expect(rows[0]).toEqual({ bad: 0n, distinct_nos: 2000n });
  });

  it("finds the demo voter by name and ID last 4 in constituency 01", async () => {
    const entries = await db.prisma.rollEntry.findMany({
      where: { fullName: DEMO_VOTER.fullName, idLast4: DEMO_VOTER.idLast4 },
      include: { constituency: true, residenceArea: true, hukouArea: true },
    });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ voterNo: "01-0001", status: "LISTED", birthDate: DEMO_VOTER.birthDate });
    expect(entries[0]?.constituency.code).toBe("01");
    expect(entries[0]?.residenceArea?.code).toBe(DEMO_VOTER.residenceAreaCode);

    const away = await db.prisma.rollEntry.findFirstOrThrow({
      where: { voterNo: DEMO_VOTER_AWAY_FROM_HUKOU.voterNo },
      include: { residenceArea: true, hukouArea: true },
    });
    expect(away.hukouArea?.code).toBe(DEMO_VOTER_AWAY_FROM_HUKOU.hukouAreaCode);
    expect(away.residenceArea?.code).toBe(DEMO_VOTER_AWAY_FROM_HUKOU.residenceAreaCode);
  });

  it("links residence constituencies to their villages/communities and places to constituencies", async () => {
    const links = await db.prisma.constituencyArea.findMany({ include: { area: true, constituency: true } });
    expect(links.every((l) => l.constituency.basis === "RESIDENCE")).toBe(true);
    expect(new Set(links.map((l) => l.area.level))).toEqual(new Set(["VILLAGE", "COMMUNITY"]));
    const workUnit = await db.prisma.constituency.findFirstOrThrow({ where: { basis: "WORK_UNIT" } });
    expect(workUnit.workUnits).toEqual(["示例县人民医院", "示例县第一中学"]);
    const stations = await db.prisma.pollingPlace.groupBy({ by: ["constituencyId"], where: { kind: "STATION" } });
    expect(stations).toHaveLength(5);
  });
});
