// "Correct a figure" in /results, through the real bot: at the summary of a whole-constituency
// entry one candidate's votes are corrected (bad input and values that break a rule refused with
// the reason and asked again, nothing saved; "back" to the list), the summary shows the new figure
// and outcome, confirm works; where a save was refused (a figure breaking a rule) the registered
// voters are corrected directly; per polling point a figure of the second part is corrected, the
// first part untouched (en); after a reopen one figure is corrected and the round confirmed again
// with the new elected; forged or stale buttons (another sheet, an old token, a part or figure not
// on the sheet, no entry) get an alert and change nothing; township staff are refused for another
// township's sheet (a forged button, or a correction begun before the scope narrowed) and correct
// their own (zh-TW).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resultButtons as B } from "../../src/bot/keyboards/results.js";
import { fixedClock } from "../../src/services/clock.js";
import { TEST_NOW, type BotHarness } from "../support/bot.js";
import { buttonData, common, elected, electionNight, lastAnswer, resultsSnapshot, sheetOf, view } from "./results-support.js";

const COUNTY = "999901";
const SHIQIAO = "999901002"; // 石桥乡: constituency 04; 青禾镇: 01–03; 05 is drawn by work unit

let h: BotHarness;
const clock = fixedClock(TEST_NOW);
const ids: Record<string, number> = {};
const names: Record<string, string[]> = {};
type P = ReturnType<BotHarness["person"]>;

const STALE = "这个按钮已经过期（数字已经改过、已经确认，或录入已取消），请使用最新的一条消息。";

beforeAll(async () => {
  const night = await electionNight(clock);
  h = night.h;
  Object.assign(ids, night.ids);
  Object.assign(names, night.names);
});
afterAll(() => h?.close());

/** Sends each figure and returns what the bot said to each. */
async function typeAll(p: P, figures: (string | number)[]): Promise<string[]> {
  const said: string[] = [];
  for (const f of figures) {
    await p.send(String(f));
    said.push(p.lastText());
  }
  return said;
}

const votesOf = async (id: number) => Object.fromEntries((await h.db.prisma.resultVote.findMany({ where: { sheetId: id } })).map((v) => [v.name, v.votes]));
const enterAudits = (id: number) => h.db.prisma.auditLog.count({ where: { action: "results.enter", subject: `result_sheet:${id}` } });

describe("at the summary, zh-CN", () => {
  it("one candidate's votes corrected: bad input and broken rules refused, nothing saved; the summary shows the new figure and outcome; confirm works", async () => {
    const [a, b, c] = names["01"] as [string, string, string];
    const s = await h.personWithRole(9701, "STAFF");
    await view(s, "第一选区");
    await s.tap("录入第一次投票结果");
    await s.send("500");
    await s.tap("整个选区一次录入");
    await typeAll(s, [400, 0, 400, 400, 0, 300, 250, 100, "王五 12"]);
    await s.tap("录完了");
    // 400 voted, a majority is 201: a 300 and b 250 (a typo: b had 150) are both elected.
    expect(s.lastText()).toContain(`当选：${a}、${b}（2/2 名）`);
    expect(s.buttons()).toEqual(["✅ 确认这份结果", "✏️ 改正一个数字", "✏️ 重新录入", "✖ 取消"]);
    const id = (await h.db.prisma.resultSheet.findFirstOrThrow({ where: { constituencyId: ids["01"]! } })).id;
    const oldFix = buttonData(h, 9701, "改正一个数字");
    const before = await resultsSnapshot(h);
    const entered = await enterAudits(id);

    await s.tap("改正一个数字");
    expect(s.lastText()).toBe("✏️ 改正哪个数字？请点要改的那一项（后面是现在的数字）。");
    expect(s.buttons()).toEqual([
      "登记选民数：500",
      "发出选票数：400",
      "委托投票数：0",
      "收回选票数：400",
      "有效票数：400",
      "无效票数：0",
      `${a}得票：300`,
      `${b}得票：250`,
      `${c}得票：100`,
      "王五（另选他人）得票：12",
      "↩ 返回汇总",
      "✖ 取消",
    ]);
    await s.tap(`${b}得票`);
    expect(s.lastText()).toBe(`✏️ 请输入正确的${b}得票（现在是 250）：`);
    expect(s.buttons()).toEqual(["↩ 上一步", "✖ 取消"]);
    // While correcting, the old summary's confirm does nothing.
    await s.press(buttonData(h, 9701, "确认这份结果").data);
    expect(lastAnswer(h)).toEqual({ text: "这份结果已经确认过了（或已过期）。", alert: true });

    const again = `没有保存。请重新输入${b}得票（现在仍是 250），或点“上一步”回到数字列表。`;
    expect(await typeAll(s, ["abc", "-5", "401", "390"])).toEqual([
      "请只输入数字，例如 1234（不要带文字或单位）。",
      "不能是负数，请输入 0 或正整数。",
      `${b}得票 401，超过了有效票 400 张——每张选票对同一人只能投一票。\n${again}`,
      `得票合计 802，超过了有效票 400 × 应选名额 2 = 800——每张有效选票最多选 2 人（选举法第四十四条）。\n${again}`,
    ]);
    expect(await resultsSnapshot(h)).toEqual(before);

    // "Back": the list again, with the figures unchanged; then the figure again.
    await s.tap("上一步");
    expect(s.lastText()).toBe("✏️ 改正哪个数字？请点要改的那一项（后面是现在的数字）。");
    expect(s.buttons()).toContain(`${b}得票：250`);
    await s.tap(`${b}得票`);
    await s.send("150");
    const summary = s.lastText();
    expect(summary).toContain("📋 请核对：第一选区");
    expect(summary).toContain(`· ${b}：150 票（37.5%）`);
    expect(summary).toContain(`· ${a}：300 票（75.0%）`);
    expect(summary).toContain(`当选：${a}（1/2 名）`);
    expect(summary).toContain(`下一步：不足的 1 名另行选举`);
    expect(s.buttons()).toEqual(["✅ 确认这份结果", "✏️ 改正一个数字", "✏️ 重新录入", "✖ 取消"]);
    expect(await votesOf(id)).toEqual({ [a]: 300, [b]: 150, [c]: 100, 王五: 12 });
    expect(await h.db.prisma.resultSheet.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "DRAFT", registered: 500, voted: 400, returned: 400, validBallots: 400, invalidBallots: 0 });
    expect(await enterAudits(id)).toBe(entered + 1); // saved once, with the corrected figure

    // The first summary's button is stale now (its token is gone).
    await s.press(oldFix.data, oldFix.messageId);
    expect(lastAnswer(h)).toEqual({ text: STALE, alert: true });

    await s.tap("确认这份结果");
    expect(s.lastText()).toContain("✅ 已确认：第一选区");
    expect(await elected(h, id)).toEqual([a]);
    expect((await h.db.prisma.resultSheet.findUniqueOrThrow({ where: { id } })).status).toBe("CONFIRMED");
  });

  it("where a save is refused (a figure breaks a rule), the figure is corrected directly", async () => {
    const [x, y] = names["03"] as [string, string];
    const id = await sheetOf(h, ids["03"]!, [300, 300, 295, 5], [200, 90], "draft");
    // Stored figures that break a rule (as an old import might have left them): fewer registered voters than voted.
    await h.db.prisma.resultSheet.update({ where: { id }, data: { registered: 100 } });
    const s = await h.personWithRole(9702, "STAFF");
    await view(s, "第三选区");
    await s.tap("继续录入"); // figures entered: they are checked first, and refused
    const refused = "❌ 这些数字不能保存：\n• 发出选票 300 张，超过了登记选民数 100——参加投票的人不可能比登记的选民多。请检查发出选票数，或点“上一步”改登记选民数。";
    expect(s.lastText()).toContain(refused);
    expect(s.lastText()).toContain("请点“改正一个数字”直接改正那一项");
    expect(s.buttons()).toEqual(["✏️ 改正一个数字", "✏️ 重新录入", "↩ 上一步", "✖ 取消"]);
    const before = await resultsSnapshot(h);

    await s.tap("改正一个数字");
    expect(s.buttons()).toContain("登记选民数：100");
    expect(s.buttons().slice(-2)).toEqual(["↩ 返回", "✖ 取消"]);
    // Back without a change: the refusal again.
    await s.tap("返回");
    expect(s.lastText()).toContain(refused);
    await s.tap("改正一个数字");
    await s.tap("登记选民数");
    expect(s.lastText()).toBe("✏️ 请输入正确的登记选民数（现在是 100）：");
    await s.send("0");
    expect(s.lastText()).toBe("登记选民数不能是 0，请输入选民名单上的人数。");
    expect(await resultsSnapshot(h)).toEqual(before);
    await s.send("500");
    expect(s.lastText()).toContain("📋 请核对：第三选区");
    expect(s.lastText()).toContain("登记选民：500");
    expect(s.lastText()).toContain(`当选：${x}（1/1 名）`);
    expect(await h.db.prisma.resultSheet.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "DRAFT", registered: 500, voted: 300 });
    expect(await votesOf(id)).toEqual({ [x]: 200, [y]: 90 });
  });
});

describe("per polling point, en", () => {
  it("a figure of the second part is corrected; the first part is untouched", async () => {
    const n = names["02"]!;
    const s = await h.personWithRole(9703, "STAFF", "en");
    await view(s, "第二选区");
    await s.tap("Enter the first vote result");
    await s.tap("As on the roll");
    await s.tap("Per station");
    await s.tap("青禾社区投票站");
    await typeAll(s, [300, 0, 300, 300, 0, ...n.map(() => 100)]);
    await s.tap("None");
    await s.tap("Another polling point");
    await s.tap("新街社区投票站");
    await typeAll(s, [20, 2, 20, 20, 0, ...n.map(() => 10)]);
    await s.tap("None");
    await s.tap("That's all");
    expect(s.lastText()).toContain("Took part (ballots issued): 320");
    expect(s.buttons()).toEqual(["✅ Confirm this result", "✏️ Correct a figure", "✏️ Enter again", "✖ Cancel"]);
    const sheet = await h.db.prisma.resultSheet.findFirstOrThrow({ where: { constituencyId: ids["02"]! } });
    const partRows = () => h.db.prisma.resultPart.findMany({ where: { sheetId: sheet.id }, orderBy: { id: "asc" }, omit: { id: true } });
    const [first, second] = await partRows();
    const before = await resultsSnapshot(h);

    await s.tap("Correct a figure");
    expect(s.lastText()).toBe("✏️ Which figure needs correcting? Registered voters are the constituency's; for the other figures pick the polling point first.");
    expect(s.buttons()).toEqual([`Registered voters: ${sheet.registered.toLocaleString("en-US")}`, "🏫 青禾社区投票站", "🏫 新街社区投票站", "↩ Back to the summary", "✖ Cancel"]);
    await s.tap("新街社区投票站");
    expect(s.lastText()).toBe("〔新街社区投票站〕✏️ Which figure needs correcting? Press it (its current value is shown).");
    expect(s.buttons()).toEqual([
      "Ballots issued: 20",
      "Proxy ballots: 2",
      "Ballots returned: 20",
      "Valid ballots: 20",
      "Invalid ballots: 0",
      ...n.map((x) => `Votes for ${x}: 10`),
      "↩ Back",
      "✖ Cancel",
    ]);
    await s.tap("Proxy ballots");
    expect(s.lastText()).toBe("〔新街社区投票站〕✏️ Proxy ballots, now 2: type the correct figure.");
    await s.send("21");
    expect(s.lastText()).toBe(
      "[新街社区投票站] 21 proxy ballots is more than the 20 ballots issued.\nNot saved. Proxy ballots is still 2: type the correct figure, or press \"Back\" for the list of figures.",
    );
    await s.send("many");
    expect(s.lastText()).toBe("Please type digits only, e.g. 1234 (no words or units).");
    expect(await resultsSnapshot(h)).toEqual(before);

    // Back to the part's figures, back to the parts, and into the part again.
    await s.tap("Back");
    expect(s.buttons()).toContain("Proxy ballots: 2");
    await s.tap("Back");
    expect(s.buttons()).toContain("🏫 青禾社区投票站");
    await s.tap("新街社区投票站");
    await s.tap(`Votes for ${n[0]}`);
    expect(s.lastText()).toBe(`〔新街社区投票站〕✏️ Votes for ${n[0]}, now 10: type the correct figure.`);
    await s.send("15");
    expect(s.lastText()).toContain("📋 Please check: 第二选区");
    expect(s.lastText()).toContain(`· ${n[0]}: 115 votes (35.9%)`);
    expect(s.lastText()).toContain(`· ${n[1]}: 110 votes (34.4%)`);
    const [first2, second2] = await partRows();
    expect(first2).toEqual(first);
    expect(second2).toEqual({ ...second, votes: { ...(second!.votes as object), [n[0]!]: 15 } });

    // The registered voters (the constituency's) are offered at the first level: below those who voted, refused.
    const saved = await resultsSnapshot(h);
    await s.tap("Correct a figure");
    await s.tap("Registered voters");
    await s.send("300");
    expect(s.lastText()).toContain("320 ballots issued is more than the 300 registered voters");
    expect(s.lastText()).toContain(`Not saved. Registered voters is still ${sheet.registered.toLocaleString("en-US")}`);
    await s.tap("Back");
    await s.tap("Back to the summary");
    expect(s.lastText()).toContain(`· ${n[0]}: 115 votes (35.9%)`);
    expect(await resultsSnapshot(h)).toEqual(saved); // nothing saved by looking
    await s.tap("Confirm this result");
    expect(s.lastText()).toContain("✅ Confirmed: 第二选区");
  });
});

describe("after a reopen, zh-CN", () => {
  it("one figure corrected and confirmed again: the elected change accordingly", async () => {
    const [x, y] = names["05"] as [string, string];
    // 300 voted, a majority is 151: x's 150 (a typo: 155) elects nobody.
    const id = await sheetOf(h, ids["05"]!, [300, 300, 295, 5], [150, 140], "confirmed");
    expect(await elected(h, id)).toEqual([]);
    const s = await h.personWithRole(9704, "STAFF");
    await view(s, "第五选区");
    await s.tap("退回修改");
    await s.send(`${x}的得票录错了`);
    expect(s.lastText()).toContain("📋 请核对：第五选区");
    expect(s.buttons()).toEqual(["✅ 确认这份结果", "✏️ 改正一个数字", "✏️ 重新录入", "✖ 取消"]);
    await s.tap("改正一个数字");
    await s.tap(`${x}得票`);
    expect(s.lastText()).toBe(`✏️ 请输入正确的${x}得票（现在是 150）：`);
    await s.send("155");
    expect(s.lastText()).toContain(`· ${x}：155 票（51.7%）`);
    expect(s.lastText()).toContain(`当选：${x}（1/1 名）`);
    await s.tap("确认这份结果");
    expect(s.lastText()).toContain("✅ 已确认：第五选区");
    expect(await elected(h, id)).toEqual([x]);
    expect(await votesOf(id)).toEqual({ [x]: 155, [y]: 140 });
    expect(await h.db.prisma.resultSheet.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "CONFIRMED", voted: 300, validBallots: 295, outcome: { valid: true, elected: [x] } });
  });
});

describe("stale and forged buttons", () => {
  it("another sheet, an old token, a part or figure not on the sheet, no entry: an alert, nothing changed", async () => {
    const id = (await h.db.prisma.resultSheet.findFirstOrThrow({ where: { constituencyId: ids["03"]!, status: "DRAFT" } })).id;
    const other = (await h.db.prisma.resultSheet.findFirstOrThrow({ where: { constituencyId: ids["05"]! } })).id;
    const s = await h.personWithRole(9705, "STAFF");
    await view(s, "第三选区");
    await s.tap("继续录入"); // figures entered: straight to the summary
    const token = B.fix.unpack(buttonData(h, 9705, "改正一个数字").data)!.token;
    const before = await resultsSnapshot(h);
    const shown = s.texts().length;
    const forged = [
      B.fix.pack({ id: other, token }),
      B.fix.pack({ id, token: "zzzzzzzz" }),
      B.fixPart.pack({ id, p: 0, token }), // not correcting yet
      B.fixField.pack({ id, p: -1, f: "voted", token }),
    ];
    for (const data of forged) {
      await s.press(data);
      expect(lastAnswer(h), data).toEqual({ text: STALE, alert: true });
    }
    expect(s.texts().length).toBe(shown);

    await s.tap("改正一个数字");
    const listed = s.texts().length;
    for (const data of [
      B.fixPart.pack({ id, p: 0, token }), // a whole-constituency entry has no parts
      B.fixField.pack({ id, p: 0, f: "voted", token }),
      B.fixField.pack({ id, p: -1, f: "b2", token }), // two names on the ballot
      B.fixField.pack({ id, p: -1, f: "w0", token }), // no write-ins
      B.fixField.pack({ id, p: -1, f: "outcome", token }),
      B.fixField.pack({ id, p: -1, f: "voted", token: "zzzzzzzz" }),
      B.fixField.pack({ id: other, p: -1, f: "voted", token }),
    ]) {
      await s.press(data);
      expect(lastAnswer(h), data).toEqual({ text: STALE, alert: true });
    }
    expect(s.texts().length).toBe(listed);
    // A word typed at the list: the buttons again.
    await s.send("400");
    expect(s.texts().at(-2)).toBe("这一步请点按钮选择：");
    expect(s.lastText()).toBe("✏️ 改正哪个数字？请点要改的那一项（后面是现在的数字）。");
    expect(await resultsSnapshot(h)).toEqual(before);

    // Cancelled: no entry left, every correction button is stale.
    await s.tap("取消");
    for (const data of [B.fix.pack({ id, token }), B.fixField.pack({ id, p: -1, f: "voted", token })]) {
      await s.press(data);
      expect(lastAnswer(h), data).toEqual({ text: STALE, alert: true });
    }
    await s.send("400");
    expect(await resultsSnapshot(h)).toEqual(before);
  });
});

describe("township staff", () => {
  it("are refused for another township's sheet (a forged button, or a correction begun before the scope narrowed); nothing changes", async () => {
    const id = (await h.db.prisma.resultSheet.findFirstOrThrow({ where: { constituencyId: ids["03"]!, status: "DRAFT" } })).id;
    const t = await h.staffIn(9706, SHIQIAO, "en");
    const before = await resultsSnapshot(h);
    const shown = t.texts().length;
    for (const data of [B.fix.pack({ id, token: "abcdefgh" }), B.fixPart.pack({ id, p: 0, token: "abcdefgh" }), B.fixField.pack({ id, p: -1, f: "registered", token: "abcdefgh" })]) {
      await t.press(data);
      expect(lastAnswer(h), data).toEqual({ text: common("en").errors.outside_scope, alert: true });
    }
    expect(t.texts().length).toBe(shown);

    // County staff begin a correction, then their scope narrows to 石桥乡 before they type the value.
    const c = await h.staffIn(9707, COUNTY);
    await view(c, "第三选区");
    await c.tap("继续录入");
    await c.tap("改正一个数字");
    await c.tap("登记选民数");
    await h.db.prisma.user.update({ where: { telegramId: 9707n }, data: { scopeArea: { connect: { code: SHIQIAO } } } });
    await c.send("450");
    expect(c.lastText()).toBe(common("zh-CN").errors.outside_scope);
    await c.send("450"); // the entry has ended: nothing more
    expect(await resultsSnapshot(h)).toEqual(before);
    expect((await h.db.prisma.resultSheet.findUniqueOrThrow({ where: { id } })).registered).toBe(500);
  });
});

describe("in zh-TW, township staff with their own constituency", () => {
  it("the list, the question, a refusal, back to the summary, then a correction", async () => {
    const [x, y, z] = names["04"] as [string, string, string];
    const id = await sheetOf(h, ids["04"]!, [300, 300, 300, 0], [200, 160, 100], "draft");
    const s = await h.staffIn(9708, SHIQIAO, "zh-hant");
    await view(s, "第四选区");
    await s.tap("繼續錄入");
    expect(s.buttons()).toEqual(["✅ 確認這份結果", "✏️ 改正一個數字", "✏️ 重新錄入", "✖ 取消"]);
    await s.tap("改正一個數字");
    expect(s.lastText()).toBe("✏️ 改正哪個數字？請點要改的那一項（後面是現在的數字）。");
    expect(s.buttons()).toEqual([
      "登記選民數：500",
      "發出選票數：300",
      "委託投票數：0",
      "收回選票數：300",
      "有效票數：300",
      "無效票數：0",
      `${x}得票：200`,
      `${y}得票：160`,
      `${z}得票：100`,
      "↩ 返回匯總",
      "✖ 取消",
    ]);
    await s.tap("無效票數");
    expect(s.lastText()).toBe("✏️ 請輸入正確的無效票數（現在是 0）：");
    const before = await resultsSnapshot(h);
    expect(await typeAll(s, ["五", "5"])).toEqual([
      "請只輸入數字，例如 1234（不要帶文字或單位）。",
      "有效票 300 + 無效票 5 = 305，與收回選票 300 張不符。請檢查無效票數，或點“上一步”改有效票數。\n沒有儲存。請重新輸入無效票數（現在仍是 0），或點「上一步」回到數字列表。",
    ]);
    await s.tap("上一步");
    await s.tap("返回匯總");
    expect(s.lastText()).toContain("📋 請核對：第四选区");
    expect(await resultsSnapshot(h)).toEqual(before);
    await s.tap("改正一個數字");
    await s.tap(`${y}得票`);
    await s.send("150");
    expect(s.lastText()).toContain(`· ${y}：150 票（50.0%）`);
    expect(await votesOf(id)).toEqual({ [x]: 200, [y]: 150, [z]: 100 });
  });
});
