// The bot factory: one place where the middleware stack and the features are put together.
// createApp (src/app.ts) calls it for every mode, the tests and the benchmarks.
import { Bot, Composer, GrammyError, HttpError } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Config } from "../config/config.js";
import type { Logger } from "../observability/logger.js";
import type { Metrics } from "../observability/metrics.js";
import type { Services } from "../services/index.js";
import type { BotContext } from "./context.js";
import { accountsFeature } from "./features/accounts.js";
import { constituencyFinderFeature } from "./features/constituency-finder.js";
import { delegateInboxFeature } from "./features/delegate-inbox.js";
import { departmentSuggestionsFeature } from "./features/department-suggestions.js";
import { delegateProfileFeature } from "./features/delegate-profile.js";
import { delegateWorkFeature } from "./features/delegate-work.js";
import { demoIdentityFeature } from "./features/demo-identity.js";
import { candidatesFeature } from "./features/candidates.js";
import { fallbackFeature } from "./features/fallback.js";
import { faqFeature } from "./features/faq.js";
import { faqSynonymsFeature } from "./features/faq-synonyms.js";
import { groupChatFeature } from "./features/group-chat.js";
import { helpFeature } from "./features/help.js";
import { inputGuardFeature } from "./features/input-guard.js";
import { languageFeature } from "./features/language.js";
import { menuFeature } from "./features/menu.js";
import { myDataFeature } from "./features/my-data.js";
import { remindFeature } from "./features/remind.js";
import { rollLinkFeature } from "./features/roll-link.js";
import { staffQueueFeature } from "./features/staff-queue.js";
import { staffRegistrationFeature } from "./features/staff-registration.js";
import { staffSuggestionsFeature } from "./features/staff-suggestions.js";
import { suggestFeature } from "./features/suggest.js";
import { suggestionInputFeature } from "./features/suggestion-input.js";
import { voterRequestsFeature } from "./features/voter-requests.js";
import { nearbyFeature } from "./features/nearby.js";
import { voteFeature } from "./features/vote.js";
import { broadcastFeature } from "./features/broadcast.js";
import { electionFeature } from "./features/election.js";
import { importFeature } from "./features/import.js";
import { reachabilityFeature } from "./features/reachability.js";
import { resultsFeature } from "./features/results.js";
import { reportsFeature } from "./features/reports.js";
import { createI18n, createTranslators } from "./i18n.js";
import { conversationLog } from "./middleware/conversation-log.js";
import { feature } from "./middleware/feature.js";
import { inOrder } from "./middleware/in-order.js";
import { observe } from "./middleware/observe.js";
import { rateLimit } from "./middleware/rate-limit.js";
import { chatSession, type SessionStore } from "./middleware/session.js";
import { switchLocale, userAndLocale } from "./middleware/user-locale.js";
import { telegramCalls } from "./telegram-calls.js";
import { FeatureComposer } from "./feature-composer.js";

export interface BotDeps {
  config: Config;
  services: Services;
  logger: Logger;
  metrics: Metrics;
  sessionStorage: SessionStore;
}

export interface TelegramOptions {
  token: string;
  /** Skips the getMe call at start-up (tests, console). */
  botInfo?: UserFromGetMe;
  /** A fake Telegram (tests, console mode); defaults to the real network. */
  fetch?: typeof fetch;
}

/** The bot, and what a graceful stop needs: wait until no update is handled; cancel calls to Telegram. */
export type VoterlinkBot = Bot<BotContext> & { idle(): Promise<void>; abortTelegramCalls(): void };

export function createBot(deps: BotDeps, opts: TelegramOptions): VoterlinkBot {
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
  const calls = telegramCalls({
    maxRetries: config.API_MAX_RETRIES,
    callTimeoutMs: config.TELEGRAM_CALL_TIMEOUT_SECONDS * 1000,
    maxFloodWaitSeconds: 60,
    baseDelayMs: 1000,
  });
  bot.api.config.use(calls.transformer);
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
  // The whole stack is one FeatureComposer (one flat loop; bot/feature-composer.ts says why).
  const stack = new FeatureComposer<BotContext>();
  // Outermost: counts updates from arrival (including those queued behind their chat) to done.
  const inFlight = new InFlight();
  stack.use(inFlight.middleware);
  // Updates of one chat are handled in order (the runner and the webhook handle many at once).
  stack.use(inOrder((ctx) => (ctx.chat?.id ?? ctx.from?.id)?.toString()));
  const apiRoot = config.TELEGRAM_API_ROOT ?? "https://api.telegram.org";
  const download = opts.fetch ?? fetch;
  const downloadFile = async (filePath: string): Promise<Buffer> => {
    const res = await download(`${apiRoot}/file/bot${opts.token}/${filePath}`);
    if (!res.ok) throw new Error(`file download failed: HTTP ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  };
  stack.use((ctx, next) => {
    ctx.config = config;
    ctx.downloadFile = downloadFile;
    ctx.services = services;
    ctx.log = logger;
    switchLocale(ctx, tFor, config.DEFAULT_LOCALE); // until the user's language is known
    return next();
  });
  stack.use(observe(metrics));
  // An error boundary rather than bot.catch: it works the same under the runner, the webhook
  // handler and tests that call handleUpdate directly.
  const app = stack.errorBoundary(async (err) => {
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
  app.use(rateLimit({ messagesPerMinute: config.RATE_LIMIT_MESSAGES_PER_MINUTE, buttonsPerMinute: config.RATE_LIMIT_BUTTONS_PER_MINUTE }));
  app.use(chatSession(deps.sessionStorage));

  // Everything personal happens in private chats only; elsewhere the bot says so once.
  const personal = new FeatureComposer<BotContext>();
  // Suggestion steps take their photos, locations and texts before the guard and the FAQ do.
  personal.use(feature("suggestion-input", suggestionInputFeature));
  personal.use(feature("reachability", reachabilityFeature));
  // Staff flows take files, photos and long letters: before the input guard refuses them.
  personal.use(feature("import", importFeature));
  personal.use(feature("election", electionFeature));
  personal.use(feature("broadcast", broadcastFeature));
  personal.use(feature("results", resultsFeature));
  personal.use(feature("input-guard", inputGuardFeature));
  if (config.BOT_MODE === "console") personal.use(feature("demo-identity", demoIdentityFeature));
  personal.use(feature("menu", menuFeature));
  personal.use(feature("help", helpFeature));
  personal.use(feature("language", languageFeature(tFor)));
  personal.use(feature("constituency-finder", constituencyFinderFeature));
  personal.use(feature("delegate-profile", delegateProfileFeature));
  personal.use(feature("staff-registration", staffRegistrationFeature));
  personal.use(feature("reports", reportsFeature));
  personal.use(feature("suggest", suggestFeature));
  personal.use(feature("delegate-inbox", delegateInboxFeature));
  personal.use(feature("delegate-work", delegateWorkFeature));
  personal.use(feature("staff-suggestions", staffSuggestionsFeature));
  personal.use(feature("department-suggestions", departmentSuggestionsFeature));
  // Voter journeys (issue 7 part A): before the FAQ, which takes any free text as a question.
  personal.use(feature("roll-link", rollLinkFeature));
  personal.use(feature("voter-requests", voterRequestsFeature));
  personal.use(feature("staff-queue", staffQueueFeature(tFor)));
  personal.use(feature("remind", remindFeature));
  personal.use(feature("my-data", myDataFeature));
  personal.use(feature("candidates", candidatesFeature));
  personal.use(feature("vote", voteFeature));
  personal.use(feature("nearby", nearbyFeature));
  personal.use(feature("accounts", accountsFeature));
  personal.use(feature("faq-synonyms", faqSynonymsFeature));
  personal.use(feature("faq", faqFeature));
  personal.use(feature("fallback", fallbackFeature));
  app.filter((ctx) => ctx.chat?.type === "private" || (!ctx.chat && !!ctx.from), personal);
  app.use(feature("group-chat", groupChatFeature));
  bot.use(stack);

  return Object.assign(bot, { idle: () => inFlight.idle(), abortTelegramCalls: () => calls.abortAll() });
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
