// Polling mode: @grammyjs/runner fetches updates and handles many at once (one chat's updates
// stay in order through the inOrder middleware in the bot factory).
import { run } from "@grammyjs/runner";
import type { VoterlinkBot } from "../bot/create-bot.js";
import type { PollingConfig } from "../config/config.js";
import { startOnTelegram, stopOnSignal, type Intake } from "./lifecycle.js";

export const ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"] as const;

export interface Polling {
  /** Ends fetching and resolves once the updates in flight are handled. */
  stop(): Promise<void>;
  /** Rejects if polling dies on its own (e.g. 401 wrong token, 409 another instance polling). */
  failed: Promise<never>;
}

export async function startPolling(bot: VoterlinkBot): Promise<Polling> {
  const runner = run(bot, { runner: { fetch: { allowed_updates: ALLOWED_UPDATES } } });
  const failed = new Promise<never>((_, reject) => {
    void runner.task()?.then(
      () => undefined,
      (e: unknown) => reject(e),
    );
  });
  return {
    // The runner's stop() ends fetching but does not wait for handlers: idle() does.
    stop: async () => {
      await runner.stop();
      await bot.idle();
    },
    failed,
  };
}

export async function runPollingMode(config: PollingConfig): Promise<void> {
  // A webhook left behind by webhook mode would make getUpdates fail with 409.
  const { app, metrics } = await startOnTelegram(config, [["deleteWebhook", (a, signal) => a.bot.api.deleteWebhook({}, signal)]]);
  const polling = await startPolling(app.bot);
  app.logger.info({ bot: app.bot.botInfo.username }, "polling started");
  const intake: Intake = {
    stop: async () => {
      await polling.stop();
      await metrics.close();
    },
    failed: polling.failed,
  };
  stopOnSignal(app, intake);
}
