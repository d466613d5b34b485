// Per-person flood limits with @grammyjs/ratelimiter: messages and button presses are counted
// separately (browsing menus is many quick presses; typing is slower), each in its own window.
// Over a limit the person is told once per window, with the time they can go on; a press is
// always answered (or its spinner never stops), a message beyond that is dropped quietly.
//
// The plugin's default memory store clears all counters on one global interval, so nobody can be
// told when their window ends. We give it a store of our own with a window per person (the
// plugin's Redis interface: incr + pexpire), which also tells when each window ends.
import { limit } from "@grammyjs/ratelimiter";
import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../context.js";

/** incr/pexpire like Redis, in memory, per instance; expired windows are swept as we go. */
export class WindowStore {
  private readonly windows = new Map<string, { count: number; endsAt: number }>();
  private lastSweep: number;

  constructor(private readonly now: () => number = Date.now) {
    this.lastSweep = now();
  }

  async incr(key: string): Promise<number> {
    const t = this.now();
    this.sweep(t);
    const w = this.windows.get(key);
    if (!w || w.endsAt <= t) {
      // A new window; pexpire follows on the first hit and sets its end.
      this.windows.set(key, { count: 1, endsAt: Infinity });
      return 1;
    }
    return ++w.count;
  }

  async pexpire(key: string, ms: number): Promise<number> {
    const w = this.windows.get(key);
    if (!w) return 0;
    w.endsAt = this.now() + ms;
    return 1;
  }

  endsAt(key: string): number | undefined {
    return this.windows.get(key)?.endsAt;
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

export function rateLimit(limits: RateLimits, now: () => number = Date.now): MiddlewareFn<BotContext> {
  const store = new WindowStore(now);
  const told = new Set<string>(); // key@windowEnd: told once per window
  const seconds = (key: string) => Math.max(1, Math.ceil(((store.endsAt(key) ?? now()) - now()) / 1000));

  const guard = (kind: string, perMinute: number) =>
    limit<BotContext, WindowStore>({
      timeFrame: 60_000,
      limit: perMinute,
      storageClient: store,
      keyPrefix: `${kind}:`,
      keyGenerator: (ctx) => (ctx.from ? String(ctx.from.id) : undefined),
      alwaysReply: true,
      onLimitExceeded: async (ctx) => {
        ctx.feature = "rate-limit";
        const key = `${kind}:${ctx.from!.id}`;
        const wait = seconds(key);
        if (ctx.callbackQuery) return void (await ctx.answerCallbackQuery({ text: ctx.t("errors.rate_limited_button", { seconds: wait }) }));
        const once = `${key}@${store.endsAt(key)}`;
        if (told.has(once)) return;
        if (told.size > 10_000) told.clear();
        told.add(once);
        await ctx.reply(ctx.t("errors.rate_limited", { seconds: wait }));
      },
    });

  const voter = { messages: guard("msg", limits.messagesPerMinute), presses: guard("btn", limits.buttonsPerMinute) };
  const invited = {
    messages: guard("msg+", limits.messagesPerMinute * INVITED_FACTOR),
    presses: guard("btn+", limits.buttonsPerMinute * INVITED_FACTOR),
  };
  return (ctx, next) => {
    const guards = ctx.user && ctx.user.role !== "VOTER" ? invited : voter;
    return ctx.callbackQuery ? guards.presses(ctx, next) : guards.messages(ctx, next);
  };
}
