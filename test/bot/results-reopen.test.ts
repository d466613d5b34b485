// Reopening a confirmed round for correction in /results, through the real bot: the happy path
// (confirm → reopen with a reason → elected marks and outcome cleared, audited, figures kept →
// enter again with the typo fixed → confirm → the new outcome), an empty or too long reason asked
// again, a double press and a stale cancel answered with an alert/toast; refused for a published
// round (the date and whom to ask) and for a round a later round was made from — also when that
// happens while the reason is being typed — with nothing changed; township staff refused for another
// township's sheet (forged button, or a prompt begun before the scope narrowed) and able to reopen
// their own; the texts in English and in zh-TW (cancel, expiry).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resultButtons as B } from "../../src/bot/keyboards/results.js";
import { fixedClock } from "../../src/services/clock.js";
import { TEST_NOW, type BotHarness } from "../support/bot.js";
import { common, elected, electionNight, lastAnswer, resultsSnapshot, sheetOf, view } from "./results-support.js";

const SHIQIAO = "999901002"; // 石桥乡: constituency 04; 青禾镇: 01–03; 05 is drawn by work unit

let h: BotHarness;
const clock = fixedClock(TEST_NOW);
const ids: Record<string, number> = {};
const names: Record<string, string[]> = {};
type P = ReturnType<BotHarness["person"]>;


beforeAll(async () => {
  const night = await electionNight(clock);
  h = night.h;
  Object.assign(ids, night.ids);
  Object.assign(names, night.names);
});
afterAll(() => h?.close());

async function typeAll(p: P, figures: (string | number)[]): Promise<void> {
  for (const f of figures) await p.send(String(f));
}

const status = async (id: number) => (await h.db.prisma.resultSheet.findUniqueOrThrow({ where: { id } })).status;

describe("a typo noticed after confirming, zh-CN", () => {
  it("reopen with a reason → a draft again, audited; enter again with the fix → confirmed with the new outcome", async () => {
    const [a, b, c] = names["01"]!;
    // 400 voted, a majority is 201: a 300 and b 250 (a typo: b had 150) are both elected.
    const id = await sheetOf(h, ids["01"]!, [400, 400, 400, 0], [300, 250, 100], "draft");
    const s = await h.personWithRole(9601, "STAFF");
    const userId = (await h.db.prisma.user.findUniqueOrThrow({ where: { telegramId: 9601n } })).id;
    await view(s, "第一选区");
    await s.tap("继续录入");
    await s.tap("确认这份结果");
    expect(s.lastText()).toContain(`当选：${a}、${b}（2/2 名）`);
    expect(s.buttons()).toContain("🔓 退回修改第一次投票结果");
    expect(await elected(h, id)).toEqual([a, b]);
    const electedVoteIds = (await h.db.prisma.resultVote.findMany({ where: { sheetId: id, elected: true }, orderBy: { id: "asc" } })).map((v) => v.id);
    const confirmedMessage = h.api.messagesTo(9601).at(-1)!;

    // The constituency view offers it too, beside "publish".
    await s.tap("本选区");
    expect(s.buttons()).toEqual(["📢 公布第一次投票结果", "🔓 退回修改第一次投票结果", "↩ 选区列表"]);

    await s.tap("退回修改");
    expect(s.lastText()).toContain("🔓 退回修改：第一选区（青禾镇东村、西村） · 第一次投票\n");
    expect(s.lastText()).toContain("请发送退回修改的原因（例如哪一项数字录错了），不超过 500 字。");
    expect(s.buttons()).toEqual(["✖ 取消"]);

    // No reason, or too long a one: asked again, nothing changes.
    await s.send("   ");
    expect(s.lastText()).toBe("请写明退回修改的原因（例如哪一项数字录错了），不能为空。");
    await s.send("错".repeat(501));
    expect(s.lastText()).toBe("原因有 501 个字，太长了，请控制在 500 字以内后重新发送。");
    expect(await status(id)).toBe("CONFIRMED");

    const reason = `${b}的得票录错了：应为 150，录成了 250`;
    await s.send(`  ${reason}\n`);
    expect(s.texts().at(-2)).toBe(
      `🔓 已退回修改：第一选区（青禾镇东村、西村） · 第一次投票现在是草稿，原来的当选结果已撤销（原因：${reason}）。\n请核对下面的数字：有错就点“改正一个数字”（或“重新录入”从头再录）改正后再确认；数字无误也可以直接确认。`,
    );
    expect(s.lastText()).toContain("📋 请核对：第一选区");
    expect(s.lastText()).toContain(`· ${b}：250 票（62.5%）`);
    expect(s.buttons()).toEqual(["✅ 确认这份结果", "✏️ 改正一个数字", "✏️ 重新录入", "✖ 取消"]);

    // The sheet: a draft with its figures, no outcome, nobody elected; one audit entry with the reason.
    const row = await h.db.prisma.resultSheet.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "DRAFT", outcome: null, confirmedById: null, confirmedAt: null, voted: 400, returned: 400, validBallots: 400 });
    expect(await elected(h, id)).toEqual([]);
    const audits = await h.db.prisma.auditLog.findMany({ where: { action: "results.reopen", subject: `result_sheet:${id}` } });
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorId: userId, before: { status: "CONFIRMED", electedVoteIds }, after: { status: "DRAFT" }, details: { reason, round: "FIRST", roundNo: 1 } });
    expect((await h.services.results.constituency(ids["01"]!))!.elected).toEqual([]);

    // The old button pressed again: an alert, nothing more.
    const reopenData = (confirmedMessage.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard.flat().find((k) => k.text.includes("退回修改"))!.callback_data;
    await s.press(reopenData, confirmedMessage.message_id);
    expect(lastAnswer(h)).toEqual({ text: "第一次投票已经是草稿（已退回修改），不用再退回。请在本选区里继续录入并确认。", alert: true });
    // A word typed at the summary: the question stays, and the figures stay too.
    await s.send("好的");
    expect(s.texts().at(-2)).toBe("这一步请点按钮选择：");
    expect(s.lastText()).toContain(`· ${b}：250 票（62.5%）`);
    expect(await h.db.prisma.resultSheet.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "DRAFT", voted: 400 });
    expect(await h.db.prisma.auditLog.count({ where: { action: "results.reopen" } })).toBe(1);

    // Fix it: enter again, confirm.
    await s.tap("重新录入");
    expect(s.lastText()).toContain("① 登记选民数");
    await s.send("500");
    await s.tap("整个选区一次录入");
    await typeAll(s, [400, 0, 400, 400, 0, 300, 150, 100]);
    await s.tap("没有另选他人");
    expect(s.lastText()).toContain(`当选：${a}（1/2 名）`);
    await s.tap("确认这份结果");
    expect(s.lastText()).toContain("✅ 已确认：第一选区");
    expect(s.lastText()).toContain(`下一步：不足的 1 名另行选举（选举法第四十五条第四款），候选人按第一次投票得票多少为序：${b}、${c}。`);
    expect(await elected(h, id)).toEqual([a]);
    const fixed = await h.db.prisma.resultSheet.findUniqueOrThrow({ where: { id } });
    expect(fixed).toMatchObject({ status: "CONFIRMED", confirmedById: userId, outcome: { valid: true, elected: [a] } });
    expect(await h.db.prisma.auditLog.count({ where: { action: "results.confirm", subject: `result_sheet:${id}` } })).toBe(2);
    await s.tap("本选区");
    expect(s.lastText()).toContain(`目前当选：${a}（1/2 名）`);
  });
});

describe("a published round", () => {
  it("is refused with its date and whom to ask — also when published while the reason was being typed; nothing changes", async () => {
    const id = await sheetOf(h, ids["05"]!, [300, 300, 295, 5], [200, 90], "confirmed");
    const s = await h.personWithRole(9610, "STAFF");
    await view(s, "第五选区");
    await s.tap("退回修改");
    expect(s.lastText()).toContain("请发送退回修改的原因");
    // Meanwhile a colleague publishes it.
    expect((await h.services.results.publish(id, null)).ok).toBe(true);
    const before = await resultsSnapshot(h);
    const refusal =
      "第一次投票结果已于2026年12月15日（星期二）公布，选民已经收到通知，不能在机器人里退回修改。更正已公布的结果需要重新公告，请联系县选举委员会（县人大常委会选举工作办公室）。";
    await s.send("得票录错了");
    expect(s.lastText()).toBe(refusal);
    // The view offers no reopening; a forged or old button is refused the same way.
    await view(s, "第五选区");
    expect(s.lastText()).toContain("已于2026年12月15日（星期二）公布");
    expect(s.buttons().some((b) => b.includes("退回修改"))).toBe(false);
    await s.press(B.reopen.pack({ id }));
    expect(s.lastText()).toBe(refusal);
    expect(await resultsSnapshot(h)).toEqual(before);
    expect(await status(id)).toBe("PUBLISHED");
    // The service says the same, whatever the reason.
    expect(await h.services.results.reopen(id, null, "原因")).toMatchObject({ ok: false, problem: "PUBLISHED", publishedOn: "2026-12-15" });
    expect(await resultsSnapshot(h)).toEqual(before);
  });
});

describe("a round a later round was made from", () => {
  it("is refused (LATER_ROUND) — also when the later round is started while the reason is being typed", async () => {
    // One seat, nobody over half: a further election follows.
    const id = await sheetOf(h, ids["03"]!, [300, 300, 295, 5], [140, 120], "confirmed");
    const s = await h.personWithRole(9620, "STAFF");
    await view(s, "第三选区");
    await s.tap("退回修改");
    expect(s.lastText()).toContain("请发送退回修改的原因");
    const later = await h.services.results.startRound(ids["03"]!, null); // a colleague starts the further election
    expect(later).toMatchObject({ ok: true, sheet: { round: "FURTHER" } });
    const before = await resultsSnapshot(h);
    const refusal = "根据第一次投票的结果已经开始了另行选举，所以第一次投票不能再退回修改。如果确实有错，请联系县选举委员会（县人大常委会选举工作办公室）处理。";
    await s.send("第二名得票录错了");
    expect(s.lastText()).toBe(refusal);
    await view(s, "第三选区");
    expect(s.buttons().some((b) => b.includes("退回修改"))).toBe(false);
    await s.press(B.reopen.pack({ id }));
    expect(s.lastText()).toBe(refusal);
    expect(await resultsSnapshot(h)).toEqual(before);
    expect(await status(id)).toBe("CONFIRMED");
  });
});

describe("township staff", () => {
  it("are refused for another township's sheet (a forged button, or a prompt begun before the scope narrowed); nothing changes", async () => {
    const id = await sheetOf(h, ids["02"]!, [400, 400, 400, 0], [300, 250, 220], "confirmed");
    const t = await h.staffIn(9630, SHIQIAO, "en");
    const before = await resultsSnapshot(h);
    const shown = t.texts().length;
    await t.press(B.reopen.pack({ id }));
    expect(lastAnswer(h)).toEqual({ text: common("en").errors.outside_scope, alert: true });
    expect(t.texts().length).toBe(shown); // no prompt
    await t.send("a reason");
    expect(await resultsSnapshot(h)).toEqual(before);

    // County staff begin, then their scope narrows to 石桥乡 before they send the reason.
    const c = await h.staffIn(9631, "999901");
    await c.press(B.reopen.pack({ id }));
    expect(c.lastText()).toContain("请发送退回修改的原因");
    await h.db.prisma.user.update({ where: { telegramId: 9631n }, data: { scopeArea: { connect: { code: SHIQIAO } } } });
    await c.send("得票录错了");
    expect(c.lastText()).toBe(common("zh-CN").errors.outside_scope);
    expect(await resultsSnapshot(h)).toEqual(before);
    expect(await status(id)).toBe("CONFIRMED");
  });
});

describe("in English", () => {
  it("the prompt, the refusal of an empty reason and the reopened summary", async () => {
    const id = (await h.db.prisma.resultSheet.findFirstOrThrow({ where: { constituencyId: ids["02"]!, status: "CONFIRMED" } })).id;
    const s = await h.personWithRole(9640, "STAFF", "en");
    await view(s, "第二选区");
    expect(s.buttons()).toContain("🔓 Reopen the first vote result for correction");
    await s.tap("Reopen the first vote");
    expect(s.lastText()).toContain("🔓 Reopen for correction: 第二选区（青禾镇青禾社区、新街社区） · first vote\nThe round becomes a draft again");
    expect(s.lastText()).toContain("at most 500 characters.");
    await s.send(" ");
    expect(s.lastText()).toBe("Please give the reason for reopening (e.g. which figure was entered wrongly); it cannot be empty.");
    await s.send("Valid ballots mistyped");
    expect(s.texts().at(-2)).toBe(
      "🔓 Reopened: 第二选区（青禾镇青禾社区、新街社区） · first vote is a draft again and its outcome has been withdrawn (reason: Valid ballots mistyped).\nCheck the figures below: press \"Correct a figure\" to fix a wrong one (or \"Enter again\" to start over), then confirm; if they are right, you can confirm them as they are.",
    );
    expect(s.lastText()).toContain("📋 Please check: 第二选区");
    expect(s.buttons()).toEqual(["✅ Confirm this result", "✏️ Correct a figure", "✏️ Enter again", "✖ Cancel"]);
    expect(await status(id)).toBe("DRAFT");
    await s.press(B.reopen.pack({ id }));
    expect(lastAnswer(h)).toEqual({ text: "The first vote is already a draft again (reopened): there is nothing to reopen. Continue the entry in this constituency and confirm it.", alert: true });
  });
});

describe("in zh-TW, township staff with their own constituency", () => {
  it("cancel, a stale cancel, an expired prompt, then reopened", async () => {
    const id = await sheetOf(h, ids["04"]!, [300, 300, 300, 0], [200, 160, 100], "confirmed");
    const s = await h.staffIn(9650, SHIQIAO, "zh-hant");
    await view(s, "第四选区");
    expect(s.buttons()).toContain("🔓 退回修改第一次投票結果");
    await s.tap("退回修改");
    expect(s.lastText()).toContain("請傳送退回修改的原因（例如哪一項數字錄錯了），不超過 500 字。");
    await s.send(" ");
    expect(s.lastText()).toBe("請寫明退回修改的原因（例如哪一項數字錄錯了），不能為空。");
    const before = await resultsSnapshot(h);
    const prompt = h.api.messagesTo(9650).filter((m) => m.text.includes("請傳送退回修改的原因")).at(-1)!;
    await s.press(B.reopenCancel.pack({}), prompt.message_id);
    expect(h.api.message(9650, prompt.message_id)!.text).toBe("已取消退回修改，這一輪結果仍是「已確認，未公佈」。");
    await s.press(B.reopenCancel.pack({}), prompt.message_id);
    expect(lastAnswer(h).text).toBe(common("zh-TW").errors.stale_button);
    await s.send("數字錄錯了"); // no prompt any more: not taken as a reason
    expect(await resultsSnapshot(h)).toEqual(before);

    // Asked, then left for more than half an hour.
    await s.press(B.reopen.pack({ id }));
    clock.advance(31 * 60_000);
    await s.send("數字錄錯了");
    expect(s.lastText()).toBe("退回修改太久沒有完成，已經作廢，這一輪仍是已確認狀態。如仍需退回，請在 /results 中重新點「退回修改」。");
    expect(await resultsSnapshot(h)).toEqual(before);

    await s.press(B.reopen.pack({ id }));
    await s.send("數字錄錯了");
    expect(s.texts().at(-2)).toContain("🔓 已退回修改：第四选区（石桥乡北岭村、上坪村、石桥社区） · 第一次投票現在是草稿，原來的當選結果已撤銷（原因：數字錄錯了）。");
    expect(s.lastText()).toContain("📋 請核對：第四选区");
    expect(await status(id)).toBe("DRAFT");
    expect(await elected(h, id)).toEqual([]);
  });
});
