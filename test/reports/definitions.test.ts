// The nine staff reports on the demo county, with result rows inserted directly (the results flow
// is another feature): figures against what was inserted, the area filter (a township includes its
// villages), the honest empty states, files in every format, and the three languages.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createI18n, createTranslators } from "../../src/bot/i18n.js";
import { seedDemo } from "../../src/db/seed/seed.js";
import { parseLocalDate } from "../../src/domain/dates.js";
import { REPORT_NAMES, runReport, toCsv, toPng, toXlsx, type ReportName } from "../../src/reports/index.js";
import type { ReportLocale } from "../../src/reports/render/summary.js";
import { createTestDatabase, type TestDatabase } from "../support/database.js";

const NOW = new Date("2026-12-20T02:00:00Z");
const tFor = createTranslators(createI18n("zh-CN"));
let db: TestDatabase;

const run = async (name: ReportName, filters: { electionId?: number; areaCode?: string } = {}, locale: ReportLocale = "zh-CN", within?: string) => {
  const r = await runReport(db.prisma, name, filters, { t: tFor(locale), locale, now: NOW, timeZone: "Asia/Shanghai", within });
  if (!r.ok) throw new Error(r.error);
  return r.run;
};

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemo(db.prisma, { today: parseLocalDate("2026-11-27") });
}, 60_000);
afterAll(() => db?.close());

describe("before any result is entered", () => {
  it("turnout, first-round and elected say that no results were entered, not zeros", async () => {
    for (const name of ["turnout", "first-round", "elected"] as const) {
      const r = await run(name);
      expect(r.data.empty).toBe(true);
      if (!r.data.empty) continue;
      expect(r.data.reason).toContain("/results");
      // The file still opens, with the reason under the title and the columns it would hold.
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await toXlsx(r, "Asia/Shanghai")) as unknown as ArrayBuffer);
      const texts = wb.worksheets[0]!.getSheetValues().flat().map(String).join("|");
      expect(texts).toContain("还没有录入并确认计票结果");
      expect(await toPng(r)).toBeNull();
    }
  });

  it("registration counts the demo roll with its 人户分离 and 外出务工 voters, and the totals row adds up", async () => {
    const r = await run("registration");
    expect(r.data.empty).toBe(false);
    if (r.data.empty) return;
    const table = r.data.tables[0]!;
    const listed = await db.prisma.rollEntry.count({ where: { status: "LISTED" } });
    expect(table.totals?.listed).toBe(listed);
    expect(table.rows.reduce((s, row) => s + Number(row.onRoll), 0)).toBe(table.totals?.onRoll);
    expect(Number(table.totals?.awayFromHukou)).toBeGreaterThanOrEqual(1);
    expect(Number(table.totals?.awayForWork)).toBeGreaterThanOrEqual(1);
    expect(r.data.summary[0]).toContain(`列入名单 ${listed.toLocaleString("zh-CN")}`);
    // The demo roll predates its publication: nothing counts as 补登 until an entry is stored after it.
    expect(table.totals?.added).toBe(0);
    const c = await db.prisma.constituency.findFirstOrThrow({ orderBy: { code: "asc" } });
    await db.prisma.rollEntry.create({
      data: { electionId: c.electionId, constituencyId: c.id, voterNo: "01-9999", fullName: "补登例", idLast4: "0000", birthDate: new Date("1990-01-01T00:00:00Z"), gender: "F", createdAt: NOW },
    });
    const after = await run("registration");
    if (after.data.empty) throw new Error("empty");
    expect(after.data.tables[0]!.totals?.added).toBe(1);
    expect(after.data.headline.added).toBe(1);
  });
});

describe("with confirmed results", () => {
  let electionId: number;
  let constituencies: { id: number; code: string; seats: number; name: string }[];

  beforeAll(async () => {
    const election = await db.prisma.election.findFirstOrThrow();
    electionId = election.id;
    constituencies = await db.prisma.constituency.findMany({ where: { electionId }, orderBy: { code: "asc" }, select: { id: true, code: true, seats: true, name: true } });
    // Constituency 01: a valid first round that fills every seat. 02: a valid round with seats
    // left (further election). 03: a DRAFT sheet, which must not count.
    const [c1, c2, c3] = constituencies;
    const cand1 = await db.prisma.candidate.findMany({ where: { constituencyId: c1!.id }, orderBy: { id: "asc" } });
    await db.prisma.candidate.update({ where: { id: cand1[0]!.id }, data: { incumbent: true, gender: "F", ethnicity: "回族", party: "群众", birthYear: 1980 } });
    const sheet = async (c: { id: number; seats: number }, status: "DRAFT" | "CONFIRMED", voted: number, proxy: number, elected: { name: string; candidateId: number | null }[], outcome: object, parts: { kind: "STATION" | "ELECTION_MEETING" | "MOBILE_BOX"; voted: number }[]) =>
      db.prisma.resultSheet.create({
        data: {
          electionId, constituencyId: c.id, round: "FIRST", roundNo: 1, seats: c.seats, registered: 1000, voted, returned: voted,
          validBallots: voted - 10, invalidBallots: 10, proxyVotes: proxy, status, outcome,
          parts: { create: parts.map((p, i) => ({ placeKind: p.kind, label: `p${i}`, voted: p.voted, returned: p.voted, validBallots: p.voted, invalidBallots: 0 })) },
          votes: { create: elected.map((e) => ({ name: e.name, candidateId: e.candidateId, votes: voted - 20, elected: true })) },
        },
      });
    await sheet(c1!, "CONFIRMED", 900, 30, cand1.slice(0, c1!.seats).map((k) => ({ name: k.fullName, candidateId: k.id })),
      { valid: true, elected: cand1.slice(0, c1!.seats).map((k) => k.fullName) }, [{ kind: "STATION", voted: 700 }, { kind: "MOBILE_BOX", voted: 200 }]);
    await sheet(c2!, "CONFIRMED", 600, 0, [{ name: "李另选", candidateId: null }],
      { valid: true, elected: ["李另选"], furtherElection: { seats: c2!.seats - 1, candidates: ["甲", "乙"] } }, [{ kind: "ELECTION_MEETING", voted: 600 }]);
    await sheet(c3!, "DRAFT", 999, 0, [], { valid: true, elected: [] }, []);
  });

  it("turnout: confirmed sheets only, by constituency and by way of voting, with a chart", async () => {
    const r = await run("turnout", { electionId });
    expect(r.data.empty).toBe(false);
    if (r.data.empty) return;
    const t = r.data.tables[0]!;
    expect(t.rows).toHaveLength(2);
    expect(t.totals).toMatchObject({ registered: 2000, voted: 1500, atStation: 700, inMobileBox: 200, atMeeting: 600, byProxy: 30 });
    expect(t.totals?.turnout).toBeCloseTo(0.75);
    expect(r.data.summary[0]).toContain("75.0%");
    expect(r.data.headline.turnout).toBeCloseTo(0.75);
    const png = await toPng(r);
    expect(png?.subarray(1, 4).toString()).toBe("PNG");
  });

  it("first-round: one success out of two counted, the other a further election", async () => {
    const r = await run("first-round", { electionId });
    if (r.data.empty) throw new Error("empty");
    expect(r.data.headline.firstRoundSuccess).toBeCloseTo(0.5);
    const outcomes = r.data.tables[0]!.rows.map((row) => row.outcome);
    expect(outcomes).toEqual(["一次成功", "名额未选足，另行选举"]);
    expect(r.data.summary[0]).toContain(`1 / 2`);
  });

  it("elected: the structure from candidate records, a write-in counted as unknown", async () => {
    const r = await run("elected", { electionId }, "en");
    if (r.data.empty) throw new Error("empty");
    const total = constituencies[0]!.seats + 1;
    expect(r.data.headline.elected).toBe(total);
    expect(r.data.headline.minorities).toBeCloseTo(1 / total);
    expect(r.data.headline.reElected).toBeCloseTo(1 / total);
    const structure = r.data.tables[0]!.rows;
    expect(structure).toContainEqual(expect.objectContaining({ category: "Ethnicity", group: "Ethnic minorities", count: 1 }));
    expect(structure).toContainEqual(expect.objectContaining({ category: "Gender", group: "Unknown", count: 1 }));
    expect(r.data.tables[1]!.rows.map((x) => x.name)).toContain("李另选");
  });

  it("an area narrows to the constituencies of its villages; an area outside the staff member's own is refused", async () => {
    const township = await db.prisma.adminArea.findFirstOrThrow({ where: { code: "999901001" } });
    const inside = await db.prisma.constituency.count({ where: { electionId, areas: { some: { area: { parentId: township.id } } } } });
    const r = await run("registration", { areaCode: "999901001" });
    if (r.data.empty) throw new Error("empty");
    expect(r.data.tables[0]!.rows).toHaveLength(inside);
    expect(inside).toBeLessThan(constituencies.length);
    expect(r.filters.find((f) => f.label === "地区")?.value).toContain("青禾镇");
    const refused = await runReport(db.prisma, "registration", { areaCode: "999901002" }, { t: tFor("zh-CN"), locale: "zh-CN", now: NOW, timeZone: "Asia/Shanghai", within: "999901001" });
    expect(refused).toEqual({ ok: false, error: "area_outside" });
    expect(await runReport(db.prisma, "turnout", { areaCode: "123" }, { t: tFor("en"), locale: "en", now: NOW, timeZone: "Asia/Shanghai" })).toEqual({ ok: false, error: "unknown_area" });
    expect(await runReport(db.prisma, "turnout", { electionId: 999_999 }, { t: tFor("en"), locale: "en", now: NOW, timeZone: "Asia/Shanghai" })).toEqual({ ok: false, error: "unknown_election" });
  });
});

describe("every report", () => {
  it.each(REPORT_NAMES)("%s runs in three languages and renders XLSX and CSV with the same header row", async (name) => {
    for (const locale of ["zh-CN", "en", "zh-TW"] as const) {
      const r = await run(name, {}, locale);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await toXlsx(r, "Asia/Shanghai")) as unknown as ArrayBuffer);
      expect(wb.worksheets.length).toBe(r.data.tables.length);
      const csv = toCsv(r, "Asia/Shanghai").toString("utf8").replace(/^\uFEFF/, "");
      expect(csv.split("\r\n")[0]).toBe(r.data.tables[0]!.columns.map((c) => (/[",]/.test(c.header) ? `"${c.header.replaceAll('"', '""')}"` : c.header)).join(","));
      if (!r.data.empty) {
        expect(r.data.summary).toHaveLength(2);
        for (const line of r.data.summary) expect(line).not.toMatch(/reports\.|\{\{/);
      } else expect(r.data.reason).not.toMatch(/reports\./);
      for (const c of r.data.tables.flatMap((tb) => tb.columns)) expect(c.header).not.toMatch(/^reports\./);
    }
  });
});
