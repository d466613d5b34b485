// Requests handed to staff, end to end through the real bot: objection, mobile ballot box, proxy
// and questions; the staff queue deciding them; the people told in chat, in their language;
// double taps, stale buttons and other people's requests.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_VOTER, DEMO_VOTER_AWAY_FOR_WORK } from "../../src/db/seed/demo-data.js";
import { createBotHarness, type BotHarness } from "../support/bot.js";

let h: BotHarness;
beforeAll(async () => {
  h = await createBotHarness({ seed: true });
});
afterAll(() => h?.close());

let nextId = 81_000;
type Who = ReturnType<BotHarness["person"]>;
const person = (language_code: string) => h.person({ id: nextId++, first_name: "测试", language_code });
const userOf = (id: number) => h.db.prisma.user.findUniqueOrThrow({ where: { telegramId: BigInt(id) } });

async function staff(language_code = "zh-hans"): Promise<Who> {
  const s = person(language_code);
  await s.send("/start");
  await h.services.users.setRole((await userOf(s.who.id)).id, "STAFF");
  return s;
}

async function linked(language_code: string, voterNo: string): Promise<Who> {
  const e = await h.db.prisma.rollEntry.findFirstOrThrow({ where: { voterNo } });
  const u = person(language_code);
  await u.send(`/link ${e.fullName} ${e.idLast4}`);
  expect(u.lastText()).toMatch(/✅/);
  return u;
}

/** Staff opens the request with this tracking number from /queue and decides it with `text`. */
async function decide(s: Who, trackingNo: string, action: string, text: string) {
  await s.send("/queue");
  await s.tap(trackingNo);
  await s.tap(action);
  await s.send(text);
}

describe("objection (申诉)", () => {
  it("zh-CN: self, what is wrong, phone → SS number and legal deadline; staff rejects; the voter is told with the court route", async () => {
    const v = await linked("zh-hans", DEMO_VOTER.voterNo);
    await v.send("/me");
    await v.tap("名单有误");
    expect(v.lastText()).toContain("申诉截止：2026年11月28日（星期六）");
    expect(v.lastText()).toContain("最晚在 2026年11月30日（星期一） 作出处理决定");
    await v.tap("我本人");
    await v.send("我的出生日期写错了");
    await v.send("电话");
    expect(v.lastText()).toContain("这不像是电话号码");
    await v.send("138 0013 8000");
    expect(v.lastText()).toContain("申诉对象：本人（张示例）");
    await v.tap("确认提交");
    const filed = v.lastText();
    expect(filed).toMatch(/申诉已提交，编号 SS-2026-\d{6}/);
    const no = /SS-2026-\d{6}/.exec(filed)![0];

    const s = await staff();
    await s.send("/queue");
    expect(s.lastText()).toMatch(new RegExp(`${no} · 申诉 · 期限 2026年11月30日`));
    await s.tap(no);
    expect(s.lastText()).toContain("我的出生日期写错了");
    expect(s.lastText()).toContain("13800138000");
    await s.tap("不予更正");
    await s.send("经核对户籍资料，出生日期无误。");
    expect(s.lastText()).toContain(`${no}：未同意。已在聊天中通知当事人。`);
    expect(v.lastText()).toContain(`您的申诉 ${no} 已处理：选举委员会决定不予更正。`);
    expect(v.lastText()).toContain("经核对户籍资料，出生日期无误。");
    expect(v.lastText()).toContain("向人民法院起诉");
    const audit = await h.db.prisma.auditLog.findFirstOrThrow({ where: { subject: `request:${no}` } });
    expect(audit).toMatchObject({ action: "request.rejected", actorId: (await userOf(s.who.id)).id });
  });

  it("en: about someone else, not linked; zh-TW: the intro in zh-TW", async () => {
    const v = person("en");
    await v.send("/objection");
    await v.tap("Someone else");
    await v.send("王某某");
    expect(v.lastText()).toContain("What is wrong about 王某某");
    await v.send("Died last year but is still on the roll");
    await v.send("13900139000");
    await v.tap("Send");
    expect(v.lastText()).toMatch(/Objection sent\. Tracking number SS-2026-\d{6}\.\nThe election committee must decide by Monday 30 November 2026/);
    const t = person("zh-hant");
    await t.send("/objection");
    expect(t.lastText()).toContain("對選民名單提出申訴");
    expect(t.buttons()).toContain("其他人");
  });

  it("a double tap on send files one objection and says it was already sent", async () => {
    const v = person("zh-hans");
    await v.send("/objection");
    await v.tap("其他人");
    await v.send("李某");
    await v.send("重复登记");
    await v.send("13700137000");
    const confirm = h.api.messagesTo(v.who.id).at(-1)!;
    const data = (confirm.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard[0]![0]!.callback_data;
    await Promise.all([v.press(data, confirm.message_id), v.press(data, confirm.message_id)]);
    const mine = await h.db.prisma.voterRequest.findMany({ where: { user: { telegramId: BigInt(v.who.id) } } });
    expect(mine).toHaveLength(1);
    expect(v.toasts().at(-1)).toBe(`这份申请已经提交过了，编号 ${mine[0]!.trackingNo}。不会重复提交。`);
    await v.press(data, confirm.message_id);
    expect(await h.db.prisma.voterRequest.count({ where: { user: { telegramId: BigInt(v.who.id) } } })).toBe(1);
  });

  it("empty-looking and huge details are refused with a clear message; nothing is stored", async () => {
    const v = person("zh-hans");
    await v.send("/objection");
    await v.tap("其他人");
    await v.send("🙂🙂");
    expect(v.lastText()).toContain("这不像是一个姓名");
    await v.send("赵某");
    await v.send("？？？！！！");
    expect(v.lastText()).toBe("请用文字说明，不要只发表情或符号。");
    await v.send("问".repeat(1500));
    expect(v.lastText()).toBe("内容太长了，请控制在 1000 字以内。");
    await v.tap("取消");
    expect(v.lastText()).toBe("已取消，什么也没有提交。");
    expect(await h.db.prisma.voterRequest.count({ where: { user: { telegramId: BigInt(v.who.id) } } })).toBe(0);
  });
});

describe("mobile ballot box (流动票箱)", () => {
  it("zh-CN: for a family member on the roll → LD number; staff confirms with a time window; the applicant is told", async () => {
    const v = person("zh-hans");
    await v.send("/mobilebox");
    expect(v.lastText()).toContain("请最晚在 2026年12月14日（星期一） 申请");
    await v.tap("家里人");
    await v.send(DEMO_VOTER_AWAY_FOR_WORK.fullName);
    await v.send("301x");
    await v.send("石桥乡北岭村2组5号");
    await v.send("13600136000");
    await v.send("父亲卧床，不能下地");
    expect(v.lastText()).toContain(`投票人：${DEMO_VOTER_AWAY_FOR_WORK.fullName}`);
    await v.tap("确认提交");
    const no = /LD-2026-\d{6}/.exec(v.lastText())![0];
    expect(v.lastText()).toContain("工作人员会在 2026年11月30日（星期一） 以前答复");

    const s = await staff("en");
    await decide(s, no, "Approve with a time window", "12月15日 9:00–10:00");
    expect(s.lastText()).toContain(`${no}: approved. The person has been told in chat.`);
    expect(v.lastText()).toContain(`您的流动票箱申请 ${no} 已同意。\n上门时间：12月15日 9:00–10:00`);
  });

  it("en: for oneself needs a link first; a family member not on the roll gets the one not-found answer", async () => {
    const v = person("en");
    await v.send("/mobilebox");
    await v.tap("Myself");
    expect(v.lastText()).toContain("Please link your account to the voter roll first");
    await v.send("/mobilebox");
    await v.tap("A family member");
    await v.send("查无此人");
    await v.send("0000");
    expect(v.lastText()).toContain("No matching roll entry was found.");
  });

  it("zh-TW: staff refuses with a reason, the applicant is told in zh-TW", async () => {
    const v = await linked("zh-hant", "04-0010");
    await v.send("/mobilebox");
    await v.tap("我本人");
    await v.send("石橋鄉上坪村1組3號");
    await v.send("13500135000");
    await v.send("腿腳不便");
    await v.tap("確認提交");
    const no = /LD-2026-\d{6}/.exec(v.lastText())![0];
    const s = await staff();
    await decide(s, no, "不同意", "村委会已安排车辆接送到投票站");
    expect(v.lastText()).toContain(`您的流動票箱申請 ${no} 未獲同意。`);
    expect(v.lastText()).toContain("村委会已安排车辆接送到投票站");
  });
});

describe("proxy (委托投票)", () => {
  it("zh-CN: the rules with the election's limit, the holder by name + 4 characters; consent tells both sides", async () => {
    const holderEntry = await h.db.prisma.rollEntry.findFirstOrThrow({ where: { voterNo: "02-0200" } });
    const holder = await linked("en", holderEntry.voterNo);
    const v = await linked("zh-hans", "02-0201");
    await v.send("/proxy");
    expect(v.lastText()).toContain("每位受托人最多接受 3 人的委托");
    expect(v.lastText()).toContain("请最晚在 2026年12月14日（星期一） 办好");
    await v.tap("指定受托人");
    await v.send(holderEntry.fullName);
    await v.send(holderEntry.idLast4);
    expect(v.lastText()).toContain(`受托人：${holderEntry.fullName}`);
    await v.send("选举期间在深圳打工");
    await v.tap("确认提交");
    const no = /DT-2026-\d{6}/.exec(v.lastText())![0];
    expect(v.lastText()).toContain("书面委托书");

    const s = await staff();
    await h.services.conversationLog.flush(); // the holder's language is read from their last messages
    await decide(s, no, "同意委托", "请于12月10日前到镇选举办签署委托书");
    expect(v.lastText()).toContain(`您的委托投票申请 ${no} 已获选举委员会同意，受托人：${holderEntry.fullName}。`);
    const grantor = await h.db.prisma.rollEntry.findFirstOrThrow({ where: { voterNo: "02-0201" } });
    expect(holder.lastText()).toContain(`Voter ${grantor.fullName} has asked you to cast their vote`);
    expect(holder.lastText()).toContain("must vote as the voter wishes");
  });

  it("en: a 4th proxy for the same holder is refused with the reason", async () => {
    const holderEntry = await h.db.prisma.rollEntry.findFirstOrThrow({ where: { voterNo: "02-0300" } });
    for (const [i, no] of ["02-0301", "02-0302", "02-0303", "02-0304"].entries()) {
      const v = await linked("en", no);
      await v.send("/proxy");
      await v.tap("Name a proxy holder");
      await v.send(holderEntry.fullName);
      await v.send(holderEntry.idLast4);
      await v.send("Working in Guangzhou");
      await v.tap("Send");
      if (i < 3) expect(v.lastText()).toMatch(/Proxy vote application sent\. Tracking number DT-2026-\d{6}/);
      else expect(v.lastText()).toContain("This voter already holds 3 proxies, the most the law allows (Election Law, Art. 42).");
    }
    expect(await h.db.prisma.voterRequest.count({ where: { kind: "PROXY", proxyHolderEntryId: holderEntry.id } })).toBe(3);
  });

  it("zh-TW: a holder of another constituency gets the same answer as an unknown one", async () => {
    const other = await h.db.prisma.rollEntry.findFirstOrThrow({ where: { voterNo: "05-0010" } });
    const v = await linked("zh-hant", "02-0400");
    await v.send("/proxy");
    await v.tap("指定受託人");
    await v.send(other.fullName);
    await v.send(other.idLast4);
    const a = v.lastText();
    await v.send("/proxy");
    await v.tap("指定受託人");
    await v.send("查無此人");
    await v.send("1234");
    expect(v.lastText()).toBe(a);
    expect(a).toContain("沒有找到與這個姓名和身份證後4位相符的本選區選民");
  });
});

describe("questions for staff (/ask)", () => {
  it("zh-CN: /ask with text → WT number; staff answers; the voter gets the answer; staff makes it an FAQ entry in one step", async () => {
    const v = person("zh-hans");
    await v.send("/ask 选举那天下雨，投票站会延长时间吗？");
    const no = /WT-2026-\d{6}/.exec(v.lastText())![0];
    expect(v.lastText()).toContain("我们争取在 2026年11月30日（星期一） 以前答复");
    const s = await staff();
    await decide(s, no, "答复", "投票时间不会因天气改变，请按公告时间投票。");
    expect(v.lastText()).toBe(`💬 您的问题 ${no} 有答复了：\n投票时间不会因天气改变，请按公告时间投票。`);
    await s.tap("加入常见问题");
    await s.tap("投票时间地点");
    expect(s.lastText()).toBe("✅ 已加入常见问题（投票时间地点）。");
    const entry = await h.db.prisma.faqEntry.findFirstOrThrow({ where: { question: "选举那天下雨，投票站会延长时间吗？" } });
    expect(entry).toMatchObject({ locale: "zh-CN", topic: "polling", answer: "投票时间不会因天气改变，请按公告时间投票。" });
    // The FAQ cache was refreshed: the new entry is listed at once.
    expect((await h.services.faq.byTopic("zh-CN", "polling")).map((e) => e.question)).toContain(entry.question);
    await s.press(`sq-ft:${(await h.db.prisma.voterRequest.findUniqueOrThrow({ where: { trackingNo: no } })).id}:polling`);
    expect(s.toasts().at(-1)).toBe("这个问题已经加入过常见问题了。");
  });

  it("en: /ask without text prompts; emoji-only is refused; zh-TW: the prompt in zh-TW", async () => {
    const v = person("en");
    await v.send("/ask");
    expect(v.lastText()).toContain("Please send your question");
    await v.send("🤔🤔");
    expect(v.lastText()).toBe("Please write it in words, not only emoji or symbols.");
    await v.send("Can I vote if I am in hospital?");
    expect(v.lastText()).toMatch(/Your question has been passed to the election staff\. Tracking number WT-2026-\d{6}/);
    const t = person("zh-hant");
    await t.send("/ask");
    expect(t.lastText()).toContain("請傳送您的問題");
  });
});

describe("the staff queue (/queue)", () => {
  it("is refused to voters and delegates, by command and by forged button", async () => {
    const v = person("zh-hans");
    await v.send("/queue");
    expect(v.lastText()).toBe("这项功能只对选举工作人员开放。");
    const d = person("en");
    await d.send("/start");
    await h.services.users.setRole((await userOf(d.who.id)).id, "DELEGATE");
    await d.send("/queue");
    expect(d.lastText()).toBe("This is only available to election staff.");
    const someone = await h.db.prisma.voterRequest.findFirstOrThrow();
    await v.press(`sq-i:${someone.id}`);
    expect(v.toasts().at(-1)).toBe("这项功能只对选举工作人员开放。");
    await v.press(`sq-d:${someone.id}:APPROVED`);
    expect(v.toasts().at(-1)).toBe("这项功能只对选举工作人员开放。");
    expect((await h.db.prisma.voterRequest.findUniqueOrThrow({ where: { id: someone.id } })).status).toBe(someone.status);
  });

  it("lists open items oldest first with due dates; overdue ones are marked once time passes", async () => {
    const s = await staff("en");
    await s.send("/queue");
    expect(s.lastText()).toMatch(/Open: \d+ \(0 overdue\), oldest first/);
    h.clock.set("2026-12-03T02:00:00Z");
    try {
      await s.send("/queue");
      expect(s.lastText()).toMatch(/Open: (\d+) \(\1 overdue\)/);
      expect(s.lastText()).toContain("⚠️ ");
      expect(s.lastText()).toContain("(overdue)");
    } finally {
      h.clock.set("2026-11-27T02:00:00Z");
    }
  });

  it("a decision already taken by another staff member is not overwritten", async () => {
    const v = person("zh-hans");
    await v.send("/ask 测试并发处理");
    const no = /WT-2026-\d{6}/.exec(v.lastText())![0];
    const [s1, s2] = [await staff(), await staff()];
    for (const s of [s1, s2]) {
      await s.send("/queue");
      await s.tap(no);
      await s.tap("答复");
    }
    await s1.send("第一位的答复");
    await s2.send("第二位的答复");
    expect(s2.lastText()).toContain(`${no} 已经由其他工作人员处理（已答复），您的处理没有保存。`);
    expect((await h.db.prisma.voterRequest.findUniqueOrThrow({ where: { trackingNo: no } })).decision).toBe("第一位的答复");
  });
});

describe("privacy: someone else's request", () => {
  it("another voter cannot withdraw (or see) a request that is not theirs", async () => {
    const owner = person("zh-hans");
    await owner.send("/ask 我的私人问题");
    const r = await h.db.prisma.voterRequest.findFirstOrThrow({ where: { user: { telegramId: BigInt(owner.who.id) } } });
    const other = person("zh-hans");
    await other.press(`v-wd:${r.id}`);
    expect(other.toasts().at(-1)).toBe("这个按钮已经失效，请使用新的菜单。");
    expect((await h.db.prisma.voterRequest.findUniqueOrThrow({ where: { id: r.id } })).status).toBe("OPEN");
    await other.send("/mydata");
    expect(other.lastText()).not.toContain(r.trackingNo);
    // The owner can.
    await owner.send("/me");
    await owner.tap(`撤回 ${r.trackingNo}`);
    expect(owner.lastText()).toBe(`${r.trackingNo} 已撤回。`);
  });
});
