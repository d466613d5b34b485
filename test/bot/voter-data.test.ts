// /remind and /mydata through the real bot, and the command list for Telegram's "/" menu.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMMANDS, registerCommands } from "../../src/bot/commands.js";
import { createI18n, createTranslators } from "../../src/bot/i18n.js";
import { DEMO_VOTER } from "../../src/db/seed/demo-data.js";
import { createBotHarness, type BotHarness } from "../support/bot.js";

let h: BotHarness;
beforeAll(async () => {
  h = await createBotHarness({ seed: true });
});
afterAll(() => h?.close());

let nextId = 91_000;
const person = (language_code: string) => h.person({ id: nextId++, first_name: "测试", language_code });
const userOf = (id: number) => h.db.prisma.user.findUnique({ where: { telegramId: BigInt(id) } });

describe("/remind", () => {
  it("zh-CN: all topics on by default; one off, quiet hours changed; the scheduler reads the choices", async () => {
    const u = person("zh-hans");
    await u.send("/remind");
    expect(u.lastText()).toContain("✅ 候选人见面会");
    expect(u.lastText()).toContain("🌙 免打扰：21:00–08:00");
    await u.tap("候选人见面会");
    expect(u.lastText()).toContain("⬜ 候选人见面会");
    await u.tap("免打扰时间");
    await u.tap("22:00–07:00");
    expect(u.lastText()).toContain("🌙 免打扰：22:00–07:00");
    const user = (await userOf(u.who.id))!;
    const prefs = (await h.services.reminderPreferences.reminderPreferences([user.id])).get(user.id);
    expect(prefs).toEqual({ on: true, topics: { registration: true, meetings: false, election_day: true, results: true }, quiet: { from: 22, to: 7 } });
  });

  it("en: all off and on again; zh-TW: the topics in zh-TW", async () => {
    const u = person("en");
    await u.send("/remind");
    await u.tap("Turn all reminders off");
    expect(u.lastText()).toContain("All reminders are off.");
    expect(u.toasts().at(-1)).toBe("All reminders off");
    await u.tap("Turn reminders on");
    expect(u.lastText()).toContain("✅ Election day");
    const t = person("zh-hant");
    await t.send("/remind");
    expect(t.lastText()).toContain("✅ 選民登記");
  });

  it("forged buttons (unknown topic, a quiet-hour pair not offered) change nothing", async () => {
    const u = person("zh-hans");
    await u.send("/remind");
    await u.press("v-rem-t:sports:0");
    await u.press("v-rem-q:3:4");
    expect(u.toasts().slice(-2)).toEqual(["这个按钮已经失效，请使用新的菜单。", "这个按钮已经失效，请使用新的菜单。"]);
    const user = (await userOf(u.who.id))!;
    expect(user).toMatchObject({ quietFrom: 21, quietTo: 8 });
  });
});

describe("/mydata", () => {
  it("zh-CN: shows the link, requests, questions, reminders and message count; exports a JSON file", async () => {
    const u = person("zh-hans");
    await u.send(`/link ${DEMO_VOTER.fullName} ${DEMO_VOTER.idLast4}`);
    await u.send("/ask 投票站有停车位吗？");
    await u.send("/mydata");
    const text = u.lastText();
    expect(text).toContain(`选民名单关联：${DEMO_VOTER.fullName}，第一选区`);
    expect(text).toMatch(/转给工作人员的问题：1 个\n {2}WT-2026-\d{6} · 咨询 · 待处理/);
    expect(text).toMatch(/聊天记录：\d+ 条/);
    await u.tap("导出为文件");
    const call = h.api.calls.filter((c) => c.method === "sendDocument").at(-1)!;
    expect(Number(call.payload.chat_id)).toBe(u.who.id);
    const file = call.files!.document!;
    expect(file.fileName).toBe("voterlink-mydata-2026-11-27.json");
    const doc = JSON.parse(file.data.toString("utf8")) as Record<string, unknown> & { requests: { details: string }[]; messages: unknown[] };
    expect(doc.registration).toMatchObject({ fullName: DEMO_VOTER.fullName, voterNo: "01-0001" });
    expect(doc.requests[0]!.details).toBe("投票站有停车位吗？");
    expect(doc.messages.length).toBeGreaterThan(3);
  });

  it("en: delete with confirmation — account, session, log rows and reminder choices go; an objection is kept anonymised", async () => {
    const u = person("en");
    await u.send(`/link 王示例 5678`);
    await u.send("/objection");
    await u.tap("Myself");
    await u.send("My address is wrong");
    await u.send("13800138000");
    await u.tap("Send");
    const no = /SS-2026-\d{6}/.exec(u.lastText())![0];
    await u.send("/ask A question to be deleted");
    await u.send("/remind");
    await u.tap("Results");
    const user = (await userOf(u.who.id))!;
    await u.send("/mydata");
    await u.tap("Delete my data");
    expect(u.lastText()).toBe("Delete your data? This cannot be undone.");
    await u.tap("Yes, delete");
    expect(u.lastText()).toContain("Your data has been deleted.");
    await h.services.conversationLog.flush();

    expect(await userOf(u.who.id)).toBeNull();
    expect(await h.db.prisma.reminderPreference.count({ where: { userId: user.id } })).toBe(0);
    expect(await h.db.prisma.session.count({ where: { key: String(u.who.id) } })).toBe(0);
    const id = BigInt(u.who.id);
    expect(await h.db.prisma.conversationLog.count({ where: { OR: [{ telegramId: id }, { chatId: id }] } })).toBe(0);
    expect(await h.db.prisma.voterRequest.count({ where: { kind: "QUESTION", details: "A question to be deleted" } })).toBe(0);
    const kept = await h.db.prisma.voterRequest.findUniqueOrThrow({ where: { trackingNo: no } });
    expect(kept).toMatchObject({ userId: null, phone: null, subjectName: "[deleted]", status: "OPEN" });
    expect(kept.anonymisedAt).not.toBeNull();

    // The staff queue still has it, marked anonymised; the decision cannot be sent to anyone.
    const s = h.person({ id: nextId++, first_name: "Staff", language_code: "en" });
    await s.send("/start");
    await h.services.users.setRole((await userOf(s.who.id))!.id, "STAFF");
    await s.send("/queue");
    await s.tap(no);
    expect(s.lastText()).toContain("The sender deleted their data");
    expect(s.lastText()).not.toContain("13800138000");
    await s.tap("Reject");
    await s.send("No error found");
    expect(s.lastText()).toContain("cannot be told in chat");

    // Writing again starts afresh.
    await u.send("/start");
    const again = (await userOf(u.who.id))!;
    expect(again.id).not.toBe(user.id);
    expect(again.rollEntryId).toBeNull();
  });

  it("zh-TW: an old or forged delete button deletes nothing", async () => {
    const u = person("zh-hant");
    await u.send("/mydata");
    expect(u.lastText()).toContain("我們保存的您的資料");
    await u.press("v-data-ok:forged");
    expect(u.toasts().at(-1)).toBe("這個按鈕已經失效，請使用新的選單。");
    expect(await userOf(u.who.id)).not.toBeNull();
  });
});

describe("command list", () => {
  it("is registered per language: default (zh-CN), zh and en; voters' commands only", async () => {
    const before = h.api.calls.length;
    await registerCommands(h.bot.api, createTranslators(createI18n("zh-CN")), "zh-CN");
    const calls = h.api.calls.slice(before).filter((c) => c.method === "setMyCommands");
    expect(calls.map((c) => c.payload.language_code)).toEqual([undefined, "zh", "en"]);
    for (const c of calls) expect(c.payload.scope).toEqual({ type: "all_private_chats" });
    const en = calls[2]!.payload.commands as { command: string; description: string }[];
    expect(en.map((c) => c.command)).toEqual(expect.arrayContaining(["link", "me", "proxy", "mobilebox", "remind", "mydata", "ask"]));
    expect(en.map((c) => c.command)).not.toContain("queue");
    expect(en.find((c) => c.command === "me")?.description).toBe("My voter registration and the election dates");
    expect((calls[0]!.payload.commands as { description: string }[])[1]!.description).toBe("我的选民登记和选举日期");
    // Telegram's limits: 1–32 lower-case characters per command, descriptions up to 256.
    for (const c of COMMANDS) expect(c.command).toMatch(/^[a-z0-9_]{1,32}$/);
  });

  it("the /start menu shows the voter journeys; staff also get the queue", async () => {
    const u = person("zh-hans");
    await u.send("/start");
    expect(u.buttons()).toEqual(expect.arrayContaining(["📋 我的登记", "🔗 关联选民名单", "➕ 更多"]));
    // The rarer journeys sit behind "more".
    await u.tap("更多");
    expect(u.buttons()).toEqual(["📦 流动票箱", "🤝 委托投票", "🔔 提醒设置", "🔐 我的数据", "📣 代表述职", "⬅️ 返回主菜单"]);
    await u.tap("返回主菜单");
    await u.tap("我的登记");
    expect(u.lastText()).toContain("您的账号还没有关联选民名单");
    const s = person("en");
    await s.send("/start");
    await h.services.users.setRole((await userOf(s.who.id))!.id, "STAFF");
    await s.send("/start");
    expect(s.buttons()).toContain("📥 Queue: objections, applications, questions");
  });
});
