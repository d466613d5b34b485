// The one entry point. No BOT_TOKEN: console mode on the embedded database with demo data.
// BOT_MODE=polling: long polling with @grammyjs/runner. BOT_MODE=webhook: HTTP server.
import { createBot } from "./bot/create-bot.js";
import { LocalBotApi } from "./bot/local/api.js";
import { ConfigError, loadConfig, type Config } from "./config/config.js";
import { loadDotEnv } from "./config/dotenv.js";
import { runConsole } from "./console/console.js";
import { openDatabase, targetFromConfig, type Database } from "./db/database.js";
import { isDatabaseEmpty, seedDemo } from "./db/seed/seed.js";
import { purgeOldConversations, scheduleRetention } from "./jobs/conversation-log-retention.js";
import { createLogger, type Logger } from "./observability/logger.js";
import { createMetrics } from "./observability/metrics.js";
import { ALLOWED_UPDATES, startPolling } from "./server/polling.js";
import { createWebhookServer } from "./server/webhook.js";
import { createServices, type Services } from "./services/index.js";

async function main(): Promise<void> {
  // A .env file in the working directory, if any; real environment variables win.
  loadDotEnv();
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    console.error(e.message);
    process.exit(2);
  }
  const consoleMode = config.BOT_MODE === "console";
  // In the terminal chat only warnings and errors interrupt the conversation.
  const logger = createLogger(consoleMode && config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL);
  const db = await openDatabase(targetFromConfig(config));
  if (db.migrated.length > 0) logger.info({ migrations: db.migrated }, "migrations applied");
  if ((consoleMode || config.SEED_DEMO) && (await isDatabaseEmpty(db.prisma))) {
    if (consoleMode) process.stdout.write("First run: loading the demo county into the embedded database…\n");
    await seedDemo(db.prisma).catch(async (e: unknown) => {
      // Another instance seeded first (SEED_DEMO on several instances): that is fine.
      if (await isDatabaseEmpty(db.prisma)) throw e;
    });
  }
  const services = createServices(db.prisma, config, logger);
  const metrics = createMetrics({ processMetrics: !consoleMode });

  if (consoleMode) {
    const api = new LocalBotApi();
    const bot = createBot({ config, services, logger, metrics }, { token: "0:console", botInfo: api.botInfo, fetch: api.fetch });
    await runConsole(bot, api);
    await shutdown(services, db, logger);
    return;
  }

  const bot = createBot({ config, services, logger, metrics }, { token: config.BOT_TOKEN! });
  // getMe first: a wrong token or an unreachable API root fails here, before anything starts.
  await bot.init();
  await purgeOldConversations(services.conversationLog, config.CONVERSATION_LOG_RETENTION_DAYS, logger);
  const retention = scheduleRetention(services.conversationLog, config.CONVERSATION_LOG_RETENTION_DAYS, config.TIMEZONE, logger);
  let stopIntake: () => Promise<void>;
  let stopping = false;
  const stop = (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, "stopping: finishing updates in flight");
    void retention.stop();
    stopIntake()
      .then(() => shutdown(services, db, logger))
      .then(() => process.exit(code))
      .catch((e: unknown) => {
        logger.error({ err: e }, "unclean shutdown");
        process.exit(1);
      });
  };

  if (config.BOT_MODE === "polling") {
    const polling = await startPolling(bot);
    logger.info({ bot: bot.botInfo.username }, "polling started");
    stopIntake = polling.stop;
    polling.failed.catch((e: unknown) => {
      logger.fatal({ err: e }, "polling failed");
      stop("polling failed", 1);
    });
  } else {
    const server = createWebhookServer({ bot, prisma: db.prisma, metrics, logger, path: config.WEBHOOK_PATH, secret: config.WEBHOOK_SECRET! });
    await new Promise<void>((resolve) => server.listen(config.WEBHOOK_PORT, config.WEBHOOK_HOST, resolve));
    if (config.WEBHOOK_URL)
      await bot.api.setWebhook(config.WEBHOOK_URL, { secret_token: config.WEBHOOK_SECRET!, allowed_updates: ALLOWED_UPDATES });
    logger.info({ port: config.WEBHOOK_PORT, path: config.WEBHOOK_PATH }, "webhook server listening");
    stopIntake = async () => {
      // Stop accepting, drop idle keep-alive connections (they would hold close() open), then
      // wait for handlers — including any the webhook already answered on its timeout.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
      await bot.idle();
    };
  }

  process.once("SIGINT", () => stop("SIGINT", 0));
  process.once("SIGTERM", () => stop("SIGTERM", 0));
}

/** Writes the queued conversation log, then closes the database. */
async function shutdown(services: Services, db: Database, logger: Logger): Promise<void> {
  await services.conversationLog.stop();
  await db.close();
  logger.info("stopped");
}

main().catch((e: unknown) => {
  console.error(`voterlink failed to start: ${(e as Error).message}`);
  process.exit(1);
});
