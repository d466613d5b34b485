// Staff suggestions and the staff scope, through the real bot: township staff list, open and act
// on their own township's suggestions only (a forged or replayed button of another township's
// item changes nothing and is refused in their language), figures count their township only;
// county staff see and act on everything; departments and categories are changed by county staff.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sgButtons } from "../../src/bot/keyboards/suggestions.js";
import { fixedClock } from "../../src/services/clock.js";
import { createBotHarness, type BotHarness } from "../support/bot.js";
import { raisedIn, staff, type Who } from "./suggestions-support.js";

const clock = fixedClock("2027-03-10T02:00:00Z");
let h: BotHarness;

const OUTSIDE = {
  en: "This is outside your area: you can only act for your own township. If you need it, ask the county election office.",
  "zh-hans": "这不在您负责的区域内：您只能处理本乡镇的事项。需要时请联系县人大常委会选举工作办公室。",
} as const;

// Demo constituencies (src/db/seed/demo-data.ts): 01–03 lie in 青禾镇 (999901001), 04 in 石桥乡 (999901002).
const QINGHE = "999901001";
const SHIQIAO = "999901002";

type Filed = Awaited<ReturnType<typeof raisedIn>>;
const raised = (code: string, text: string) => raisedIn(h, code, text);

/** What an act would change: the row's state and its events. */
async function snapshot(id: number) {
  const s = await h.db.prisma.suggestion.findUniqueOrThrow({ where: { id }, select: { status: true, version: true, departmentId: true, mergedIntoId: true, answer: true, key: true } });
  return { ...s, events: await h.db.prisma.suggestionEvent.count({ where: { suggestionId: id } }) };
}

function lastAlert(who: Who) {
  const call = h.api.calls.filter((c) => c.method === "answerCallbackQuery").at(-1);
  expect(who.toasts().at(-1)).toBe(call?.payload.text);
  return call?.payload;
}

let qh: Filed; // 青禾镇, constituency 01
let qh2: Filed; // 青禾镇, constituency 01
let sq: Filed; // 石桥乡, constituency 04
let sq2: Filed; // 石桥乡, constituency 04
let departmentId: number;

beforeAll(async () => {
  h = await createBotHarness({ seed: true, clock, env: { RATE_LIMIT_MESSAGES_PER_MINUTE: "1000" } });
  qh = await raised("01", "青禾镇东村村口的路灯坏了一个多月，晚上孩子放学很不安全，建议尽快修复。");
  qh2 = await raised("01", "青禾镇西村的自来水经常停水，夏天用水很困难，建议尽快改造供水管网。");
  sq = await raised("04", "石桥乡北岭村到乡里的公交车一天只有两班，老人看病很不方便，建议增加班次。");
  sq2 = await raised("04", "石桥乡上坪村山路急弯多又没有护栏，雨天尤其危险，建议加装护栏和警示牌。");
  departmentId = (await h.db.prisma.department.findFirstOrThrow({ where: { code: "JT" } })).id;
});
afterAll(() => h?.close());

describe("what township staff see", () => {
  it("石桥乡 staff: the queue and the figures hold 石桥乡's suggestions only", async () => {
    const t = await h.staffIn(7301, SHIQIAO, "en");
    await t.send("/suggestions");
    const queue = t.lastText();
    expect(queue).toContain(sq.trackingNo);
    expect(queue).toContain(sq2.trackingNo);
    expect(queue).not.toContain(qh.trackingNo);
    expect(queue).not.toContain(qh2.trackingNo);
    expect(t.buttons().filter((b) => b.includes("JY-"))).toHaveLength(2);
    await t.tap("All");
    expect(t.lastText()).not.toContain(qh.trackingNo);

    await t.press(sgButtons.figures.pack({ by: "constituency" }));
    const byConstituency = t.lastText();
    expect(byConstituency).toContain("📊 2 suggestions, criticisms and opinions received");
    expect(byConstituency).toContain("第四选区");
    expect(byConstituency).not.toContain("第一选区");
    await t.press(sgButtons.figures.pack({ by: "delegate" }));
    expect(t.lastText()).toContain(sq.delegate);
    expect(t.lastText()).not.toContain(qh.delegate);
  });

  it("county staff (scoped to the county, or without a scope) see both townships", async () => {
    for (const c of [await h.staffIn(7302, "999901"), await staff(h, 7303)]) {
      await c.send("/suggestions");
      for (const s of [qh, qh2, sq, sq2]) expect(c.lastText()).toContain(s.trackingNo);
      await c.send("/suggestion_figures constituency");
      expect(c.lastText()).toContain("📊 共收到建议、批评和意见 4 件");
      expect(c.lastText()).toContain("第一选区");
      expect(c.lastText()).toContain("第四选区");
    }
  });
});

describe("township staff cannot act on another township's suggestion", () => {
  it.each(["en", "zh-hans"] as const)("forged buttons of a 青禾镇 suggestion, pressed by 石桥乡 staff (%s): refused, nothing changes", async (lang) => {
    const t = await h.staffIn(lang === "en" ? 7311 : 7312, SHIQIAO, lang);
    const before = await snapshot(qh.id);
    const v = before.version;
    const official = await h.db.prisma.user.create({ data: { telegramId: BigInt(8_800_900 + v + (lang === "en" ? 0 : 1)), firstName: "领导", role: "OFFICIAL", officialName: "王副县长" } });
    const forged = [
      sgButtons.staffItem.pack({ id: qh.id }),
      ...(["ASSIGN", "ANSWER", "RETURN", "MERGE", "REJECT", "CLOSE"] as const).map((a) => sgButtons.staffAct.pack({ id: qh.id, v, a })),
      sgButtons.department.pack({ id: qh.id, v, d: departmentId }),
      sgButtons.term.pack({ id: qh.id, v, d: departmentId, c: 0, k: 0 }),
      sgButtons.term.pack({ id: qh.id, v, d: departmentId, c: 1, k: 1 }),
      sgButtons.lead.pack({ id: qh.id, v, d: departmentId, c: 0, u: official.id }),
      sgButtons.staffMergeInto.pack({ id: qh.id, v, t: qh2.id }),
    ];
    for (const data of forged) {
      const shown = t.texts().length;
      await t.press(data);
      const alert = lastAlert(t);
      expect(alert?.text, data).toBe(OUTSIDE[lang]);
      expect(alert?.show_alert, data).toBe(true);
      expect(t.texts().length, data).toBe(shown); // no message with the item, its numbers or a prompt
    }
    // By number: the same refusal as a reply.
    await t.send(`/suggestions ${qh.trackingNo}`);
    expect(t.lastText()).toBe(OUTSIDE[lang]);
    expect(await snapshot(qh.id)).toEqual(before);
    expect(await snapshot(qh2.id)).toMatchObject({ status: "RAISED", mergedIntoId: null });
  });

  it("merging: 青禾镇's suggestions are never offered nor accepted as targets", async () => {
    const t = await h.staffIn(7321, SHIQIAO, "en");
    await t.send(`/suggestions ${sq.trackingNo}`);
    await t.tap("Merge into another");
    expect(t.buttons().some((b) => b.startsWith(sq2.trackingNo))).toBe(true);
    expect(t.buttons().some((b) => b.startsWith(qh.trackingNo))).toBe(false);
    const before = await snapshot(sq.id);
    await t.send(qh.trackingNo);
    expect(t.lastText()).toBe("A suggestion can only be merged into another open suggestion of the same constituency.\nSend the number of another suggestion, or /cancel.");
    await t.send("/cancel");
    await t.press(sgButtons.staffMergeInto.pack({ id: sq.id, v: before.version, t: qh.id }));
    expect(lastAlert(t)?.show_alert).toBe(true);
    expect(await snapshot(sq.id)).toEqual(before);
    expect(await snapshot(qh.id)).toMatchObject({ status: "RAISED", mergedIntoId: null });
  });

  it("the scope is read when the act comes: a reason typed after the account became 石桥乡's is refused", async () => {
    const c = await h.staffIn(7331, "999901", "en");
    await c.send(`/suggestions ${qh2.trackingNo}`);
    await c.tap("Return to the delegate");
    expect(c.lastText()).toBe(`Why is ${qh2.trackingNo} returned?`);
    const before = await snapshot(qh2.id);
    const area = await h.db.prisma.adminArea.findUniqueOrThrow({ where: { code: SHIQIAO } });
    await h.db.prisma.user.update({ where: { telegramId: 7331n }, data: { scopeAreaId: area.id } });
    await c.send("请代表补充具体地点后再提出。");
    expect(c.lastText()).toBe(OUTSIDE.en);
    expect(await snapshot(qh2.id)).toEqual(before);
  });

  it("石桥乡 staff still assign their own township's suggestion; 青禾镇 staff cannot open it", async () => {
    const q = await h.staffIn(7341, QINGHE, "zh-hans");
    await q.send(`/suggestions ${sq2.trackingNo}`);
    expect(q.lastText()).toBe(OUTSIDE["zh-hans"]);
    const t = await h.staffIn(7342, SHIQIAO, "zh-hans");
    await t.send(`/suggestions ${sq2.trackingNo}`);
    await t.tap("交办");
    await t.tap("示例县交通运输局");
    await t.tap("三个月内答复");
    expect(t.toasts().at(-1)).toBe(`${sq2.trackingNo} 已交办。`);
    expect(await snapshot(sq2.id)).toMatchObject({ status: "ASSIGNED", departmentId });
  });
});

describe("departments and categories are the county's lists", () => {
  it("township staff read them but cannot change them; county staff can", async () => {
    const t = await h.staffIn(7351, SHIQIAO, "en");
    const refusal = "Departments and categories are the county's lists, kept by the office of the county people's congress standing committee. Township staff can view them but not change them: please ask that office.";
    await t.send("/departments XX 石桥乡某局");
    expect(t.lastText()).toBe(refusal);
    await t.send("/categories roads 村道 JT");
    expect(t.lastText()).toBe(refusal);
    expect(await h.db.prisma.department.count({ where: { code: "XX" } })).toBe(0);
    expect(await h.db.prisma.suggestionCategory.count({ where: { code: "roads" } })).toBe(0);
    await t.send("/departments");
    expect(t.lastText()).toContain("示例县交通运输局");
    expect(t.lastText()).not.toContain("/departments CODE name");

    const c = await h.staffIn(7352, "999901", "en");
    await c.send("/departments XX 示例县某局");
    expect(c.lastText()).toBe("Department saved: XX 示例县某局");
    await c.send("/departments");
    expect(c.lastText()).toContain("/departments CODE name");
  });
});
