// What polling and webhook mode share: start-up that gives up on an unreachable Telegram, and a
// stop on SIGINT/SIGTERM that ends within a grace period even while Telegram hangs.
import { createApp, type App } from "../app.js";
import { publishCommands } from "../bot/commands.js";
import { grammySignal } from "../bot/telegram-calls.js";
import type { PollingConfig, WebhookConfig } from "../config/config.js";
import { startMetricsServer } from "./metrics-server.js";

export interface Intake {
  /** Stops taking new updates (ends polling / closes the HTTP server). */
  stop(): Promise<void>;
  /** Rejects if intake dies on its own (polling: 401 wrong token, 409 another instance). */
  failed?: Promise<never>;
}

/** Runs `step` against Telegram; after TELEGRAM_START_TIMEOUT_SECONDS it fails with one line naming the API root. */
export async function withStartTimeout<T>(app: App, what: string, step: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const seconds = app.config.TELEGRAM_START_TIMEOUT_SECONDS;
  const timeout = AbortSignal.timeout(seconds * 1000);
  const root = app.config.TELEGRAM_API_ROOT ?? "https://api.telegram.org";
  try {
    return await Promise.race([
      step(timeout),
      new Promise<never>((_, reject) =>
        timeout.addEventListener("abort", () => reject(new Error(`no answer within ${seconds} s`)), { once: true }),
      ),
    ]);
  } catch (e) {
    throw new Error(`Telegram Bot API at ${root} unreachable (${what}): ${(e as Error).message}`);
  }
}

/**
 * Waits for SIGINT/SIGTERM (or intake failure), then: stop intake, give the updates in flight up
 * to STOP_GRACE_SECONDS, cancel what still waits on Telegram, write the conversation log, close.
 */
export function stopOnSignal(app: App, intake: Intake): void {
  let stopping = false;
  const stop = (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ reason }, "stopping: finishing updates in flight");
    const graceMs = app.config.STOP_GRACE_SECONDS * 1000;
    const gracefully = (async () => {
      await intake.stop();
      await app.bot.idle();
    })();
    const late = new Promise<"late">((resolve) => setTimeout(() => resolve("late"), graceMs).unref());
    void Promise.race([gracefully.then(() => "done" as const), late])
      .then(async (how) => {
        if (how === "late") {
          app.logger.warn({ graceSeconds: app.config.STOP_GRACE_SECONDS }, "updates still in flight after the grace period; stopping anyway");
          app.bot.abortTelegramCalls();
          // Cancelled calls end their updates quickly; let them record what happened in the log.
          await Promise.race([app.bot.idle(), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
        }
        await app.close();
        app.logger.info("stopped");
        process.exit(code);
      })
      .catch((e: unknown) => {
        app.logger.error({ err: e }, "unclean shutdown");
        process.exit(1);
      });
  };
  intake.failed?.catch((e: unknown) => {
    app.logger.fatal({ err: e }, "intake failed");
    stop("intake failed", 1);
  });
  process.once("SIGINT", () => stop("SIGINT", 0));
  process.once("SIGTERM", () => stop("SIGTERM", 0));
}

/** A start-up call to Telegram (named in the error if it cannot be made in time). */
export type StartStep = [what: string, call: (app: App, signal: ReturnType<typeof grammySignal>) => Promise<unknown>];

/**
 * What polling and webhook mode do before taking updates: build the app, getMe (a wrong token or
 * an unreachable API root fails here, before anything starts) and the mode's own calls, each
 * within the start timeout — on failure the calls are cancelled and the app closed — then publish
 * the command list, start the jobs and the operators' metrics server.
 */
export async function startOnTelegram(config: PollingConfig | WebhookConfig, steps: StartStep[]) {
  const app = await createApp(config);
  try {
    for (const [what, call] of [["getMe", (a: App, signal) => a.bot.init(signal)] as StartStep, ...steps])
      await withStartTimeout(app, what, (signal) => call(app, grammySignal(signal)));
  } catch (e) {
    app.bot.abortTelegramCalls();
    await app.close();
    throw e;
  }
  await publishCommands(app.bot.api, config.DEFAULT_LOCALE, app.logger);
  await app.jobs.start();
  const metrics = await startMetricsServer(app);
  return { app, metrics };
}
