// Every staff and admin command, and every staff and admin button, sent by a voter and by a
// delegate (and the admin ones by staff): refused with the localized "only for …" text, and
// nothing in the database changes. New button kinds must be classified below, and commands the
// staff/admin help lists must be in the lists, so this test grows with the bot.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buttons } from "../../src/bot/callback-data.js";
import { loadTranslations } from "../../src/bot/i18n.js";
import { createBotHarness, type BotHarness } from "../support/bot.js";

type Audience = "STAFF" | "ADMIN";

// Every button kind, by who may press it.
const BUTTON_AUDIENCE: Record<keyof typeof buttons, "anyone" | "DELEGATE" | Audience> = {
  menu: "anyone",
  menuMore: "anyone",
  areaHome: "anyone",
  area: "anyone",
  faqTopics: "anyone",
  faqTopic: "anyone",
  faqEntry: "anyone",
  languageMenu: "anyone",
  language: "anyone",
  delegateProfile: "DELEGATE",
  staffRegistration: "STAFF",
  accounts: "ADMIN",
  account: "ADMIN",
  accountRole: "ADMIN",
  accountRoleConfirm: "ADMIN",
  invites: "ADMIN",
  inviteRevoke: "ADMIN",
  inviteRevokeConfirm: "ADMIN",
};

const REFUSAL = {
  "zh-hans": { STAFF: "这项功能只对选举工作人员开放。", ADMIN: "这项功能只对管理员开放。" },
  en: { STAFF: "This is only available to election staff.", ADMIN: "This is only available to administrators." },
  "zh-hant": { STAFF: "這項功能只對選舉工作人員開放。", ADMIN: "這項功能只對管理員開放。" },
} as const;

let h: BotHarness;
let nextId = 96_000;
let staffUserId: number;
let inviteId: number;
let commands: [string, Audience][];
let presses: [string, Audience][];

beforeAll(async () => {
  // One person sends every staff command in a row: more than the default limit of 20 messages a minute.
  h = await createBotHarness({ seed: true, env: { RATE_LIMIT_MESSAGES_PER_MINUTE: "600" } });
  // Something for the admin buttons to act on: a staff account and an open invite.
  const staffInvite = await h.services.accounts.createInvite(null, { role: "STAFF", areaCode: "999901001", via: "cli" });
  if (!staffInvite.ok) throw new Error(staffInvite.error);
  const staff = h.person({ id: 95_000, first_name: "Staff", language_code: "en" });
  await staff.send(`/join ${staffInvite.invite.code}`);
  staffUserId = (await h.db.prisma.user.findUniqueOrThrow({ where: { telegramId: 95_000n } })).id;
  const open = await h.services.accounts.createInvite(null, { role: "ADMIN", via: "cli" });
  if (!open.ok) throw new Error(open.error);
  inviteId = open.invite.id;
  const d = await h.db.prisma.delegate.findFirstOrThrow({ where: { userId: null } });

  commands = [
    ["/registration", "STAFF"],
    ["/report", "STAFF"],
    ["/queue", "STAFF"],
    ["/import", "STAFF"],
    ["/election", "STAFF"],
    ["/broadcast", "STAFF"],
    ["/suggestions", "STAFF"],
    ["/suggestion_figures", "STAFF"],
    ["/departments", "STAFF"],
    ["/categories", "STAFF"],
    ["/synonyms", "STAFF"],
    ["/synonyms add 甲 乙", "STAFF"],
    ["/results", "STAFF"],
    ["/invite staff", "ADMIN"],
    ["/invite staff 999901001", "ADMIN"],
    ["/invite admin", "ADMIN"],
    [`/invite delegate ${d.id}`, "ADMIN"],
    ["/invite", "ADMIN"],
    ["/accounts", "ADMIN"],
    ["/invites", "ADMIN"],
  ];
  const data: { [K in keyof typeof buttons]?: string } = {
    staffRegistration: buttons.staffRegistration.pack({}),
    accounts: buttons.accounts.pack({ page: 0 }),
    account: buttons.account.pack({ id: staffUserId }),
    accountRole: buttons.accountRole.pack({ id: staffUserId, from: "STAFF", to: "VOTER" }),
    accountRoleConfirm: buttons.accountRoleConfirm.pack({ id: staffUserId, from: "STAFF", to: "VOTER" }),
    invites: buttons.invites.pack({ page: 0 }),
    inviteRevoke: buttons.inviteRevoke.pack({ id: inviteId }),
    inviteRevokeConfirm: buttons.inviteRevokeConfirm.pack({ id: inviteId }),
  };
  presses = Object.entries(BUTTON_AUDIENCE)
    .filter(([, who]) => who === "STAFF" || who === "ADMIN")
    .map(([kind, who]) => {
      const packed = data[kind as keyof typeof buttons];
      if (!packed) throw new Error(`no test press for the ${who} button ${kind}`);
      return [packed, who as Audience];
    });
});
afterAll(() => h?.close());

/** What a refused request must leave alone. */
async function snapshot() {
  const p = h.db.prisma;
  return {
    users: await p.user.findMany({ select: { id: true, role: true, scopeAreaId: true }, orderBy: { id: "asc" } }),
    delegates: await p.delegate.findMany({ select: { id: true, userId: true }, orderBy: { id: "asc" } }),
    invites: await p.invite.findMany({ select: { id: true, usedAt: true, revokedAt: true }, orderBy: { id: "asc" } }),
    audit: await p.auditLog.count(),
  };
}

describe("the lists cover the bot", () => {
  it("every button kind has an audience", () => {
    expect(Object.keys(BUTTON_AUDIENCE).sort()).toEqual(Object.keys(buttons).sort());
  });

  it("every command the staff and admin help lists is tried", () => {
    const zh = loadTranslations()["zh-CN"] as { help: { staff: string }; accounts: { help_admin: string }; sg: { help: { staff: string } } };
    const listed = [...`${zh.help.staff}\n${zh.sg.help.staff}\n${zh.accounts.help_admin}`.matchAll(/\/(\w+)/g)]
      .map((m) => m[1])
      .filter((c) => c !== "cancel"); // /cancel leaves any flow, for everyone
    const tried = new Set(commands.map(([c]) => c.slice(1).split(" ")[0]));
    for (const c of listed) expect(tried, `/${c}`).toContain(c);
  });
});

describe.each([
  ["VOTER", "zh-hans"],
  ["VOTER", "en"],
  ["DELEGATE", "zh-hans"],
  ["DELEGATE", "zh-hant"],
  ["STAFF", "en"], // admin commands only
] as const)("as a %s (%s)", (role, language_code) => {
  async function asRole() {
    const p = h.person({ id: nextId++, first_name: "Tester", language_code });
    await p.send("/start");
    const user = await h.db.prisma.user.findUniqueOrThrow({ where: { telegramId: BigInt(p.who.id) } });
    if (role !== "VOTER") await h.db.prisma.user.update({ where: { id: user.id }, data: { role } });
    return p;
  }

  const applies = (who: Audience) => role !== "STAFF" || who === "ADMIN";

  it("every staff/admin command is refused with the localized text and changes nothing", async () => {
    const p = await asRole();
    for (const [text, who] of commands.filter(([, who]) => applies(who))) {
      const before = await snapshot();
      await p.send(text);
      expect(p.lastText(), text).toBe(REFUSAL[language_code][who]);
      expect(await snapshot(), text).toEqual(before);
    }
  });

  it("every staff/admin button is refused with the localized alert and changes nothing", async () => {
    const p = await asRole();
    for (const [data, who] of presses.filter(([, who]) => applies(who))) {
      const before = await snapshot();
      const shown = p.texts();
      await p.press(data, h.api.messagesTo(p.who.id).at(-1)!.message_id);
      expect(p.toasts().at(-1), data).toBe(REFUSAL[language_code][who]);
      expect(p.texts(), data).toEqual(shown); // no message sent, none edited
      expect(await snapshot(), data).toEqual(before);
    }
  });
});
