// "Find my constituency by address": county → township → village → constituency and stations.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBotHarness, type BotHarness } from "../support/bot.js";

let h: BotHarness;
beforeAll(async () => {
  h = await createBotHarness({ seed: true });
});
afterAll(() => h?.close());

let nextId = 6000;
const voter = (language_code = "zh-hans") => h.person({ id: nextId++, first_name: "李", language_code });

describe("find my constituency", () => {
  it("walks county → township → village and shows the constituency, seats, stations, and that the roll decides", async () => {
    const u = voter();
    await u.send("/start");
    await u.tap("按住址查找我的选区");
    expect(u.lastText()).toBe("📍 示例县\n\n请选择您居住的地方：");
    expect(u.buttons()).toEqual(["青禾镇", "石桥乡", "⬅️ 返回主菜单"]);
    await u.tap("青禾镇");
    expect(u.buttons()).toEqual(["青禾社区", "新街社区", "东村", "西村", "南塘村", "⬆️ 返回示例县", "⬅️ 返回主菜单"]);
    await u.tap("东村");
    const text = u.lastText();
    expect(text).toContain("📍 东村（青禾镇）");
    expect(text).toContain("🏛 第一选区（青禾镇东村、西村），应选代表 2 名");
    expect(text).toContain("正式代表候选人：3 名");
    expect(text).toMatch(/投票站：.+，.+，\d\d:\d\d–\d\d:\d\d/);
    expect(text).not.toContain("流动票箱");
    expect(text).toContain("示例县人民医院、示例县第一中学");
    expect(text).toContain("以选民名单为准");
    // Its constituency's candidates and polling places, then up and back.
    expect(u.buttons()).toEqual(["👥 候选人", "🗳 投票地点", "⬆️ 返回青禾镇", "⬅️ 返回主菜单"]);
  });

  it("edits one message in place rather than flooding the chat", async () => {
    const u = voter();
    await u.send("/start");
    await u.tap("按住址查找我的选区");
    await u.tap("石桥乡");
    await u.tap("⬆️ 返回示例县");
    expect(u.texts()).toHaveLength(1);
  });

  it("starts at the county every time it is entered, whatever was browsed before (the README's 1 → 1 → 3 path)", async () => {
    const u = voter();
    await u.send("/start");
    await u.tap("按住址查找我的选区");
    await u.tap("石桥乡");
    await u.tap("上坪村");
    await u.tap("返回主菜单");
    await u.tap("按住址查找我的选区");
    expect(u.lastText()).toBe("📍 示例县\n\n请选择您居住的地方：");
    await u.tap("青禾镇");
    await u.tap("东村");
    expect(u.lastText()).toContain("📍 东村（青禾镇）");
  });

  it("speaks English to an English user, with the place names as the county wrote them", async () => {
    const u = voter("en");
    await u.send("/start");
    await u.tap("Find my constituency");
    await u.tap("青禾镇");
    await u.tap("南塘村");
    expect(u.lastText()).toContain("📍 南塘村 (青禾镇)");
    expect(u.lastText()).toContain("electing 1 delegate\n");
    expect(u.lastText()).not.toContain("(s)");
    expect(u.lastText()).toContain("the voter roll decides where you vote");
  });

  it("says honestly when a village has no constituency entered yet, and whom to ask", async () => {
    const township = await h.db.prisma.adminArea.findFirstOrThrow({ where: { name: "石桥乡" } });
    await h.db.prisma.adminArea.create({ data: { code: "999901002299", name: "新建村", level: "VILLAGE", parentId: township.id } });
    const u = voter();
    await u.send("/start");
    await u.tap("按住址查找我的选区");
    await u.tap("石桥乡");
    await u.tap("新建村");
    expect(u.lastText()).toContain("这里的选区划分还没有录入。请联系乡镇（街道）选举工作办公室询问。");
  });
});

describe("an empty database (nothing imported yet)", () => {
  let empty: BotHarness;
  beforeAll(async () => {
    empty = await createBotHarness();
  });
  afterAll(() => empty?.close());

  it("/start says the data is not there yet and whom to ask; the finder and FAQ say the same", async () => {
    const u = empty.person({ id: 1, first_name: "王", language_code: "zh-hans" });
    await u.send("/start");
    expect(u.lastText()).toContain("本县的选举资料还没有导入");
    await u.tap("按住址查找我的选区");
    expect(u.lastText()).toContain("请联系您所在乡镇（街道）的选举工作办公室");
    await u.send("/faq");
    expect(u.lastText()).toBe("常见问题还没有录入。您可以直接向乡镇（街道）选举工作办公室咨询。");
  });
});
