// The suggestion journeys through the real bot: a voter writes, the delegate acknowledges, asks
// for detail and raises it, staff assign it with the 代表法 51 deadline and record the answer, the
// voter rates, reopens once, and it is closed — every step pushed to the author and stored as an
// event. Then anonymity, merging, rejection, stale buttons, the abuse limits and the languages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/services/clock.js";
import { createBotHarness, type BotHarness } from "../support/bot.js";
import { compose, delegate, firstDelegate, runJob, sendLocation, sendPhoto, staff, userIdOf, voter, type Who } from "./suggestions-support.js";

const clock = fixedClock("2027-03-10T02:00:00Z"); // 10:00 in the county
let h: BotHarness;
let d1: Who & { delegateId: number };
let s1: Who;

beforeAll(async () => {
  // The delegate and staff accounts here do in seconds what takes people weeks: no flood limit.
  h = await createBotHarness({ seed: true, clock, env: { RATE_LIMIT_MESSAGES_PER_MINUTE: "1000" } });
  d1 = await delegate(h, 7101, 0);
  s1 = await staff(h, 7102);
});
afterAll(() => h?.close());

const TEXT = "东村村口到小学的三盏路灯坏了一个多月，晚上孩子放学很不安全，建议尽快修复。";

async function lastSuggestion() {
  return h.db.prisma.suggestion.findFirstOrThrow({ orderBy: { id: "desc" } });
}

describe("the whole life of a suggestion, through the bot", () => {
  it("voter writes → delegate acknowledges, asks, raises → staff assign and answer → voter rates, reopens once → closed", async () => {
    const v = await voter(h, 7001, "zh-hans", "王小明");
    await v.send("/suggest");
    expect(v.lastText()).toContain("给第一选区");
    await v.tap("建议");
    expect(v.lastText()).toBe("请选择类别：");
    await v.tap("道路交通");
    if (v.buttons().some((b) => b.includes("下一步"))) await v.tap("下一步");
    await v.send("路灯坏了");
    expect(v.lastText()).toBe("内容太短：至少需要 15 个字，您写了 4 个。请写清楚地点、问题和建议。");
    await v.send(TEXT);
    expect(v.lastText()).toContain("可以发送照片（最多 5 张）");
    await sendPhoto(h, v, "photo-A", 300_000);
    expect(v.lastText()).toBe("已收到第 1 张照片（最多 5 张）。可以继续发送，或按“完成”。");
    await sendPhoto(h, v, "photo-big", 25 * 1024 * 1024);
    expect(v.lastText()).toBe("这张照片太大（25.0 MB），每张最大 10 MB。请压缩后重新发送。");
    await v.tap("完成");
    await sendLocation(h, v, 30.1, 120.2);
    expect(v.lastText()).toContain("是否向代表显示您的姓名");
    await v.tap("显示我的姓名");
    const preview = v.lastText();
    expect(preview).toContain("请核对后发送");
    expect(preview).toContain(TEXT);
    expect(preview).toContain("📷 1 张照片");
    expect(preview).toContain("📍 附有位置");
    await v.tap("确认发送");
    expect(v.lastText()).toContain("办理编号：JY-2027-000001");

    // A second tap on the same "send" files nothing more.
    const sendData = (await lastSuggestion()).idempotencyKey;
    await v.press(`sg-send:${sendData}`);
    expect(v.toasts().at(-1)).toBe("这条建议已经发送过了（编号 JY-2027-000001），不会重复发送。");
    expect(await h.db.prisma.suggestion.count()).toBe(1);
    const s = await lastSuggestion();
    expect(s.photos).toEqual(["photo-A"]);
    expect(s.latitude).toBe(30.1);

    // The delegate is told and sees it, with the author's name (not anonymous).
    expect(d1.texts().some((t) => t?.includes("您收到一条新的选民建议：JY-2027-000001"))).toBe(true);
    await d1.send("/inbox");
    expect(d1.lastText()).toContain("JY-2027-000001 · 已提交 · 王小明");
    await d1.tap("JY-2027-000001");
    expect(d1.lastText()).toContain("来信人：王小明");
    await d1.tap("受理");
    expect(v.lastText()).toBe("📬 您的建议 JY-2027-000001 已由代表受理。");

    await d1.tap("请求补充说明");
    await d1.send("请问是哪三盏灯？靠近哪户人家？");
    expect(v.lastText()).toContain("代表希望您补充说明建议 JY-2027-000001");
    await v.tap("补充说明");
    await v.send("村口小卖部门前一盏，小学大门两侧各一盏。");
    expect(v.lastText()).toBe("补充说明已转给代表（JY-2027-000001）。");
    expect(d1.texts().some((t) => t?.includes("来信人补充了建议 JY-2027-000001：\n村口小卖部门前一盏"))).toBe(true);

    await d1.send("/inbox");
    await d1.tap("JY-2027-000001");
    await d1.tap("作为代表建议提出");
    expect(v.lastText()).toContain("代表已将您的建议 JY-2027-000001 作为代表建议提出");
    expect(s1.lastText()).toContain("代表提出了建议 JY-2027-000001，等待交办");

    // Staff assign it as a key suggestion: three months from today (代表法 51).
    await s1.send("/suggestions");
    expect(s1.lastText()).toContain("JY-2027-000001 · 已提出建议，待交办 · 王小明");
    await s1.tap("JY-2027-000001");
    await s1.tap("交办");
    expect(s1.buttons()[0]).toBe("⭐ 示例县交通运输局"); // the category's usual department first
    await s1.tap("示例县交通运输局");
    await s1.tap("⭐ 重点建议，三个月");
    await s1.send("王副县长");
    expect(v.lastText()).toContain("建议 JY-2027-000001 已交 示例县交通运输局 办理，答复期限：2027年6月10日（星期四）。");
    expect(v.lastText()).toContain("⭐ 这是重点建议，领衔督办：王副县长。");

    clock.advance(20 * 86_400_000);
    await s1.send("/suggestions JY-2027-1");
    await s1.tap("录入答复");
    await s1.send("已更换三盏路灯，并纳入村道照明日常维护。");
    expect(v.lastText()).toContain("示例县交通运输局 答复了建议 JY-2027-000001：\n已更换三盏路灯");
    expect(v.buttons()).toEqual(["😊 满意", "🙂 基本满意", "🙁 不满意"]);

    await v.tap("不满意");
    expect(v.lastText()).toContain("如果问题没有解决，可以申请重新办理一次。");
    await v.tap("申请重新办理");
    await v.send("小学门口那盏灯换了三天又不亮了。");
    expect(v.lastText()).toBe("JY-2027-000001 已重新办理，代表会再次处理。");
    expect(d1.texts().some((t) => t?.includes("来信人申请重新办理 JY-2027-000001，理由：小学门口那盏灯换了三天又不亮了。"))).toBe(true);

    // Assigned before: staff assign it again (a new deadline), the department answers again.
    await s1.send("/suggestions JY-2027-000001");
    await s1.tap("交办");
    await s1.tap("示例县交通运输局");
    await s1.tap("三个月内答复");
    await s1.send("/suggestions JY-2027-000001");
    await s1.tap("录入答复");
    await s1.send("已更换为新型号灯具并检修线路，经回访正常。");
    await v.tap("基本满意");
    expect(v.lastText()).toContain("这条建议已办结。");
    expect(v.lastText()).not.toContain("可以申请重新办理");

    const final = await lastSuggestion();
    expect(final.status).toBe("CLOSED");
    expect(final.reopenCount).toBe(1);
    expect(final.rating).toBe("BASICALLY_SATISFIED");
    const events = await h.db.prisma.suggestionEvent.findMany({ where: { suggestionId: final.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => `${e.action}:${e.actorRole}:${e.toStatus}`)).toEqual([
      "SUBMIT:AUTHOR:SUBMITTED",
      "ACKNOWLEDGE:DELEGATE:ACKNOWLEDGED",
      "ASK_DETAIL:DELEGATE:AWAITING_DETAIL",
      "DETAIL_GIVEN:AUTHOR:WITH_DELEGATE",
      "RAISE_FORMAL:DELEGATE:RAISED",
      "ASSIGN:STAFF:ASSIGNED",
      "ANSWER:STAFF:ANSWERED",
      "RATE:AUTHOR:RATED",
      "REOPEN:AUTHOR:REOPENED",
      "ASSIGN:STAFF:ASSIGNED",
      "ANSWER:STAFF:ANSWERED",
      "RATE:AUTHOR:RATED",
      "CLOSE:SYSTEM:CLOSED",
    ]);
    expect(events.every((e) => e.at instanceof Date)).toBe(true);
    expect(events.find((e) => e.action === "REOPEN")?.note).toBe("小学门口那盏灯换了三天又不亮了。");
    // Staff acts are audited.
    expect(await h.db.prisma.auditLog.count({ where: { action: "suggestion.assign" } })).toBe(2);

    // /mine shows the one timeline.
    await v.send("/mine");
    expect(v.lastText()).toContain("JY-2027-000001 · 已办结");
    await v.tap("JY-2027-000001");
    const timeline = v.lastText();
    for (const step of ["提交", "受理", "请求补充说明", "作为代表建议提出", "交办", "承办单位答复", "评价", "申请重新办理", "办结"]) expect(timeline).toContain(step);

    // A stale rating button (the first answer's) is answered, nothing changes.
    await v.press(`sg-r:${final.id}:1:SATISFIED`);
    expect(v.toasts().at(-1)).toBe("这个评价按钮已过期：这条建议已经评价过或有了新的答复。请发送 /mine 查看。");
    expect((await lastSuggestion()).rating).toBe("BASICALLY_SATISFIED");
  });
});

describe("anonymity", () => {
  it("the delegate's inbox, views and notices never show who wrote an anonymous suggestion; staff see it", async () => {
    const v = await voter(h, 7002, "zh-hans", "匿名测试人");
    const before = d1.texts().length;
    await compose(v, { text: "西村水塘边的护栏断了两处，夜里路过的人容易掉下去，请安排修好。", anonymous: true });
    expect(v.lastText()).toContain("对代表匿名");
    await v.tap("确认发送");
    const s = await lastSuggestion();
    expect(s.anonymous).toBe(true);
    await d1.send("/inbox");
    await d1.tap(s.trackingNo);
    expect(d1.lastText()).toContain("来信人：匿名");
    await d1.tap("答复来信人");
    await d1.send("已联系村委会，本周内修好护栏。");
    await v.tap("不满意");
    await v.send("补充：东侧那段也断了，请一并修。"); // the rating comment, relayed without who wrote it
    const seen = d1.texts().slice(before).join("\n");
    expect(seen).not.toContain("匿名测试人");
    expect(seen).not.toContain("voter7002");
    expect(seen).not.toContain("7002");
    const delegateCalls = h.api.calls.filter((c) => Number(c.payload.chat_id) === 7101).map((c) => JSON.stringify(c.payload));
    expect(delegateCalls.join("\n")).not.toContain("匿名测试人");
    // Staff see the author, marked as anonymous to the delegate.
    await s1.send(`/suggestions ${s.trackingNo}`);
    expect(s1.lastText()).toContain("来信人：匿名测试人 (对代表匿名)");
  });
});

describe("merging, rejecting, replying to a merged item", () => {
  it("the author of a merged item follows the main one; an old button on the merged one says where it went", async () => {
    const a = await voter(h, 7003, "zh-hans", "甲");
    const b = await voter(h, 7004, "zh-hans", "乙");
    await compose(a, { text: "东村到镇上的公交车一天只有两班，老人看病很不方便，建议增加班次。" });
    await a.tap("确认发送");
    const main = await lastSuggestion();
    await compose(b, { text: "希望增加东村往返青禾镇的公交班次，现在早上一班下午一班根本不够。" });
    await b.tap("确认发送");
    const merged = await lastSuggestion();

    await d1.send("/inbox");
    await d1.tap(merged.trackingNo);
    const replyButtonOnMerged = `ib-a:${merged.id}:${merged.version}:REPLY`;
    await d1.tap("合并到另一条");
    await d1.tap(main.trackingNo);
    expect(b.lastText()).toContain(`您的建议 ${merged.trackingNo} 与相同的建议 ${main.trackingNo} 合并办理`);

    await d1.press(replyButtonOnMerged);
    expect(d1.toasts().at(-1)).toBe(`这条建议已合并到 ${main.trackingNo}，请在那一条上操作。`);

    await d1.send("/inbox");
    await d1.tap(main.trackingNo);
    await d1.tap("答复来信人");
    await d1.send("已向县交通运输局反映，下月起增加为每天四班。");
    expect(a.lastText()).toContain(`代表答复了您的建议 ${main.trackingNo}`);
    expect(b.lastText()).toContain(`代表答复了您的建议 ${main.trackingNo}`);
    expect(b.lastText()).toContain(`（您的建议已合并到 ${main.trackingNo}，这是它的进展。）`);
    expect(b.buttons()).not.toContain("😊 满意"); // only the main item's author rates it
    await b.send("/mine");
    expect(b.lastText()).toContain(`已合并到 ${main.trackingNo}`);
  });

  it("staff merge one into another of the constituency (by button or by number); its author follows the main one", async () => {
    const a = await voter(h, 7021, "zh-hans", "丙");
    const b = await voter(h, 7022, "zh-hans", "丁");
    await compose(a, { text: "青禾镇农贸市场门口每天早上乱停车，堵住了去镇中心小学的路，建议划定停车位。" });
    await a.tap("确认发送");
    const main = await lastSuggestion();
    await d1.send("/inbox");
    await d1.tap(main.trackingNo);
    await d1.tap("作为代表建议提出");
    await compose(b, { text: "农贸市场门前早高峰车辆乱停乱放，孩子上学要绕行马路，希望管一管。" });
    await b.tap("确认发送");
    const dup = await lastSuggestion();
    const replyButtonOnDup = `ib-a:${dup.id}:${dup.version}:REPLY`;

    // A suggestion of another constituency is refused as a target, by number.
    const other = await firstDelegate(h, 3);
    const elsewhere = await voter(h, 7023, "zh-hans", "戊", other.constituencyId!);
    await compose(elsewhere, { text: "西山乡卫生院没有儿科医生，孩子发烧要跑四十公里到县城，建议定期派儿科医生坐诊。", category: "医疗卫生" });
    await elsewhere.tap("确认发送");
    const foreign = await lastSuggestion();

    await s1.send(`/suggestions ${dup.trackingNo}`);
    await s1.tap("合并到另一条");
    expect(s1.lastText()).toContain(`把 ${dup.trackingNo} 合并到`);
    expect(s1.buttons().some((x) => x.startsWith(main.trackingNo))).toBe(true);
    expect(s1.buttons().some((x) => x.startsWith(foreign.trackingNo))).toBe(false);
    await s1.send(foreign.trackingNo);
    expect(s1.lastText()).toBe("只能合并到同一选区的另一条未办结建议。\n请发送另一条建议的编号，或发送 /cancel 取消。");
    expect((await h.db.prisma.suggestion.findUniqueOrThrow({ where: { id: dup.id } })).status).toBe("SUBMITTED");
    await s1.send("JY-2027-999999");
    expect(s1.lastText()).toBe("没有编号为 JY-2027-999999 的建议。\n请发送另一条建议的编号，或发送 /cancel 取消。");
    await s1.send("/cancel");

    await s1.send(`/suggestions ${dup.trackingNo}`);
    await s1.tap("合并到另一条");
    await s1.tap(main.trackingNo);
    expect(s1.toasts().at(-1)).toBe(`${dup.trackingNo} 已合并。`);
    expect(b.lastText()).toContain(`您的建议 ${dup.trackingNo} 与相同的建议 ${main.trackingNo} 合并办理`);
    expect((await h.db.prisma.suggestion.findUniqueOrThrow({ where: { id: dup.id } })).mergedIntoId).toBe(main.id);
    const audit = await h.db.prisma.auditLog.findFirstOrThrow({ where: { action: "suggestion.merge" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ actorId: await userIdOf(h, 7102), subject: `suggestion:${dup.id}` });

    // The delegate's old reply button on the merged item says where it went; nothing changes.
    await d1.press(replyButtonOnDup);
    expect(d1.toasts().at(-1)).toBe(`这条建议已合并到 ${main.trackingNo}，请在那一条上操作。`);
    // A typed reply to it, after the merge, says the same.
    await d1.send("/inbox");
    const dupNow = await h.db.prisma.suggestion.findUniqueOrThrow({ where: { id: dup.id } });
    expect(dupNow.status).toBe("MERGED");

    // Staff assign and answer the main one: both authors are told.
    await s1.send(`/suggestions ${main.trackingNo}`);
    await s1.tap("交办");
    await s1.tap("示例县交通运输局");
    await s1.tap("三个月内答复");
    expect(b.lastText()).toContain(main.trackingNo);
    await s1.tap("录入答复");
    await s1.send("县交警大队已在市场东侧划定临时停车区，早七点至八点半安排协管员值守。");
    expect(a.lastText()).toContain(main.trackingNo);
    expect(b.lastText()).toContain(`（您的建议已合并到 ${main.trackingNo}，这是它的进展。）`);
    expect(b.lastText()).toContain("县交警大队已在市场东侧划定临时停车区");
  });

  it("a delegate's typed reply to an item merged meanwhile is refused with where it went", async () => {
    const a = await voter(h, 7024, "zh-hans", "己");
    const b = await voter(h, 7025, "zh-hans", "庚");
    await compose(a, { text: "东村垃圾收集点三天才清运一次，夏天气味很大，建议每天清运。", category: "农业农村" });
    await a.tap("确认发送");
    const main = await lastSuggestion();
    await compose(b, { text: "东村的垃圾桶经常满了没人清理，苍蝇很多，希望增加清运次数。", category: "农业农村" });
    await b.tap("确认发送");
    const dup = await lastSuggestion();
    await d1.send("/inbox");
    await d1.tap(dup.trackingNo);
    await d1.tap("答复来信人"); // the delegate starts typing a reply …
    await s1.send(`/suggestions ${dup.trackingNo}`); // … while staff merge it
    await s1.tap("合并到另一条");
    await s1.tap(main.trackingNo);
    await d1.send("已联系镇环卫所，下周起每天清运。");
    expect(d1.lastText()).toBe(`这条建议已合并到 ${main.trackingNo}，请在那一条上操作。`);
    expect((await h.db.prisma.suggestion.findUniqueOrThrow({ where: { id: dup.id } })).answer).toBeNull();
  });

  it("reject needs a reason and the author is told it", async () => {
    const v = await voter(h, 7005);
    await compose(v, { text: "建议县里给每户村民每月发放五百元生活补贴，提高大家的生活水平。", category: "养老与社会保障" });
    await v.tap("确认发送");
    const s = await lastSuggestion();
    await d1.send("/inbox");
    await d1.tap(s.trackingNo);
    await d1.tap("不予采纳");
    expect(d1.lastText()).toContain("请说明不予采纳的理由");
    await d1.send("超出县级财政和代表职权范围，已向您解释现行低保政策。");
    expect(v.lastText()).toBe(`建议 ${s.trackingNo} 未被采纳。理由：超出县级财政和代表职权范围，已向您解释现行低保政策。`);
    expect((await lastSuggestion()).status).toBe("REJECTED");
  });
});

describe("a deleted author (/mydata)", () => {
  it("leaves an anonymised suggestion: delegate and staff see it without who wrote it; nothing more is sent to the author; it can still be answered", async () => {
    const v = await voter(h, 7031, "en", "Zhou Deleted");
    await compose(v, {
      text: "The street lights on the road from East Village to the school have been broken for a month, please repair them.",
      kind: "Suggestion",
      category: "Roads and transport",
      labels: { skip: "Skip", next: "Next", named: "Show my name", anon: "Anonymous" },
    });
    await v.tap("Send");
    const s = await lastSuggestion();
    await v.send("/mydata");
    await v.tap("Delete my data");
    await v.tap("Yes, delete");
    expect(v.lastText()).toContain("Your data has been deleted.");
    const sentBefore = h.api.messagesTo(7031).length;

    const row = await h.db.prisma.suggestion.findUniqueOrThrow({ where: { id: s.id } });
    expect(row).toMatchObject({ authorId: null, authorDeleted: true, anonymous: true, text: s.text });
    await d1.send("/inbox");
    expect(d1.lastText()).toContain(s.trackingNo);
    expect(d1.lastText()).not.toContain("Zhou Deleted");
    await d1.tap(s.trackingNo);
    expect(d1.lastText()).toContain("来信人：（来信人已删除个人数据）");
    await s1.send(`/suggestions ${s.trackingNo}`);
    expect(s1.lastText()).toContain("来信人：（来信人已删除个人数据）");
    expect(s1.lastText()).not.toContain("Zhou Deleted");
    await d1.send("/inbox");
    await d1.tap(s.trackingNo);
    await d1.tap("答复来信人");
    await d1.send("已请镇里安排电工本周检修路灯。");
    expect((await lastSuggestion()).status).toBe("ANSWERED");
    expect(h.api.messagesTo(7031).length).toBe(sentBefore);
    expect(await h.db.prisma.suggestionNotice.count({ where: { suggestionId: s.id, kind: { in: ["STATUS", "FOLLOW_UP"] } } })).toBe(0);
  });
});

describe("every delegate and staff action, sent by someone it does not belong to", () => {
  it("as a voter and as another delegate: refused, nothing changes", async () => {
    const v = await voter(h, 7006);
    await compose(v, { text: "镇中心小学食堂饭菜分量少，孩子下午饿肚子，建议改进并公开伙食费账目。", category: "教育" });
    await v.tap("确认发送");
    const s = await lastSuggestion();
    const other = await delegate(h, 7103, 3); // a delegate of another constituency
    const intruder = await voter(h, 7007);
    const before = JSON.stringify(await h.db.prisma.suggestion.findUniqueOrThrow({ where: { id: s.id } }));

    for (const a of ["ACKNOWLEDGE", "REPLY", "ASK_DETAIL", "RAISE_FORMAL", "MERGE", "REJECT", "CLOSE"]) {
      const data = `ib-a:${s.id}:${s.version}:${a}`;
      await intruder.press(data);
      expect(intruder.toasts().at(-1), a).toBe("这项功能只对人大代表开放。");
      await other.press(data);
      expect(other.toasts().at(-1), a).toBe("这条建议不在您的收件箱里。");
    }
    await other.press(`ib-m:${s.id}:${s.version}:${s.id}`);
    expect(other.toasts().at(-1)).toBe("这条建议不在您的收件箱里。");
    await other.press(`ib-s:${s.id}`);
    expect(other.lastText()).toBe("这条建议不在您的收件箱里。");
    for (const a of ["ASSIGN", "ANSWER", "RETURN", "MERGE", "REJECT", "CLOSE"]) {
      const data = `st-a:${s.id}:${s.version}:${a}`;
      await intruder.press(data);
      expect(intruder.toasts().at(-1), a).toBe("这项功能只对选举工作人员开放。");
      await other.press(data);
      expect(other.toasts().at(-1), a).toBe("这项功能只对选举工作人员开放。");
    }
    for (const data of [`st-d:${s.id}:${s.version}:1`, `st-t:${s.id}:${s.version}:1:0:0`, `st-m:${s.id}:${s.version}:${s.id}`, `st-l:${s.id}:${s.version}:1:0:1`, `st-s:${s.id}`, "st:raised:0", "st-fig:delegate"]) {
      await other.press(data);
      expect(other.toasts().at(-1), data).toBe("这项功能只对选举工作人员开放。");
    }
    // The delegate's own work (activity record, report-back) is refused to a voter.
    for (const data of ["ac:month", "ac-new", "ac-k:VISIT", "rb-new", "rb-pub"]) {
      await intruder.press(data);
      expect(intruder.toasts().at(-1), data).toBe("这项功能只对人大代表开放。");
    }
    for (const command of ["/activity", "/reportback"]) {
      await intruder.send(command);
      expect(intruder.lastText(), command).toBe("这项功能只对人大代表开放。");
    }
    // Another voter cannot see or act on it as its author.
    await intruder.press(`sg-m:${s.id}`);
    expect(intruder.lastText()).toBe("没有找到这条建议。");
    await intruder.press(`sg-wd:${s.id}:${s.version}`);
    expect(intruder.toasts().at(-1)).toBe("没有找到这条建议。");
    await intruder.send("/inbox");
    expect(intruder.lastText()).toBe("这项功能只对人大代表开放。");
    await other.send("/inbox");
    expect(other.lastText()).not.toContain(s.trackingNo);
    expect(JSON.stringify(await h.db.prisma.suggestion.findUniqueOrThrow({ where: { id: s.id } }))).toBe(before);
  });
});

describe("abuse limits and bad input", () => {
  it("emoji-only text, a near-duplicate of one's own suggestion, too many photos, the daily limit", async () => {
    const v = await voter(h, 7008);
    await compose(v, { text: "镇卫生院周末只有一名医生值班，排队看病要两三个小时，建议增加周末值班医生。", category: "医疗卫生" });
    await v.tap("确认发送");
    await v.send("/suggest");
    await v.tap("建议");
    await v.tap("医疗卫生");
    if (v.buttons().some((b) => b.includes("下一步"))) await v.tap("下一步");
    await v.send("👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍👍");
    expect(v.lastText()).toBe("没有收到文字内容。请用文字写下您的建议。");
    await v.send("镇卫生院周末只有一名医生值班，排队看病要两三个小时，建议周末增加值班医生！");
    expect(v.lastText()).toMatch(/^这与您在 2027年\d+月\d+日（星期.） 发送的建议 JY-2027-\d{6} 基本相同，不再重复发送。/);
    await v.send("另外镇卫生院的药房经常缺少常用的降压药，老人要跑到县城去买药。");
    for (let i = 0; i < 5; i++) await sendPhoto(h, v, `p${i}`, 100_000);
    await sendPhoto(h, v, "p5", 100_000);
    expect(v.lastText()).toBe("最多只能附 5 张照片。请按“完成”继续。");
    await v.send("/cancel");
    expect(v.lastText()).toBe("已取消，没有发送任何内容。");

    // The limit is stored per person and day: five a day.
    const userId = await userIdOf(h, 7008);
    await h.db.prisma.suggestionQuota.update({ where: { userId_day: { userId, day: new Date(`${h.services.suggestions.today()}T00:00:00Z`) } }, data: { count: 5 } });
    await v.send("/suggest");
    expect(v.lastText()).toBe("为防止滥用，每人每天最多发送 5 条建议。请明天再发。");
  });

  it("a voter not linked to a constituency is told how to link", async () => {
    const p = h.person({ id: 7009, first_name: "未关联", language_code: "zh-hans" });
    await p.send("/suggest");
    expect(p.lastText()).toContain("请发送 /link 用选民名单核对身份");
    expect(p.buttons()).toContain("🔎 按住址查找我的选区");
  });
});

describe("three languages", () => {
  it.each([
    ["en", "Suggestion", "Roads and transport", "Next", "Skip", "Show my name", "Send", "Tracking number: JY-2027-", "Too short: at least 15 characters are needed, you wrote 3."],
    ["zh-hant", "建議", "道路交通", "下一步", "跳過", "顯示我的姓名", "確認傳送", "辦理編號：JY-2027-", "內容太短：至少需要 15 個字，您寫了 3 個。"],
  ])("%s: the voter's journey in their language", async (lang, kind, category, next, skip, named, send, sent, short) => {
    const v = await voter(h, lang === "en" ? 7010 : 7011, lang);
    await v.send("/suggest");
    await v.tap(kind);
    await v.tap(category);
    if (v.buttons().some((b) => b.includes(next))) await v.tap(next);
    await v.send("abc");
    expect(v.lastText().startsWith(short)).toBe(true);
    await v.send(lang === "en" ? "The bridge railing on the east road is broken in two places and children walk there every day." : "東村橋上的欄杆斷了兩處，孩子們每天上學都要經過，請盡快修好。");
    await v.tap(skip);
    await v.tap(skip);
    await v.tap(named);
    await v.tap(send);
    expect(v.lastText()).toContain(sent);
    const s = await lastSuggestion();
    await d1.send("/inbox");
    await d1.tap(s.trackingNo);
    await d1.tap("受理");
    expect(v.lastText()).toBe(lang === "en" ? `📬 Your suggestion ${s.trackingNo} has been acknowledged by your delegate.` : `📬 您的建議 ${s.trackingNo} 已由代表受理。`);
  });
});

describe("the 14-day follow-up and deadline reminders (fixed clock, the job run by hand)", () => {
  it("asks 'was it resolved?' 14 days after an unrated answer, once; closes it 14 days later", async () => {
    const v = await voter(h, 7012);
    await compose(v, { text: "西村文化广场的健身器材坏了好几件，老人锻炼时有安全隐患，请维修更换。", category: "住房与村镇建设" });
    await v.tap("确认发送");
    const s = await lastSuggestion();
    await d1.send("/inbox");
    await d1.tap(s.trackingNo);
    await d1.tap("答复来信人");
    await d1.send("已请村委会联系厂家维修，下周完成。");
    await runJob(h);
    const asked = () => v.texts().filter((t) => t?.includes("您反映的问题解决了吗")).length;
    expect(asked()).toBe(0);
    clock.advance(13 * 86_400_000);
    await runJob(h);
    expect(asked()).toBe(0);
    clock.advance(86_400_000);
    // Two instances at once: the question goes out once.
    await Promise.all([runJob(h), runJob(h)]);
    expect(asked()).toBe(1);
    expect(v.buttons()).toEqual(["😊 满意", "🙂 基本满意", "🙁 不满意"]);
    await runJob(h);
    expect(asked()).toBe(1);
    clock.advance(14 * 86_400_000);
    await runJob(h);
    expect((await h.db.prisma.suggestion.findUniqueOrThrow({ where: { id: s.id } })).status).toBe("CLOSED");
    expect(v.lastText()).toBe(`✅ 建议 ${s.trackingNo} 已办结。`);
    // The old follow-up buttons are now stale.
    await v.press(`sg-r:${s.id}:1:SATISFIED`);
    expect(v.toasts().at(-1)).toContain("这个评价按钮已过期");
  });

  it("reminds staff 14 days before the deadline and on the day, then escalates to the supervising official", async () => {
    const admin = await staff(h, 7104, "ADMIN");
    const v = await voter(h, 7013);
    await compose(v, { text: "东村灌溉水渠多处渗漏，春耕马上开始，建议在三月底前完成修缮。", category: "农业农村" });
    await v.tap("确认发送");
    const s = await lastSuggestion();
    await d1.send("/inbox");
    await d1.tap(s.trackingNo);
    await d1.tap("作为代表建议提出");
    await s1.send(`/suggestions ${s.trackingNo}`);
    await s1.tap("交办");
    await s1.tap("示例县农业农村局");
    await s1.tap("三个月内答复");
    const deadline = (await h.db.prisma.suggestion.findUniqueOrThrow({ where: { id: s.id } })).deadline!;
    const count = (who: Who, part: string) => who.texts().filter((t) => t?.includes(part) && t.includes(s.trackingNo)).length;
    clock.set(new Date(deadline.getTime() - 14 * 86_400_000 + 2 * 3600_000));
    await runJob(h);
    expect(count(s1, "还有两周")).toBe(1);
    expect(count(d1, "还有两周")).toBe(1);
    clock.set(new Date(deadline.getTime() + 2 * 3600_000));
    await runJob(h);
    expect(count(s1, "今天是建议")).toBe(1);
    clock.set(new Date(deadline.getTime() + 86_400_000 + 2 * 3600_000));
    await runJob(h);
    expect(count(admin, "督办：建议")).toBe(1);
    expect(count(s1, "督办：建议")).toBe(0);
    await runJob(h);
    expect(count(admin, "督办：建议")).toBe(1);
  });

  it("an acknowledgement reminder goes to the delegate after a week, not after they acted", async () => {
    const v = await voter(h, 7014);
    await compose(v, { text: "西村小组道路没有路灯，冬天晚上六点以后一片漆黑，建议安装太阳能路灯。" });
    await v.tap("确认发送");
    const s = await lastSuggestion();
    clock.advance(8 * 86_400_000);
    await runJob(h);
    expect(d1.texts().filter((t) => t?.includes(`建议 ${s.trackingNo} 已等待 7 天`)).length).toBe(1);
  });
});

describe("delegate first of the demo", () => {
  it("the first demo delegate is the one linked in these tests", async () => {
    expect(d1.delegateId).toBe((await firstDelegate(h)).id);
  });
});
