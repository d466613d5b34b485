// /candidates through the real bot: stroke order on screen, list stage and the law's range, bios and
// meetings, "remind me" stored once, compare, the cut-off on election day (选举法 34), stale buttons.
// Dates come from the seeded election and "today" from a fixed clock (never a hard-coded day).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareNames } from "../../src/domain/stroke-order.js";
import { addDays, dateParts, type LocalDate } from "../../src/domain/dates.js";
import { instantAt } from "../../src/domain/zoned-time.js";
import { fixedClock } from "../../src/services/clock.js";
import { createBotHarness, type BotHarness } from "../support/bot.js";

const TZ = "Asia/Shanghai";
const clock = fixedClock("2000-01-01T00:00:00Z");
let h: BotHarness;
let E: LocalDate;
/** 10:00 in the county on E + days. */
const at = (days: number, minute = 600) => instantAt(addDays(E, days), minute, TZ);

beforeAll(async () => {
  h = await createBotHarness({ seed: true, clock, env: { RATE_LIMIT_MESSAGES_PER_MINUTE: "1000", RATE_LIMIT_BUTTONS_PER_MINUTE: "1000" } });
  E = (await h.services.areas.overview())!.election!.electionDay;
  clock.set(at(-10));
});
afterAll(() => h?.close());

let nextId = 7100;
const person = (language_code = "zh-hans") => h.person({ id: nextId++, first_name: "选民", language_code });

async function constituency(code: string) {
  return h.db.prisma.constituency.findFirstOrThrow({ where: { code }, include: { candidates: { orderBy: { id: "asc" } } } });
}

/** The numbered names of the list message, in the order shown. */
function shownNames(text: string): string[] {
  return [...text.matchAll(/^\d+\. (.+)$/gm)].map((m) => m[1]!);
}

describe("the list", () => {
  it("asks an unlinked voter to pick a constituency, then shows its list in stroke order with stage, seats and the law's range", async () => {
    const u = person();
    await u.send("/candidates");
    expect(u.lastText()).toContain("/link");
    expect(u.buttons()).toContain("🔎 按住址查找我的选区");
    await u.tap("第二选区");
    const text = u.lastText();
    const c2 = await constituency("02");
    const names = shownNames(text);
    expect(names).toHaveLength(c2.candidates.length);
    expect(names).toEqual([...names].sort(compareNames));
    expect(text).toMatch(/正式代表候选人名单（\d{4}年\d{1,2}月\d{1,2}日（星期.）公布），按姓名笔划排序/);
    expect(text).toContain(`应选代表 3 名。依照选举法第31条，候选人应为 4 至 6 名；本名单 ${c2.candidates.length} 名，在法定范围内。`);
    expect(text).toContain("先后顺序不代表任何推荐");
    expect(u.buttons()).toContain("⚖️ 比较两位候选人");
  });

  it("puts 马璧 before 欧阳少东 before 洪少东 whatever order they were entered in (compound surname not summed)", async () => {
    const c1 = await constituency("01");
    const [a, b, c] = c1.candidates;
    await h.db.prisma.candidate.update({ where: { id: a!.id }, data: { fullName: "洪少东" } });
    await h.db.prisma.candidate.update({ where: { id: b!.id }, data: { fullName: "马璧" } });
    await h.db.prisma.candidate.update({ where: { id: c!.id }, data: { fullName: "欧阳少东" } });
    const u = person();
    await u.send("/candidates");
    await u.tap("第一选区");
    expect(shownNames(u.lastText())).toEqual(["马璧", "欧阳少东", "洪少东"]);
    expect(u.buttons().slice(0, 3)).toEqual(["1. 马璧", "2. 欧阳少东", "3. 洪少东"]);
  });

  it("goes straight to the linked constituency's list", async () => {
    const c3 = await constituency("03");
    const id = nextId++;
    await h.db.prisma.user.create({ data: { telegramId: BigInt(id), constituencyId: c3.id } });
    const u = h.person({ id, first_name: "已关联", language_code: "zh-hans" });
    await u.send("/candidates");
    expect(u.lastText()).toContain(`👥 ${c3.name}`);
    expect(shownNames(u.lastText())).toHaveLength(2);
  });

  it("says neutrally when a list is outside the law's range, and what happens to a long preliminary list", async () => {
    const c4 = await constituency("04");
    await h.db.prisma.candidate.updateMany({ where: { constituencyId: c4.id }, data: { listStage: "PRELIMINARY" } });
    const extra = await h.db.prisma.candidate.createManyAndReturn({
      data: ["丁一", "丁二"].map((fullName) => ({
        constituencyId: c4.id, fullName, gender: "M", birthYear: 1980, occupation: "农民", bio: "—", nominationKind: "JOINT_VOTERS" as const, nominatedBy: "选民联名", listStage: "PRELIMINARY" as const,
      })),
    });
    const u = person();
    await u.send("/candidates");
    await u.tap("第四选区");
    expect(u.lastText()).toContain("初步代表候选人名单");
    expect(u.lastText()).toContain("多于正式名单的法定人数，将由选民小组讨论、协商或者进行预选确定正式候选人名单（选举法第32条）");
    await h.db.prisma.candidate.deleteMany({ where: { id: { in: extra.map((e) => e.id) } } });
    await h.db.prisma.candidate.updateMany({ where: { constituencyId: c4.id }, data: { listStage: "FORMAL" } });
  });

  it("speaks English and zh-TW", async () => {
    const en = person("en");
    await en.send("/candidates");
    await en.tap("第三选区");
    expect(en.lastText()).toContain("Formal list of candidates (published ");
    expect(en.lastText()).toContain("in stroke order of their names");
    expect(en.lastText()).toContain("1 delegate to elect. Under Art. 31 of the Election Law there must be 2 to 2 candidates; this list has 2, within the legal range.");
    const tw = person("zh-hant");
    await tw.send("/candidates");
    await tw.tap("第三选区");
    expect(tw.lastText()).toContain("按姓名筆劃排序");
    expect(tw.lastText()).toContain("不代表任何推薦");
  });
});

describe("a candidate, meetings and remind me", () => {
  it("shows the bio fields and the meetings with their calendar dates and times, and stores one reminder however often it is tapped", async () => {
    const u = person();
    await u.send("/candidates");
    await u.tap("第三选区");
    const first = u.buttons()[0]!;
    await u.tap(first);
    const text = u.lastText();
    for (const field of ["性别：", "出生年份：", "民族：", "政治面貌：", "学历：", "职业：", "推荐方：", "简介："]) expect(text).toContain(field);
    const joint = dateParts(addDays(E, -5));
    expect(text).toContain(`${joint.year}年${joint.month}月${joint.day}日`);
    expect(text).toContain("19:00–20:30");
    const remind = u.buttons().find((b) => b.startsWith("🔔"))!;
    expect(remind).toBe(`🔔 提醒我：${joint.month}月${joint.day}日 19:00`);
    await u.tap(remind);
    expect(u.toasts().at(-1)).toBe("好的，见面会开始前我会提醒您。");
    await u.tap(remind);
    expect(u.toasts().at(-1)).toBe("这个提醒您已经设置过了。");
    // A double tap arriving at once.
    const msg = h.api.messagesTo(u.who.id).at(-1)!;
    const data = (msg.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard.flat().find((b) => b.text === remind)!.callback_data;
    await Promise.all([u.press(data, msg.message_id), u.press(data, msg.message_id)]);
    const user = await h.db.prisma.user.findUniqueOrThrow({ where: { telegramId: BigInt(u.who.id) } });
    expect(await h.db.prisma.meetingReminder.count({ where: { userId: user.id } })).toBe(1);
    // The reminders job sees it in the window before the meeting, and not twice once sent.
    const due = await h.services.candidates.dueMeetingReminders(at(-6), at(-4));
    const mine = due.filter((d) => d.userId === user.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ telegramId: u.who.id, meeting: { from: "19:00", to: "20:30" } });
    expect(await h.services.candidates.markReminderSent(mine[0]!.id)).toBe(true);
    expect(await h.services.candidates.markReminderSent(mine[0]!.id)).toBe(false);
    expect((await h.services.candidates.dueMeetingReminders(at(-6), at(-4))).filter((d) => d.userId === user.id)).toEqual([]);
  });

  it("refuses a reminder for a meeting that has started, and answers a meeting that was cancelled", async () => {
    const u = person();
    await u.send("/candidates");
    await u.tap("第三选区");
    await u.tap(u.buttons()[0]!);
    const remind = u.buttons().find((b) => b.startsWith("🔔"))!;
    const msg = h.api.messagesTo(u.who.id).at(-1)!;
    const data = (msg.reply_markup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard.flat().find((b) => b.text === remind)!.callback_data;
    clock.set(at(-5, 19 * 60 + 5));
    await u.press(data, msg.message_id);
    expect(u.toasts().at(-1)).toBe("这场见面会已经开始或者结束了。");
    clock.set(at(-10));
    await u.press("cand-rm:99999999", msg.message_id);
    expect(u.toasts().at(-1)).toBe("这场见面会已取消或有变动，请重新打开候选人名单。");
  });

  it("answers a stale candidate button (candidate removed since) with the current list, not a crash", async () => {
    const c5 = await constituency("05");
    const gone = await h.db.prisma.candidate.create({
      data: { constituencyId: c5.id, fullName: "临时人", gender: "F", birthYear: 1990, occupation: "教师", bio: "—", nominationKind: "JOINT_VOTERS", nominatedBy: "选民联名", listStage: "FORMAL" },
    });
    const u = person();
    await u.send("/candidates");
    await u.tap("第五选区");
    await h.db.prisma.candidate.delete({ where: { id: gone.id } });
    await u.tap("临时人");
    expect(u.toasts().at(-1)).toBe("候选人名单已有变动，请看最新的名单。");
    expect(u.lastText()).toContain("/link"); // unlinked: the picker again
    expect(u.lastText()).not.toContain("临时人");
  });
});

describe("compare two candidates", () => {
  it("shows the two side by side, field by field, in stroke order whichever was picked first", async () => {
    const u = person();
    await u.send("/candidates");
    await u.tap("第二选区");
    const names = shownNames(u.lastText());
    await u.tap("⚖️ 比较两位候选人");
    expect(u.lastText()).toBe("⚖️ 请选择要比较的第一位候选人：");
    await u.tap(names[2]!);
    expect(u.lastText()).toBe(`⚖️ 已选择${names[2]}，请选择另一位候选人：`);
    expect(u.buttons()).not.toContain(names[2]);
    await u.tap(names[0]!);
    const text = u.lastText();
    expect(text.split("\n")[0]).toBe(`⚖️ ${names[0]} 与 ${names[2]}`);
    for (const f of ["【性别】", "【出生年份】", "【民族】", "【政治面貌】", "【学历】", "【职业】", "【推荐方】", "【简介】", "【与选民见面】"]) expect(text).toContain(f);
    const block = text.split("\n\n").find((b) => b.startsWith("【政治面貌】"))!.split("\n");
    expect(block[1]).toMatch(new RegExp(`^${names[0]}：`));
    expect(block[2]).toMatch(new RegExp(`^${names[2]}：`));
    expect(text).toContain("不代表任何推荐");
  });

  it("refuses to compare a candidate with themselves (a forged or old button)", async () => {
    const c2 = await constituency("02");
    const id = c2.candidates[0]!.id;
    const u = person();
    await u.press(`cand-cmp2:${id}:${id}`, 3);
    expect(u.toasts().at(-1)).toBe("请选择另一位候选人进行比较。");
  });
});

describe("from election day on (选举法 34)", () => {
  it("shows only the list with the reason, no bios, meetings, compare or reminders", async () => {
    const u = person();
    await u.send("/candidates");
    await u.tap("第二选区");
    const oldList = h.api.messagesTo(u.who.id).at(-1)!;
    const candidateButton = (oldList.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard.flat()[0]!.callback_data;
    const meeting = await h.db.prisma.candidateMeeting.findFirstOrThrow();
    clock.set(at(0, 7 * 60));
    try {
      await u.send("/candidates");
      await u.tap("第二选区");
      const text = u.lastText();
      expect(shownNames(text).length).toBeGreaterThanOrEqual(4);
      expect(text).toContain("依照选举法第34条，选举日起必须停止对代表候选人的介绍，这里只显示名单");
      expect(u.buttons()).toEqual(["⬅️ 返回主菜单"]);
      // Buttons from before E: answered with the reason and the list only.
      await u.press(candidateButton, oldList.message_id);
      expect(u.toasts().at(-1)).toBe("选举日起停止介绍候选人（选举法第34条），只显示名单。");
      expect(h.api.message(u.who.id, oldList.message_id)?.text).toContain("依照选举法第34条");
      expect(h.api.message(u.who.id, oldList.message_id)?.text).not.toContain("政治面貌");
      await u.press(`cand-rm:${meeting.id}`, oldList.message_id);
      expect(u.toasts().at(-1)).toBe("选举日起停止介绍候选人和见面会（选举法第34条）。");
      // The day before E (23:59 in the county) bios are still shown.
      clock.set(at(-1, 23 * 60 + 59));
      await u.press(candidateButton, oldList.message_id);
      expect(h.api.message(u.who.id, oldList.message_id)?.text).toContain("政治面貌");
    } finally {
      clock.set(at(-10));
    }
  });
});
