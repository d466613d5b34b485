// Outermost middleware: per-update logger, metrics for every update, handler latency.
import type { MiddlewareFn } from "grammy";
import type { Metrics } from "../../observability/metrics.js";
import type { BotContext } from "../context.js";

export function updateType(ctx: BotContext): string {
  return Object.keys(ctx.update).find((k) => k !== "update_id") ?? "unknown";
}

export function observe(metrics: Metrics): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const type = updateType(ctx);
    const stop = metrics.handlerSeconds.startTimer({ type });
    ctx.log = ctx.log.child({ update_id: ctx.update.update_id, chat_id: ctx.chat?.id });
    try {
      await next();
    } finally {
      stop();
      metrics.updates.inc({ type });
    }
  };
}
