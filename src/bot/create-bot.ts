// The bot factory: one place where the middleware stack and the features are put together.
// Console mode, polling, webhook, tests and benchmarks all build their bot here.
import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import { PrismaAdapter } from "@grammyjs/storage-prisma";
import { Bot, GrammyError, HttpError, lazySession } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Config } from "../config/config.js";
import type { Logger } from "../observability/logger.js";
import type { Metrics } from "../observability/metrics.js";
import type { Services } from "../services/index.js";
import type { BotContext, SessionData } from "./context.js";
import { constituencyFinderFeature } from "./features/constituency-finder.js";
import { delegateProfileFeature } from "./features/delegate-profile.js";
import { demoIdentityFeature } from "./features/demo-identity.js";
import { fallbackFeature } from "./features/fallback.js";
import { faqFeature } from "./features/faq.js";
import { helpFeature } from "./features/help.js";
import { inputGuardFeature } from "./features/input-guard.js";
import { languageFeature } from "./features/language.js";
import { menuFeature } from "./features/menu.js";
import { staffRegistrationFeature } from "./features/staff-registration.js";
import { createI18n, createTranslators } from "./i18n.js";
import { conversationLog } from "./middleware/conversation-log.js";
import { feature } from "./middleware/feature.js";
import { observe } from "./middleware/observe.js";
import { rateLimit } from "./middleware/rate-limit.js";
import { switchLocale, userAndLocale } from "./middleware/user-locale.js";

export interface BotDeps {
  config: Config;
  services: Services;
  logger: Logger;
  metrics: Metrics;
}

export interface BotOptions {
  token: string;
  /** Skips the getMe call at start-up (tests, console). */
  botInfo?: UserFromGetMe;
  /** A fake Telegram (tests, console mode); defaults to the real network. */
  fetch?: typeof fetch;
}

/** The bot, and a way to wait until no update is being handled (for a graceful stop). */
export type VoterlinkBot = Bot<BotContext> & { idle(): Promise<void> };

export function createBot(deps: BotDeps, opts: BotOptions): VoterlinkBot {
  const { config, services, logger, metrics } = deps;
  const bot = new Bot<BotContext>(opts.token, {
    ...(opts.botInfo ? { botInfo: opts.botInfo } : {}),
    client: {
      ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
    },
  });

  // Outbound: count every call by result, and retry flood waits / network errors a bounded
  // number of times (never forever: a stuck update would hold its chat's queue).
  bot.api.config.use(autoRetry({ maxRetryAttempts: config.API_MAX_RETRIES, maxDelaySeconds: 60 }));
  bot.api.config.use(async (prev, method, payload, signal) => {
    try {
      const result = await prev(method, payload, signal);
      metrics.apiCalls.inc({ method, result: result.ok ? "ok" : String(result.error_code) });
      return result;
    } catch (e) {
      metrics.apiCalls.inc({ method, result: "network" });
      throw e;
    }
  });

  const tFor = createTranslators(createI18n(config.DEFAULT_LOCALE));
  // Outermost: counts updates from arrival (including those queued behind their chat) to done.
  const inFlight = new InFlight();
  bot.use(inFlight.middleware);
  // Updates of one chat are handled in order (the runner and the webhook handle many at once).
  bot.use(sequentialize((ctx) => (ctx.chat?.id ?? ctx.from?.id)?.toString()));
  bot.use((ctx, next) => {
    ctx.config = config;
    ctx.services = services;
    ctx.log = logger;
    switchLocale(ctx, tFor, config.DEFAULT_LOCALE); // until the user's language is known
    return next();
  });
  bot.use(observe(metrics));
  // An error boundary rather than bot.catch: it works the same under the runner, the webhook
  // handler and tests that call handleUpdate directly.
  const app = bot.errorBoundary(async (err) => {
    const ctx = err.ctx;
    const where = err.error instanceof GrammyError ? "telegram" : err.error instanceof HttpError ? "network" : "handler";
    metrics.errors.inc({ where });
    ctx.log.error({ err: err.error, update_id: ctx.update.update_id }, "update failed");
    // Tell the person something went wrong, unless talking to Telegram is what failed.
    if (where === "handler" && ctx.chat)
      await ctx.reply(ctx.t("errors.internal")).catch((e: unknown) => ctx.log.warn({ err: e }, "could not report the error"));
  });
  app.use(conversationLog());
  app.use(userAndLocale(tFor));
  app.use(rateLimit(config.RATE_LIMIT_PER_MINUTE));
  app.use(
    lazySession<SessionData, BotContext>({
      initial: () => ({}),
      storage: new PrismaAdapter<SessionData>(services.prisma.session),
    }),
  );

  app.use(feature("input-guard", inputGuardFeature));
  if (config.BOT_MODE === "console") app.use(feature("demo-identity", demoIdentityFeature));
  app.use(feature("menu", menuFeature));
  app.use(feature("help", helpFeature));
  app.use(feature("language", languageFeature(tFor)));
  app.use(feature("constituency-finder", constituencyFinderFeature));
  app.use(feature("delegate-profile", delegateProfileFeature));
  app.use(feature("staff-registration", staffRegistrationFeature));
  app.use(feature("faq", faqFeature));
  app.use(feature("fallback", fallbackFeature));

  return Object.assign(bot, { idle: () => inFlight.idle() });
}

class InFlight {
  private count = 0;
  private waiting: (() => void)[] = [];

  readonly middleware = async (_ctx: BotContext, next: () => Promise<void>) => {
    this.count++;
    try {
      await next();
    } finally {
      if (--this.count === 0) for (const resolve of this.waiting.splice(0)) resolve();
    }
  };

  idle(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((resolve) => this.waiting.push(resolve));
  }
}
