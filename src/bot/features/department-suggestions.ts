// Officials outside the congress office, with accounts from invite codes:
// - a handling department's official (/assigned): the suggestions assigned to their department,
//   soonest deadline first, and the department's answer recorded in chat (audited);
// - a lead / supervising official (/supervising): the key suggestions they lead, read only; the
//   reminders and the overdue escalation reach them as notices.
// Neither sees who wrote a suggestion (the service withholds it). Every handler is role-checked,
// and the service checks the department / lead link itself, so a copied button does nothing.
import { Composer, InlineKeyboard } from "grammy";
import type { DepartmentFilter } from "../../services/suggestions.js";
import { buttons, onButton } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { listKeyboard, sgButtons } from "../keyboards/suggestions.js";
import { requireRole } from "../middleware/roles.js";
import { renderList, renderSuggestion } from "../render/suggestion.js";
import { deliverNow } from "../suggestion-notices.js";
import { actErrorText } from "./suggest.js";
import { FeatureComposer } from "../feature-composer.js";

export const departmentSuggestionsFeature = new FeatureComposer<BotContext>();
type Ctx = BotContext;
const DEPARTMENT = requireRole("DEPARTMENT");
const OFFICIAL = requireRole("OFFICIAL");

const FILTERS: DepartmentFilter[] = ["open", "overdue", "answered", "all"];

// ───────────── department officials ─────────────

async function showQueue(ctx: Ctx, filter: DepartmentFilter, page: number, edit: boolean): Promise<unknown> {
  const list = await ctx.services.suggestions.departmentQueue(ctx.user!.id, { filter, page });
  if (!list) return ctx.reply(ctx.t("deptsg.not_linked"));
  const text = renderList(ctx, ctx.t("deptsg.title", { department: list.department, filter: ctx.t(`deptsg.filters.${filter}`) }), list, false);
  const kb = listKeyboard(ctx, list, (s) => sgButtons.deptItem.pack({ id: s.id }), (p) => sgButtons.deptQueue.pack({ f: filter, p }));
  for (const f of FILTERS) kb.text(`${f === filter ? "· " : ""}${ctx.t(`deptsg.filters.${f}`)}`, sgButtons.deptQueue.pack({ f, p: 0 }));
  kb.row().text(ctx.t("menu.back_to_menu"), buttons.menu.pack({}));
  return edit ? ctx.editMessageText(text, { reply_markup: kb }) : ctx.reply(text, { reply_markup: kb });
}

departmentSuggestionsFeature.command("assigned", DEPARTMENT, (ctx) => showQueue(ctx, "open", 0, false));
onButton(departmentSuggestionsFeature, sgButtons.deptQueue, DEPARTMENT, async (ctx, { f, p }) => {
  if (!FILTERS.includes(f as DepartmentFilter)) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  await ctx.answerCallbackQuery();
  return showQueue(ctx, f as DepartmentFilter, Math.max(0, p), true);
});

async function showItem(ctx: Ctx, id: number): Promise<unknown> {
  const s = await ctx.services.suggestions.forDepartment(ctx.user!.id, id);
  if (!s) return ctx.reply(ctx.t("deptsg.not_yours"));
  const kb = new InlineKeyboard();
  if (s.actions.includes("ANSWER")) kb.text(ctx.t("deptsg.answer"), sgButtons.deptAnswer.pack({ id, v: s.version })).row();
  kb.text(ctx.t("deptsg.back"), sgButtons.deptQueue.pack({ f: "open", p: 0 }));
  return ctx.reply(renderSuggestion(ctx, s, "DEPARTMENT"), { reply_markup: kb });
}

onButton(departmentSuggestionsFeature, sgButtons.deptItem, DEPARTMENT, async (ctx, { id }) => {
  await ctx.answerCallbackQuery();
  return showItem(ctx, id);
});

onButton(departmentSuggestionsFeature, sgButtons.deptAnswer, DEPARTMENT, async (ctx, { id, v }) => {
  const s = await ctx.services.suggestions.forDepartment(ctx.user!.id, id);
  if (!s) return ctx.answerCallbackQuery({ text: ctx.t("deptsg.not_yours"), show_alert: true });
  if (s.version !== v || !s.actions.includes("ANSWER"))
    return ctx.answerCallbackQuery({ text: actErrorText(ctx, s.version !== v ? "STALE" : "NOT_ALLOWED_IN_STATE"), show_alert: true });
  const sess = await ctx.session;
  sess.sg = { ...(sess.sg ?? {}), input: { kind: "answer", id, v, by: "DEPARTMENT" } };
  await ctx.answerCallbackQuery();
  return ctx.reply(ctx.t("deptsg.ask_answer", { no: s.trackingNo }));
});

/** The answer a department official typed: recorded as the department's (ANSWER), audited. */
export async function departmentAnswer(ctx: Ctx, id: number, v: number, text: string): Promise<unknown> {
  const r = await ctx.services.suggestions.act({ userId: ctx.user!.id, as: "DEPARTMENT" }, id, { type: "ANSWER", text }, v);
  if (!r.ok) return ctx.reply(r.error === "NOT_YOURS" || r.error === "NOT_FOUND" ? ctx.t("deptsg.not_yours") : actErrorText(ctx, r.error, r.mergedInto));
  await ctx.services.audit.record(ctx.user!.id, "suggestion.answer", `suggestion:${id}`, { trackingNo: r.trackingNo, as: "DEPARTMENT" });
  await ctx.reply(ctx.t("deptsg.answered", { no: r.trackingNo }));
  await deliverNow(ctx, r.notices);
  return showItem(ctx, id);
}

// ───────────── lead / supervising officials ─────────────

async function showLed(ctx: Ctx, page: number, edit: boolean): Promise<unknown> {
  const list = await ctx.services.suggestions.ledByOfficial(ctx.user!.id, page);
  if (!list) return ctx.reply(ctx.t("deptsg.not_linked"));
  const text = renderList(ctx, ctx.t("deptsg.led_title"), list, false) + (list.total === 0 ? `\n\n${ctx.t("deptsg.led_none")}` : "");
  const kb = listKeyboard(ctx, list, (s) => sgButtons.ledItem.pack({ id: s.id }), (p) => sgButtons.ledQueue.pack({ p }));
  kb.text(ctx.t("menu.back_to_menu"), buttons.menu.pack({}));
  return edit ? ctx.editMessageText(text, { reply_markup: kb }) : ctx.reply(text, { reply_markup: kb });
}

departmentSuggestionsFeature.command("supervising", OFFICIAL, (ctx) => showLed(ctx, 0, false));
onButton(departmentSuggestionsFeature, sgButtons.ledQueue, OFFICIAL, async (ctx, { p }) => {
  await ctx.answerCallbackQuery();
  return showLed(ctx, Math.max(0, p), true);
});

onButton(departmentSuggestionsFeature, sgButtons.ledItem, OFFICIAL, async (ctx, { id }) => {
  await ctx.answerCallbackQuery();
  const s = await ctx.services.suggestions.forOfficial(ctx.user!.id, id);
  if (!s) return ctx.reply(ctx.t("deptsg.not_led"));
  return ctx.reply(renderSuggestion(ctx, s, "OFFICIAL"), { reply_markup: new InlineKeyboard().text(ctx.t("deptsg.led_back"), sgButtons.ledQueue.pack({ p: 0 })) });
});
