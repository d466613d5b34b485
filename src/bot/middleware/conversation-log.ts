// Records the inbound update (after handling, so the feature that took it is known) and every
// outbound call that carries something the user sees.
import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../context.js";
import { updateType } from "./observe.js";

// Outbound methods worth keeping: what the user saw, including edits and callback answers.
const LOGGED_METHODS = new Set([
  "sendMessage",
  "editMessageText",
  "editMessageReplyMarkup",
  "answerCallbackQuery",
  "sendLocation",
  "sendVenue",
  "sendPhoto",
  "sendDocument",
  "deleteMessage",
]);

export function conversationLog(): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const log = ctx.services.conversationLog;
    ctx.api.config.use(async (prev, method, payload, signal) => {
      const result = await prev(method, payload, signal);
      if (result.ok && LOGGED_METHODS.has(method)) {
        const p = payload as Record<string, unknown>;
        const chatId = Number(p.chat_id ?? ctx.chat?.id) || null;
        log.record({
          at: new Date(),
          chatId,
          telegramId: ctx.from?.id ?? null,
          direction: "OUT",
          kind: method,
          text: (p.text ?? p.caption ?? null) as string | null,
          callbackData: method === "answerCallbackQuery" ? (ctx.callbackQuery?.data ?? null) : null,
          locale: ctx.locale,
          feature: ctx.feature ?? null,
          updateId: ctx.update.update_id,
        });
      }
      return result;
    });
    try {
      await next();
    } finally {
      // Not ctx.msg: for a button press that is the bot's own message the button sits on.
      const m = ctx.message ?? ctx.editedMessage;
      log.record({
        at: m ? new Date(m.date * 1000) : new Date(),
        chatId: ctx.chat?.id ?? null,
        telegramId: ctx.from?.id ?? null,
        direction: "IN",
        kind: ctx.callbackQuery ? "callback_query" : `${updateType(ctx)}:${messageKind(m)}`,
        text: m?.text ?? m?.caption ?? null,
        callbackData: ctx.callbackQuery?.data ?? null,
        locale: ctx.locale,
        feature: ctx.feature ?? null,
        updateId: ctx.update.update_id,
      });
    }
  };
}

function messageKind(m: BotContext["msg"]): string {
  if (!m) return "none";
  for (const k of ["text", "location", "contact", "sticker", "photo", "voice", "video", "document", "audio", "animation", "video_note"] as const)
    if (k in m) return k;
  return "other";
}
