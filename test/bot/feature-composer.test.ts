// FeatureComposer keeps grammY's Composer semantics (order, next, async predicates, nested
// registrations) while matching handlers in one loop.
import { Bot, type Context } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { describe, expect, it } from "vitest";
import { FeatureComposer } from "../../src/bot/feature-composer.js";

const botInfo = { id: 1, is_bot: true, first_name: "t", username: "t_bot" } as UserFromGetMe;
const text = (t: string): Update => ({
  update_id: 1,
  message: { message_id: 1, date: 0, chat: { id: 7, type: "private", first_name: "a" }, from: { id: 7, is_bot: false, first_name: "a" }, text: t,
    ...(t.startsWith("/") ? { entities: [{ type: "bot_command" as const, offset: 0, length: t.split(" ")[0]!.length }] } : {}) },
});
const press = (data: string): Update => ({
  update_id: 2,
  callback_query: { id: "q", chat_instance: "c", data, from: { id: 7, is_bot: false, first_name: "a" } },
});

async function trace(build: (c: FeatureComposer<Context>, seen: string[]) => void, update: Update): Promise<string[]> {
  const seen: string[] = [];
  const bot = new Bot("0:x", { botInfo });
  const c = new FeatureComposer<Context>();
  build(c, seen);
  bot.use(c);
  bot.use(() => void seen.push("after"));
  await bot.handleUpdate(update);
  return seen;
}

describe("FeatureComposer", () => {
  const build = (c: FeatureComposer<Context>, seen: string[]) => {
    c.command("start", () => void seen.push("start"));
    c.callbackQuery(/^x:/, () => void seen.push("x"));
    c.on("message:text", async (_ctx, next) => {
      seen.push("text-1");
      await next();
    });
    c.filter(async (ctx) => ctx.message?.text === "async", () => void seen.push("async"));
    c.on("message:text").filter((ctx) => ctx.message.text.length > 3, () => void seen.push("long"));
    c.use(async (_ctx, next) => {
      seen.push("all");
      await next();
    });
  };

  it.each([
    ["/start", text("/start"), ["start"]],
    ["a press", press("x:1"), ["x"]],
    ["an unknown press passes through", press("y:1"), ["all", "after"]],
    ["text: handlers in order, next() passes on", text("hi"), ["text-1", "all", "after"]],
    ["an async predicate that says yes", text("async"), ["text-1", "async"]],
    ["a nested filter", text("hello"), ["text-1", "long"]],
    ["a command later in the text is text, not a command", { ...text("say /start"), message: { ...text("say /start").message!, entities: [{ type: "bot_command" as const, offset: 4, length: 6 }] } }, ["text-1", "long"]],
    ["a command addressed to this bot", text("/start@t_bot"), ["start"]],
  ])("%s", async (_name, update, expected) => {
    expect(await trace(build, update)).toEqual(expected);
  });

  it("constructor middleware runs first, for every update", async () => {
    const seen = await trace((c, s) => {
      const inner = new FeatureComposer<Context>(async (_ctx, next) => {
        s.push("ctor");
        await next();
      });
      inner.command("start", () => void s.push("start"));
      c.use(inner);
    }, text("/start"));
    expect(seen).toEqual(["ctor", "start"]);
  });

  it("an error in a handler reaches the caller", async () => {
    const bot = new Bot("0:x", { botInfo });
    const c = new FeatureComposer<Context>();
    c.on("message", () => {
      throw new Error("boom");
    });
    bot.use(c);
    await expect(bot.handleUpdate(text("hi"))).rejects.toThrow("boom");
  });
});
