// Console mode: chat with the real bot in the terminal. The bot talks to the in-process Bot API
// (src/bot/local); its messages are printed, buttons numbered, and a number presses a button.
import { createInterface } from "node:readline";
import type { Bot } from "grammy";
import { createApp } from "../app.js";
import type { BotContext } from "../bot/context.js";
import { createI18n, createTranslators } from "../bot/i18n.js";
import { LocalBotApi, inlineButtons, type ApiCall } from "../bot/local/api.js";
import { UpdateBuilder, type Person } from "../bot/local/updates.js";
import type { ConsoleConfig } from "../config/config.js";
import { addDays, daysBetween, parseLocalDate, toLocalDate, type LocalDate } from "../domain/dates.js";
import type { Clock } from "../services/clock.js";

const CONSOLE_USER: Person = { id: 10_000_001, first_name: "演示用户", language_code: "zh-hans" };

interface Shown {
  messageId: number;
  buttons: { text: string; data: string }[];
}

export class ConsoleChat {
  private shown: Shown | undefined;
  private readonly updates: UpdateBuilder;

  constructor(
    private readonly bot: Bot<BotContext>,
    api: LocalBotApi,
    private readonly out: NodeJS.WritableStream,
    private readonly person: Person = CONSOLE_USER,
    private readonly clock?: DemoClock,
  ) {
    this.updates = new UpdateBuilder(api);
    api.onCall = (call, result) => this.render(call, result);
  }

  /** What the person typed: a button number when one is on screen, otherwise a message. */
  async input(line: string): Promise<void> {
    const text = line.trim();
    if (!text) return;
    // Telegram's "share location" has no terminal equivalent: "/location 30.104 120.081" stands for it.
    const today = /^\/today(?:\s+(\S+))?$/.exec(text);
    if (today && this.clock) {
      this.out.write(`\n🕒 ${this.clock.moveTo(today[1] ?? "")}\n`);
      return;
    }
    const location = /^\/location\s+(-?\d{1,3}(?:\.\d+)?)[,\s]+(-?\d{1,3}(?:\.\d+)?)$/.exec(text);
    if (location) {
      await this.bot.handleUpdate(this.updates.location(this.person, Number(location[1]), Number(location[2])));
      return;
    }
    const n = /^\d{1,2}$/.test(text) ? Number(text) : NaN;
    const button = this.shown?.buttons[n - 1];
    const update =
      button && this.shown
        ? this.updates.callback(this.person, button.data, this.shown.messageId)
        : this.updates.message(this.person, text);
    await this.bot.handleUpdate(update);
  }

  private render(call: ApiCall, result: unknown): void {
    const p = call.payload;
    if (call.method === "answerCallbackQuery") {
      if (p.text) this.out.write(`   💬 ${String(p.text)}\n`);
      return;
    }
    if (call.method === "sendDocument" || call.method === "sendPhoto") {
      const file = call.method === "sendPhoto" ? call.files?.photo : call.files?.document;
      const size = file ? `${(file.data.length / 1024).toFixed(1)} KB` : "?";
      const kind = call.method === "sendPhoto" ? "🖼 photo" : "📎 file";
      this.out.write(`\n🤖 ${kind}: ${file?.fileName ?? "?"} (${size})${p.caption ? `\n   ${String(p.caption).replaceAll("\n", "\n   ")}` : ""}\n`);
      return;
    }
    if (call.method === "sendVenue") {
      this.out.write(`\n🤖 📍 venue: ${String(p.title)}, ${String(p.address)} (${Number(p.latitude)}, ${Number(p.longitude)})\n`);
      return;
    }
    if (call.method !== "sendMessage" && call.method !== "editMessageText") return;
    const message = typeof result === "object" && result ? (result as { message_id: number }) : undefined;
    const label = call.method === "editMessageText" ? "🤖 (updated)" : "🤖";
    this.out.write(`\n${label} ${String(p.text ?? "").replaceAll("\n", "\n   ")}\n`);
    const buttons = inlineButtons(p as { reply_markup?: never });
    buttons.forEach((b, i) => this.out.write(`   [${i + 1}] ${b.text}\n`));
    if (buttons.length > 0 && message) this.shown = { messageId: message.message_id, buttons };
    else if (call.method === "sendMessage") this.shown = undefined;
  }
}

export interface ConsoleIO {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** The banner shown first, in the bot's default language. */
  banner: string;
  /** The app's clock, which `/today` moves. */
  clock?: DemoClock;
}

/**
 * The system clock, movable in the console demo: `/today 2026-12-15` (or `+18`, or `now`) makes it
 * that day at the current time of day in the county's zone, so date-bound journeys — results entry
 * from election day on, the end of candidate introductions — can be tried on the demo.
 */
export class DemoClock implements Clock {
  private offsetMs = 0;
  constructor(private readonly timeZone: string) {}

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves to a day ("YYYY-MM-DD", "+N" / "-N" days from the real today, "now"); returns what it did. */
  moveTo(arg: string): string {
    const real = toLocalDate(new Date(), this.timeZone);
    const rel = /^([+-]\d{1,4})$/.exec(arg);
    const usage = "/today YYYY-MM-DD | /today +N | /today now";
    let day: LocalDate;
    try {
      day = arg === "now" ? real : rel ? addDays(real, Number(rel[1])) : parseLocalDate(arg);
    } catch {
      return usage;
    }
    this.offsetMs = daysBetween(real, day) * 86_400_000;
    return `${toLocalDate(this.now(), this.timeZone)} ${this.now().toISOString().slice(11, 16)} UTC`;
  }
}

/** Runs the chat until the input ends or /quit. Resolves when done. */
export async function runConsole(bot: Bot<BotContext>, api: LocalBotApi, io: ConsoleIO) {
  const chat = new ConsoleChat(bot, api, io.output, CONSOLE_USER, io.clock);
  io.output.write(`${io.banner}\n`);
  await chat.input("/start");
  const rl = createInterface({ input: io.input, terminal: false });
  // Ctrl-C ends the chat like /quit, so the conversation log is written and the database closed.
  const onSigint = () => rl.close();
  process.once("SIGINT", onSigint);
  const prompt = () => io.output.write("\n> ");
  prompt();
  for await (const line of rl) {
    if (line.trim() === "/quit") break;
    await chat.input(line);
    prompt();
  }
  rl.close();
  process.off("SIGINT", onSigint);
  io.output.write("\n");
}

/** Console mode: the app on the embedded database with the demo county, talking to the in-process Telegram. */
export async function runConsoleMode(config: ConsoleConfig): Promise<void> {
  const api = new LocalBotApi();
  const t = createTranslators(createI18n(config.DEFAULT_LOCALE))(config.DEFAULT_LOCALE);
  const clock = new DemoClock(config.TIMEZONE);
  const app = await createApp(config, {
    clock,
    telegram: { fetch: api.fetch, botInfo: api.botInfo },
    onSeeding: () => process.stdout.write(`${t("console.seeding")}\n`),
  });
  // Broadcasts typed in the console are sent (to the in-process Telegram) and their progress shown.
  app.jobs.sender.start();
  try {
    await runConsole(app.bot, api, { input: process.stdin, output: process.stdout, banner: t("console.banner"), clock });
  } finally {
    await app.jobs.sender.stop();
    await app.close();
  }
}
