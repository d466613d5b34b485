// Buttons of the suggestion journeys (voter, delegate inbox, staff), the activity record and
// report-back. Every kind is declared once here; buttons that act on a suggestion carry the
// version they were made for, so an old button changes nothing.
import { InlineKeyboard } from "grammy";
import type { ActivityKind, Period } from "../../services/delegate-work.js";
import type { CategoryView, Names, Rating, SuggestionKind, SuggestionListItem, Page } from "../../services/suggestions.js";
import { defineButton } from "../callback-data.js";
import type { BotContext } from "../context.js";
import type { Translate } from "../i18n.js";

export const sgButtons = {
  // voter: writing one
  start: defineButton("sg-new"),
  kind: defineButton("sg-k", { kind: "str" }),
  category: defineButton("sg-c", { id: "int" }),
  recipient: defineButton("sg-to", { id: "int" }),
  recipientsDone: defineButton("sg-tod"),
  photosDone: defineButton("sg-pd"),
  locationSkip: defineButton("sg-ls"),
  anonymity: defineButton("sg-an", { anon: "int" }),
  send: defineButton("sg-send", { key: "str" }),
  cancel: defineButton("sg-x"),
  // voter: their own
  mine: defineButton("sg-mine", { page: "int" }),
  mineItem: defineButton("sg-m", { id: "int" }),
  rate: defineButton("sg-r", { id: "int", n: "int", r: "str" }),
  reopen: defineButton("sg-ro", { id: "int", v: "int" }),
  detail: defineButton("sg-dt", { id: "int", v: "int" }),
  withdraw: defineButton("sg-wd", { id: "int", v: "int" }),
  skipInput: defineButton("sg-skip"),
  // delegate inbox
  inbox: defineButton("ib", { f: "str", c: "int", p: "int" }),
  inboxItem: defineButton("ib-s", { id: "int" }),
  inboxAct: defineButton("ib-a", { id: "int", v: "int", a: "str" }),
  mergeInto: defineButton("ib-m", { id: "int", v: "int", t: "int" }),
  media: defineButton("ib-ph", { id: "int" }),
  // staff
  queue: defineButton("st", { f: "str", p: "int" }),
  staffItem: defineButton("st-s", { id: "int" }),
  staffAct: defineButton("st-a", { id: "int", v: "int", a: "str" }),
  department: defineButton("st-d", { id: "int", v: "int", d: "int" }),
  term: defineButton("st-t", { id: "int", v: "int", d: "int", c: "int", k: "int" }),
  figures: defineButton("st-fig", { by: "str" }),
  staffMergeInto: defineButton("st-m", { id: "int", v: "int", t: "int" }),
  /** A key suggestion's lead official chosen among the OFFICIAL accounts (u: their user id). */
  lead: defineButton("st-l", { id: "int", v: "int", d: "int", c: "int", u: "int" }),
  // a handling department's officials (/assigned) and lead officials (/supervising)
  deptQueue: defineButton("dp", { f: "str", p: "int" }),
  deptItem: defineButton("dp-s", { id: "int" }),
  deptAnswer: defineButton("dp-a", { id: "int", v: "int" }),
  ledQueue: defineButton("ld", { p: "int" }),
  ledItem: defineButton("ld-s", { id: "int" }),
  // activity record
  activity: defineButton("ac", { p: "str" }),
  activityNew: defineButton("ac-new"),
  activityKind: defineButton("ac-k", { k: "str" }),
  activityDay: defineButton("ac-d", { d: "str" }),
  // report-back
  reportNew: defineButton("rb-new"),
  reportPublish: defineButton("rb-pub"),
  reports: defineButton("rp-l"),
  report: defineButton("rp", { id: "int" }),
  reportRate: defineButton("rp-r", { id: "int", r: "str" }),
  reportComment: defineButton("rp-c", { id: "int" }),
};

export const RATINGS: readonly Rating[] = ["SATISFIED", "BASICALLY_SATISFIED", "DISSATISFIED"];
const KINDS: readonly SuggestionKind[] = ["SUGGESTION", "CRITICISM", "OPINION"];

/** A category's name in the reader's language, falling back to the Chinese name. */
export function localName(ctx: BotContext, names: Names): string {
  return names[ctx.locale] ?? names["zh-CN"];
}

export function kindKeyboard(ctx: BotContext): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const k of KINDS) kb.text(ctx.t(`sg.kinds.${k}`), sgButtons.kind.pack({ kind: k }));
  return kb.row().text(ctx.t("sg.cancel"), sgButtons.cancel.pack({}));
}

export function categoryKeyboard(ctx: BotContext, categories: CategoryView[]): InlineKeyboard {
  const kb = new InlineKeyboard();
  categories.forEach((c, i) => {
    kb.text(localName(ctx, c.names), sgButtons.category.pack({ id: c.id }));
    if (i % 2 === 1) kb.row();
  });
  return kb.row().text(ctx.t("sg.category_other"), sgButtons.category.pack({ id: 0 })).row().text(ctx.t("sg.cancel"), sgButtons.cancel.pack({}));
}

export function recipientsKeyboard(ctx: BotContext, delegates: { id: number; fullName: string }[], chosen: number[]): InlineKeyboard {
  const kb = new InlineKeyboard().text(`${chosen.length === 0 ? "✅ " : ""}${ctx.t("sg.to_all", { count: delegates.length })}`, sgButtons.recipient.pack({ id: 0 })).row();
  for (const d of delegates) kb.text(`${chosen.includes(d.id) ? "✅ " : ""}${d.fullName}`, sgButtons.recipient.pack({ id: d.id })).row();
  return kb.text(ctx.t("sg.next"), sgButtons.recipientsDone.pack({})).row().text(ctx.t("sg.cancel"), sgButtons.cancel.pack({}));
}

export function photosKeyboard(ctx: BotContext, count: number): InlineKeyboard {
  return new InlineKeyboard().text(count > 0 ? ctx.t("sg.photos_done", { count }) : ctx.t("sg.skip"), sgButtons.photosDone.pack({})).row().text(ctx.t("sg.cancel"), sgButtons.cancel.pack({}));
}

export function locationKeyboard(ctx: BotContext): InlineKeyboard {
  return new InlineKeyboard().text(ctx.t("sg.skip"), sgButtons.locationSkip.pack({})).row().text(ctx.t("sg.cancel"), sgButtons.cancel.pack({}));
}

export function anonymityKeyboard(ctx: BotContext): InlineKeyboard {
  return new InlineKeyboard()
    .text(ctx.t("sg.show_name"), sgButtons.anonymity.pack({ anon: 0 }))
    .row()
    .text(ctx.t("sg.anonymous"), sgButtons.anonymity.pack({ anon: 1 }))
    .row()
    .text(ctx.t("sg.cancel"), sgButtons.cancel.pack({}));
}

export function confirmKeyboard(ctx: BotContext, key: string): InlineKeyboard {
  return new InlineKeyboard().text(ctx.t("sg.send"), sgButtons.send.pack({ key })).row().text(ctx.t("sg.cancel"), sgButtons.cancel.pack({}));
}

export function rateKeyboard(ctx: BotContext, id: number, answerCount: number): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const r of RATINGS) kb.text(ctx.t(`sg.ratings.${r}`), sgButtons.rate.pack({ id, n: answerCount, r })).row();
  return kb;
}

/** A page of suggestions as buttons (one per row), with paging; `item` makes the button of one. */
/** Under a report-back (read with /reports, or pushed by the outbox): rate, comment, all reports. */
export function reportFeedbackKeyboard(t: Translate, id: number): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const x of RATINGS) kb.text(t(`sg.ratings.${x}`), sgButtons.reportRate.pack({ id, r: x }));
  return kb.row().text(t("report.comment"), sgButtons.reportComment.pack({ id })).row().text(t("report.back"), sgButtons.reports.pack({}));
}

export function listKeyboard(
  ctx: BotContext,
  page: Page<SuggestionListItem>,
  item: (s: SuggestionListItem) => string,
  pageButton: (p: number) => string,
): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const s of page.items) kb.text(`${s.trackingNo} · ${ctx.t(`sg.states.${s.status}`)}${s.overdue ? " ⚠️" : ""}`, item(s)).row();
  if (page.pages > 1) {
    if (page.page > 0) kb.text("◀️", pageButton(page.page - 1));
    kb.text(`${page.page + 1}/${page.pages}`, pageButton(page.page));
    if (page.page + 1 < page.pages) kb.text("▶️", pageButton(page.page + 1));
    kb.row();
  }
  return kb;
}

export function activityKindKeyboard(ctx: BotContext, kinds: readonly ActivityKind[]): InlineKeyboard {
  const kb = new InlineKeyboard();
  kinds.forEach((k, i) => {
    kb.text(ctx.t(`activity.kinds.${k}`), sgButtons.activityKind.pack({ k }));
    if (i % 2 === 1) kb.row();
  });
  return kb.row().text(ctx.t("sg.cancel"), sgButtons.cancel.pack({}));
}

export function activityPeriodKeyboard(ctx: BotContext, current: Period): InlineKeyboard {
  const kb = new InlineKeyboard().text(ctx.t("activity.log"), sgButtons.activityNew.pack({})).row();
  for (const p of ["month", "year", "term"] as const) kb.text(`${p === current ? "· " : ""}${ctx.t(`activity.periods.${p}`)}`, sgButtons.activity.pack({ p }));
  return kb;
}
