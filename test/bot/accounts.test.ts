// Accounts through the real bot: /join with each answer, an admin's /invite, /accounts (scope,
// revoke with a confirm step), /invites (revoke), in zh-CN, en and zh-TW — and a revoke that a
// second instance on the same database honours on the very next update.
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type App } from "../../src/app.js";
import { openDatabase } from "../../src/db/database.js";
import { fixedClock } from "../../src/services/clock.js";
import { createBotHarness, type BotHarness } from "../support/bot.js";

// 10:00 in the county (Asia/Shanghai), Friday 20 November 2026.
const T0 = new Date("2026-11-20T02:00:00Z");
const HOUR = 3_600_000;
const CODE = /[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}/;

const clock = fixedClock(T0);
let h: BotHarness;
let nextId = 71_000;

beforeAll(async () => {
  h = await createBotHarness({ seed: true, clock });
});
afterAll(() => h?.close());

function person(language_code: string, first_name = "测试") {
  return h.person({ id: nextId++, first_name, language_code });
}

/** A person who became an admin the way the first admin does: a CLI-made code and /join. */
async function admin(language_code = "zh-hans") {
  const p = person(language_code, "管理员");
  const r = await h.services.accounts.createInvite(null, { role: "ADMIN", via: "cli" });
  if (!r.ok) throw new Error(r.error);
  await p.send(`/join ${r.invite.code}`);
  return p;
}

async function code(role: "STAFF" | "DELEGATE" | "ADMIN", extra: { areaCode?: string; delegateId?: number } = {}) {
  const r = await h.services.accounts.createInvite(null, { role, ...extra, via: "cli" });
  if (!r.ok) throw new Error(r.error);
  return r.invite;
}

/** Presses a button's data on the person's newest message (as if the button were on it). */
function pressOnLast(p: ReturnType<BotHarness["person"]>, data: string) {
  return p.press(data, h.api.messagesTo(p.who.id).at(-1)!.message_id);
}

const userOf = (p: { who: { id: number } }) => h.db.prisma.user.findUniqueOrThrow({ where: { telegramId: BigInt(p.who.id) } });

describe("an admin invites staff in chat; /join redeems the code once (zh-CN)", () => {
  it("/invite staff 999901001 → a code with its scope and expiry; /join makes the person township staff; a second /join is refused", async () => {
    const a = await admin();
    await a.send("/invite staff 999901001");
    const text = a.lastText();
    expect(text).toContain("用于：选举工作人员 — 青禾镇（999901001）");
    expect(text).toContain("有效期至 2026年11月23日（星期一） 10:00");
    const invite = CODE.exec(text)![0];
    expect(text).toContain(`/join ${invite}`);

    const s = person("zh-hans");
    await s.send("/registration");
    expect(s.lastText()).toBe("这项功能只对选举工作人员开放。");
    await s.send(`/join ${invite.toLowerCase().replace("-", " ")}`);
    expect(s.lastText()).toBe("✅ 欢迎！您的账号现在是：选举工作人员 — 青禾镇（999901001）。");
    expect(s.buttons()).toContain("📊 选民登记统计");
    await s.send("/registration");
    expect(s.lastText()).toContain("选民登记统计");

    const other = person("zh-hans");
    await other.send(`/join ${invite}`);
    expect(other.lastText()).toBe("这个邀请码已经被使用过。每个邀请码只能使用一次，请向选举工作办公室索取新的邀请码。");
    expect((await userOf(other)).role).toBe("VOTER");
    await s.send(`/join ${invite}`);
    expect(s.lastText()).toBe("您已经用过这个邀请码。您的身份：选举工作人员。");

    // The code was shown in chat and typed back, but the conversation log never holds it.
    await h.services.conversationLog.flush();
    const rows = await h.db.prisma.conversationLog.findMany({ where: { text: { not: null } }, select: { text: true } });
    const squashed = (t: string) => t.toUpperCase().replace(/[\s-]/g, "");
    const needle = squashed(invite);
    expect(rows.filter((r) => squashed(r.text!).includes(needle))).toEqual([]);
    expect(rows.some((r) => r.text!.includes("[secret]"))).toBe(true);
  });

  it("/invite with bad arguments shows the usage; a village code and an unknown delegate are explained", async () => {
    const a = await admin();
    await a.send("/invite");
    expect(a.lastText()).toContain("用法：");
    await a.send("/invite boss");
    expect(a.lastText()).toContain("用法：");
    await a.send("/invite staff 999901001201");
    expect(a.lastText()).toBe("工作人员的范围是全县或某个乡镇；这个代码是村或社区。");
    await a.send("/invite staff 999999999");
    expect(a.lastText()).toBe("没有这个区划代码。请使用 6 位县级或 9 位乡镇级代码，例如 999901001。");
    await a.send("/invite delegate 999999");
    expect(a.lastText()).toBe("没有这个编号的代表资料。");
    await a.send("/invite admin");
    expect(a.lastText()).toContain("用于：管理员");
  });
});

describe("/join answers (en)", () => {
  it("usage, bad shape, unknown (attempts left), expired with the county's date and time, revoked", async () => {
    const p = person("en", "Pat");
    await p.send("/join");
    expect(p.lastText()).toBe("Send /join followed by the invite code you were given, for example: /join K7QM-3XPD");
    await p.send("/join hello");
    expect(p.lastText()).toContain("That does not look like an invite code. Codes look like K7QM-3XPD");
    await p.send("/join ZZZZ-ZZZZ");
    expect(p.lastText()).toBe("No invite has this code. Please check it and try again (4 attempts left this hour).");

    const old = await code("STAFF");
    clock.advance(72 * HOUR);
    await p.send(`/join ${old.code}`);
    expect(p.lastText()).toBe("This code expired on Monday 23 November 2026, 10:00. Please ask the election office for a new one.");
    clock.set(T0);

    const withdrawn = await code("STAFF");
    await h.services.accounts.revokeInvite(null, withdrawn.id);
    await p.send(`/join ${withdrawn.code}`);
    expect(p.lastText()).toBe("This code was withdrawn by the election office. Please ask them for a new one.");
    expect((await userOf(p)).role).toBe("VOTER");
  });

  it("five wrong codes an hour, then even a good code waits until the time given", async () => {
    const p = person("en", "Guesser");
    for (let i = 0; i < 4; i++) await p.send(`/join ZZZZ-ZZZ${i + 2}`);
    expect(p.lastText()).toBe("No invite has this code. Please check it and try again (1 attempt left this hour).");
    await p.send("/join ZZZZ-ZZZ7");
    expect(p.lastText()).toContain("That was the last attempt this hour");
    const good = await code("STAFF");
    await p.send(`/join ${good.code}`);
    expect(p.lastText()).toBe("Too many wrong codes. For your account's safety, please try again after Friday 20 November 2026, 11:00.");
    clock.advance(HOUR);
    await p.send(`/join ${good.code}`);
    expect(p.lastText()).toContain("✅ Welcome! Your account is now: election staff");
    clock.set(T0);
  });

  it("an admin joining with a staff code keeps admin rights and the code stays unused", async () => {
    const a = await admin("en");
    const staffCode = await code("STAFF");
    await a.send(`/join ${staffCode.code}`);
    expect(a.lastText()).toContain("You are an administrator. This code would make you election staff");
    expect((await userOf(a)).role).toBe("ADMIN");
    expect((await h.db.prisma.invite.findUniqueOrThrow({ where: { id: staffCode.id } })).usedAt).toBeNull();
  });
});

describe("delegates (zh-TW)", () => {
  it("a delegate code links the record; the delegate sees their record", async () => {
    const d = await h.db.prisma.delegate.findFirstOrThrow({ where: { userId: null }, orderBy: { id: "asc" } });
    const invite = await code("DELEGATE", { delegateId: d.id });
    const p = person("zh-hant", "代表");
    await p.send(`/join ${invite.code}`);
    expect(p.lastText()).toBe(`✅ 歡迎！您的帳號現在是：人大代表 — ${d.fullName}（代表資料 #${d.id}）。`);
    await p.tap("我的代表資訊");
    expect(p.lastText()).toContain(`📋 ${d.fullName}`);
  });

  it("an admin's /invite in zh-TW, and /help lists the admin commands", async () => {
    const a = await admin("zh-hant");
    await a.send("/invite staff");
    expect(a.lastText()).toContain("用於：選舉工作人員 — 示例县（999901）");
    expect(a.lastText()).toContain("有效期至 2026年11月23日（星期一） 10:00");
    await a.send("/help");
    expect(a.lastText()).toContain("/invite staff [區劃代碼]");
    const v = person("zh-hant");
    await v.send("/help");
    expect(v.lastText()).toContain("/join 邀請碼");
    expect(v.lastText()).not.toContain("/invite");
  });
});

describe("/accounts and /invites (zh-CN)", () => {
  it("lists accounts with role, scope and last seen; revoke needs a confirm; the person is refused on their next update", async () => {
    const a = await admin();
    const s = person("zh-hans", "小王");
    await s.send(`/join ${(await code("STAFF", { areaCode: "999901002" })).code}`);
    const staffUser = await userOf(s);

    await a.send("/accounts");
    const list = a.lastText();
    expect(list).toMatch(/👥 有身份的账号：\d+ 个/);
    expect(list).toMatch(/\d+\. 小王 — 选举工作人员 · 石桥乡\n {4}最近使用：\d{4}年/);
    const n = /(\d+)\. 小王/.exec(list)![1];
    if (!a.buttons().some((b) => b.includes("小王"))) await a.tap("下一页");
    await a.tap(`${n}. 小王`);
    expect(a.lastText()).toContain(`👤 小王（账号 #${staffUser.id}）\n身份：选举工作人员 · 石桥乡`);
    expect(a.buttons()).toEqual(["改为管理员", "⛔ 撤销身份（改为选民）", "⬅️ 返回列表"]);

    await a.tap("撤销身份");
    expect(a.lastText()).toBe("撤销 小王 的身份（选举工作人员）？对方会立即变为选民，在所有设备上生效。");
    await a.tap("取消");
    expect(a.lastText()).toContain("👤 小王");
    expect((await userOf(s)).role).toBe("STAFF");
    await a.tap("撤销身份");
    await a.tap("确定");
    expect(a.lastText()).toBe("已完成：小王 现在是选民。");
    expect(a.toasts().at(-1)).toBe("已完成：小王 现在是选民。");

    await s.send("/registration");
    expect(s.lastText()).toBe("这项功能只对选举工作人员开放。");
    const entry = await h.db.prisma.auditLog.findFirstOrThrow({ where: { action: "account.revoke", subject: `user:${staffUser.id}` } });
    expect(entry).toMatchObject({ actorId: (await userOf(a)).id, before: { role: "STAFF" }, after: { role: "VOTER", scopeAreaId: null } });
    expect(JSON.stringify(entry, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))).not.toContain("小王");
  });

  it("an admin's own account has no change buttons", async () => {
    const a = await admin();
    const me = await userOf(a);
    await pressOnLast(a, `acc:${me.id}`);
    expect(a.lastText()).toContain("这是您自己的账号，需要由另一位管理员修改。");
    await pressOnLast(a, `acc-role-ok:${me.id}:ADMIN:VOTER`);
    expect(a.toasts().at(-1)).toBe("您不能修改自己的身份，需要由另一位管理员修改。");
    expect((await userOf(a)).role).toBe("ADMIN");
  });

  it("a confirm made for an older state changes nothing", async () => {
    const a = await admin();
    const s = person("zh-hans", "小李");
    await s.send(`/join ${(await code("STAFF")).code}`);
    const id = (await userOf(s)).id;
    await h.services.accounts.changeRole(null, id, "STAFF", "ADMIN");
    await pressOnLast(a, `acc-role-ok:${id}:STAFF:VOTER`);
    expect(a.toasts().at(-1)).toBe("这个账号在此期间已被修改（现在是管理员），本次没有做任何变更，请重新查看。");
    expect((await userOf(s)).role).toBe("ADMIN");
  });

  it("/invites lists open codes; revoking one (confirmed) makes /join refuse it", async () => {
    const a = await admin();
    await a.send("/invite staff 999901002");
    const invite = CODE.exec(a.lastText())![0];
    const row = await h.db.prisma.invite.findFirstOrThrow({ orderBy: { id: "desc" } });
    await a.send("/invites");
    expect(a.lastText()).toContain(`#${row.id} 选举工作人员 — 石桥乡（999901002）\n    有效期至 2026年11月23日（星期一） 10:00`);
    expect(a.lastText()).not.toContain(invite); // the code itself is never shown again
    await pressOnLast(a, `inv-rv:${row.id}`);
    expect(a.lastText()).toBe(`撤销邀请 #${row.id}（选举工作人员 — 石桥乡（999901002））？它的邀请码会立即失效。`);
    await pressOnLast(a, `inv-rv-ok:${row.id}`);
    expect(a.toasts().at(-1)).toBe(`邀请 #${row.id} 已撤销。`);
    const p = person("zh-hans");
    await p.send(`/join ${invite}`);
    expect(p.lastText()).toBe("这个邀请码已被选举工作办公室撤销。请向他们索取新的邀请码。");
    await pressOnLast(a, `inv-rv-ok:${row.id}`);
    expect(a.toasts().at(-1)).toBe(`邀请 #${row.id} 已经不能撤销（已使用、已过期或已撤销）。`);
  });

  it("the admin's main menu has the accounts button; staff's does not", async () => {
    const a = await admin();
    await a.send("/start");
    expect(a.buttons()).toContain("👥 账号管理");
    await a.tap("账号管理");
    expect(a.lastText()).toMatch(/👥 有身份的账号/);
    const s = person("zh-hans");
    await s.send(`/join ${(await code("STAFF")).code}`);
    await s.send("/start");
    expect(s.buttons()).not.toContain("👥 账号管理");
  });
});

describe("two instances on one database", () => {
  let second: App;
  beforeAll(async () => {
    const url = h.db.postgresUrl;
    const database = url ? await openDatabase({ kind: "postgres", url, poolSize: 4 }) : { ...h.db, close: async () => {} };
    second = await createApp(h.config, {
      database,
      telegram: { fetch: h.api.fetch, botInfo: h.api.botInfo },
      logger: pino({ level: "silent" }),
      seedDemo: false,
      clock,
    });
  });
  afterAll(() => second?.close());

  it("a role revoked through the service on instance one is refused on the very next update on instance two", async () => {
    const who = { id: nextId++, first_name: "远端", language_code: "zh-hans" };
    const invite = await code("STAFF");
    await second.bot.handleUpdate(h.updates.message(who, `/join ${invite.code}`));
    await second.bot.handleUpdate(h.updates.message(who, "/registration"));
    expect(h.api.messagesTo(who.id).at(-1)?.text).toContain("选民登记统计");

    const id = (await h.db.prisma.user.findUniqueOrThrow({ where: { telegramId: BigInt(who.id) } })).id;
    expect(await h.services.accounts.changeRole(null, id, "STAFF", "VOTER")).toMatchObject({ kind: "changed" });
    await second.bot.handleUpdate(h.updates.message(who, "/registration"));
    expect(h.api.messagesTo(who.id).at(-1)?.text).toBe("这项功能只对选举工作人员开放。");
  });
});
