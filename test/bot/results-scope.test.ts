// /results within a staff member's area: township staff of 石桥乡 list only its constituencies (and
// only elections that have one), and a forged or replayed button naming a 青禾镇 constituency or
// sheet (show, start, redo, publish preview, publish) is refused with an alert in their language,
// nothing changed; an entry begun county-wide is refused at the next figure or the confirm once the
// scope narrows; county staff still see everything.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resultButtons as B } from "../../src/bot/keyboards/results.js";
import { fixedClock } from "../../src/services/clock.js";
import { createBotHarness, TEST_NOW, type BotHarness } from "../support/bot.js";
import { lastAnswer, resultsSnapshot } from "./results-support.js";

const COUNTY = "999901";
const QINGHE = "999901001"; // 青禾镇
const SHIQIAO = "999901002"; // 石桥乡

let h: BotHarness;
const clock = fixedClock(TEST_NOW);
type C = { id: number; code: string; name: string };
/** Constituencies covering a village/community of 石桥乡, of 青禾镇, and all, by code. */
let shiqiao: C[];
let qinghe: C[];
let all: C[];

const outsideScope = (lng: string): string =>
  JSON.parse(readFileSync(new URL(`../../locales/${lng}/common.json`, import.meta.url), "utf8")).errors.outside_scope;

beforeAll(async () => {
  h = await createBotHarness({ seed: true, clock, env: { RATE_LIMIT_MESSAGES_PER_MINUTE: "1000" } });
  clock.set("2026-12-15T11:00:00Z"); // 19:00 on election day: entry is open
  const under = (code: string) => ({ areas: { some: { area: { OR: [{ code }, { parent: { code } }] } } } });
  const select = { id: true, code: true, name: true } as const;
  shiqiao = await h.db.prisma.constituency.findMany({ where: under(SHIQIAO), select, orderBy: { code: "asc" } });
  qinghe = await h.db.prisma.constituency.findMany({ where: under(QINGHE), select, orderBy: { code: "asc" } });
  all = await h.db.prisma.constituency.findMany({ select, orderBy: { code: "asc" } });
  // The test needs both townships to have constituencies, and one of 青禾镇 apart from 石桥乡's.
  expect(shiqiao.length).toBeGreaterThan(0);
  expect(qinghe.filter((c) => !shiqiao.some((s) => s.id === c.id)).length).toBeGreaterThanOrEqual(3);
  qinghe = qinghe.filter((c) => !shiqiao.some((s) => s.id === c.id));
});
afterAll(() => h?.close());

/** Constituency names on the newest keyboard (without the state icon). */
const listed = (p: ReturnType<BotHarness["person"]>) => p.buttons().map((b) => b.replace(/^\S+ /, ""));

/** A 青禾镇 sheet made through the service: a draft, with figures when `entered`, confirmed when `confirmed`. */
async function sheetOf(c: C, opts: { entered?: boolean; confirmed?: boolean } = {}) {
  const r = await h.services.results.startRound(c.id, null);
  if (!r.ok) throw new Error(r.problem);
  if (opts.entered || opts.confirmed) {
    const votes = Object.fromEntries(r.sheet.ballot.map((n, i) => [n, i === 0 ? 80 : 10]));
    const saved = await h.services.results.saveEntry(r.sheet.id, { registered: r.sheet.registered, totals: { voted: 100, proxyVotes: 0, returned: 100, valid: 100, invalid: 0, votes } }, null);
    if (!saved.ok) throw new Error(saved.problem);
  }
  if (opts.confirmed) expect((await h.services.results.confirm(r.sheet.id, null)).ok).toBe(true);
  return r.sheet.id;
}

describe("the constituency list", () => {
  it("township staff of 石桥乡 see only its constituencies", async () => {
    const s = await h.staffIn(9501, SHIQIAO, "en");
    await s.send("/results");
    expect(s.lastText()).toContain("choose the constituency");
    expect(listed(s)).toEqual(shiqiao.map((c) => c.name));
    // One of theirs opens.
    await s.tap(shiqiao[0]!.name);
    expect(s.lastText()).toContain(shiqiao[0]!.name);
  });

  it("county staff see every constituency", async () => {
    const s = await h.staffIn(9502, COUNTY);
    await s.send("/results");
    expect(listed(s)).toEqual(all.map((c) => c.name));
  });
});

describe("a forged button naming a 青禾镇 constituency or sheet", () => {
  it.each([
    ["en", 9511],
    ["zh-CN", 9512],
  ] as const)("is refused with an alert (%s), nothing changed", async (lng, id) => {
    const s = await h.staffIn(id, SHIQIAO, lng === "zh-CN" ? "zh-hans" : "en");
    const draft = (await h.db.prisma.resultSheet.findFirst({ where: { constituencyId: qinghe[1]!.id, status: "DRAFT" } }))?.id ?? (await sheetOf(qinghe[1]!));
    const confirmed = (await h.db.prisma.resultSheet.findFirst({ where: { constituencyId: qinghe[0]!.id, status: "CONFIRMED" } }))?.id ?? (await sheetOf(qinghe[0]!, { confirmed: true }));
    const before = await resultsSnapshot(h);
    const shown = s.texts().length;
    for (const data of [
      B.constituency.pack({ id: qinghe[0]!.id }),
      B.start.pack({ id: qinghe[2]!.id }),
      B.start.pack({ id: qinghe[1]!.id }),
      B.redo.pack({ id: draft }),
      B.publishPreview.pack({ id: confirmed }),
      B.publish.pack({ id: confirmed }),
    ]) {
      await s.press(data);
      expect(lastAnswer(h), data).toEqual({ text: outsideScope(lng), alert: true });
    }
    expect(s.texts().length).toBe(shown); // nothing shown: no figures, no preview, no question
    expect(await resultsSnapshot(h)).toEqual(before);
    expect((await h.db.prisma.resultSheet.findUniqueOrThrow({ where: { id: confirmed } })).status).toBe("CONFIRMED");
    // The same button for their own constituency works.
    await s.press(B.start.pack({ id: shiqiao[0]!.id }));
    expect(lastAnswer(h).text).toBeUndefined();
    expect(s.texts().length).toBeGreaterThan(shown);
    await s.send("/cancel");
  });
});

describe("an entry begun county-wide, then the scope narrows to 石桥乡", () => {
  it("the confirm is refused and the draft stays a draft", async () => {
    const sheetId = await sheetOf(qinghe[2]!, { entered: true });
    const s = await h.staffIn(9521, COUNTY);
    await s.press(B.start.pack({ id: qinghe[2]!.id })); // figures already entered: straight to the summary
    expect(s.buttons()).toContain("✅ 确认这份结果");
    await h.db.prisma.user.update({ where: { telegramId: 9521n }, data: { scopeArea: { connect: { code: SHIQIAO } } } });
    const before = await resultsSnapshot(h);
    await s.tap("确认这份结果");
    expect(lastAnswer(h)).toEqual({ text: outsideScope("zh-CN"), alert: true });
    expect(await resultsSnapshot(h)).toEqual(before);
    expect((await h.db.prisma.resultSheet.findUniqueOrThrow({ where: { id: sheetId } })).status).toBe("DRAFT");
  });

  it("the next figure typed is refused (a reply, in English) and the entry ends", async () => {
    const s = await h.staffIn(9522, COUNTY, "en");
    await s.press(B.start.pack({ id: qinghe[1]!.id })); // the draft made above, no figures yet
    expect(s.lastText()).toContain("① Registered voters");
    await h.db.prisma.user.update({ where: { telegramId: 9522n }, data: { scopeArea: { connect: { code: SHIQIAO } } } });
    const before = await resultsSnapshot(h);
    await s.send("400");
    expect(s.lastText()).toBe(outsideScope("en"));
    await s.press(B.useRoll.pack({ n: 400 }));
    expect(lastAnswer(h).text).not.toBe(outsideScope("en")); // no entry left to refuse: a stale button
    expect(await resultsSnapshot(h)).toEqual(before);
  });
});

describe("the election list", () => {
  let other: number;
  beforeAll(async () => {
    // A second election whose only constituency lies in 青禾镇.
    const county = await h.db.prisma.adminArea.findUniqueOrThrow({ where: { code: COUNTY } });
    const village = await h.db.prisma.adminArea.findFirstOrThrow({ where: { parent: { code: QINGHE } } });
    other = (
      await h.db.prisma.election.create({
        data: {
          name: "青禾镇补选",
          kind: "COUNTY_CONGRESS",
          areaId: county.id,
          electionDay: new Date("2026-12-20T00:00:00Z"),
          constituencies: { create: { code: "B1", name: "补选选区", seats: 1, basis: "RESIDENCE", areas: { create: { areaId: village.id } } } },
        },
      })
    ).id;
  });

  it("township staff see only elections with a constituency in their area; county staff see both", async () => {
    const t = await h.staffIn(9531, SHIQIAO);
    await t.send("/results");
    expect(t.lastText()).toContain("请选择选区"); // one election in their area: straight to its constituencies
    expect(listed(t)).toEqual(shiqiao.map((c) => c.name));
    await t.press(B.election.pack({ id: other }), h.api.messagesTo(9531).at(-1)!.message_id);
    expect(t.lastText()).toBe("这次选举在您负责的区域内没有选区。");

    const c = await h.staffIn(9532, COUNTY);
    await c.send("/results");
    expect(c.lastText()).toContain("请选择选举");
    expect(c.buttons()).toContain("🗳 青禾镇补选");
    expect(c.buttons()).toHaveLength(2);
  });
});
