// Delegate: the inbox of suggestions addressed to them (/inbox), with filters (new, open, overdue,
// all; by category) and the delegate's acts: acknowledge, ask for detail, reply, raise as a formal
// suggestion, merge into another, reject with a reason, close a reopened one with a reason.
// A delegate sees only their own inbox; the author of an anonymous item is never shown.
import { Composer, InlineKeyboard, type CallbackQueryContext } from "grammy";
import type { InboxFilter, SuggestionActionType } from "../../services/suggestions.js";
import { buttons, onButton } from "../callback-data.js";
import type { BotContext } from "../context.js";
import type { PendingInputKind } from "../flows/suggestion-session.js";
import { listKeyboard, localName, sgButtons } from "../keyboards/suggestions.js";
import { requireRole } from "../middleware/roles.js";
import { renderList, renderSuggestion } from "../render/suggestion.js";
import { deliverNow } from "../suggestion-notices.js";
import { actErrorText } from "./suggest.js";
import { FeatureComposer } from "../feature-composer.js";

export const delegateInboxFeature = new FeatureComposer<BotContext>();
type Ctx = BotContext;

const FILTERS = ["new", "open", "overdue", "all"] as const;
const isFilter = (f: string): f is (typeof FILTERS)[number] | "cat" => (FILTERS as readonly string[]).includes(f) || f === "cat";

async function showInbox(ctx: Ctx, filter: InboxFilter | "cat", categoryId: number, page: number, edit: boolean): Promise<unknown> {
  if (!ctx.user) return;
  const svc = ctx.services.suggestions;
  if (filter === "cat") {
    const kb = new InlineKeyboard().text(ctx.t("inbox.all_categories"), sgButtons.inbox.pack({ f: "open", c: 0, p: 0 })).row();
    for (const c of await svc.categories()) kb.text(localName(ctx, c.names), sgButtons.inbox.pack({ f: "open", c: c.id, p: 0 })).row();
    return ctx.editMessageText(ctx.t("inbox.choose_category"), { reply_markup: kb });
  }
  const inbox = await svc.inbox(ctx.user.id, { filter, categoryId: categoryId || null, page });
  if (!inbox) {
    const text = ctx.t("delegate.not_linked");
    return edit ? ctx.editMessageText(text) : ctx.reply(text);
  }
  const category = categoryId ? (await svc.categories()).find((c) => c.id === categoryId) : undefined;
  const title = ctx.t("inbox.title", { name: inbox.delegate, filter: ctx.t(`inbox.filters.${filter}`) }) + (category ? ` · ${localName(ctx, category.names)}` : "");
  const text = renderList(ctx, title, inbox, true);
  const kb = listKeyboard(ctx, inbox, (s) => sgButtons.inboxItem.pack({ id: s.id }), (p) => sgButtons.inbox.pack({ f: filter, c: categoryId, p }));
  for (const f of FILTERS) kb.text(`${f === filter ? "· " : ""}${ctx.t(`inbox.filters.${f}`)}`, sgButtons.inbox.pack({ f, c: categoryId, p: 0 }));
  kb.row().text(ctx.t("inbox.by_category"), sgButtons.inbox.pack({ f: "cat", c: 0, p: 0 })).row().text(ctx.t("menu.back_to_menu"), buttons.menu.pack({}));
  return edit ? ctx.editMessageText(text, { reply_markup: kb }) : ctx.reply(text, { reply_markup: kb });
}

delegateInboxFeature.command("inbox", requireRole("DELEGATE"), (ctx) => showInbox(ctx, "open", 0, 0, false));
onButton(delegateInboxFeature, sgButtons.inbox, requireRole("DELEGATE"), async (ctx, { f, c, p }) => {
  if (!isFilter(f)) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  await ctx.answerCallbackQuery();
  return showInbox(ctx, f, c, Math.max(0, p), true);
});

// The acts offered as buttons, in this order; the ones that need a text ask for it.
const BUTTON_ACTS: SuggestionActionType[] = ["ACKNOWLEDGE", "REPLY", "ASK_DETAIL", "RAISE_FORMAL", "MERGE", "REJECT", "CLOSE"];
const TEXT_ACTS: Partial<Record<SuggestionActionType, PendingInputKind>> = { REPLY: "reply", ASK_DETAIL: "ask", REJECT: "reject", CLOSE: "close" };

export async function showInboxItem(ctx: Ctx, id: number, edit = false): Promise<unknown> {
  const s = ctx.user ? await ctx.services.suggestions.forDelegate(ctx.user.id, id) : null;
  if (!s) return ctx.reply(ctx.t("inbox.not_yours"));
  const kb = new InlineKeyboard();
  for (const a of BUTTON_ACTS) if (s.actions.includes(a)) kb.text(ctx.t(`inbox.acts.${a}`), sgButtons.inboxAct.pack({ id, v: s.version, a })).row();
  if (s.photos.length > 0 || s.location) kb.text(ctx.t("inbox.show_media"), sgButtons.media.pack({ id })).row();
  kb.text(ctx.t("inbox.back"), sgButtons.inbox.pack({ f: "open", c: 0, p: 0 }));
  const text = renderSuggestion(ctx, s, "DELEGATE");
  return edit ? ctx.editMessageText(text, { reply_markup: kb }) : ctx.reply(text, { reply_markup: kb });
}

onButton(delegateInboxFeature, sgButtons.inboxItem, requireRole("DELEGATE"), async (ctx, { id }) => {
  await ctx.answerCallbackQuery();
  return showInboxItem(ctx, id);
});

/** Photos are sent again by their file_id (Telegram keeps them; the sender is the bot, not the author). */
onButton(delegateInboxFeature, sgButtons.media, requireRole("DELEGATE"), async (ctx, { id }) => {
  const s = ctx.user ? await ctx.services.suggestions.forDelegate(ctx.user.id, id) : null;
  if (!s) return ctx.answerCallbackQuery({ text: ctx.t("inbox.not_yours"), show_alert: true });
  await ctx.answerCallbackQuery();
  for (const fileId of s.photos) await ctx.replyWithPhoto(fileId, { caption: s.trackingNo });
  if (s.location) await ctx.replyWithLocation(s.location.latitude, s.location.longitude);
});

async function refuse(ctx: CallbackQueryContext<Ctx>, error: string, mergedInto?: string | null) {
  return ctx.answerCallbackQuery({ text: error === "NOT_YOURS" || error === "NOT_FOUND" ? ctx.t("inbox.not_yours") : actErrorText(ctx, error, mergedInto), show_alert: true });
}

onButton(delegateInboxFeature, sgButtons.inboxAct, requireRole("DELEGATE"), async (ctx, { id, v, a }) => {
  if (!ctx.user) return;
  const s = await ctx.services.suggestions.forDelegate(ctx.user.id, id);
  if (!s) return refuse(ctx, "NOT_YOURS");
  if (s.version !== v) return refuse(ctx, s.mergedInto || ["CLOSED", "REJECTED", "WITHDRAWN", "MERGED"].includes(s.status) ? "SUGGESTION_CLOSED" : "STALE", s.mergedInto?.trackingNo);
  const action = a as SuggestionActionType;
  if (!s.actions.includes(action)) return refuse(ctx, "NOT_ALLOWED_IN_STATE");
  const textKind = TEXT_ACTS[action];
  if (textKind) {
    const sess = await ctx.session;
    sess.sg = { ...(sess.sg ?? {}), input: { kind: textKind, id, v, by: "DELEGATE" } };
    await ctx.answerCallbackQuery();
    return ctx.reply(ctx.t(`inbox.ask_text.${textKind}`, { no: s.trackingNo }));
  }
  if (action === "MERGE") {
    const targets = await ctx.services.suggestions.mergeTargets({ userId: ctx.user.id, as: "DELEGATE" }, id);
    await ctx.answerCallbackQuery();
    if (targets.length === 0) return ctx.reply(ctx.t("inbox.no_merge_targets"));
    const kb = new InlineKeyboard();
    for (const t of targets) kb.text(`${t.trackingNo} · ${t.excerpt}`, sgButtons.mergeInto.pack({ id, v, t: t.id })).row();
    return ctx.reply(ctx.t("inbox.choose_merge_target", { no: s.trackingNo }), { reply_markup: kb });
  }
  const r = await ctx.services.suggestions.act({ userId: ctx.user.id, as: "DELEGATE" }, id, { type: action } as { type: "ACKNOWLEDGE" | "RAISE_FORMAL" }, v);
  if (!r.ok) return refuse(ctx, r.error, r.mergedInto);
  await ctx.answerCallbackQuery({ text: ctx.t(`inbox.done.${action}`, { no: r.trackingNo }) });
  await deliverNow(ctx, r.notices);
  return showInboxItem(ctx, id, true);
});

onButton(delegateInboxFeature, sgButtons.mergeInto, requireRole("DELEGATE"), async (ctx, { id, v, t }) => {
  if (!ctx.user) return;
  const r = await ctx.services.suggestions.act({ userId: ctx.user.id, as: "DELEGATE" }, id, { type: "MERGE", targetId: t }, v);
  if (!r.ok) return refuse(ctx, r.error, r.mergedInto);
  await ctx.answerCallbackQuery({ text: ctx.t("inbox.done.MERGE", { no: r.trackingNo }) });
  await deliverNow(ctx, r.notices);
  return showInboxItem(ctx, id, true);
});

/** A delegate's typed text for a pending act. */
export async function delegateInput(ctx: Ctx, kind: "reply" | "ask" | "reject" | "close", id: number, v: number, text: string): Promise<unknown> {
  const act =
    kind === "reply" ? ({ type: "REPLY", text } as const)
    : kind === "ask" ? ({ type: "ASK_DETAIL", question: text } as const)
    : kind === "reject" ? ({ type: "REJECT", reason: text } as const)
    : ({ type: "CLOSE", reason: text } as const);
  const r = await ctx.services.suggestions.act({ userId: ctx.user!.id, as: "DELEGATE" }, id, act, v);
  if (!r.ok) return ctx.reply(r.error === "NOT_YOURS" ? ctx.t("inbox.not_yours") : actErrorText(ctx, r.error, r.mergedInto));
  await ctx.reply(ctx.t(`inbox.done.${act.type}`, { no: r.trackingNo }));
  await deliverNow(ctx, r.notices);
  return showInboxItem(ctx, id);
}
