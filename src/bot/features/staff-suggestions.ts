// Staff: the suggestions raised by delegates (/suggestions): assign (交办) to a department with the
// 代表法 51 deadline (3 months, 6 for complex ones), possibly as a key suggestion with a lead
// official; record the department's answer; return to the delegate; close; reject; merge into
// another suggestion of the constituency (its authors then follow the main one). The figures
// per delegate and per constituency; departments and categories (/departments, /categories).
// Every act is role-checked and audited. Township staff list, see and act on the suggestions of
// their township's constituencies only; the service checks that when each act comes (buttons
// carry ids, and an id can be forged). Departments and categories are the county's lists, kept by
// the standing committee's office: township staff read them but do not change them.
import { Composer, InlineKeyboard, type CallbackQueryContext } from "grammy";
import { answerDeadline } from "../../domain/suggestion-deadlines.js";
import type { ActorRef, StaffFilter, SuggestionActionType, SuggestionView } from "../../services/suggestions.js";
import { buttons, onButton } from "../callback-data.js";
import type { BotContext } from "../context.js";
import type { PendingInputKind } from "../flows/suggestion-session.js";
import { formatDate } from "../i18n.js";
import { listKeyboard, localName, sgButtons } from "../keyboards/suggestions.js";
import { requireRole } from "../middleware/roles.js";
import { renderFigures, renderList, renderSuggestion } from "../render/suggestion.js";
import { staffScope } from "../staff-scope.js";
import { deliverNow } from "../suggestion-notices.js";
import { actErrorText } from "./suggest.js";
import { FeatureComposer } from "../feature-composer.js";

export const staffSuggestionsFeature = new FeatureComposer<BotContext>();
type Ctx = BotContext;
const STAFF = requireRole("STAFF");

const FILTERS: StaffFilter[] = ["raised", "assigned", "overdue", "reopened", "all"];

/** The sender acting as staff, with their scope as it is now. */
async function asStaff(ctx: Ctx): Promise<ActorRef & { as: "STAFF" }> {
  return { userId: ctx.user!.id, as: "STAFF", scope: await staffScope(ctx) };
}

async function showQueue(ctx: Ctx, filter: StaffFilter, page: number, edit: boolean): Promise<unknown> {
  const list = await ctx.services.suggestions.staffQueue({ filter, page }, await staffScope(ctx));
  const text = renderList(ctx, ctx.t("staffsg.title", { filter: ctx.t(`staffsg.filters.${filter}`) }), list, true);
  const kb = listKeyboard(ctx, list, (s) => sgButtons.staffItem.pack({ id: s.id }), (p) => sgButtons.queue.pack({ f: filter, p }));
  FILTERS.forEach((f, i) => {
    kb.text(`${f === filter ? "· " : ""}${ctx.t(`staffsg.filters.${f}`)}`, sgButtons.queue.pack({ f, p: 0 }));
    if (i === 2) kb.row();
  });
  kb.row()
    .text(ctx.t("staffsg.figures_delegates"), sgButtons.figures.pack({ by: "delegate" }))
    .text(ctx.t("staffsg.figures_constituencies"), sgButtons.figures.pack({ by: "constituency" }))
    .row()
    .text(ctx.t("menu.back_to_menu"), buttons.menu.pack({}));
  return edit ? ctx.editMessageText(text, { reply_markup: kb }) : ctx.reply(text, { reply_markup: kb });
}

staffSuggestionsFeature.command("suggestions", STAFF, async (ctx) => {
  const arg = ctx.match.trim();
  if (arg) {
    const id = await ctx.services.suggestions.idByTrackingNo(arg);
    return id ? showItem(ctx, id) : ctx.reply(ctx.t("staffsg.no_such_number", { no: arg }));
  }
  return showQueue(ctx, "raised", 0, false);
});
onButton(staffSuggestionsFeature, sgButtons.queue, STAFF, async (ctx, { f, p }) => {
  if (!FILTERS.includes(f as StaffFilter)) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  await ctx.answerCallbackQuery();
  return showQueue(ctx, f as StaffFilter, Math.max(0, p), true);
});

const BUTTON_ACTS: SuggestionActionType[] = ["ASSIGN", "ANSWER", "RETURN", "MERGE", "REJECT", "CLOSE"];
const TEXT_ACTS: Partial<Record<SuggestionActionType, PendingInputKind>> = { ANSWER: "answer", RETURN: "return", REJECT: "reject", CLOSE: "close" };

/** The suggestion as the sender may see it now, or why not. */
async function staffView(ctx: Ctx, id: number): Promise<SuggestionView | "NOT_FOUND" | "OUTSIDE_SCOPE"> {
  return (await ctx.services.suggestions.forStaff(id, await staffScope(ctx))) ?? "NOT_FOUND";
}

async function showItem(ctx: Ctx, id: number, edit = false): Promise<unknown> {
  const s = await staffView(ctx, id);
  return typeof s === "string" ? ctx.reply(actErrorText(ctx, s)) : renderItem(ctx, s, edit);
}

function renderItem(ctx: Ctx, s: SuggestionView, edit: boolean): Promise<unknown> {
  const kb = new InlineKeyboard();
  for (const a of BUTTON_ACTS) if (s.actions.includes(a)) kb.text(ctx.t(`staffsg.acts.${a}`), sgButtons.staffAct.pack({ id: s.id, v: s.version, a })).row();
  kb.text(ctx.t("staffsg.back"), sgButtons.queue.pack({ f: "raised", p: 0 }));
  const text = renderSuggestion(ctx, s, "STAFF");
  return edit ? ctx.editMessageText(text, { reply_markup: kb }) : ctx.reply(text, { reply_markup: kb });
}

async function refuse(ctx: CallbackQueryContext<Ctx>, error: string, mergedInto?: string | null) {
  return ctx.answerCallbackQuery({ text: actErrorText(ctx, error, mergedInto), show_alert: true });
}

onButton(staffSuggestionsFeature, sgButtons.staffItem, STAFF, async (ctx, { id }) => {
  const s = await staffView(ctx, id);
  if (typeof s === "string") return refuse(ctx, s);
  await ctx.answerCallbackQuery();
  return renderItem(ctx, s, false);
});

onButton(staffSuggestionsFeature, sgButtons.staffAct, STAFF, async (ctx, { id, v, a }) => {
  const s = await staffView(ctx, id);
  if (typeof s === "string") return refuse(ctx, s);
  if (s.version !== v) return refuse(ctx, ["CLOSED", "REJECTED", "WITHDRAWN", "MERGED"].includes(s.status) ? "SUGGESTION_CLOSED" : "STALE", s.mergedInto?.trackingNo);
  const action = a as SuggestionActionType;
  if (!s.actions.includes(action)) return refuse(ctx, "NOT_ALLOWED_IN_STATE");
  await ctx.answerCallbackQuery();
  const textKind = TEXT_ACTS[action];
  if (textKind) {
    const sess = await ctx.session;
    sess.sg = { ...(sess.sg ?? {}), input: { kind: textKind, id, v, by: "STAFF" } };
    return ctx.reply(ctx.t(`staffsg.ask_text.${textKind}`, { no: s.trackingNo }));
  }
  if (action === "MERGE") {
    // The constituency's open suggestions as buttons; any other one by its tracking number.
    const targets = await ctx.services.suggestions.mergeTargets(await asStaff(ctx), id);
    const sess = await ctx.session;
    sess.sg = { ...(sess.sg ?? {}), input: { kind: "merge", id, v, by: "STAFF" } };
    const kb = new InlineKeyboard();
    for (const t of targets) kb.text(`${t.trackingNo} · ${t.excerpt}`, sgButtons.staffMergeInto.pack({ id, v, t: t.id })).row();
    return ctx.reply(ctx.t("staffsg.choose_merge_target", { no: s.trackingNo, constituency: s.constituencyName }), { reply_markup: kb });
  }
  // ASSIGN: department first (the category's usual one on top), then the term.
  const departments = await ctx.services.suggestions.departments();
  if (departments.length === 0) return ctx.reply(ctx.t("staffsg.no_departments"));
  const usual = s.category?.departmentId;
  departments.sort((x, y) => Number(y.id === usual) - Number(x.id === usual));
  const kb = new InlineKeyboard();
  for (const d of departments) kb.text(`${d.id === usual ? "⭐ " : ""}${d.name}`, sgButtons.department.pack({ id, v, d: d.id })).row();
  return ctx.reply(ctx.t("staffsg.choose_department", { no: s.trackingNo }), { reply_markup: kb });
});

onButton(staffSuggestionsFeature, sgButtons.department, STAFF, async (ctx, { id, v, d }) => {
  const svc = ctx.services.suggestions;
  // Only the term is chosen here (the act checks again), but another area's item gets no further.
  if ((await staffView(ctx, id)) === "OUTSIDE_SCOPE") return refuse(ctx, "OUTSIDE_SCOPE");
  const today = svc.today();
  await ctx.answerCallbackQuery();
  const normal = formatDate(ctx.t, answerDeadline(today, false));
  const complex = formatDate(ctx.t, answerDeadline(today, true));
  const kb = new InlineKeyboard()
    .text(ctx.t("staffsg.term_normal", { date: normal }), sgButtons.term.pack({ id, v, d, c: 0, k: 0 }))
    .row()
    .text(ctx.t("staffsg.term_complex", { date: complex }), sgButtons.term.pack({ id, v, d, c: 1, k: 0 }))
    .row()
    .text(ctx.t("staffsg.term_normal_key", { date: normal }), sgButtons.term.pack({ id, v, d, c: 0, k: 1 }))
    .row()
    .text(ctx.t("staffsg.term_complex_key", { date: complex }), sgButtons.term.pack({ id, v, d, c: 1, k: 1 }));
  return ctx.editMessageText(ctx.t("staffsg.choose_term"), { reply_markup: kb });
});

onButton(staffSuggestionsFeature, sgButtons.term, STAFF, async (ctx, { id, v, d, c, k }) => {
  if (k === 1) {
    if ((await staffView(ctx, id)) === "OUTSIDE_SCOPE") return refuse(ctx, "OUTSIDE_SCOPE");
    const sess = await ctx.session;
    sess.sg = { ...(sess.sg ?? {}), input: { kind: "lead", id, v, by: "STAFF", assign: { departmentId: d, complex: c === 1 } } };
    await ctx.answerCallbackQuery();
    // Officials with accounts are offered as buttons (they are then told and escalated to); any other by name.
    const officials = await ctx.services.suggestions.officials();
    if (officials.length === 0) return ctx.reply(ctx.t("staffsg.ask_lead"));
    const kb = new InlineKeyboard();
    for (const o of officials) kb.text(o.name, sgButtons.lead.pack({ id, v, d, c, u: o.userId })).row();
    return ctx.reply(ctx.t("staffsg.choose_lead"), { reply_markup: kb });
  }
  const r = await assign(ctx, id, v, d, c === 1, null);
  if (!r.ok) return refuse(ctx, r.error, r.mergedInto);
  await ctx.answerCallbackQuery({ text: ctx.t("staffsg.done.ASSIGN", { no: r.trackingNo }) });
  return showItem(ctx, id, true);
});

onButton(staffSuggestionsFeature, sgButtons.lead, STAFF, async (ctx, { id, v, d, c, u }) => {
  const r = await assign(ctx, id, v, d, c === 1, { userId: u });
  if (!r.ok) return refuse(ctx, r.error, r.mergedInto);
  const sess = await ctx.session;
  if (sess.sg?.input?.kind === "lead") delete sess.sg.input;
  await ctx.answerCallbackQuery({ text: ctx.t("staffsg.done.ASSIGN", { no: r.trackingNo }) });
  return showItem(ctx, id, true);
});

/** Assigns; `lead` makes it a key suggestion led by an OFFICIAL account or a person named. */
async function assign(ctx: Ctx, id: number, v: number, departmentId: number, complex: boolean, lead: { name: string } | { userId: number } | null) {
  const leadFields = lead === null ? {} : "userId" in lead ? { leadOfficialUserId: lead.userId } : { leadOfficial: lead.name };
  const r = await ctx.services.suggestions.act(await asStaff(ctx), id, { type: "ASSIGN", departmentId, complex, key: lead !== null, ...leadFields }, v);
  if (r.ok) {
    await ctx.services.audit.record(ctx.user!.id, "suggestion.assign", `suggestion:${id}`, { trackingNo: r.trackingNo, departmentId, complex, key: lead !== null, leadOfficialUserId: lead && "userId" in lead ? lead.userId : null });
    await deliverNow(ctx, r.notices);
  }
  return r;
}

/** Staff's typed text for a pending act (answer, return, reject, close), the lead official's name or a merge target's number. */
export async function staffInput(ctx: Ctx, kind: "answer" | "return" | "reject" | "close" | "lead" | "merge", id: number, v: number, text: string, assignWith?: { departmentId: number; complex: boolean }): Promise<unknown> {
  if (kind === "merge") return mergeByNumber(ctx, id, v, text);
  if (kind === "lead") {
    if (!assignWith) return;
    const r = await assign(ctx, id, v, assignWith.departmentId, assignWith.complex, { name: text.trim().slice(0, 50) });
    if (!r.ok) return ctx.reply(actErrorText(ctx, r.error, r.mergedInto));
    await ctx.reply(ctx.t("staffsg.done.ASSIGN", { no: r.trackingNo }));
    return showItem(ctx, id);
  }
  const act =
    kind === "answer" ? ({ type: "ANSWER", text } as const)
    : kind === "return" ? ({ type: "RETURN", reason: text } as const)
    : kind === "reject" ? ({ type: "REJECT", reason: text } as const)
    : ({ type: "CLOSE", reason: text } as const);
  const r = await ctx.services.suggestions.act(await asStaff(ctx), id, act, v);
  if (!r.ok) return ctx.reply(actErrorText(ctx, r.error, r.mergedInto));
  await ctx.services.audit.record(ctx.user!.id, `suggestion.${act.type.toLowerCase()}`, `suggestion:${id}`, { trackingNo: r.trackingNo });
  await ctx.reply(ctx.t(`staffsg.done.${act.type}`, { no: r.trackingNo }));
  await deliverNow(ctx, r.notices);
  return showItem(ctx, id);
}

async function merge(ctx: Ctx, id: number, v: number, targetId: number) {
  const r = await ctx.services.suggestions.act(await asStaff(ctx), id, { type: "MERGE", targetId }, v);
  if (r.ok) {
    await ctx.services.audit.record(ctx.user!.id, "suggestion.merge", `suggestion:${id}`, { trackingNo: r.trackingNo, into: targetId });
    const sess = await ctx.session;
    if (sess.sg?.input?.kind === "merge") delete sess.sg.input;
    await deliverNow(ctx, r.notices);
  }
  return r;
}

onButton(staffSuggestionsFeature, sgButtons.staffMergeInto, STAFF, async (ctx, { id, v, t }) => {
  const r = await merge(ctx, id, v, t);
  if (!r.ok) return refuse(ctx, r.error, r.mergedInto);
  await ctx.answerCallbackQuery({ text: ctx.t("staffsg.done.MERGE", { no: r.trackingNo }) });
  return showItem(ctx, id, true);
});

/** The tracking number staff typed for a merge; a wrong target leaves the question open for another try. */
async function mergeByNumber(ctx: Ctx, id: number, v: number, typed: string): Promise<unknown> {
  const again = async (text: string) => {
    const sess = await ctx.session;
    sess.sg = { ...(sess.sg ?? {}), input: { kind: "merge", id, v, by: "STAFF" } };
    return ctx.reply(`${text}\n${ctx.t("staffsg.merge_again")}`);
  };
  const targetId = await ctx.services.suggestions.idByTrackingNo(typed);
  if (!targetId) return again(ctx.t("staffsg.no_such_number", { no: typed.trim().slice(0, 30) }));
  const r = await merge(ctx, id, v, targetId);
  if (!r.ok && ["UNKNOWN_TARGET", "MERGE_INTO_SELF", "MERGE_TARGET_CLOSED"].includes(r.error))
    return again(actErrorText(ctx, r.error === "UNKNOWN_TARGET" ? "UNKNOWN_MERGE_TARGET" : r.error));
  if (!r.ok) return ctx.reply(actErrorText(ctx, r.error, r.mergedInto));
  await ctx.reply(ctx.t("staffsg.done.MERGE", { no: r.trackingNo }));
  return showItem(ctx, id);
}

// ───────────── figures ─────────────

onButton(staffSuggestionsFeature, sgButtons.figures, STAFF, async (ctx, { by }) => {
  await ctx.answerCallbackQuery();
  return ctx.reply(await figuresText(ctx, by === "constituency" ? "constituency" : "delegate"), { reply_markup: new InlineKeyboard().text(ctx.t("staffsg.back"), sgButtons.queue.pack({ f: "raised", p: 0 })) });
});

async function figuresText(ctx: Ctx, by: "delegate" | "constituency"): Promise<string> {
  const f = ctx.services.suggestionFigures;
  const scope = await staffScope(ctx);
  const county = await f.county(scope);
  const lines = [
    ctx.t("sg.figures.headline", { total: county.received, key: county.key, satisfaction: county.satisfactionPercent === null ? "—" : `${county.satisfactionPercent}%` }),
    "",
  ];
  const rows = by === "delegate" ? (await f.perDelegate(undefined, scope)).map((r) => ({ name: `${r.fullName}（${r.constituencyName ?? "—"}）`, f: r })) : (await f.perConstituency(scope)).map((r) => ({ name: r.name, f: r }));
  if (rows.length === 0) lines.push(ctx.t("sg.figures.none"));
  for (const r of rows) lines.push(renderFigures(ctx, r.name, r.f), "");
  lines.push(ctx.t("sg.figures.legend"));
  return lines.join("\n");
}

staffSuggestionsFeature.command("suggestion_figures", STAFF, async (ctx) => ctx.reply(await figuresText(ctx, ctx.match.trim() === "constituency" ? "constituency" : "delegate")));

// ───────────── departments and categories ─────────────

/** Whether the sender may change the county's departments and categories (county staff and admins). */
async function keepsCountyLists(ctx: Ctx): Promise<boolean> {
  return (await staffScope(ctx)).all;
}

staffSuggestionsFeature.command("departments", STAFF, async (ctx) => {
  const arg = ctx.match.trim();
  const mayEdit = await keepsCountyLists(ctx);
  if (arg && !mayEdit) return ctx.reply(ctx.t("staffsg.county_lists_only"));
  if (arg) {
    // /departments CODE 名称 — add or rename one.
    const m = /^(\S+)\s+(.+)$/.exec(arg);
    if (!m || !/^[A-Za-z0-9_-]{1,20}$/.test(m[1]!) || m[2]!.length > 100) return ctx.reply(ctx.t("staffsg.department_usage"));
    const d = await ctx.services.suggestions.upsertDepartment({ code: m[1]!, name: m[2]!.trim() });
    await ctx.services.audit.record(ctx.user!.id, "department.upsert", `department:${d.id}`, { code: d.code, name: d.name });
    return ctx.reply(ctx.t("staffsg.department_saved", { code: d.code, name: d.name }));
  }
  const list = await ctx.services.suggestions.departments();
  const lines = [ctx.t("staffsg.departments_title"), ""];
  for (const d of list) lines.push(`${d.code} · ${d.name}${d.contactName ? ` · ${d.contactName}` : ""}${d.contactPhone ? ` ${d.contactPhone}` : ""}`);
  if (list.length === 0) lines.push(ctx.t("staffsg.no_departments"));
  if (mayEdit) lines.push("", ctx.t("staffsg.department_usage"));
  return ctx.reply(lines.join("\n"));
});

staffSuggestionsFeature.command("categories", STAFF, async (ctx) => {
  const arg = ctx.match.trim();
  const mayEdit = await keepsCountyLists(ctx);
  if (arg && !mayEdit) return ctx.reply(ctx.t("staffsg.county_lists_only"));
  if (arg) {
    // /categories CODE 名称 [DEPARTMENT_CODE]
    const m = /^(\S+)\s+(\S+)(?:\s+(\S+))?$/.exec(arg);
    if (!m || !/^[A-Za-z0-9_-]{1,20}$/.test(m[1]!) || m[2]!.length > 50) return ctx.reply(ctx.t("staffsg.category_usage"));
    const c = await ctx.services.suggestions.upsertCategory({ code: m[1]!, nameZhCn: m[2]!, departmentCode: m[3] ?? null });
    if ("error" in c) return ctx.reply(ctx.t("staffsg.unknown_department", { code: m[3] }));
    await ctx.services.audit.record(ctx.user!.id, "category.upsert", `category:${c.id}`, { code: c.code, name: c.names["zh-CN"], departmentCode: m[3] ?? null });
    return ctx.reply(ctx.t("staffsg.category_saved", { code: c.code, name: c.names["zh-CN"] }));
  }
  const [list, departments] = await Promise.all([ctx.services.suggestions.categories(), ctx.services.suggestions.departments()]);
  const lines = [ctx.t("staffsg.categories_title"), ""];
  for (const c of list) lines.push(`${c.code} · ${localName(ctx, c.names)} → ${departments.find((d) => d.id === c.departmentId)?.name ?? "—"}`);
  if (mayEdit) lines.push("", ctx.t("staffsg.category_usage"));
  return ctx.reply(lines.join("\n"));
});
