// /vote and a shared location through the real bot: polling places with hours, accessibility and
// venues (sendVenue with the stored coordinates), missing data said honestly with "tell me when
// published", nearest villages, a choice list where several constituencies may serve, the sea.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBotHarness, type BotHarness } from "../support/bot.js";

let h: BotHarness;
beforeAll(async () => {
  h = await createBotHarness({ seed: true, env: { RATE_LIMIT_MESSAGES_PER_MINUTE: "1000", RATE_LIMIT_BUTTONS_PER_MINUTE: "1000" } });
});
afterAll(() => h?.close());

let nextId = 7600;
const person = (language_code = "zh-hans") => h.person({ id: nextId++, first_name: "选民", language_code });
const venuesTo = (id: number) => h.api.calls.filter((c) => c.method === "sendVenue" && Number(c.payload.chat_id) === id).map((c) => c.payload);
const shareLocation = (u: ReturnType<typeof person>, latitude: number, longitude: number) => h.bot.handleUpdate(h.updates.location(u.who, latitude, longitude));

describe("/vote", () => {
  it("shows each polling place with kind, address, hours, accessibility, what to bring and the other ways, then one venue per mapped place", async () => {
    const u = person();
    await u.send("/vote");
    expect(u.lastText()).toContain("/link");
    await u.tap("第一选区");
    const text = u.lastText();
    expect(text).toMatch(/^🗳 第一选区（青禾镇东村、西村）\n选举日：\d{4}年\d{1,2}月\d{1,2}日（星期.）/);
    expect(text).toContain("📍 投票站：东村投票站\n地址：青禾镇东村村民委员会一楼会议室（东村1组）\n时间：选举日 08:00–17:00\n♿ 无障碍通行");
    expect(text).toContain("📍 投票站：西村投票站");
    expect(text).toContain("⚠️ 不是无障碍通行\n  门口有三级台阶");
    expect(text).toContain("🪪 要带什么：");
    expect(text).toContain("选举法第37条"); // the FAQ's answer, by key
    expect(text).toContain("/mobilebox");
    expect(text).toContain("/proxy");
    expect(text).toContain("以选民名单为准");
    const places = await h.db.prisma.pollingPlace.findMany({ where: { constituency: { code: "01" } }, orderBy: { id: "asc" } });
    expect(venuesTo(u.who.id)).toEqual(
      places.map((p) => ({ chat_id: u.who.id, latitude: p.latitude, longitude: p.longitude, title: p.name, address: p.address })),
    );
    // The in-process Telegram answers like Telegram: a venue message.
    expect(h.api.venuesTo(u.who.id).map((m) => m.venue.title)).toEqual(places.map((p) => p.name));
  });

  it("lists a mobile ballot box as a route, and sends no venue for it", async () => {
    const u = person();
    await u.send("/vote");
    await u.tap("第四选区");
    expect(u.lastText()).toContain("📍 流动票箱：石桥乡流动票箱\n路线：上午：北岭村");
    expect(venuesTo(u.who.id).map((v) => v.title)).toEqual(["石桥社区投票站"]);
  });

  it("says so when a place has no map point, and sends no venue for it", async () => {
    const place = await h.db.prisma.pollingPlace.findFirstOrThrow({ where: { constituency: { code: "03" } } });
    await h.db.prisma.pollingPlace.update({ where: { id: place.id }, data: { latitude: null, longitude: null } });
    const u = person();
    await u.send("/vote");
    await u.tap("第三选区");
    expect(u.lastText()).toContain("地图位置：暂未提供");
    expect(u.lastText()).not.toContain("地图位置见下方");
    expect(venuesTo(u.who.id)).toEqual([]);
    await h.db.prisma.pollingPlace.update({ where: { id: place.id }, data: { latitude: place.latitude, longitude: place.longitude } });
  });

  it("with no place published: says so, names the township office, and stores 'tell me when published' once", async () => {
    const c3 = await h.db.prisma.constituency.findFirstOrThrow({ where: { code: "03" } });
    const saved = await h.db.prisma.pollingPlace.findMany({ where: { constituencyId: c3.id } });
    await h.db.prisma.pollingPlace.deleteMany({ where: { constituencyId: c3.id } });
    try {
      const u = person();
      await u.send("/vote");
      await u.tap("第三选区");
      expect(u.lastText()).toContain("这个选区的投票地点还没有公布。我们不会猜测地点：请以选举委员会的公告为准，或者询问青禾镇选举工作办公室。");
      expect(venuesTo(u.who.id)).toEqual([]);
      await u.tap("🔔 公布后通知我");
      expect(u.toasts().at(-1)).toBe("好的，投票地点公布后我会通知您。");
      expect(u.buttons()).not.toContain("🔔 公布后通知我");
      await u.press(`vote-watch:${c3.id}`, h.api.messagesTo(u.who.id).at(-1)!.message_id);
      expect(u.toasts().at(-1)).toBe("您已经设置过了，公布后会通知您。");
      const user = await h.db.prisma.user.findUniqueOrThrow({ where: { telegramId: BigInt(u.who.id) } });
      expect(await h.db.prisma.pollingPlaceWatch.count({ where: { userId: user.id } })).toBe(1);
      // Shown again: the bot remembers the request.
      await u.send("/vote");
      await u.tap("第三选区");
      expect(u.lastText()).toContain("🔔 投票地点公布后我们会通知您。");
      // The reminders job finds the watch once the places are published, and marks it once.
      expect((await h.services.polling.publishedWatches()).filter((w) => w.userId === user.id)).toEqual([]);
      await h.db.prisma.pollingPlace.createMany({ data: saved });
      const open = (await h.services.polling.publishedWatches()).filter((w) => w.userId === user.id);
      expect(open).toEqual([expect.objectContaining({ telegramId: u.who.id, constituencyId: c3.id, places: saved.length })]);
      expect(await h.services.polling.markWatchNotified(open[0]!.id)).toBe(true);
      expect(await h.services.polling.markWatchNotified(open[0]!.id)).toBe(false);
    } finally {
      if ((await h.db.prisma.pollingPlace.count({ where: { constituencyId: c3.id } })) === 0) await h.db.prisma.pollingPlace.createMany({ data: saved });
    }
  });

  it("speaks English", async () => {
    const u = person("en");
    await u.send("/vote");
    await u.tap("第二选区");
    expect(u.lastText()).toContain("📍 Polling station: 青禾社区投票站\nAddress: ");
    expect(u.lastText()).toContain("Hours: election day, 07:30–17:30");
    expect(u.lastText()).toContain("🪪 What to bring:");
    expect(u.lastText()).toContain("Election Law, Art. 37");
    expect(u.lastText()).toContain("The voter roll decides where you vote.");
  });

  it("is reachable from the finder's village screen and the main menu", async () => {
    const u = person();
    await u.send("/start");
    await u.tap("按住址查找我的选区");
    await u.tap("青禾镇");
    await u.tap("东村");
    expect(u.buttons()).toEqual(["👥 候选人", "🗳 投票地点", "⬆️ 返回青禾镇", "⬅️ 返回主菜单"]);
    await u.tap("🗳 投票地点");
    expect(u.lastText()).toContain("东村投票站");
    await u.send("/start");
    await u.tap("🗳 在哪里投票");
    expect(u.lastText()).toContain("请选择要查看的选区");
  });
});

describe("a shared location", () => {
  it("lists the nearest villages/communities with distances and names the one constituency", async () => {
    const u = person();
    await shareLocation(u, 30.1041, 120.0811);
    const text = u.lastText();
    expect(text).toMatch(/^📍 离您分享的位置最近的村（社区）：\n1\. 东村（青禾镇），约 0\.1 公里\n2\. /);
    expect(text).toContain("东村属于第一选区（青禾镇东村、西村）。");
    expect(text).toContain("以选民名单为准");
    expect(u.buttons().slice(0, 3)).toEqual(["👥 候选人", "🗳 投票地点", "📍 东村"]);
    await u.tap("👥 候选人");
    expect(u.lastText()).toContain("👥 第一选区");
  });

  it("near a work unit with its own constituency: a short choice list and 'the roll decides', never a guess", async () => {
    const u = person();
    await shareLocation(u, 30.1115, 120.0895);
    const text = u.lastText();
    expect(text).toContain("青禾社区一带可能属于以下几个选区：");
    expect(text).toContain("• 第二选区（青禾镇青禾社区、新街社区）：按居住地划分");
    expect(text).toContain("• 第五选区（示例县人民医院、示例县第一中学）：在示例县人民医院、示例县第一中学工作的选民");
    expect(text).toContain("我们不替您猜");
    expect(u.buttons().slice(0, 2)).toEqual(["第二选区（青禾镇青禾社区、新街社区）", "第五选区（示例县人民医院、示例县第一中学）"]);
    await u.tap("第五选区");
    expect(u.lastText()).toContain("🏛 第五选区（示例县人民医院、示例县第一中学），应选代表 1 名");
    expect(u.buttons()).toEqual(["👥 候选人", "🗳 投票地点", "⬅️ 返回主菜单"]);
  });

  it("a village split between two constituencies gets both", async () => {
    const east = await h.db.prisma.adminArea.findFirstOrThrow({ where: { name: "东村" } });
    const c3 = await h.db.prisma.constituency.findFirstOrThrow({ where: { code: "03" } });
    await h.db.prisma.constituencyArea.create({ data: { areaId: east.id, constituencyId: c3.id } });
    try {
      const u = person();
      await shareLocation(u, 30.1041, 120.0811);
      expect(u.lastText()).toContain("东村一带可能属于以下几个选区：");
      expect(u.buttons().slice(0, 2)).toEqual(["第一选区（青禾镇东村、西村）", "第三选区（青禾镇南塘村）"]);
    } finally {
      await h.db.prisma.constituencyArea.delete({ where: { constituencyId_areaId: { areaId: east.id, constituencyId: c3.id } } });
    }
  });

  it.each([
    ["zh-hans", "这个位置不在我们服务的示例县范围内（离最近的村或社区约 "],
    ["en", "This location is outside 示例县, the county we serve (the nearest village or community is about "],
    ["zh-hant", "這個位置不在我們服務的示例县範圍內（離最近的村或社區約 "],
  ])("a point at sea (%s) is outside the county, with the address finder instead", async (lang, expected) => {
    const u = person(lang);
    await shareLocation(u, 29.5, 123.5); // the East China Sea, ~330 km east
    expect(u.lastText()).toContain(expected);
    expect(u.buttons()[0]).toMatch(/🔎/);
  });

  it("with no coordinates for any village yet, says so and offers the finder", async () => {
    const saved = await h.db.prisma.adminArea.findMany({ where: { latitude: { not: null } }, select: { id: true, latitude: true, longitude: true } });
    await h.db.prisma.adminArea.updateMany({ data: { latitude: null, longitude: null } });
    try {
      const u = person();
      await shareLocation(u, 30.1041, 120.0811);
      expect(u.lastText()).toBe("我们还没有各村（社区）的位置资料，暂时不能按位置查找。请按住址查找：");
    } finally {
      for (const a of saved) await h.db.prisma.adminArea.update({ where: { id: a.id }, data: { latitude: a.latitude, longitude: a.longitude } });
    }
  });

  it("thanks for a shared contact and keeps no phone number", async () => {
    const u = person();
    await h.bot.handleUpdate(h.updates.contact(u.who, "+86 139 0000 1234"));
    expect(u.lastText()).toBe("谢谢。我不需要您的电话号码，也没有保存它。要查找选区，可以按住址查找，或者分享您的位置。");
    await h.services.conversationLog.flush();
    const rows = await h.db.prisma.conversationLog.findMany({ where: { telegramId: BigInt(u.who.id) } });
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))).not.toContain("139");
  });
});
