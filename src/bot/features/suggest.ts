// Voter: write a suggestion / criticism / opinion to the delegates of the linked constituency
// (/suggest), follow it (/mine), answer a question for detail, rate the answer, reopen once.
// Writing is a flow of explicit steps kept in the session (kind → category → delegates → text →
// photos → location → name or anonymous → preview → send), resumable and ended by /cancel.
import { Composer, InlineKeyboard, type CallbackQueryContext } from "grammy";
import type { SubmitError, SuggestionService } from "../../services/suggestions.js";
import { SuggestionService as Service } from "../../services/suggestions.js";
import { buttons, onButton } from "../callback-data.js";
import type { BotContext } from "../context.js";
import type { SuggestionDraft } from "../flows/suggestion-session.js";
import { formatDate } from "../i18n.js";
import {
  anonymityKeyboard,
  categoryKeyboard,
  confirmKeyboard,
  kindKeyboard,
  listKeyboard,
  localName,
  locationKeyboard,
  photosKeyboard,
  recipientsKeyboard,
  sgButtons,
} from "../keyboards/suggestions.js";
import { backToMenu } from "../keyboards/menu.js";
import { renderList, renderSuggestion } from "../render/suggestion.js";
import { deliverNow } from "../suggestion-notices.js";
import { FeatureComposer } from "../feature-composer.js";

export const suggestFeature = new FeatureComposer<BotContext>();

type Ctx = BotContext;

async function session(ctx: Ctx) {
  const s = await ctx.session;
  s.sg ??= {};
  return s.sg;
}

// ───────────── starting ─────────────

async function start(ctx: Ctx): Promise<unknown> {
  if (!ctx.user) return;
  const svc = ctx.services.suggestions;
  const compose = await svc.composeContext(ctx.user.id);
  if (!compose.constituency) {
    return ctx.reply(ctx.t("sg.not_linked"), { reply_markup: new InlineKeyboard().text(ctx.t("menu.find_constituency"), buttons.areaHome.pack({})) });
  }
  if (compose.delegates.length === 0) return ctx.reply(ctx.t("sg.no_delegates", { constituency: compose.constituency.name }));
  if ((await svc.remainingToday(ctx.user.id)) === 0) return ctx.reply(ctx.t("sg.errors.DAILY_LIMIT", { limit: svc.limits.perDay }));
  const sg = await session(ctx);
  sg.draft = { step: "kind", delegateIds: [], photos: [], key: Service.newIdempotencyKey() };
  delete sg.input;
  return ctx.reply(ctx.t("sg.start", { constituency: compose.constituency.name, delegates: compose.delegates.map((d) => d.fullName).join(ctx.t("list_separator")) }), {
    reply_markup: kindKeyboard(ctx),
  });
}

suggestFeature.command("suggest", start);
onButton(suggestFeature, sgButtons.start, async (ctx) => {
  await ctx.answerCallbackQuery();
  return start(ctx);
});

/** The draft, or an answer that the flow is over (an old button). */
async function draftFor(ctx: CallbackQueryContext<Ctx>, step: SuggestionDraft["step"] | SuggestionDraft["step"][]): Promise<SuggestionDraft | null> {
  const d = (await session(ctx)).draft;
  const steps = Array.isArray(step) ? step : [step];
  if (!d || !steps.includes(d.step)) {
    await ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
    return null;
  }
  return d;
}

onButton(suggestFeature, sgButtons.cancel, async (ctx) => {
  const sg = await session(ctx);
  delete sg.draft;
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(ctx.t("sg.cancelled"), { reply_markup: backToMenu(ctx) });
});

onButton(suggestFeature, sgButtons.kind, async (ctx, { kind }) => {
  const d = await draftFor(ctx, "kind");
  if (!d || !ctx.user) return;
  if (kind !== "SUGGESTION" && kind !== "CRITICISM" && kind !== "OPINION") return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  d.kind = kind;
  await ctx.answerCallbackQuery();
  const categories = await ctx.services.suggestions.categories();
  if (categories.length === 0) {
    d.categoryId = null;
    return afterCategory(ctx, d);
  }
  d.step = "category";
  await ctx.editMessageText(ctx.t("sg.ask_category"), { reply_markup: categoryKeyboard(ctx, categories) });
});

onButton(suggestFeature, sgButtons.category, async (ctx, { id }) => {
  const d = await draftFor(ctx, "category");
  if (!d) return;
  const categories = await ctx.services.suggestions.categories();
  if (id !== 0 && !categories.some((c) => c.id === id)) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  d.categoryId = id === 0 ? null : id;
  await ctx.answerCallbackQuery();
  return afterCategory(ctx, d);
});

async function afterCategory(ctx: CallbackQueryContext<Ctx>, d: SuggestionDraft) {
  const compose = await ctx.services.suggestions.composeContext(ctx.user!.id);
  if (compose.delegates.length > 1) {
    d.step = "recipients";
    return ctx.editMessageText(ctx.t("sg.ask_recipients"), { reply_markup: recipientsKeyboard(ctx, compose.delegates, d.delegateIds) });
  }
  d.step = "text";
  return ctx.editMessageText(ctx.t("sg.ask_text", { min: 15, max: 2000 }));
}

onButton(suggestFeature, sgButtons.recipient, async (ctx, { id }) => {
  const d = await draftFor(ctx, "recipients");
  if (!d) return;
  const { delegates } = await ctx.services.suggestions.composeContext(ctx.user!.id);
  if (id !== 0 && !delegates.some((x) => x.id === id)) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  if (id === 0) d.delegateIds = [];
  else d.delegateIds = d.delegateIds.includes(id) ? d.delegateIds.filter((x) => x !== id) : [...d.delegateIds, id];
  // Everyone chosen one by one is "all".
  if (d.delegateIds.length === delegates.length) d.delegateIds = [];
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup({ reply_markup: recipientsKeyboard(ctx, delegates, d.delegateIds) });
});

onButton(suggestFeature, sgButtons.recipientsDone, async (ctx) => {
  const d = await draftFor(ctx, "recipients");
  if (!d) return;
  d.step = "text";
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(ctx.t("sg.ask_text", { min: 15, max: 2000 }));
});

/** The text step (called by the input feature with the message text). */
export async function draftText(ctx: Ctx, d: SuggestionDraft, text: string): Promise<unknown> {
  const svc = ctx.services.suggestions;
  const check = svc.checkText(text);
  if (!check.ok) return ctx.reply(textError(ctx, check.error, check.limit, check.contentLength, check.displayLength));
  const dup = await svc.findNearDuplicate(ctx.user!.id, text);
  if (dup) return ctx.reply(ctx.t("sg.errors.NEAR_DUPLICATE", { no: dup.trackingNo, date: formatDate(ctx.t, dup.submittedOn) }));
  d.text = text.trim();
  d.step = "photos";
  return ctx.reply(ctx.t("sg.ask_photos", { max: svc.limits.maxPhotos }), { reply_markup: photosKeyboard(ctx, 0) });
}

function textError(ctx: Ctx, error: string, limit: number | null, content: number, display: number): string {
  if (error === "EMPTY") return ctx.t("sg.errors.EMPTY");
  if (error === "TOO_SHORT") return ctx.t("sg.errors.TOO_SHORT", { min: limit, count: content });
  return ctx.t("sg.errors.TOO_LONG", { max: limit, count: display });
}

/** The photo step: the largest size's file_id is kept (never downloaded). */
export async function draftPhoto(ctx: Ctx, d: SuggestionDraft, sizes: { file_id: string; file_size?: number }[]): Promise<unknown> {
  const { maxPhotos, maxPhotoBytes } = ctx.services.suggestions.limits;
  const largest = sizes.at(-1);
  if (!largest) return;
  if ((largest.file_size ?? 0) > maxPhotoBytes)
    return ctx.reply(ctx.t("sg.errors.PHOTO_TOO_BIG", { mb: Math.round(maxPhotoBytes / 1024 / 1024), size: ((largest.file_size ?? 0) / 1024 / 1024).toFixed(1) }), {
      reply_markup: photosKeyboard(ctx, d.photos.length),
    });
  if (d.photos.length >= maxPhotos) return ctx.reply(ctx.t("sg.errors.TOO_MANY_PHOTOS", { limit: maxPhotos }), { reply_markup: photosKeyboard(ctx, d.photos.length) });
  if (!d.photos.includes(largest.file_id)) d.photos.push(largest.file_id);
  return ctx.reply(ctx.t("sg.photo_received", { count: d.photos.length, max: maxPhotos }), { reply_markup: photosKeyboard(ctx, d.photos.length) });
}

onButton(suggestFeature, sgButtons.photosDone, async (ctx) => {
  const d = await draftFor(ctx, "photos");
  if (!d) return;
  d.step = "location";
  await ctx.answerCallbackQuery();
  await ctx.reply(ctx.t("sg.ask_location"), { reply_markup: locationKeyboard(ctx) });
});

export async function draftLocation(ctx: Ctx, d: SuggestionDraft, loc: { latitude: number; longitude: number } | null): Promise<unknown> {
  d.location = loc;
  d.step = "anonymity";
  return ctx.reply(ctx.t("sg.ask_anonymity"), { reply_markup: anonymityKeyboard(ctx) });
}

onButton(suggestFeature, sgButtons.locationSkip, async (ctx) => {
  const d = await draftFor(ctx, "location");
  if (!d) return;
  await ctx.answerCallbackQuery();
  return draftLocation(ctx, d, null);
});

onButton(suggestFeature, sgButtons.anonymity, async (ctx, { anon }) => {
  const d = await draftFor(ctx, "anonymity");
  if (!d) return;
  d.anonymous = anon === 1;
  d.step = "confirm";
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(await preview(ctx, d), { reply_markup: confirmKeyboard(ctx, d.key) });
});

async function preview(ctx: Ctx, d: SuggestionDraft): Promise<string> {
  const compose = await ctx.services.suggestions.composeContext(ctx.user!.id);
  const category = compose.categories.find((c) => c.id === d.categoryId);
  const to = d.delegateIds.length === 0 ? compose.delegates : compose.delegates.filter((x) => d.delegateIds.includes(x.id));
  return [
    ctx.t("sg.preview_title"),
    "",
    ctx.t("sg.preview_kind", { kind: ctx.t(`sg.kinds.${d.kind ?? "SUGGESTION"}`), category: category ? localName(ctx, category.names) : ctx.t("sg.category_other") }),
    ctx.t("sg.view.to", { constituency: compose.constituency?.name ?? "—", delegates: to.map((x) => x.fullName).join(ctx.t("list_separator")) }),
    d.anonymous ? ctx.t("sg.view.you_anonymous") : ctx.t("sg.view.you_named"),
    d.photos.length > 0 ? ctx.t("sg.view.photos", { count: d.photos.length }) : ctx.t("sg.preview_no_photos"),
    d.location ? ctx.t("sg.view.location") : ctx.t("sg.preview_no_location"),
    "",
    d.text ?? "",
    "",
    ctx.t("sg.preview_confirm"),
  ].join("\n");
}

onButton(suggestFeature, sgButtons.send, async (ctx, { key }) => {
  if (!ctx.user) return;
  const sg = await session(ctx);
  const d = sg.draft;
  if (!d || d.step !== "confirm" || d.key !== key) {
    // A second tap after the first one filed it: say so, file nothing.
    const filed = await ctx.services.suggestions.filedWithKey(ctx.user.id, key);
    return ctx.answerCallbackQuery({ text: filed ? ctx.t("sg.already_sent", { no: filed }) : ctx.t("errors.stale_button") });
  }
  const result = await ctx.services.suggestions.submit({
    userId: ctx.user.id,
    idempotencyKey: d.key,
    kind: d.kind ?? "SUGGESTION",
    categoryId: d.categoryId ?? null,
    delegateIds: d.delegateIds,
    text: d.text ?? "",
    photos: d.photos,
    location: d.location ?? null,
    anonymous: d.anonymous ?? false,
    locale: ctx.locale,
  });
  if (!result.ok) {
    await ctx.answerCallbackQuery();
    // The draft stays (nothing lost) unless it can never be sent.
    if (result.error === "NEAR_DUPLICATE" || result.error === "DAILY_LIMIT" || result.error === "NOT_LINKED" || result.error === "NO_DELEGATES") delete sg.draft;
    return ctx.reply(submitError(ctx, result));
  }
  delete sg.draft;
  await ctx.answerCallbackQuery({ text: ctx.t("sg.sent_toast") });
  await ctx.editMessageText(ctx.t("sg.sent", { no: result.trackingNo }), {
    reply_markup: new InlineKeyboard().text(ctx.t("sg.my_suggestions"), sgButtons.mine.pack({ page: 0 })),
  });
  await deliverNow(ctx, result.notices);
});

function submitError(ctx: Ctx, e: SubmitError): string {
  switch (e.error) {
    case "TEXT":
      return textError(ctx, e.check.error, e.check.limit, e.check.contentLength, e.check.displayLength);
    case "NEAR_DUPLICATE":
      return ctx.t("sg.errors.NEAR_DUPLICATE", { no: e.trackingNo, date: formatDate(ctx.t, e.submittedOn) });
    case "DAILY_LIMIT":
    case "TOO_MANY_PHOTOS":
      return ctx.t(`sg.errors.${e.error}`, { limit: e.limit });
    case "NOT_LINKED":
      return ctx.t("sg.not_linked");
    default:
      return ctx.t(`sg.errors.${e.error}`);
  }
}

// ───────────── /mine ─────────────

async function showMine(ctx: Ctx, page: number, edit: boolean): Promise<unknown> {
  if (!ctx.user) return;
  const list = await ctx.services.suggestions.mine(ctx.user.id, page);
  const text = list.total === 0 ? ctx.t("sg.mine_empty") : renderList(ctx, ctx.t("sg.mine_title"), list, false);
  const kb = listKeyboard(ctx, list, (s) => sgButtons.mineItem.pack({ id: s.id }), (p) => sgButtons.mine.pack({ page: p }));
  kb.text(ctx.t("sg.write_new"), sgButtons.start.pack({})).row().text(ctx.t("menu.back_to_menu"), buttons.menu.pack({}));
  return edit ? ctx.editMessageText(text, { reply_markup: kb }) : ctx.reply(text, { reply_markup: kb });
}

suggestFeature.command("mine", (ctx) => showMine(ctx, 0, false));
onButton(suggestFeature, sgButtons.mine, async (ctx, { page }) => {
  await ctx.answerCallbackQuery();
  return showMine(ctx, Math.max(0, page), true);
});

export async function showMineItem(ctx: Ctx, id: number, edit = false): Promise<unknown> {
  const s = ctx.user ? await ctx.services.suggestions.forAuthor(ctx.user.id, id) : null;
  if (!s) return ctx.reply(ctx.t("sg.errors.NOT_FOUND"));
  const kb = new InlineKeyboard();
  if (s.actions.includes("DETAIL_GIVEN")) kb.text(ctx.t("sg.give_detail"), sgButtons.detail.pack({ id, v: s.version })).row();
  if (s.actions.includes("RATE")) for (const r of ["SATISFIED", "BASICALLY_SATISFIED", "DISSATISFIED"] as const) kb.text(ctx.t(`sg.ratings.${r}`), sgButtons.rate.pack({ id, n: s.answerCount, r })).row();
  if (s.actions.includes("REOPEN")) kb.text(ctx.t("sg.reopen"), sgButtons.reopen.pack({ id, v: s.version })).row();
  if (s.actions.includes("WITHDRAW")) kb.text(ctx.t("sg.withdraw"), sgButtons.withdraw.pack({ id, v: s.version })).row();
  kb.text(ctx.t("sg.my_suggestions"), sgButtons.mine.pack({ page: 0 }));
  const text = renderSuggestion(ctx, s, "AUTHOR");
  return edit ? ctx.editMessageText(text, { reply_markup: kb }) : ctx.reply(text, { reply_markup: kb });
}

onButton(suggestFeature, sgButtons.mineItem, async (ctx, { id }) => {
  await ctx.answerCallbackQuery();
  return showMineItem(ctx, id);
});

/** The message for a refused act, in the reader's language. */
export function actErrorText(ctx: Ctx, error: string, mergedInto?: string | null): string {
  if (error === "SUGGESTION_CLOSED" && mergedInto) return ctx.t("sg.errors.MERGED", { no: mergedInto });
  if (error === "OUTSIDE_SCOPE") return ctx.t("errors.outside_scope"); // staff of another township
  const key = `sg.errors.${error}`;
  const text = ctx.t(key);
  return text === key ? ctx.t("sg.errors.NOT_ALLOWED_IN_STATE") : text;
}

onButton(suggestFeature, sgButtons.withdraw, async (ctx, { id, v }) => {
  if (!ctx.user) return;
  const r = await ctx.services.suggestions.act({ userId: ctx.user.id, as: "AUTHOR" }, id, { type: "WITHDRAW" }, v);
  if (!r.ok) return ctx.answerCallbackQuery({ text: actErrorText(ctx, r.error, r.mergedInto), show_alert: true });
  await ctx.answerCallbackQuery({ text: ctx.t("sg.withdrawn", { no: r.trackingNo }) });
  await deliverNow(ctx, r.notices);
  return showMineItem(ctx, id, true);
});

onButton(suggestFeature, sgButtons.detail, async (ctx, { id, v }) => {
  const s = ctx.user ? await ctx.services.suggestions.forAuthor(ctx.user.id, id) : null;
  if (!s) return ctx.answerCallbackQuery({ text: ctx.t("sg.errors.NOT_FOUND") });
  if (s.version !== v || !s.actions.includes("DETAIL_GIVEN")) return ctx.answerCallbackQuery({ text: actErrorText(ctx, s.mergedInto ? "SUGGESTION_CLOSED" : "STALE", s.mergedInto?.trackingNo), show_alert: true });
  (await session(ctx)).input = { kind: "detail", id, v };
  await ctx.answerCallbackQuery();
  const question = [...s.timeline].reverse().find((e) => e.action === "ASK_DETAIL")?.note ?? "";
  return ctx.reply(ctx.t("sg.ask_detail_text", { no: s.trackingNo, question }));
});

onButton(suggestFeature, sgButtons.rate, async (ctx, { id, n, r }) => {
  if (!ctx.user) return;
  if (r !== "SATISFIED" && r !== "BASICALLY_SATISFIED" && r !== "DISSATISFIED") return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  const result = await ctx.services.suggestions.act({ userId: ctx.user.id, as: "AUTHOR" }, id, { type: "RATE", rating: r, answerCount: n });
  if (!result.ok) {
    const text = result.error === "STALE" || result.error === "NOT_ALLOWED_IN_STATE" || result.error === "SUGGESTION_CLOSED" ? ctx.t("sg.errors.RATE_STALE") : actErrorText(ctx, result.error, result.mergedInto);
    return ctx.answerCallbackQuery({ text, show_alert: true });
  }
  await ctx.answerCallbackQuery({ text: ctx.t("sg.rated_toast") });
  await deliverNow(ctx, result.notices);
  const sg = await session(ctx);
  const s = await ctx.services.suggestions.forAuthor(ctx.user.id, id);
  sg.input = { kind: "rate_comment", id, v: s?.version ?? 0 };
  const kb = new InlineKeyboard();
  if (s?.actions.includes("REOPEN")) kb.text(ctx.t("sg.reopen"), sgButtons.reopen.pack({ id, v: s.version })).row();
  kb.text(ctx.t("sg.skip"), sgButtons.skipInput.pack({}));
  const lines = [ctx.t("sg.rated", { no: result.trackingNo, rating: ctx.t(`sg.ratings.${r}`) })];
  if (s?.actions.includes("REOPEN")) lines.push(ctx.t("sg.may_reopen"));
  if (result.status === "CLOSED") lines.push(ctx.t("sg.closed_after_rating"));
  lines.push(ctx.t("sg.ask_comment"));
  return ctx.reply(lines.join("\n"), { reply_markup: kb });
});

onButton(suggestFeature, sgButtons.reopen, async (ctx, { id, v }) => {
  const s = ctx.user ? await ctx.services.suggestions.forAuthor(ctx.user.id, id) : null;
  if (!s) return ctx.answerCallbackQuery({ text: ctx.t("sg.errors.NOT_FOUND") });
  if (s.version !== v || !s.actions.includes("REOPEN")) {
    const why = s.reopenCount >= 1 ? "ALREADY_REOPENED" : s.status === "CLOSED" ? "SUGGESTION_CLOSED" : "STALE";
    return ctx.answerCallbackQuery({ text: actErrorText(ctx, why), show_alert: true });
  }
  (await session(ctx)).input = { kind: "reopen", id, v };
  await ctx.answerCallbackQuery();
  return ctx.reply(ctx.t("sg.ask_reopen_reason", { no: s.trackingNo }));
});

onButton(suggestFeature, sgButtons.skipInput, async (ctx) => {
  const sg = await session(ctx);
  delete sg.input;
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup({ reply_markup: new InlineKeyboard().text(ctx.t("sg.my_suggestions"), sgButtons.mine.pack({ page: 0 })) });
});

/** Author's typed inputs: detail, reopen reason, rating comment. */
export async function authorInput(ctx: Ctx, svc: SuggestionService, kind: "detail" | "reopen" | "rate_comment", id: number, v: number, text: string): Promise<unknown> {
  const userId = ctx.user!.id;
  if (kind === "rate_comment") {
    const ok = await svc.addRatingComment(userId, id, text);
    return ctx.reply(ok ? ctx.t("sg.comment_saved") : ctx.t("sg.errors.NOT_FOUND"));
  }
  const act = kind === "detail" ? ({ type: "DETAIL_GIVEN", text } as const) : ({ type: "REOPEN", reason: text } as const);
  const r = await svc.act({ userId, as: "AUTHOR" }, id, act, v);
  if (!r.ok) return ctx.reply(actErrorText(ctx, r.error, r.mergedInto));
  await ctx.reply(ctx.t(kind === "detail" ? "sg.detail_sent" : "sg.reopened", { no: r.trackingNo }));
  await deliverNow(ctx, r.notices);
}
