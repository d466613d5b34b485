// /link and /me through the real bot, in the three languages: linking by name + last 4 ID
// characters, privacy of misses, the failed-try limit, the election's dates, unlink / re-link,
// special situations, and bad input.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_VOTER, DEMO_VOTER_AWAY_FROM_HUKOU } from "../../src/db/seed/demo-data.js";
import { createBotHarness, type BotHarness } from "../support/bot.js";

let h: BotHarness;
beforeAll(async () => {
  h = await createBotHarness({ seed: true });
});
afterAll(() => h?.close());

let nextId = 71_000;
const zh = () => h.person({ id: nextId++, first_name: "小张", language_code: "zh-hans" });
const en = () => h.person({ id: nextId++, first_name: "Alice", language_code: "en" });
const tw = () => h.person({ id: nextId++, first_name: "小陳", language_code: "zh-hant" });
const userOf = (id: number) => h.db.prisma.user.findUniqueOrThrow({ where: { telegramId: BigInt(id) } });

describe("/link", () => {
  it("zh-CN: name, then the 4 characters; shows constituency, voter group with its leader, and polling places", async () => {
    const u = zh();
    await u.send("/link");
    expect(u.lastText()).toContain("请发送您的姓名");
    await u.send("张示例");
    expect(u.lastText()).toContain("身份证号码的后4位");
    await u.send("1234");
    const text = u.lastText();
    expect(text).toContain("✅ 已找到");
    expect(text).toContain("第一选区（青禾镇东村、西村）");
    expect(text).toMatch(/选民小组：第1选民小组（组长：\S+）/);
    expect(text).toContain("东村投票站");
    const stored = await userOf(u.who.id);
    const entry = await h.db.prisma.rollEntry.findFirstOrThrow({ where: { voterNo: DEMO_VOTER.voterNo } });
    expect(stored).toMatchObject({ rollEntryId: entry.id, constituencyId: entry.constituencyId });
    // The 4 characters never reach the conversation log.
    await h.services.conversationLog.flush();
    const logged = await h.db.prisma.conversationLog.findMany({ where: { telegramId: BigInt(u.who.id) } });
    expect(logged.some((r) => r.text?.includes("1234"))).toBe(false);
    expect(logged.some((r) => r.text === "[ID fragment]")).toBe(true);
  });

  it("en: name and characters in one message, traditional or simplified", async () => {
    const u = en();
    await u.send("/link 王示例 5678");
    expect(u.lastText()).toContain("✅ Found.");
    expect(u.lastText()).toContain("Constituency: 第二选区");
    expect(u.lastText()).toContain("hukou is registered elsewhere");
  });

  it("zh-TW: a name typed in traditional characters finds the simplified roll entry", async () => {
    const u = tw();
    await u.send("/link");
    expect(u.lastText()).toContain("請傳送您的姓名");
    await u.send("劉示例");
    await u.send("301x");
    expect(u.lastText()).toContain("✅ 已找到");
    expect(u.lastText()).toContain("選區：第四选区"); // the roll's own names stay as stored
    expect(u.lastText()).toContain("外出務工");
  });

  it("privacy: an unknown person and a known person with wrong characters get the same answer", async () => {
    const a = zh();
    const b = zh();
    await a.send("/link 查无此人 1234");
    await b.send(`/link ${DEMO_VOTER.fullName} 9999`);
    const norm = (s: string) => s.replace(/\d+ 次/, "N 次");
    expect(norm(a.lastText())).toBe(norm(b.lastText()));
    expect(a.lastText()).toContain("没有找到与这个姓名和身份证后4位相符的选民记录");
    expect(a.lastText()).toContain("示例县选举委员会办公室：0999-6120000");
    expect(a.lastText()).toContain("2026年11月28日");  // objection deadline: roll published 11-24
    expect(a.buttons()).toContain("📝 名单有误，提出申诉");
  });

  it("after 5 misses in an hour the sixth try is refused, even with the right answer; the limit is stored", async () => {
    const u = en();
    for (let i = 0; i < 5; i++) await u.send(`/link Nobody${"甲乙丙丁戊"[i]} 1111`);
    expect(u.lastText()).toContain("You can try 0 more times this hour.");
    await u.send(`/link ${DEMO_VOTER.fullName} ${DEMO_VOTER.idLast4}`);
    expect(u.lastText()).toContain("Too many unsuccessful tries");
    expect(u.lastText()).toContain("after 11:00"); // first miss at 10:00 Shanghai time
    expect((await userOf(u.who.id)).rollEntryId).toBeNull();
    await u.send("/link");
    expect(u.lastText()).toContain("Too many unsuccessful tries");
  });

  it("bad input: emoji-only name, digits, whole ID number, wrong shape — clear messages, nothing linked", async () => {
    const u = zh();
    await u.send("/link");
    await u.send("😀😀😀");
    expect(u.lastText()).toContain("这不像是一个姓名");
    await u.send("张示例😀");
    expect(u.lastText()).toContain("去掉表情");
    await u.send("张示例");
    await u.send("11010519491231002X");
    expect(u.lastText()).toContain("只需要后4位");
    await u.send("12a4");
    expect(u.lastText()).toContain("前3位是数字");
    await u.send("x".repeat(1999));
    expect(u.lastText()).toContain("前3位是数字");
    // None of those were counted as misses, and the whole ID number was not logged.
    expect(await h.db.prisma.rollLookupFailure.count({ where: { user: { telegramId: BigInt(u.who.id) } } })).toBe(0);
    await h.services.conversationLog.flush();
    expect(await h.db.prisma.conversationLog.count({ where: { text: { contains: "11010519491231002X" } } })).toBe(0);
    await u.send("1234");
    expect(u.lastText()).toContain("✅ 已找到");
  });

  it("/cancel ends the journey; with nothing under way it says so", async () => {
    const u = zh();
    await u.send("/link");
    await u.send("/cancel");
    expect(u.lastText()).toBe("已取消，什么也没有提交。");
    await u.send("/cancel");
    expect(u.lastText()).toBe("现在没有需要取消的操作。");
  });
});

describe("/me", () => {
  it("not linked: says so, the roll decides, the election's dates as calendar dates, offices", async () => {
    const u = zh();
    await u.send("/me");
    const text = u.lastText();
    expect(text).toContain("您的账号还没有关联选民名单");
    expect(text).toContain("选民名单公布：2026年11月24日（星期二）");
    expect(text).toContain("2026年11月24日（星期二） 至 2026年11月28日（星期六）（正在申诉期内）");
    expect(text).toContain("最晚 2026年12月1日（星期二）"); // committee decision (objection on the last day + 3)
    expect(text).toContain("向人民法院起诉：最晚 2026年12月9日（星期三）"); // E−6
    expect(text).toContain("选举日：2026年12月15日（星期二）");
    expect(u.buttons()).toContain("🔗 关联选民名单");
  });

  it("en: a linked voter sees the roll's facts and the dates in English", async () => {
    const u = en();
    await u.send(`/link ${DEMO_VOTER.fullName} ${DEMO_VOTER.idLast4}`);
    await u.send("/me");
    const text = u.lastText();
    expect(text).toContain(`✅ ${DEMO_VOTER.fullName}: on the voter roll.`);
    expect(text).toContain("Voter number: 01-0001");
    expect(text).toContain("Objections to the roll: Tuesday 24 November 2026 to Saturday 28 November 2026 (open now)");
    expect(text).toContain("Election day: Tuesday 15 December 2026");
    expect(u.buttons()).toEqual(expect.arrayContaining(["📝 The roll is wrong: object", "🔓 Unlink"]));
  });

  it("zh-TW: a suspended voter is told the reason class and what to do", async () => {
    const suspended = await h.db.prisma.rollEntry.findFirstOrThrow({ where: { status: "SUSPENDED" } });
    const u = tw();
    await u.send(`/link ${suspended.fullName} ${suspended.idLast4}`);
    await u.send("/me");
    expect(u.lastText()).toContain("選舉權利已被人民檢察院或者人民法院決定停止行使");
    expect(u.lastText()).toContain("☎️ 可以聯絡：");
  });

  it("after the objection window the bot says it closed and explains the court route with its date", async () => {
    const later = await createBotHarness({ seed: true, clock: (await import("../../src/services/clock.js")).fixedClock("2026-12-05T02:00:00Z") });
    try {
      const u = later.person({ id: 79_001, first_name: "Late", language_code: "en" });
      await u.send("/objection");
      expect(u.lastText()).toContain("Objecting to the voter roll");
      // Loaded on 12-05: roll 12-02, last day to object 12-06, E 12-23, court by 12-17.
      later.clock.set("2026-12-12T02:00:00Z");
      await u.send("/objection");
      expect(u.lastText()).toContain("The objection period ended on Sunday 6 December 2026");
      expect(u.lastText()).toContain("sue in the people's court by Thursday 17 December 2026");
      expect(u.lastText()).toContain("the court decides before Tuesday 22 December 2026");
      later.clock.set("2026-12-20T02:00:00Z");
      await u.send("/objection");
      expect(u.lastText()).toContain("has passed as well");
    } finally {
      await later.close();
    }
  });
});

describe("unlink and re-link", () => {
  it("unlinks after a confirmation, and links again", async () => {
    const u = zh();
    await u.send(`/link ${DEMO_VOTER_AWAY_FROM_HUKOU.fullName} ${DEMO_VOTER_AWAY_FROM_HUKOU.idLast4}`);
    await u.send("/me");
    await u.tap("解除关联");
    expect(u.lastText()).toContain("确定要解除");
    await u.tap("确认解除关联");
    expect(u.lastText()).toBe("已解除关联。");
    expect((await userOf(u.who.id)).rollEntryId).toBeNull();
    await u.press("v-unlink-ok");
    expect(u.toasts().at(-1)).toBe("这个按钮已经失效，请使用新的菜单。");
    await u.tap("关联选民名单");
    await u.send(`${DEMO_VOTER_AWAY_FROM_HUKOU.fullName} ${DEMO_VOTER_AWAY_FROM_HUKOU.idLast4}`);
    expect(u.lastText()).toContain("✅ 已找到");
  });

  it("another account linking the same entry unlinks the first, which is told", async () => {
    const first = zh();
    const second = zh();
    const e = await h.db.prisma.rollEntry.findFirstOrThrow({ where: { voterNo: "03-0005" } });
    await first.send(`/link ${e.fullName} ${e.idLast4}`);
    await second.send(`/link ${e.fullName} ${e.idLast4}`);
    expect(first.lastText()).toContain("您的账号与选民名单记录的关联已被解除");
    expect((await userOf(first.who.id)).rollEntryId).toBeNull();
    expect((await userOf(second.who.id)).rollEntryId).toBe(e.id);
  });
});

describe("special situations", () => {
  it("working away: the FAQ answer with the person's own proxy date", async () => {
    const u = zh();
    await u.send(`/link ${DEMO_VOTER.fullName} ${DEMO_VOTER.idLast4}`);
    await u.send("/me");
    await u.tap("搬家、人户分离");
    await u.tap("我在外地打工");
    const text = u.lastText();
    expect(text).toContain("最晚在 2026年12月14日（星期一） 办好委托");
    expect(text).toContain("名单上您在：第一选区");
    expect(text).toContain("❓ 我在外地打工，选举时回不来，还能投票吗？");
  });

  it("en: newly 18 gives the birth date that counts, with the English FAQ answer", async () => {
    const u = en();
    await u.send("/me");
    await u.tap("Moved, hukou elsewhere");
    await u.tap("just turned 18");
    expect(u.lastText()).toContain("born on or before Monday 15 December 2008");
    expect(u.lastText()).toContain("I have just turned 18");
    expect(u.lastText()).not.toContain("我刚满十八岁");
    expect(u.lastText()).not.toContain("only available in Chinese");
  });

  it("an answer the reader's language lacks falls back to zh-CN and says so", async () => {
    await h.db.prisma.faqEntry.deleteMany({ where: { locale: "en", key: "voter-card-lost" } });
    h.services.faq.invalidate();
    const u = en();
    await u.send("/me");
    await u.tap("Moved, hukou elsewhere");
    await u.tap("certificate");
    expect(u.lastText()).toContain("选民证");
    expect(u.lastText()).toContain("(This answer is only available in Chinese for now.)");
  });

  it("a forged situation key is a stale button", async () => {
    const u = zh();
    await u.press("v-sit:no-such-key");
    expect(u.toasts().at(-1)).toBe("这个按钮已经失效，请使用新的菜单。");
  });
});
