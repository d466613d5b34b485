// Per-person flood limits: messages and button presses are counted separately (browsing menus is
// many quick presses; typing is slower), each in a window of a minute per person. Over a limit the
// person is told once per window, with the time they can go on; a press is always answered (or
// its spinner never stops), a message beyond that is dropped quietly.
//
// Not @grammyjs/ratelimiter, which the platform issue suggested, for two measured reasons: its
// memory store clears all counters on one global interval, so nobody could be told when their
// window ends; and with a store of our own it still cost three promises per update for what is a
// synchronous count (bench/README.md, "Platform §8, the last round").
import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../context.js";

/** Hits per key in windows that start with a key's first hit; expired windows are swept as we go. */
export class WindowStore {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();
  private lastSweep: number;

  constructor(private readonly now: () => number = Date.now) {
    this.lastSweep = now();
  }

  /** Counts a hit on `key`: a new window of `ms` starts when the last one has ended. */
  hit(key: string, ms: number): { count: number; endsAt: number } {
    const t = this.now();
    this.sweep(t);
    const w = this.windows.get(key);
    if (w && w.endsAt > t) {
      w.count++;
      return w;
    }
    const fresh = { count: 1, endsAt: t + ms };
    this.windows.set(key, fresh);
    return fresh;
  }

  // People who went quiet are forgotten, so the map does not grow without bound.
  private sweep(t: number): void {
    if (t - this.lastSweep < 60_000) return;
    for (const [k, w] of this.windows) if (w.endsAt <= t) this.windows.delete(k);
    this.lastSweep = t;
  }
}

/**
 * Invited accounts (staff, delegates, department officials) type in bursts — a constituency's
 * tally in /results is a dozen figures in a minute — and are known people, not anonymous: their
 * limits are this many times a voter's.
 */
export const INVITED_FACTOR = 5;

export interface RateLimits {
  messagesPerMinute: number;
  buttonsPerMinute: number;
}

const WINDOW_MS = 60_000;

export function rateLimit(limits: RateLimits, now: () => number = Date.now): MiddlewareFn<BotContext> {
  const store = new WindowStore(now);
  const told = new Set<string>(); // key@windowEnd: told once per window

  const refuse = async (ctx: BotContext, key: string, endsAt: number) => {
    ctx.feature = "rate-limit";
    const wait = Math.max(1, Math.ceil((endsAt - now()) / 1000));
    if (ctx.callbackQuery) return void (await ctx.answerCallbackQuery({ text: ctx.t("errors.rate_limited_button", { seconds: wait }) }));
    const once = `${key}@${endsAt}`;
    if (told.has(once)) return;
    if (told.size > 10_000) told.clear();
    told.add(once);
    await ctx.reply(ctx.t("errors.rate_limited", { seconds: wait }));
  };

  return (ctx, next) => {
    if (!ctx.from) return next();
    const press = !!ctx.callbackQuery;
    const invited = !!ctx.user && ctx.user.role !== "VOTER";
    const perMinute = (press ? limits.buttonsPerMinute : limits.messagesPerMinute) * (invited ? INVITED_FACTOR : 1);
    const key = `${press ? "btn" : "msg"}${invited ? "+" : ""}:${ctx.from.id}`;
    const window = store.hit(key, WINDOW_MS);
    return window.count <= perMinute ? next() : refuse(ctx, key, window.endsAt);
  };
}
