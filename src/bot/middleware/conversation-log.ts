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

/** `text` with every secret of this update replaced, so a live code never reaches the log. */
function withoutSecrets(ctx: BotContext, text: string | null): string | null {
  if (text === null || !ctx.logSecrets?.length) return text;
  return ctx.logSecrets.reduce((t, secret) => (secret ? t.split(secret).join("[secret]") : t), text);
}

// Every outbound call the user would see, with its outcome: what Telegram refused (a blocked
// user's 403, a 429 after the retries) or never got (network) is kept too.
function recordOut(ctx: BotContext, method: string, payload: unknown, outcome: string): void {
  if (ctx.erased) return;
  const p = payload as Record<string, unknown>;
  ctx.services.conversationLog.record({
    at: new Date(),
    chatId: Number(p.chat_id ?? ctx.chat?.id) || null,
    telegramId: ctx.from?.id ?? null,
    direction: "OUT",
    kind: method,
    text: withoutSecrets(ctx, (p.text ?? p.caption ?? null) as string | null),
    callbackData: method === "answerCallbackQuery" ? (ctx.callbackQuery?.data ?? null) : null,
    locale: ctx.locale,
    feature: ctx.feature ?? null,
    updateId: ctx.update.update_id,
    outcome,
  });
}

export function conversationLog(): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const log = ctx.services.conversationLog;
    ctx.api.config.use(async (prev, method, payload, signal) => {
      if (!LOGGED_METHODS.has(method)) return prev(method, payload, signal);
      try {
        const result = await prev(method, payload, signal);
        recordOut(ctx, method, payload, result.ok ? "ok" : String(result.error_code));
        return result;
      } catch (e) {
        recordOut(ctx, method, payload, "network");
        throw e;
      }
    });
    try {
      await next();
    } finally {
      // Not ctx.msg: for a button press that is the bot's own message the button sits on.
      const m = ctx.message ?? ctx.editedMessage;
      if (!ctx.erased) log.record({
        at: m ? new Date(m.date * 1000) : new Date(),
        chatId: ctx.chat?.id ?? null,
        telegramId: ctx.from?.id ?? null,
        direction: "IN",
        kind: ctx.callbackQuery ? "callback_query" : `${updateType(ctx)}:${messageKind(m)}`,
        text: ctx.logText !== undefined ? ctx.logText : withoutSecrets(ctx, m?.text ?? m?.caption ?? null),
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
