// Drives the real bot through the in-process Telegram (src/bot/local) against a fresh database.
//
//   const h = await createBotHarness({ seed: true });
//   const alice = h.person({ id: 1001, first_name: "Alice", language_code: "en" });
//   await alice.send("/start");
//   expect(alice.lastText()).toContain("Demo County");
//   await alice.tap("Find my constituency");
import pino from "pino";
import { createApp } from "../../src/app.js";
import { LocalBotApi, inlineButtons } from "../../src/bot/local/api.js";
import { UpdateBuilder, type Person } from "../../src/bot/local/updates.js";
import { loadConfig, type Config } from "../../src/config/config.js";
import { seedDemo } from "../../src/db/seed/seed.js";
import { fixedClock, type Clock } from "../../src/services/clock.js";
import { toLocalDate } from "../../src/domain/dates.js";
import { createTestDatabase, type TestDatabase } from "./database.js";

export const TEST_TOKEN = "123456:TEST-token-abcdefghijklmnopqrstuvwxyz0123";

/**
 * The harness's default "now": 10:00 in Shanghai on the demo's reference day, so the demo
 * election (loaded for that day) has election day 2026-12-15 and an open objection window.
 */
export const TEST_NOW = "2026-11-27T02:00:00Z";

export interface HarnessOptions {
  seed?: boolean;
  env?: Record<string, string>;
  /** A fixed clock the test can move (set/advance); default: TEST_NOW. */
  clock?: Clock & { set(to: Date | string): void; advance(ms: number): void };
  /** Another instance on the same database (PostgreSQL: its own pool). */
  database?: TestDatabase;
}

export async function createBotHarness(opts: HarnessOptions = {}) {
  const db = opts.database ?? (await createTestDatabase());
  // Time is fixed in every bot test; the demo is loaded for the clock's day.
  const clock = opts.clock ?? fixedClock(TEST_NOW);
  if (opts.seed) await seedDemo(db.prisma, { today: toLocalDate(clock.now(), "Asia/Shanghai") });
  const config: Config = loadConfig({ BOT_TOKEN: TEST_TOKEN, BOT_MODE: "polling", LOG_LEVEL: "silent", METRICS_PORT: "0", ...opts.env });
  const api = new LocalBotApi();
  const app = await createApp(config, {
    database: db,
    telegram: { fetch: api.fetch, botInfo: api.botInfo },
    logger: pino({ level: "silent" }),
    seedDemo: false,
    clock,
  });
  const { bot, services, metrics } = app;
  const updates = new UpdateBuilder(api);

  function person(who: Person) {
    const sentTo = () => api.calls.filter((c) => Number(c.payload.chat_id) === who.id || c.method === "answerCallbackQuery");
    const p = {
      who,
      /** A text message (commands included). */
      send: (text: string) => bot.handleUpdate(updates.message(who, text)),
      /** Presses the button whose label contains `label` on the newest message that has one. */
      async tap(label: string) {
        const withButtons = api.messagesTo(who.id).filter((m) => inlineButtons(m).length > 0).at(-1);
        const button = inlineButtons(withButtons).find((b) => b.text.includes(label));
        if (!withButtons || !button)
          throw new Error(`no button "${label}"; buttons: ${inlineButtons(withButtons).map((b) => b.text).join(" | ")}`);
        await bot.handleUpdate(updates.callback(who, button.data, withButtons.message_id));
      },
      /** Sends a file as a document (an import file): stored in the fake Bot API so getFile can serve it. */
      sendDocument: (name: string, bytes: Buffer, caption?: string) =>
        bot.handleUpdate(updates.document(who, api.addFile(bytes, name), name, bytes.length, caption)),
      /** Files the bot sent this person (error reports), oldest first. */
      files: () => api.sentFiles.filter((f) => f.chatId === who.id),
      /** The person blocks (or unblocks) the bot. */
      block: (blocked = true) => bot.handleUpdate(updates.myChatMember(who, blocked ? "kicked" : "member", api.botInfo.id)),
      /** Sends raw callback data, as a client with an old message would. */
      press: (data: string, messageId = 999) => bot.handleUpdate(updates.callback(who, data, messageId)),
      /** Texts of the messages the bot has shown this person, as they look now (after edits). */
      texts: () => api.messagesTo(who.id).map((m) => m.text),
      lastText: () => api.messagesTo(who.id).at(-1)?.text ?? "",
      buttons: () => inlineButtons(api.messagesTo(who.id).filter((m) => inlineButtons(m).length > 0).at(-1)).map((b) => b.text),
      /** Text shown by answerCallbackQuery (the little toast), newest last. */
      toasts: () =>
        sentTo()
          .filter((c) => c.method === "answerCallbackQuery" && c.payload.text)
          .map((c) => String(c.payload.text)),
    };
    return p;
  }

  /** A person who has said /start and then been given `role` (as an admin would). */
  async function personWithRole(id: number, role: "VOTER" | "DELEGATE" | "STAFF", language_code = "zh-hans") {
    const p = person({ id, first_name: "测试", language_code });
    await p.send("/start");
    const user = await db.prisma.user.findUniqueOrThrow({ where: { telegramId: BigInt(id) } });
    await services.users.setRole(user.id, role);
    return p;
  }

  /** A staff member scoped to one area (GB/T 2260 code: a township, or the county), as an invite for that area gives. */
  async function staffIn(id: number, areaCode: string, language_code = "zh-hans") {
    const p = await personWithRole(id, "STAFF", language_code);
    const area = await db.prisma.adminArea.findUniqueOrThrow({ where: { code: areaCode } });
    await db.prisma.user.update({ where: { telegramId: BigInt(id) }, data: { scopeAreaId: area.id } });
    return p;
  }

  return { app, db, api, bot, updates, services, metrics, config, clock, person, personWithRole, staffIn, close: () => app.close() };
}

export type BotHarness = Awaited<ReturnType<typeof createBotHarness>>;
