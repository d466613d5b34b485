// Per-person flood limit (sliding one-minute window, per instance). Over the limit the person
// is told once; further messages are dropped and button presses only get a short answer until
// the window frees up.
import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../context.js";

export function rateLimit(perMinute: number, now: () => number = Date.now): MiddlewareFn<BotContext> {
  const hits = new Map<number, number[]>();
  const warned = new Set<number>();
  let lastSweep = now();
  return async (ctx, next) => {
    const id = ctx.from?.id;
    if (id === undefined) return next();
    const t = now();
    const windowStart = t - 60_000;
    if (t - lastSweep > 60_000) {
      // Forget people who went quiet, so the map does not grow without bound.
      for (const [k, v] of hits) if ((v.at(-1) ?? 0) < windowStart) (hits.delete(k), warned.delete(k));
      lastSweep = t;
    }
    const recent = (hits.get(id) ?? []).filter((x) => x > windowStart);
    if (recent.length >= perMinute) {
      ctx.feature = "rate-limit";
      // A button press is always answered (else its spinner never stops); a message only once.
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t("errors.rate_limited_button") });
      else if (!warned.has(id)) await ctx.reply(ctx.t("errors.rate_limited"));
      warned.add(id);
      hits.set(id, recent);
      return;
    }
    warned.delete(id);
    recent.push(t);
    hits.set(id, recent);
    await next();
  };
}
