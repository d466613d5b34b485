// /candidates: the candidates of the voter's constituency (linked by /link, or picked) in stroke
// order, with the list stage, the seats and the law's count range, bios and meetings with voters
// ("remind me"), and two side by side. From election day on only the names (选举法 34).
// Never a ranking, a recommendation or an opinion: the order is the strokes', and every text says so.
import { Composer, type InlineKeyboard } from "grammy";
import type { CandidateList, CandidateView, MeetingView } from "../../services/candidates.js";
import { dateParts } from "../../domain/dates.js";
import { answerStale, onButton } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { formatDate } from "../i18n.js";
import { candidateKeyboard, compareKeyboard, infoButtons, listKeyboard, pickKeyboard } from "../keyboards/info.js";
import { backToMenu } from "../keyboards/menu.js";
import { FeatureComposer } from "../feature-composer.js";
import { publishedResultLines } from "../render/results.js";

export const candidatesFeature = new FeatureComposer<BotContext>();

/** Edits the message a button sits on, or sends a new one for a command. */
export async function show(ctx: BotContext, text: string, reply_markup: InlineKeyboard): Promise<unknown> {
  if (ctx.callbackQuery) return ctx.editMessageText(text, { reply_markup });
  return ctx.reply(text, { reply_markup });
}

export function shortDate(ctx: BotContext, d: MeetingView["date"]): string {
  const { month, day } = dateParts(d);
  return ctx.t("candidates.short_date", { month: ctx.t(`date.months.${month}`), day });
}

export function meetingTime(m: MeetingView): string {
  return m.to ? `${m.from}–${m.to}` : m.from;
}

function listText(ctx: BotContext, list: CandidateList): string {
  const cal = list.election.calendar;
  const lines = [`👥 ${list.constituency.name}`, ""];
  if (!list.stage) {
    lines.push(ctx.t("candidates.none", { preliminaryBy: formatDate(ctx.t, cal.preliminaryListBy), formalBy: formatDate(ctx.t, cal.formalListBy) }));
    return lines.join("\n");
  }
  const published = list.publishedOn ? formatDate(ctx.t, list.publishedOn) : null;
  lines.push(
    ctx.t(`candidates.stage_${list.stage}${published ? "" : "_undated"}`, { published, formalBy: formatDate(ctx.t, cal.formalListBy) }),
  );
  list.candidates.forEach((c, i) => lines.push(`${i + 1}. ${c.fullName}`));
  lines.push("");
  const status = ctx.t(`candidates.count_${list.count.status === "TOO_MANY" ? `TOO_MANY_${list.stage}` : list.count.status}`);
  lines.push(ctx.t("candidates.seats", { count: list.constituency.seats, min: list.count.min, max: list.count.max, n: list.count.n, status }));
  lines.push("", list.introductionsAllowed ? ctx.t("candidates.neutral") : ctx.t("candidates.closed"));
  return lines.join("\n");
}

/** The bio as [label, value] pairs, in the same order for every candidate. */
function bioFields(ctx: BotContext, c: CandidateView): [string, string][] {
  const b = c.bio;
  if (!b) return [];
  const none = ctx.t("candidates.not_given");
  return [
    [ctx.t("candidates.field.gender"), b.gender ? ctx.t(`candidates.gender_${b.gender}`) : none],
    [ctx.t("candidates.field.birth_year"), ctx.t("candidates.born", { year: b.birthYear })],
    [ctx.t("candidates.field.ethnicity"), b.ethnicity ?? none],
    [ctx.t("candidates.field.party"), b.party ?? none],
    [ctx.t("candidates.field.education"), b.education ?? none],
    [ctx.t("candidates.field.occupation"), b.occupation],
    [ctx.t("candidates.field.nominated_by"), ctx.t("candidates.nominated", { by: b.nominatedBy, kind: ctx.t(`candidates.nomination_${b.nominationKind}`) })],
    [ctx.t("candidates.field.bio"), b.bio],
  ];
}

const pair = (ctx: BotContext, label: string, value: string) => `${label}${ctx.t("candidates.sep")}${value}`;

function bioLines(ctx: BotContext, c: CandidateView): string[] {
  return bioFields(ctx, c).map(([label, value]) => pair(ctx, label, value));
}

function candidateText(ctx: BotContext, list: CandidateList, c: CandidateView): string {
  const lines = [`👤 ${c.fullName}`, `🏛 ${list.constituency.name}`, "", ...bioLines(ctx, c), ""];
  if (c.meetings.length === 0) lines.push(ctx.t("candidates.no_meetings"));
  else {
    lines.push(ctx.t("candidates.meetings_title"));
    for (const m of c.meetings) {
      lines.push(ctx.t("candidates.meeting", { date: formatDate(ctx.t, m.date), time: meetingTime(m), place: m.place }));
      if (m.address) lines.push(ctx.t("candidates.meeting_address", { address: m.address }));
      if (m.note) lines.push(`  ${m.note}`);
    }
    lines.push("", ctx.t("candidates.remind_hint"));
  }
  return lines.join("\n");
}

/** The list of a constituency; when it is gone, the picker. */
export async function showList(ctx: BotContext, constituencyId: number): Promise<unknown> {
  const list = await ctx.services.candidates.list(constituencyId);
  if (!list) return showPicker(ctx, true);
  // Once the result is published it comes first: it is what voters come for after election day.
  const results = publishedResultLines(ctx.t, await ctx.services.results.published(constituencyId));
  return show(ctx, [...results, listText(ctx, list)].join("\n"), listKeyboard(ctx, list));
}

async function showPicker(ctx: BotContext, stale = false): Promise<unknown> {
  const choices = await ctx.services.candidates.constituencies();
  if (choices.length === 0) return show(ctx, ctx.t("start.no_data"), backToMenu(ctx));
  const text = `${stale ? `${ctx.t("candidates.stale")}\n\n` : ""}${ctx.t("candidates.pick")}`;
  return show(ctx, text, pickKeyboard(ctx, "c", choices));
}

/** /candidates, or the menu's button: the linked constituency's list, else a choice. */
export async function candidatesEntry(ctx: BotContext): Promise<unknown> {
  const linked = ctx.user?.constituencyId;
  return linked ? showList(ctx, linked) : showPicker(ctx);
}

candidatesFeature.command("candidates", candidatesEntry);

onButton(candidatesFeature, infoButtons.candidates, async (ctx, { id }) => {
  await ctx.answerCallbackQuery();
  await showList(ctx, id);
});

/** A candidate still on the list shown now, or the stale answer and a fresh screen. */
async function current(ctx: BotContext, id: number) {
  const found = await ctx.services.candidates.candidate(id);
  if (!found) {
    await ctx.answerCallbackQuery({ text: ctx.t("candidates.stale") });
    await candidatesEntry(ctx);
    return null;
  }
  if (!found.list.introductionsAllowed) {
    // From E on: the list only, with the reason.
    await ctx.answerCallbackQuery({ text: ctx.t("candidates.closed_short") });
    await show(ctx, listText(ctx, found.list), listKeyboard(ctx, found.list));
    return null;
  }
  return found;
}

onButton(candidatesFeature, infoButtons.candidate, async (ctx, { id }) => {
  const found = await current(ctx, id);
  if (!found) return;
  await ctx.answerCallbackQuery();
  const { list, candidate } = found;
  await show(ctx, candidateText(ctx, list, candidate), candidateKeyboard(ctx, list, candidate, (m) => ctx.t("candidates.remind_button", { date: shortDate(ctx, m.date), time: m.from })));
});

onButton(candidatesFeature, infoButtons.compareStart, async (ctx, { c }) => {
  const list = await ctx.services.candidates.list(c);
  if (!list) return answerStale(ctx);
  await ctx.answerCallbackQuery();
  if (!list.introductionsAllowed || list.candidates.length < 2) return show(ctx, listText(ctx, list), listKeyboard(ctx, list));
  await show(ctx, ctx.t("candidates.compare_first"), compareKeyboard(ctx, list, null));
});

onButton(candidatesFeature, infoButtons.compareWith, async (ctx, { a }) => {
  const found = await current(ctx, a);
  if (!found) return;
  await ctx.answerCallbackQuery();
  await show(ctx, ctx.t("candidates.compare_second", { name: found.candidate.fullName }), compareKeyboard(ctx, found.list, found.candidate));
});

onButton(candidatesFeature, infoButtons.compare, async (ctx, { a, b }) => {
  const result = await ctx.services.candidates.compare(a, b);
  if (result.status !== "ok") {
    if (result.status === "same") return ctx.answerCallbackQuery({ text: ctx.t("candidates.compare_same") });
    await ctx.answerCallbackQuery({ text: ctx.t(result.status === "gone" ? "candidates.stale" : "candidates.closed_short") });
    return candidatesEntry(ctx);
  }
  await ctx.answerCallbackQuery();
  // Side by side in stroke order, whichever was picked first: the order says nothing.
  const order = result.list.candidates;
  const [x, y] = [result.a, result.b].sort((p, q) => order.indexOf(p) - order.indexOf(q)) as [CandidateView, CandidateView];
  const fx = bioFields(ctx, x);
  const fy = bioFields(ctx, y);
  const lines = [ctx.t("candidates.compare_title", { a: x.fullName, b: y.fullName }), ""];
  const block = (label: string, vx: string, vy: string) => lines.push(`【${label}】`, pair(ctx, x.fullName, vx), pair(ctx, y.fullName, vy), "");
  fx.forEach(([label, vx], i) => block(label, vx, fy[i]?.[1] ?? ""));
  const meetings = (c: CandidateView) =>
    c.meetings.length ? c.meetings.map((m) => `${shortDate(ctx, m.date)} ${m.from}`).join(ctx.t("list_separator")) : ctx.t("candidates.none_scheduled");
  block(ctx.t("candidates.field.meetings"), meetings(x), meetings(y));
  lines.push(ctx.t("candidates.compare_note"));
  await show(ctx, lines.join("\n"), compareKeyboard(ctx, result.list, x));
});

onButton(candidatesFeature, infoButtons.remind, async (ctx, { m }) => {
  if (!ctx.user) return answerStale(ctx);
  const { result } = await ctx.services.candidates.requestReminder(ctx.user.id, m);
  await ctx.answerCallbackQuery({ text: ctx.t(`candidates.reminder_${result}`), show_alert: result === "saved" });
});
