// The platform journeys every later feature relies on, driven through the real bot.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_TEXT_LENGTH } from "../../src/bot/features/input-guard.js";
import { createBotHarness, type BotHarness } from "../support/bot.js";

let h: BotHarness;
beforeAll(async () => {
  h = await createBotHarness({ seed: true });
});
afterAll(() => h?.close());

let nextId = 5000;
const zh = () => h.person({ id: nextId++, first_name: "小王", language_code: "zh-hans" });
const en = () => h.person({ id: nextId++, first_name: "Alice", language_code: "en" });

describe("/start", () => {
  it("greets in zh-CN with the demo county, its election day as a calendar date, and the voter menu", async () => {
    const u = zh();
    await u.send("/start");
    const text = u.lastText();
    expect(text).toContain("您好，小王");
    expect(text).toContain("示例县");
    expect(text).toContain("选举日：2026年12月15日（星期二）");
    expect(text).toContain("您的身份：选民");
    expect(u.buttons()).toEqual([
      "📋 我的登记",
      "🔗 关联选民名单",
      "👥 候选人",
      "🗳 在哪里投票",
      "🔎 按住址查找我的选区",
      "❓ 常见问题",
      "✍️ 给代表写建议",
      "📬 我的建议",
      "➕ 更多",
      "🌐 语言 / Language",
    ]);
  });

  it("greets in English when Telegram says the user's language is English", async () => {
    const u = en();
    await u.send("/start");
    expect(u.lastText()).toContain("Hello Alice!");
    expect(u.lastText()).toContain("Election day: Tuesday 15 December 2026");
    expect(u.buttons()).toContain("❓ Common questions");
  });

  it("falls back to zh-CN for a language we do not offer, and to zh-TW for Traditional Chinese", async () => {
    const fr = h.person({ id: nextId++, first_name: "Zoé", language_code: "fr" });
    await fr.send("/start");
    expect(fr.lastText()).toContain("选举日");
    const tw = h.person({ id: nextId++, first_name: "小陳", language_code: "zh-hant" });
    await tw.send("/start");
    expect(tw.lastText()).toContain("選舉日：2026年12月15日（星期二）");
  });
});

describe("/help", () => {
  it("lists what a voter can do, without staff commands", async () => {
    const u = zh();
    await u.send("/help");
    expect(u.lastText()).toContain("/faq");
    expect(u.lastText()).not.toContain("/registration");
    expect(u.lastText()).not.toContain("/as");
  });
});

describe("/language", () => {
  it("switches to English, keeps it for later updates, and overrides Telegram's language", async () => {
    const u = zh();
    await u.send("/language");
    expect(u.buttons()).toEqual(["✓ 简体中文", "English", "繁體中文"]);
    await u.tap("English");
    expect(u.texts().at(-2)).toBe("Language set to English.");
    // The menu comes back, in the new language.
    expect(u.lastText()).toBe("Please choose:");
    expect(u.buttons()).toContain("❓ Common questions");
    await u.send("/start");
    expect(u.lastText()).toContain("Election day:");
    const stored = await h.db.prisma.user.findUniqueOrThrow({ where: { telegramId: BigInt(u.who.id) } });
    expect(stored.locale).toBe("en");
  });

  it("refuses an unknown language code from a forged button", async () => {
    const u = zh();
    await u.send("/start");
    await u.press("lang:xx");
    expect(u.toasts().at(-1)).toBe("这个按钮已经失效，请使用新的菜单。");
  });
});

describe("what the bot cannot read", () => {
  it.each([
    ["sticker", (p: ReturnType<typeof zh>) => h.bot.handleUpdate(h.updates.sticker(p.who))],
    ["photo", (p: ReturnType<typeof zh>) => h.bot.handleUpdate(h.updates.photo(p.who, "看看这个"))],
    ["voice", (p: ReturnType<typeof zh>) => h.bot.handleUpdate(h.updates.voice(p.who))],
  ])("a %s gets a polite request for text", async (_kind, sendIt) => {
    const u = zh();
    await sendIt(u);
    expect(u.lastText()).toBe("我目前只能读懂文字消息，请用文字提问。");
  });

  it("a 10,000-character message is refused with its length and the limit, and is logged cut to 4,096 with its length", async () => {
    const u = en();
    const long = "选".repeat(10_000);
    await u.send(long);
    expect(u.lastText()).toBe(
      `Your message has 10000 characters, which is too long. Please keep it under ${MAX_TEXT_LENGTH} and send it in parts.`,
    );
    await h.services.conversationLog.flush();
    const row = await h.db.prisma.conversationLog.findFirstOrThrow({
      where: { telegramId: BigInt(u.who.id), direction: "IN" },
    });
    expect(row.text).toBe("选".repeat(4096));
    expect(row.textLength).toBe(10_000);
    expect(row.feature).toBe("input-guard");
  });

  it("unknown text gets an honest no-answer with a way to browse the questions", async () => {
    const u = zh();
    await u.send("今天天气怎么样");
    expect(u.lastText()).toContain("抱歉，我没有找到相关的答案");
    expect(u.buttons()).toEqual(["❓ 常见问题"]);
  });

  it.each([
    ["location", (p: ReturnType<typeof zh>) => h.bot.handleUpdate(h.updates.location(p.who, 30.1, 120.1)), "📍 离您分享的位置最近的村（社区）："],
    ["contact", (p: ReturnType<typeof zh>) => h.bot.handleUpdate(h.updates.contact(p.who, "+86 100 0000 0000")), "谢谢。我不需要您的电话号码"],
  ])("a shared %s is answered (test/bot/vote-and-location.test.ts has the journeys)", async (_kind, sendIt, expected) => {
    const u = zh();
    await sendIt(u);
    expect(u.lastText().startsWith(expected)).toBe(true);
  });

  it("an unknown command points to /help", async () => {
    const u = en();
    await u.send("/frobnicate");
    expect(u.lastText()).toBe("I don't know that command. Send /help to see what I can do.");
  });

  it("/as is not available outside console mode", async () => {
    const u = en();
    await u.send("/as staff");
    expect(u.lastText()).toBe("I don't know that command. Send /help to see what I can do.");
    const stored = await h.db.prisma.user.findUniqueOrThrow({ where: { telegramId: BigInt(u.who.id) } });
    expect(stored.role).toBe("VOTER");
  });
});

describe("FAQ by topic", () => {
  it("shows topics by name in the user's language, then the questions, then the answer", async () => {
    const u = en();
    await u.send("/faq");
    expect(u.buttons()).toContain("Proxy voting");
    expect(u.buttons()).not.toContain("proxy");
    await u.tap("Proxy voting");
    expect(u.lastText()).toBe("📂 Proxy voting");
    // The FAQ now exists in English (src/db/seed/faq-en.ts): the answer comes in English.
    await u.tap("proxy voting");
    expect(u.lastText()).toContain("Election Law, Art. 42");
    expect(u.lastText()).not.toContain("(This answer is only available in Chinese for now.)");
    expect(u.buttons()).toContain("👍 Helpful");
  });
});

describe("a button that no longer exists", () => {
  it("answers the callback (no endless spinner) and shows a fresh menu", async () => {
    const u = zh();
    await u.press("suggestion:withdraw:42", 77);
    expect(u.toasts().at(-1)).toBe("这个按钮已经失效，请使用新的菜单。");
    expect(u.lastText()).toBe("请选择：");
    expect(u.buttons()).toContain("🔎 按住址查找我的选区");
  });

  it("an area that was deleted since the menu was drawn is answered, not crashed on", async () => {
    const u = zh();
    await u.send("/start");
    await u.tap("按住址查找我的选区");
    const menu = h.api.messagesTo(u.who.id).at(-1)!;
    await u.press("area:99999999", menu.message_id);
    expect(u.lastText()).toBe("这个按钮已经失效，请使用新的菜单。");
    expect(u.buttons()).toEqual(["⬅️ 返回主菜单"]);
  });

  it.each(["area:abc", "area:", "area:1:2", "faq-q:1e3", "faq-t:", "lang:", "menu:extra", "faq-topics:x"])(
    "a malformed %s is answered as stale, never thrown",
    async (data) => {
      const u = zh();
      await u.press(data, 5);
      expect(u.toasts().at(-1)).toBe("这个按钮已经失效，请使用新的菜单。");
      expect(await h.metrics.errors.get()).not.toMatchObject({ values: expect.arrayContaining([expect.objectContaining({ labels: { where: "handler" } })]) });
    },
  );
});

describe("outside private chats", () => {
  const group = (chatId: number, from: { id: number; first_name: string }, text: string) => ({
    update_id: chatId * 10 + (Math.abs(from.id) % 10) + text.length,
    message: {
      message_id: 1,
      date: 1_790_000_000,
      chat: { id: chatId, type: "group" as const, title: "村民群" },
      from: { ...from, is_bot: false, language_code: "zh-hans" },
      text,
      entities: text.startsWith("/") ? [{ type: "bot_command" as const, offset: 0, length: text.split(" ")[0]!.length }] : [],
    },
  });

  it("says once, briefly, to write privately, and never posts personal features or figures into the group", async () => {
    const chatId = -100_555;
    const staff = { id: 5555, first_name: "组长" };
    await h.bot.handleUpdate(group(chatId, staff, "/start"));
    const user = await h.db.prisma.user.findUniqueOrThrow({ where: { telegramId: 5555n } });
    await h.services.users.setRole(user.id, "STAFF");
    await h.bot.handleUpdate(group(chatId, staff, "/registration"));
    await h.bot.handleUpdate(group(chatId, { id: 5556, first_name: "村民" }, "代投怎么办理"));
    const sent = h.api.calls.filter((c) => c.method === "sendMessage" && Number(c.payload.chat_id) === chatId);
    expect(sent.map((c) => c.payload.text)).toEqual(["我只在私聊中提供服务，以保护您的个人信息。请点我的头像，发私信给我。"]);
  });
});

describe("two users at once", () => {
  it("each gets their own reply in their own language", async () => {
    const a = zh();
    const b = en();
    await Promise.all([a.send("/start"), b.send("/start"), a.send("/help"), b.send("/help")]);
    expect(a.texts()).toHaveLength(2);
    expect(b.texts()).toHaveLength(2);
    expect(a.texts().join()).toContain("您好，小王");
    expect(a.texts().join()).not.toContain("Hello");
    expect(b.texts().join()).toContain("Hello Alice");
    expect(b.texts().join()).not.toContain("您好");
  });
});

describe("conversation log", () => {
  it("holds the inbound update and the outbound reply with feature and locale", async () => {
    const u = en();
    await u.send("/help");
    await h.services.conversationLog.flush();
    const rows = await h.db.prisma.conversationLog.findMany({
      where: { chatId: BigInt(u.who.id) },
      orderBy: { id: "asc" },
    });
    expect(rows.map((r) => [r.direction, r.kind, r.feature, r.locale])).toEqual([
      ["OUT", "sendMessage", "help", "en"],
      ["IN", "message:text", "help", "en"],
    ]);
    expect(rows[1]?.text).toBe("/help");
    expect(rows[0]?.text).toContain("What I can do for you");
  });

  it("records button presses, callback answers and edits", async () => {
    const u = zh();
    await u.send("/start");
    const before = new Date();
    await u.tap("常见问题");
    const after = new Date();
    await h.services.conversationLog.flush();
    const rows = await h.db.prisma.conversationLog.findMany({ where: { telegramId: BigInt(u.who.id) } });
    const kinds = rows.map((r) => `${r.direction}:${r.kind}`);
    expect(kinds).toEqual(
      expect.arrayContaining(["IN:callback_query", "OUT:answerCallbackQuery", "OUT:editMessageText"]),
    );
    const press = rows.find((r) => r.kind === "callback_query");
    expect(press?.callbackData).toBe("faq-topics");
    // The press itself, not the bot's message the button sat on; stamped when it was handled.
    expect(press?.text).toBeNull();
    expect(press!.at.getTime()).toBeGreaterThanOrEqual(before.getTime());
    expect(press!.at.getTime()).toBeLessThanOrEqual(after.getTime());
  });

  it("deletes every row of one person and keeps the others", async () => {
    const a = zh();
    const b = zh();
    await a.send("/help");
    await b.send("/help");
    const deleted = await h.services.conversationLog.deletePerson(a.who.id);
    expect(deleted).toBe(2);
    await h.services.conversationLog.flush();
    expect(await h.db.prisma.conversationLog.count({ where: { chatId: BigInt(a.who.id) } })).toBe(0);
    expect(await h.db.prisma.conversationLog.count({ where: { chatId: BigInt(b.who.id) } })).toBe(2);
  });
});
