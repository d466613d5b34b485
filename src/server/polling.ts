// Polling mode: @grammyjs/runner fetches updates and handles many at once (one chat's updates
// stay in order through the sequentialize middleware in the bot factory).
import { run } from "@grammyjs/runner";
import type { Bot } from "grammy";
import type { BotContext } from "../bot/context.js";

export const ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"] as const;

/** Starts polling; the returned stop() ends fetching and resolves once updates in flight are done. */
export async function startPolling(bot: Bot<BotContext>): Promise<{ stop: () => Promise<void> }> {
  // A webhook left behind by webhook mode would make getUpdates fail with 409.
  await bot.api.deleteWebhook();
  const runner = run(bot, { runner: { fetch: { allowed_updates: ALLOWED_UPDATES } } });
  return { stop: () => runner.stop() };
}
