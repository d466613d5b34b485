// The Telegram side of the outbox: renders a claimed delivery (a staff text, a reminder in the
// person's own language with an unsubscribe button, or a delegate's report-back with its rating
// and comment buttons) and sends it with a plain grammY Api — no
// retries here: the sender decides what a 429, a 403 or a 5xx means — and edits the staff
// member's progress message.
import { Api, GrammyError, HttpError } from "grammy";
import type { Config, Locale } from "../config/config.js";
import { isLocale } from "../config/locales.js";
import type { OutboxTransport, SendOutcome } from "../jobs/outbox-sender.js";
import type { ReportPush } from "../services/delegate-work.js";
import type { Services } from "../services/index.js";
import type { BroadcastProgress, ClaimedDelivery } from "../services/outbox.js";
import { toLocalDate } from "../domain/dates.js";
import { createI18n, createTranslators, type Translate } from "./i18n.js";
import { broadcastControls, unsubscribeKeyboard } from "./keyboards/staff-ops.js";
import { reportFeedbackKeyboard } from "./keyboards/suggestions.js";
import { renderBulletin } from "./bulletin-text.js";
import { renderReminder } from "./reminder-text.js";

export function createOutboxTransport(
  config: Config,
  services: Services,
  telegram: { token: string; fetch?: typeof fetch },
): OutboxTransport {
  const api = new Api(telegram.token, {
    ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
    ...(telegram.fetch ? { fetch: telegram.fetch } : {}),
  });
  const tFor = createTranslators(createI18n(config.DEFAULT_LOCALE));
  const localeOf = (locale: string | null): Locale => (isLocale(locale) ? locale : (config.DEFAULT_LOCALE as Locale));
  const t = (locale: string | null): Translate => tFor(localeOf(locale));

  const log = (chatId: number, kind: string, text: string, outcome: string, locale: string | null) =>
    services.conversationLog.record({ at: services.clock.now(), chatId, telegramId: chatId, direction: "OUT", kind, text, locale, feature: "outbox", outcome });

  return {
    async send(d: ClaimedDelivery): Promise<SendOutcome> {
      const paid = d.paid ? { allow_paid_broadcast: true } : {};
      let method = "sendMessage";
      let text = d.text;
      try {
        let messageId: number;
        if (d.kind === "BULLETIN") {
          text = renderBulletin(t(d.locale), localeOf(d.locale), d.payload);
          messageId = (await api.sendMessage(d.chatId, text, paid)).message_id;
        } else if (d.kind === "REMINDER") {
          const tr = t(d.locale);
          text = renderReminder(tr, d.payload, toLocalDate(services.clock.now(), config.TIMEZONE));
          messageId = (await api.sendMessage(d.chatId, text, { reply_markup: unsubscribeKeyboard(tr), ...paid })).message_id;
        } else if (d.kind === "REPORT_BACK") {
          const tr = t(d.locale);
          const push = d.payload as ReportPush;
          text = [tr("report.push_header", { name: push.delegateName }), "", push.title, "", d.text, "", tr("report.push_footer")].join("\n");
          messageId = (await api.sendMessage(d.chatId, text, { reply_markup: reportFeedbackKeyboard(tr, push.reportId), ...paid })).message_id;
        } else if (d.media?.kind === "photo") {
          method = "sendPhoto";
          messageId = (await api.sendPhoto(d.chatId, d.media.fileId, { caption: d.text, ...paid })).message_id;
        } else if (d.media?.kind === "document") {
          method = "sendDocument";
          messageId = (await api.sendDocument(d.chatId, d.media.fileId, { caption: d.text, ...paid })).message_id;
        } else {
          messageId = (await api.sendMessage(d.chatId, d.text, paid)).message_id;
        }
        log(d.chatId, method, text, "ok", d.locale);
        return { ok: true, messageId };
      } catch (e) {
        if (e instanceof GrammyError) {
          log(d.chatId, method, text, String(e.error_code), d.locale);
          return { ok: false, errorCode: e.error_code, description: e.description, retryAfter: e.parameters.retry_after ?? null };
        }
        log(d.chatId, method, text, "network", d.locale);
        return { ok: false, errorCode: null, description: e instanceof HttpError ? e.message : String(e), retryAfter: null };
      }
    },

    async showProgress(p: BroadcastProgress): Promise<void> {
      if (p.progressChatId === null || p.progressMessageId === null) return;
      const tr = t(p.progressLocale);
      await api
        .editMessageText(p.progressChatId, p.progressMessageId, progressText(tr, p), {
          ...(broadcastControls(tr, p.id, p.status) ? { reply_markup: broadcastControls(tr, p.id, p.status) } : {}),
        })
        .catch((e: unknown) => {
          // "message is not modified" when nothing changed since the last edit.
          if (!(e instanceof GrammyError && e.error_code === 400)) throw e;
        });
    },
  };
}

/** "📨 广播 #3：发送中 — 已发送 120 / 500，失败 2，剩余 378，预计还需 13 秒" */
export function progressText(t: Translate, p: BroadcastProgress): string {
  return [
    t("broadcast.progress_title", { id: p.id, status: t(`broadcast.status.${p.status}`) }),
    t("broadcast.progress_counts", { sent: p.sent, total: p.total, failed: p.failed, unreachable: p.unreachable, left: p.left }),
    ...(p.status === "SENDING" && p.left > 0 ? [t("broadcast.progress_eta", { eta: duration(t, p.etaSeconds) })] : []),
  ].join("\n");
}

/** Seconds as "2 小时 5 分" / "2 h 5 min" / "40 秒". */
export function duration(t: Translate, seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return t("broadcast.seconds", { count: s });
  const m = Math.ceil(s / 60);
  if (m < 60) return t("broadcast.minutes", { count: m });
  return t("broadcast.hours", { h: Math.floor(m / 60), m: m % 60 });
}
