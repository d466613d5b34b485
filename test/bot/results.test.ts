// /results journeys through the real bot: refusals for voters and delegates; entry closed before
// election day (the refusal names the date); the whole constituency step by step with bad input at
// each step (zh-CN), a double confirm and a double publish, the subscriber told in their own
// language and the voter seeing the result with its date among the candidates; per polling point
// with a void round (en); a re-vote and a further election (zh-TW); results by file in /import.
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOutboxTransport } from "../../src/bot/outbox-transport.js";
import { OutboxSender } from "../../src/jobs/outbox-sender.js";
import { fixedClock } from "../../src/services/clock.js";
import { csvText } from "../imports/helpers.js";
import { createBotHarness, TEST_NOW, TEST_TOKEN, type BotHarness } from "../support/bot.js";

let h: BotHarness;
const clock = fixedClock(TEST_NOW); // the demo is loaded on 2026-11-27: election day 2026-12-15
const ids: Record<string, number> = {};
const names: Record<string, string[]> = {};

beforeAll(async () => {
  // Staff type a figure every few seconds; the per-person message limit is not what is tested here.
  h = await createBotHarness({ seed: true, clock, env: { RATE_LIMIT_MESSAGES_PER_MINUTE: "1000" } });
  for (const c of await h.db.prisma.constituency.findMany({ include: { candidates: { orderBy: { id: "asc" } } } })) {
    ids[c.code] = c.id;
    names[c.code] = c.candidates.map((k) => k.fullName);
  }
});
afterAll(() => h?.close());

/** Sends each figure and returns what the bot said to each. */
async function typeAll(p: ReturnType<BotHarness["person"]>, figures: (string | number)[]): Promise<string[]> {
  const said: string[] = [];
  for (const f of figures) {
    await p.send(String(f));
    said.push(p.lastText());
  }
  return said;
}

describe("who may use /results", () => {
  it.each([
    ["VOTER", "zh-hans", 9301, "这项功能只对选举工作人员开放。"],
    ["DELEGATE", "en", 9302, "This is only available to election staff."],
  ] as const)("%s is refused, in their language, and nothing changes", async (role, lang, id, refusal) => {
    const p = await h.personWithRole(id, role, lang);
    await p.send("/results");
    expect(p.lastText()).toBe(refusal);
    for (const data of [`rs-go:${ids["01"]}`, `rs-c:${ids["01"]}`, "rs-pub:1", "rs-menu"]) {
      await p.press(data);
      expect(p.toasts().at(-1)).toBe(refusal);
    }
    expect(await h.db.prisma.resultSheet.count()).toBe(0);
  });
});

describe("before election day", () => {
  it("the constituency shows when entry opens, and a start is refused with the date", async () => {
    const s = await h.personWithRole(9310, "STAFF");
    await s.send("/results");
    expect(s.lastText()).toContain("请选择选区");
    await s.tap("第一选区");
    expect(s.lastText()).toContain("现在还不能录入：投票日是2026年12月15日（星期二）");
    expect(s.buttons()).not.toContain("✏️ 录入第一次投票结果");
    await s.press(`rs-go:${ids["01"]}`);
    expect(s.lastText()).toContain("投票日是2026年12月15日（星期二），当天投票结束、当众开票后才能录入计票结果。");
    expect(await h.db.prisma.resultSheet.count()).toBe(0);
  });
});

describe("a first round, zh-CN: step by step, confirmed and published once", () => {
  let subscriber: ReturnType<BotHarness["person"]>;
  let voter: ReturnType<BotHarness["person"]>;

  beforeAll(async () => {
    // A voter of constituency 01 (reads Chinese), and an English-speaking subscriber of it.
    voter = await h.personWithRole(9320, "VOTER");
    subscriber = await h.personWithRole(9321, "VOTER", "en");
    await h.db.prisma.user.updateMany({ where: { telegramId: { in: [9320n, 9321n] } }, data: { constituencyId: ids["01"]! } });
    // The subscriber chose English with /language (the outbox renders in the stored choice).
    await h.db.prisma.user.update({ where: { telegramId: 9321n }, data: { locale: "en" } });
    clock.set("2026-12-15T11:00:00Z"); // 19:00 on election day
  });

  it("bad input at each step is refused with the reason, the question stays; the summary shows the count", async () => {
    const s = await h.personWithRole(9322, "STAFF");
    await s.send("/results");
    await s.tap("第一选区");
    await s.tap("录入第一次投票结果");
    expect(s.texts().at(-2)).toContain(`选票上的候选人：${names["01"]!.join("、")}`);
    expect(s.lastText()).toContain("① 登记选民数：选民名单上有");
    expect(await typeAll(s, ["很多", "0"])).toEqual(["请只输入数字，例如 1234（不要带文字或单位）。", "登记选民数不能是 0，请输入选民名单上的人数。"]);
    await s.send("500");
    expect(s.lastText()).toContain("② 怎么录入？");
    await s.send("400");
    expect(s.texts().at(-2)).toBe("这一步请点按钮选择：");
    await s.tap("整个选区一次录入");
    expect(s.lastText()).toBe("③ 发出选票数（参加投票的选民人数）：");
    const [a, b, c] = names["01"]!;
    const said = await typeAll(s, ["四百", "-3", "9999999", "501", "400", "401", "3", "400", "401", "390", "9", "10", 391, 300, 250, 100]);
    expect(said).toEqual([
      "请只输入数字，例如 1234（不要带文字或单位）。",
      "不能是负数，请输入 0 或正整数。",
      "数字太大了（一个选区不会超过 1,000,000），请检查后重新输入。",
      "发出选票 501 张，超过了登记选民数 500——参加投票的人不可能比登记的选民多。请检查发出选票数，或点“上一步”改登记选民数。\n请重新输入这一项。",
      "④ 其中委托投票的有多少张？（没有就输入 0）",
      "委托投票 401 张，超过了发出选票 400 张。\n请重新输入这一项。",
      "⑤ 收回选票数：",
      "⑥ 有效票数（收回 400 张中）：",
      "有效票 401 张，超过了收回选票 400 张。\n请重新输入这一项。",
      "⑦ 无效票数：\n（收回选票 − 有效票 = 10）",
      "有效票 390 + 无效票 9 = 399，与收回选票 400 张不符。请检查无效票数，或点“上一步”改有效票数。\n请重新输入这一项。",
      `⑧ 候选人得票（1/3）：${a} 得多少票？（有效票共 390 张；没有得票输入 0）`,
      `${a}得票 391，超过了有效票 390 张——每张选票对同一人只能投一票。\n请重新输入这一项。`,
      `⑧ 候选人得票（2/3）：${b} 得多少票？（有效票共 390 张；没有得票输入 0）`,
      `⑧ 候选人得票（3/3）：${c} 得多少票？（有效票共 390 张；没有得票输入 0）`,
      expect.stringContaining("⑨ 另选他人"),
    ]);
    // "Back" re-asks the previous question; the figures typed so far stay.
    await s.tap("上一步");
    expect(s.lastText()).toContain(`（3/3）：${c}`);
    await s.send("100");
    expect(await typeAll(s, ["王五", "王五 12\n赵六 abc", "王五 12\n赵六 3", `${a} 5`, "钱七 400"])).toEqual([
      "“王五”里没有看出票数，请按“姓名 票数”的格式输入，例如：王五 12",
      "“赵六 abc”的票数不是数字，请按“姓名 票数”的格式输入，例如：王五 12",
      "⑨ 已记下的另选他人：\n王五 12\n赵六 3\n\n还有就继续发送“姓名 票数”（同名会覆盖）；录完点“录完了”。",
      `${a}是选票上的候选人，票数已在前面录入，不算另选他人。如需修改请点“上一步”。`,
      "钱七得票 400，超过了有效票 390 张——每张选票对同一人只能投一票。\n请改正后重新发送这一行（同名会覆盖）。",
    ]);
    await s.tap("录完了");
    const summary = s.lastText();
    expect(summary).toContain("📋 请核对：第一选区");
    expect(summary).toContain("参加投票（发出选票）：400（80.0%），其中委托投票 3");
    expect(summary).toContain("当选需超过参加投票选民的半数：至少 201 票");
    expect(summary).toContain("· 王五（另选他人）：12 票（3.0%）");
    expect(summary).toContain(`当选：${a}、${b}（2/2 名）\n名额已全部选出。`);
    expect(s.buttons()).toEqual(["✅ 确认这份结果", "✏️ 改正一个数字", "✏️ 重新录入", "✖ 取消"]);

    // A double tap on confirm: confirmed once.
    const message = h.api.messagesTo(9322).at(-1)!;
    await s.tap("确认这份结果");
    expect(s.lastText()).toContain("✅ 已确认：第一选区");
    expect(s.lastText()).toContain(`· ${a}：300 票（75.0%） ✅`);
    const confirmData = (message.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard[0]![0]!.callback_data;
    await s.press(confirmData, message.message_id);
    expect(s.toasts().at(-1)).toBe("这份结果已经确认过了（或已过期）。");
    expect(await h.db.prisma.auditLog.count({ where: { action: "results.confirm" } })).toBe(1);

    // Publish: a preview with the count, then once however often it is pressed.
    await s.tap("公布第一次投票结果");
    expect(s.lastText()).toContain("将通知本选区订阅了“选举结果”提醒的 2 人");
    expect(s.lastText()).toContain(`📊 第一选区（青禾镇东村、西村） 第一次投票结果（2026年12月15日（星期二）公布）\n当选代表：${a}、${b}`);
    const preview = h.api.messagesTo(9322).at(-1)!;
    await s.tap("确认公布并通知 2 人");
    expect(s.lastText()).toBe("✅ 已公布：第一选区（青禾镇东村、西村） · 第一次投票（2026年12月15日（星期二））。2 条通知已进入发送队列。");
    const publishData = (preview.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard[0]![0]!.callback_data;
    await s.press(publishData, preview.message_id);
    expect(s.toasts().at(-1)).toBe("这份结果已于2026年12月15日（星期二）公布过了，不会重复通知。");
    expect(await h.db.prisma.delivery.count()).toBe(2);
  });

  it("the subscriber is told in their own language; the voter sees the result, dated, with the candidates", async () => {
    const sender = new OutboxSender(h.services.outbox, createOutboxTransport(h.config, h.services, { token: TEST_TOKEN, fetch: h.api.fetch }), {
      id: "test", clock, logger: pino({ level: "silent" }), sleep: async (ms) => clock.advance(ms), batchSize: 10,
    });
    while ((await sender.runOnce()) > 0);
    const [a, b] = names["01"]!;
    expect(subscriber.lastText()).toContain(`📊 第一选区（青禾镇东村、西村）: first vote result (published Tuesday 15 December 2026)\nElected: ${a}, ${b}`);
    expect(voter.lastText()).toContain(`当选代表：${a}、${b}`);
    await voter.send("/candidates");
    expect(voter.lastText()).toMatch(/^📊 第一选区（青禾镇东村、西村） 第一次投票结果（2026年12月15日（星期二）公布）\n当选代表：/);
    expect(voter.lastText()).toContain("👥 第一选区");
  });
});

describe("per polling point with a void round, en", () => {
  it("parts are summed; more ballots returned than voted: void, the vote is held again", async () => {
    const s = await h.personWithRole(9330, "STAFF", "en");
    await s.send("/results");
    await s.tap("第二选区");
    await s.tap("Enter the first vote result");
    await s.tap("As on the roll");
    await s.tap("Per station");
    expect(s.lastText()).toContain("Polling point 1: pick a polling station, or type the name");
    await s.tap("青禾社区投票站");
    const n = names["02"]!;
    await typeAll(s, [300, 0, 310, 300, 10, ...n.map(() => 150)]);
    expect(s.lastText()).toContain("⑨ Write-ins");
    await s.tap("None");
    expect(s.lastText()).toBe("Polling points entered: 1; ballots issued in all: 300. Any other polling point?");
    await s.tap("Another polling point");
    await s.send("新街流动票箱");
    expect(s.lastText()).toBe("What kind of polling point is \"新街流动票箱\"?");
    await s.tap("mobile box");
    await typeAll(s, [20, 2, 20, 20, 0, ...n.map(() => 10)]);
    await s.tap("None");
    await s.tap("That's all");
    const summary = s.lastText();
    expect(summary).toContain("Took part (ballots issued): 320");
    expect(summary).toContain("of which by proxy 2");
    expect(summary).toContain("Ballots returned: 330, valid 320, invalid 10");
    expect(summary).toContain("  新街流动票箱 (mobile box): issued 20, returned 20");
    expect(summary).toContain("❗ This vote is void: more ballots were returned than voters voted (Electoral Law art. 44).");
    expect(summary).toContain("Next: the first vote is held again (seats: 3, same candidates).");
    await s.tap("Confirm this result");
    expect(s.buttons()).toContain("✏️ Enter the first vote result");
    const parts = await h.db.prisma.resultPart.findMany({ where: { sheet: { constituencyId: ids["02"]! } }, orderBy: { id: "asc" } });
    expect(parts.map((p) => [p.placeKind, p.proxyVotes, p.pollingPlaceId !== null])).toEqual([["STATION", 0, true], ["MOBILE_BOX", 2, false]]);
    await s.tap("Enter the first vote result");
    expect(s.texts().at(-2)).toContain("vote held again (no. 2)");
  });
});

describe("a re-vote and a further election, zh-TW", () => {
  async function enterWhole(s: ReturnType<BotHarness["person"]>, figures: number[], votes: number[]) {
    await s.tap("按名單");
    await s.tap("整個選區一次錄入");
    await typeAll(s, [...figures, ...votes]);
    await s.tap("沒有另選他人");
    await s.tap("確認這份結果");
  }

  it("a tie at the cut → re-vote among the tied; most votes win", async () => {
    const s = await h.personWithRole(9340, "STAFF", "zh-hant");
    await s.send("/results");
    await s.tap("第四选区");
    await s.tap("錄入第一次投票結果");
    const [x, y, z] = names["04"]!;
    await enterWhole(s, [300, 0, 300, 300, 0], [200, 160, 160, ...names["04"]!.slice(3).map(() => 0)]);
    expect(s.lastText()).toContain(`下一步：${y}、${z}票數相等，須就他們再次投票，以得票多的當選（1 名，選舉法第四十五條第三款）。`);
    await s.tap("錄入再次投票結果");
    expect(s.texts().at(-2)).toContain(`再次投票\n應選 1 名。選票上的候選人：${y}、${z}`);
    await enterWhole(s, [280, 0, 280, 280, 0], [100, 150]);
    expect(s.lastText()).toContain(`當選：${z}（1/1 名）`);
    expect(s.lastText()).toContain("名額已全部選出。");
    await s.tap("本選區");
    expect(s.lastText()).toContain(`目前當選：${x}、${z}（2/2 名）`);
  });

  it("fewer winners than seats → a further election with its list and the one-third threshold", async () => {
    const s = await h.personWithRole(9341, "STAFF", "zh-hant");
    await s.send("/results");
    await s.tap("第三选区");
    await s.tap("錄入第一次投票結果");
    const list = names["03"]!;
    await enterWhole(s, [200, 0, 200, 195, 5], list.map((_, i) => [90, 80][i] ?? 0));
    expect(s.lastText()).toContain(`下一步：不足的 1 名另行選舉（選舉法第四十五條第四款），候選人按第一次投票得票多少為序：${list[0]}、${list[1]}。`);
    await s.tap("錄入另行選舉結果");
    await s.tap("按名單");
    await s.tap("整個選區一次錄入");
    await typeAll(s, [180, 0, 180, 180, 0, 70, 60]);
    await s.tap("沒有另選他人");
    expect(s.lastText()).toContain("另行選舉當選需不少於選票的三分之一：至少 60 票");
    expect(s.lastText()).toContain(`當選：${list[0]}（1/1 名）`);
  });
});

describe("results by file in /import", () => {
  it("the tally is checked, written as a draft, and /results shows it to confirm", async () => {
    const s = await h.personWithRole(9350, "STAFF");
    const n = names["05"]!;
    const rows = [
      ["选区代码", "投票点", "发出选票数", "收回选票数", "有效票数", "无效票数", "姓名", "得票数"],
      ["05", "", 200, 200, 195, 5, n[0]!, 150],
      ["05", "", 200, 200, 195, 5, n[1]!, 40],
    ];
    await s.send("/import");
    await s.tap("选举结果");
    await s.sendDocument("results.csv", Buffer.from(csvText(rows), "utf8"));
    expect(s.texts().at(-2)).toContain("导入后将新增 1 条");
    await s.tap("✅ 导入 2 行");
    expect(s.lastText()).toContain("导入的结果是草稿：请在 /results 中核对并确认。");
    await s.send("/results");
    await s.tap("第五选区");
    await s.tap("继续录入第一次投票");
    expect(s.lastText()).toContain("📋 请核对：第五选区");
    expect(s.lastText()).toContain(`当选：${n[0]}（1/1 名）`);
    await s.tap("确认这份结果");
    expect(s.lastText()).toContain("✅ 已确认：第五选区");
  });
});

describe("several elections", () => {
  it("/results asks which one first", async () => {
    const area = await h.db.prisma.adminArea.findFirstOrThrow({ where: { level: "TOWNSHIP" } });
    const e = await h.db.prisma.election.create({ data: { name: "青禾镇第十九届人民代表大会代表选举", kind: "TOWNSHIP_CONGRESS", areaId: area.id, electionDay: new Date("2026-12-15T00:00:00Z") } });
    await h.db.prisma.constituency.create({ data: { electionId: e.id, code: "T1", name: "青禾镇第一选区", seats: 1, basis: "RESIDENCE" } });
    const s = await h.personWithRole(9360, "STAFF");
    await s.send("/results");
    expect(s.lastText()).toBe("📊 选举结果：请选择选举。");
    await s.tap("青禾镇第十九届");
    expect(s.buttons()).toEqual(["▫️ 青禾镇第一选区"]);
    await s.tap("青禾镇第一选区");
    await s.tap("录入第一次投票结果");
    expect(s.lastText()).toBe("这个选区还没有正式代表候选人，无法录入。请先用 /import 导入候选人（名单阶段为“正式”）。");
  });
});
