// Staff journeys through the real bot: /import with a CSV document (dry run → confirm → written;
// the error report sent back), /election with legal warnings, /broadcast compose → preview →
// confirm → progress edited in place → pause / resume / cancel; refusals for voters and delegates.
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOutboxTransport } from "../../src/bot/outbox-transport.js";
import { OutboxSender } from "../../src/jobs/outbox-sender.js";
import { fixedClock } from "../../src/services/clock.js";
import { csvText } from "../imports/helpers.js";
import { createBotHarness, TEST_TOKEN, type BotHarness } from "../support/bot.js";

let h: BotHarness;
const clock = fixedClock("2026-11-01T02:00:00Z");
beforeAll(async () => {
  h = await createBotHarness({ seed: true, clock });
});
afterAll(() => h?.close());

const ROLL_HEADER = ["选民编号", "姓名", "身份证后四位", "出生日期", "性别", "选区代码", "选民小组"];
const csv = (rows: (string | number)[][]) => Buffer.from(csvText(rows), "utf8");

describe("staff commands are refused for voters and delegates", () => {
  it.each([
    ["VOTER", "zh-hans", "这项功能只对选举工作人员开放。"],
    ["DELEGATE", "en", "This is only available to election staff."],
  ] as const)("%s", async (role, lang, refusal) => {
    const p = await h.personWithRole(role === "VOTER" ? 9101 : 9102, role, lang);
    for (const c of ["/import", "/election", "/broadcast"]) {
      await p.send(c);
      expect(p.lastText()).toBe(refusal);
    }
    await p.press("bc-c:1:cancel", 1);
    expect(p.toasts().at(-1)).toBe(refusal);
  });
});

describe("/import", () => {
  it("CSV document → checked without writing → ✅ import → written once (zh-CN)", async () => {
    const s = await h.personWithRole(9201, "STAFF");
    await s.send("/import");
    expect(s.lastText()).toContain("请选择要导入的内容");
    await s.tap("选民名单");
    expect(s.lastText()).toContain("请把「选民名单」文件作为文件");
    await s.sendDocument("roll.csv", csv([ROLL_HEADER, ["J001", "周导入", "1234", "1980-01-02", "男", "01", "第1选民小组"], ["J002", "吴导入", "4321", "1982-03-04", "女", "02", "第1选民小组"]]));
    const checked = s.texts().at(-2)!;
    expect(checked).toContain("「roll.csv」（选民名单）检查完毕：共 2 行，2 行可以导入。");
    expect(checked).toContain("导入后将新增 2 条，更新 0 条，0 条不变。");
    expect(await h.db.prisma.rollEntry.count({ where: { voterNo: { in: ["J001", "J002"] } } })).toBe(0);
    const confirm = h.api.messagesTo(9201).at(-1)!;
    await s.tap("✅ 导入 2 行");
    expect(s.lastText()).toBe("✅ 选民名单导入完成：新增 2 条，更新 0 条，0 条不变。");
    expect(await h.db.prisma.rollEntry.count({ where: { voterNo: { in: ["J001", "J002"] } } })).toBe(2);
    // A double tap on the confirm button: handled once.
    const data = (confirm.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard[0]![0]!.callback_data;
    await s.press(data, confirm.message_id);
    expect(s.toasts().at(-1)).toBe("这次导入已经处理过了（或已过期）。");
    expect(await h.db.prisma.auditLog.count({ where: { action: "import", subject: "roll" } })).toBe(1);
  });

  it("a file with problems: a summary, the error report as a CSV document, and 'import only the valid rows'", async () => {
    const s = await h.personWithRole(9202, "STAFF");
    await s.send("/import");
    await s.tap("选民名单");
    await s.sendDocument("bad.csv", csv([ROLL_HEADER, ["J101", "郑导入", "12", "1980-01-02", "男", "01", ""], ["J102", "王导入", "5555", "2015-01-01", "男", "01", ""], ["J103", "冯导入", "6666", "1970-01-01", "女", "01", ""]]));
    const summary = s.texts().find((t) => t.includes("bad.csv"))!;
    expect(summary).toContain("共 3 行，1 行可以导入");
    expect(summary).toContain("第 2 行「身份证后四位」");
    expect(summary).toContain("第 3 行「出生日期」：选举日未满十八周岁");
    const [report] = s.files();
    expect(report!.fileName).toBe("errors-roll.csv");
    expect(report!.bytes.toString("utf8")).toContain("行号,列,问题,说明,代码");
    expect(report!.bytes.toString("utf8")).toContain("UNDER_18");
    await s.tap("只导入有效的 1 行");
    expect(s.texts().some((t) => t.includes("有问题的 2 行没有导入"))).toBe(true);
    expect(await h.db.prisma.rollEntry.count({ where: { voterNo: { in: ["J101", "J102", "J103"] } } })).toBe(1);
  });

  it("a 50 MB file is refused before it is downloaded; a non-table file is explained", async () => {
    const s = await h.personWithRole(9203, "STAFF", "en");
    await s.send("/import");
    await s.tap("Polling places");
    const calls = h.api.calls.length;
    await s.sendDocument("huge.csv", Buffer.alloc(50 * 1024 * 1024, 0x41));
    expect(s.lastText()).toContain("This file has 50.0 MB, over the 20 MB limit");
    expect(h.api.calls.slice(calls).some((c) => c.method === "getFile")).toBe(false);
    await s.sendDocument("photo.csv", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 0, 0, 0, 0]));
    expect(s.texts().at(-2)).toContain('"photo.csv" could not be read as a table; nothing was written.');
    expect(s.texts().at(-2)).toContain("Not a table file; upload CSV or XLSX");
  });

  it("zh-TW staff: a file with Traditional headers is read, and its problems come back in traditional characters", async () => {
    const s = await h.personWithRole(9205, "STAFF", "zh-tw");
    await s.send("/import");
    await s.tap("選民名單");
    const header = ["選民編號", "姓名", "身分證後四位", "出生日期", "性別", "選區代碼", "選民小組"];
    await s.sendDocument("名冊.csv", csv([header, ["J301", "陳匯入", "1234", "1980-01-02", "男", "01", ""], ["J302", "林匯入", "5555", "2015-01-01", "女", "01", ""]]));
    const summary = s.texts().find((t) => t.includes("名冊.csv"))!;
    expect(summary).toContain("第 3 行「出生日期」：選舉日未滿十八週歲");
    const [report] = s.files();
    expect(report!.bytes.toString("utf8")).toContain("行號,列,問題,說明,代碼");
  });

  it("an expired step is refused with nothing done (zh-TW)", async () => {
    const s = await h.personWithRole(9204, "STAFF", "zh-tw");
    await s.send("/import");
    await s.tap("選民名單");
    clock.advance(31 * 60_000);
    await s.sendDocument("roll.csv", csv([ROLL_HEADER, ["J201", "林過期", "1234", "1980-01-02", "男", "01", ""]]));
    expect(s.lastText()).toBe("這一步已經過期（超過 30 分鐘），沒有做任何改動。請重新發送 /import。");
  });
});

describe("/broadcast", () => {
  let staff: ReturnType<BotHarness["person"]>;
  let sender: OutboxSender;
  beforeAll(async () => {
    const c = await h.db.prisma.constituency.findFirstOrThrow({ where: { code: "03" } });
    await h.db.prisma.$executeRawUnsafe(`INSERT INTO "User" ("telegramId", "constituencyId") SELECT g, ${c.id} FROM generate_series(700001, 700025) g`);
    staff = await h.personWithRole(9401, "STAFF");
    sender = new OutboxSender(h.services.outbox, createOutboxTransport(h.config, h.services, { token: TEST_TOKEN, fetch: h.api.fetch }), {
      id: "test", clock, logger: pino({ level: "silent" }), sleep: async (ms) => clock.advance(ms), batchSize: 10,
    });
  });

  it("an empty audience is said so, and another can be picked", async () => {
    await staff.send("/broadcast");
    await staff.send("各位代表：请参加明天的会议。");
    await staff.tap("第一选区");
    await staff.tap("第1选民小组");
    expect(staff.lastText()).toContain("中目前没有能收到消息的人");
    await staff.tap("取消");
  });

  it("compose → audience → count and ETA → preview → confirm → progress edited → pause / resume / cancel", async () => {
    await staff.send("/broadcast");
    expect(staff.lastText()).toContain("请发送要群发的内容");
    await staff.send("致选民的一封信：12月15日是选举日，请按时投票。");
    await staff.tap("第三选区");
    await staff.tap("整个选区");
    expect(staff.lastText()).toContain("共 25 人。");
    expect(staff.lastText()).toContain("预计用时：1 秒（每秒 29 条）。");
    await staff.tap("先发给我预览");
    expect(staff.texts().slice(-2)).toEqual(["预览（只发给了您）：", "致选民的一封信：12月15日是选举日，请按时投票。"]);
    const confirm = h.api.messagesTo(9401).filter((m) => m.text.includes("共 25 人")).at(-1)!;
    await staff.tap("✅ 发送给 25 人");
    expect(staff.lastText()).toContain("📨 群发 #");
    expect(staff.lastText()).toContain("已发送 0 / 25");
    // The double tap: the same button again queues nothing.
    const data = (confirm.reply_markup as { inline_keyboard: { callback_data: string }[][] }).inline_keyboard[1]![0]!.callback_data;
    await staff.press(data, confirm.message_id);
    expect(staff.toasts().at(-1)).toBe("这条群发已经确认过了，不会重复发送。");
    expect(await h.db.prisma.broadcast.count({ where: { kind: "ANNOUNCEMENT" } })).toBe(1);

    await staff.tap("暂停");
    expect(staff.lastText()).toContain("已暂停");
    expect(await sender.runOnce()).toBe(0);
    await staff.tap("继续");
    await sender.runOnce();
    await sender.settle(); // the progress edit runs beside the sending
    expect(staff.lastText()).toMatch(/已发送 10 \/ 25，失败 0（其中无法送达 0），剩余 15/);
    await staff.tap("取消发送");
    expect(staff.lastText()).toContain("已取消");
    while ((await sender.runOnce()) > 0);
    expect(h.api.messagesTo(700001)[0]!.text).toBe("致选民的一封信：12月15日是选举日，请按时投票。");
    expect(await h.db.prisma.delivery.count({ where: { status: "SENT" } })).toBe(10);
  });

  it("a person who blocks the bot is marked unreachable; unblocking clears it", async () => {
    const v = h.person({ id: 9501, first_name: "屏蔽", language_code: "zh-hans" });
    await v.send("/start");
    await v.block();
    expect((await h.db.prisma.user.findUniqueOrThrow({ where: { telegramId: 9501n } })).unreachableAt).not.toBeNull();
    await v.block(false);
    expect((await h.db.prisma.user.findUniqueOrThrow({ where: { telegramId: 9501n } })).unreachableAt).toBeNull();
  });
});

describe("/election", () => {
  it("create → legal calendar as dates → set a date that is too late → warned, naming the article (en)", async () => {
    const s = await h.personWithRole(9301, "STAFF", "en");
    await s.send("/election");
    await s.tap("New: Township people's congress election");
    await s.tap("石桥乡");
    await s.send("2026-10-01");
    expect(s.lastText()).toContain("The election day must be after today");
    await s.send("2099-01-01");
    expect(s.lastText()).toContain("more than five years away");
    await s.send("2027-03-01");
    const created = s.lastText();
    expect(created).toContain("Election day: Monday 1 March 2027");
    expect(created).toContain("Voter roll published: by Monday 8 February 2027; actual not set");
    expect(created).toContain("Formal candidate list: by Sunday 21 February 2027");
    await s.tap("Set: voter roll published");
    await s.send("2027-02-20");
    const warned = s.lastText();
    expect(warned).toContain("Warning, these dates break the law:");
    expect(warned).toContain("The voter roll on Saturday 20 February 2027 is too late: it must be published 20 days before election day, by Monday 8 February 2027 (Election Law art. 28).");
    expect(warned).toContain("Objections: until Wednesday 24 February 2027");
  });

  it("zh-CN names the article in Chinese", async () => {
    const s = await h.personWithRole(9302, "STAFF");
    await s.send("/election");
    await s.tap("示例县第十九届");
    await s.tap("设置：正式候选人名单公布日");
    await s.send("2026年12月10日");
    // The latest lawful day is E − 8, whatever day the demo election falls on.
    expect(s.lastText()).toMatch(/⚠️ 正式候选人名单于2026年12月10日（星期四）公布，太晚了：应在选举日七日以前，最迟 \d{4}年\d{1,2}月\d{1,2}日（星期.）（《选举法》第三十二条）。/);
  });
});

describe("/import with more than one election", () => {
  // The /election tests above created a second election (石桥乡, 2027-03-01, no constituencies yet).
  it("asks which election the file is for instead of guessing, and imports into the one picked (en)", async () => {
    expect(await h.db.prisma.election.count()).toBeGreaterThan(1);
    const demo = await h.db.prisma.election.findFirstOrThrow({ orderBy: { id: "asc" } });
    const candidate = await h.db.prisma.candidate.findFirstOrThrow({ where: { constituency: { electionId: demo.id, code: "01" } } });
    const day = new Date(demo.electionDay.getTime() - 2 * 86_400_000).toISOString().slice(0, 10);
    const file = csv([["constituency_code", "candidate", "starts_at", "place"], ["01", candidate.fullName, `${day} 19:40`, "Picker hall"]]);

    const s = await h.personWithRole(9401, "STAFF", "en");
    await s.send("/import");
    await s.tap("Candidate meetings");
    expect(s.lastText()).toBe("Which election is this file (Candidate meetings) for?");
    // The newer election first; constituency 01 does not exist there: the file is checked against it.
    await s.tap("1 March 2027");
    expect(s.lastText()).toContain("It goes into:");
    await s.sendDocument("meetings.csv", file);
    expect(s.texts().find((t) => t.includes('"meetings.csv"'))).toContain("1 with problems");

    await s.send("/import");
    await s.tap("Candidate meetings");
    await s.tap(demo.name);
    expect(s.lastText()).toContain(`It goes into: ${demo.name}.`);
    await s.sendDocument("meetings.csv", file);
    await s.tap("Import 1 row");
    expect(s.lastText()).toMatch(/Candidate meetings imported: 1 created/);
    expect(await h.db.prisma.candidateMeeting.count({ where: { place: "Picker hall", candidateId: candidate.id } })).toBe(1);
  });

  it("kinds that belong to no election (departments) go straight to the file (zh-CN)", async () => {
    const s = await h.personWithRole(9402, "STAFF");
    await s.send("/import");
    await s.tap("承办单位");
    expect(s.lastText()).toContain("请把「承办单位」文件作为文件");
    await s.sendDocument("departments.csv", csv([["单位代码", "单位名称"], ["CHATD", "县聊天局"]]));
    await s.tap("✅ 导入 1 行");
    expect(s.lastText()).toBe("✅ 承办单位导入完成：新增 1 条，更新 0 条，0 条不变。");
    expect(await h.db.prisma.department.count({ where: { code: "CHATD" } })).toBe(1);
  });
});
