// Notices about suggestions, rendered in the recipient's language and sent through the Bot API.
// The service decides who gets what (and keeps authors of anonymous items out of delegates'
// notices); this module only turns a NoticeView into a message with its buttons.
// Used right after an act (deliverNow) and by the follow-up job (createNoticeSender).
import { GrammyError, InlineKeyboard, type Api } from "grammy";
import { isLocale } from "../config/locales.js";
import { createI18n, createTranslators, formatDate, type Translate } from "./i18n.js";
import type { LocalDate } from "../domain/dates.js";
import { deliverNotices } from "../services/suggestion-delivery.js";
import type { NoticeView } from "../services/suggestions.js";
import type { BotContext } from "./context.js";
import { rateKeyboard, sgButtons } from "./keyboards/suggestions.js";

let translators: ((l: "zh-CN" | "en" | "zh-TW") => Translate) | undefined;
function tFor(locale: string): Translate {
  translators ??= createTranslators(createI18n("zh-CN"));
  return translators(isLocale(locale) ? locale : "zh-CN");
}

/** A send that failed for good (the person blocked the bot, the chat is gone): not retried. */
export function isPermanentSendError(e: unknown): boolean {
  return e instanceof GrammyError && (e.error_code === 403 || (e.error_code === 400 && /chat not found|user is deactivated/i.test(e.description)));
}

export function renderNotice(n: NoticeView): { text: string; reply_markup?: InlineKeyboard } {
  const t = tFor(n.locale);
  const p = n.params as Record<string, string | number | boolean | null | undefined>;
  const no = String(p.trackingNo ?? "");
  const date = (d: unknown) => (typeof d === "string" ? formatDate(t, d as LocalDate) : "");
  const id = Number(n.suggestionId);
  // The fake ctx-less keyboards need a `t` and a locale: the small shim below.
  const kctx = { t, locale: isLocale(n.locale) ? n.locale : "zh-CN" } as unknown as BotContext;
  const vars = {
    no,
    note: p.note ?? "",
    into: p.into ?? "",
    department: p.department ?? "",
    deadline: date(p.deadline),
    lead: p.leadOfficial ?? "",
    rating: p.rating ? t(`sg.ratings.${String(p.rating)}`) : "",
    days: p.days ?? "",
    answeredOn: date(p.answeredOn),
    interpolation: { escapeValue: false },
  };
  switch (n.kind) {
    case "NEW":
      return { text: t("sg.notice.new", vars), reply_markup: new InlineKeyboard().text(t("sg.open"), sgButtons.inboxItem.pack({ id })) };
    case "ACK_REMINDER":
      return { text: t("sg.notice.ack_reminder", vars), reply_markup: new InlineKeyboard().text(t("sg.open"), sgButtons.inboxItem.pack({ id })) };
    case "STATUS": {
      const follower = p.follower === true;
      const action = String(p.action);
      let text = t(`sg.notice.author.${action}`, vars);
      if (action === "ASSIGN" && p.key) text += `\n${t("sg.notice.key", vars)}`;
      if (follower) text += `\n${t("sg.notice.follower", vars)}`;
      const answered = (action === "REPLY" || action === "ANSWER") && !follower;
      const kb = answered
        ? rateKeyboard(kctx, id, Number(p.answerCount))
        : action === "ASK_DETAIL" && !follower
          ? new InlineKeyboard().text(t("sg.give_detail"), sgButtons.detail.pack({ id, v: Number(p.version) }))
          : new InlineKeyboard().text(t("sg.open"), sgButtons.mineItem.pack({ id }));
      if (answered) text += `\n\n${t("sg.rate_question")}`;
      return { text, reply_markup: kb };
    }
    case "DELEGATE_STATUS":
      return { text: t(`sg.notice.delegate.${String(p.action)}`, vars), reply_markup: new InlineKeyboard().text(t("sg.open"), sgButtons.inboxItem.pack({ id })) };
    case "STAFF_STATUS":
      return { text: t(`sg.notice.staff.${String(p.action)}`, vars), reply_markup: new InlineKeyboard().text(t("sg.open"), sgButtons.staffItem.pack({ id })) };
    case "DUE_SOON":
    case "DUE_TODAY":
    case "OVERDUE_TO_SUPERVISOR":
      return { text: t(`sg.notice.${n.kind.toLowerCase()}`, vars), reply_markup: new InlineKeyboard().text(t("sg.open"), openButton(p.for, id)) };
    case "DEPARTMENT_ASSIGNED":
    case "LEAD_ASSIGNED": {
      const text = t(`sg.notice.${n.kind.toLowerCase()}`, vars) + (p.key && n.kind === "DEPARTMENT_ASSIGNED" ? `\n${t("sg.notice.key", vars)}` : "");
      return { text, reply_markup: new InlineKeyboard().text(t("sg.open"), openButton(p.for, id)) };
    }
    case "FOLLOW_UP":
      return { text: t("sg.notice.follow_up", vars), reply_markup: rateKeyboard(kctx, id, Number(p.answerCount)) };
    default:
      return { text: no };
  }
}

/** The "open" button for the reader a notice was made for (params.for; staff when not said). */
function openButton(reader: unknown, id: number): string {
  switch (reader) {
    case "DEPARTMENT":
      return sgButtons.deptItem.pack({ id });
    case "OFFICIAL":
      return sgButtons.ledItem.pack({ id });
    case "DELEGATE":
      return sgButtons.inboxItem.pack({ id });
    default:
      return sgButtons.staffItem.pack({ id });
  }
}

export type NoticeSender = (n: NoticeView) => Promise<void>;

/** Sends one notice through `api`; throws when Telegram refuses. */
export function createNoticeSender(api: Api): NoticeSender {
  return async (n) => {
    const { text, reply_markup } = renderNotice(n);
    await api.sendMessage(n.telegramId, text, reply_markup ? { reply_markup } : {});
  };
}

/**
 * Delivers the notices an act caused, now. A notice that fails stays in the table unsent and the
 * follow-up job tries again; one for a person who blocked the bot is given up.
 */
export async function deliverNow(ctx: BotContext, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await deliverNotices(ctx.services.suggestions, createNoticeSender(ctx.api), isPermanentSendError, ids, (e) => ctx.log.warn({ err: e }, "suggestion notice not delivered"));
}
