// The one assembly: database → services → bot → jobs, from config. The entry point (every mode),
// the CLI, the tests and the benchmarks all build the app here, each with its own overrides
// (an open test database, a fake Telegram, a fixed clock, a quiet logger).
import type { UserFromGetMe } from "grammy/types";
import { createBot, type VoterlinkBot } from "./bot/create-bot.js";
import { createNoticeSender, isPermanentSendError } from "./bot/suggestion-notices.js";
import type { Config } from "./config/config.js";
import { openDatabase, targetFromConfig, type Database } from "./db/database.js";
import { seedDemoSuggestions } from "./db/seed/demo-suggestions.js";
import { isDatabaseEmpty, seedDemo } from "./db/seed/seed.js";
import { createOutboxTransport } from "./bot/outbox-transport.js";
import { toLocalDate } from "./domain/dates.js";
import { createJobs, type Jobs } from "./jobs/index.js";
import { createLogger, type Logger } from "./observability/logger.js";
import { createMetrics, type Metrics } from "./observability/metrics.js";
import { systemClock, type Clock } from "./services/clock.js";
import { createServices, type Services } from "./services/index.js";

export interface AppOverrides {
  /** An already open database (tests); by default the one config names is opened and migrated. */
  database?: Database;
  /** A fake Telegram (console mode, tests, bench): its fetch and the bot's identity. */
  telegram?: { fetch: typeof fetch; botInfo: UserFromGetMe };
  logger?: Logger;
  metrics?: Metrics;
  clock?: Clock;
  /** Load the demo county into an empty database (default: console mode or SEED_DEMO). */
  seedDemo?: boolean;
  /** Called before the demo county is loaded (console mode says so: it takes a few seconds). */
  onSeeding?: () => void;
}

export interface App {
  config: Config;
  db: Database;
  services: Services;
  bot: VoterlinkBot;
  jobs: Jobs;
  logger: Logger;
  metrics: Metrics;
  /** Writes the queued conversation log, then closes the database. Safe to call twice. */
  close(): Promise<void>;
}

export async function createApp(config: Config, overrides: AppOverrides = {}): Promise<App> {
  const consoleMode = config.BOT_MODE === "console";
  // In the terminal chat only warnings and errors interrupt the conversation.
  const logger = overrides.logger ?? createLogger(consoleMode && config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL);
  const db = overrides.database ?? (await openDatabase(targetFromConfig(config)));
  if (db.migrated.length > 0) logger.info({ migrations: db.migrated }, "migrations applied");

  if ((overrides.seedDemo ?? (consoleMode || config.SEED_DEMO === true)) && (await isDatabaseEmpty(db.prisma))) {
    overrides.onSeeding?.();
    // The demo election's dates are placed around the day it is loaded (the app's clock).
    const today = toLocalDate((overrides.clock ?? systemClock).now(), config.TIMEZONE);
    await seedDemo(db.prisma, { today }).catch(async (e: unknown) => {
      // Another instance seeded first (SEED_DEMO on several instances): that is fine.
      if (await isDatabaseEmpty(db.prisma)) throw e;
    });
    await seedDemoSuggestions(db.prisma, (overrides.clock ?? systemClock).now(), config.TIMEZONE);
  }

  const services = createServices(db.prisma, config, logger, overrides.clock ?? systemClock, db.sql);
  const metrics = overrides.metrics ?? createMetrics({ processMetrics: !consoleMode });
  const token = config.BOT_MODE === "console" ? "0:console" : config.BOT_TOKEN;
  const bot = createBot(
    { config, services, logger, metrics, sessionStorage: db.sessionStorage() },
    { token, ...(overrides.telegram ?? {}) },
  );
  const jobs = createJobs(services, config, logger, {
    outbox: createOutboxTransport(config, services, { token, ...(overrides.telegram ? { fetch: overrides.telegram.fetch } : {}) }),
    notices: { send: createNoticeSender(bot.api), isPermanent: isPermanentSendError },
  });

  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= (async () => {
      await jobs.stop();
      await services.conversationLog.stop();
      await services.faq.stop();
      await db.close();
    })());
  return { config, db, services, bot, jobs, logger, metrics, close };
}
