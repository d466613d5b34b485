// Outermost middleware: per-update logger, metrics for every update, handler latency.
import type { MiddlewareFn } from "grammy";
import type { Metrics } from "../../observability/metrics.js";
import type { BotContext } from "../context.js";

/** Telegram's update types (Bot API 9): the only values a metric label may take, besides "other". */
export const KNOWN_UPDATE_TYPES: ReadonlySet<string> = new Set([
  "message",
  "edited_message",
  "channel_post",
  "edited_channel_post",
  "business_connection",
  "business_message",
  "edited_business_message",
  "deleted_business_messages",
  "message_reaction",
  "message_reaction_count",
  "inline_query",
  "chosen_inline_result",
  "callback_query",
  "shipping_query",
  "pre_checkout_query",
  "purchased_paid_media",
  "poll",
  "poll_answer",
  "my_chat_member",
  "chat_member",
  "chat_join_request",
  "chat_boost",
  "removed_chat_boost",
]);

/** The update's type, from the known list only: callers cannot grow the metric registry. */
export function updateType(ctx: BotContext): string {
  const key = Object.keys(ctx.update).find((k) => k !== "update_id");
  return key && KNOWN_UPDATE_TYPES.has(key) ? key : "other";
}

export function observe(metrics: Metrics): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const type = updateType(ctx);
    const stop = metrics.handlerSeconds.startTimer({ type });
    ctx.log = ctx.log.child({ update_id: ctx.update.update_id });
    try {
      await next();
    } finally {
      stop();
      metrics.updates.inc({ type });
    }
  };
}
