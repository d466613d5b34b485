// /results (staff, private chat): a constituency's result, round by round. Pick the election (when
// several) and the constituency; enter the figures step by step — registered voters, ballots
// issued (of which by proxy), returned, valid, invalid, votes per name on the ballot, write-ins —
// for the whole constituency or per station / election meeting / mobile box (summed). Each figure
// is checked as it is typed (an impossible one is refused with the reason, the question asked
// again); a summary shows what counting it gives; confirming stores the outcome and says what
// comes next (re-vote, further election with its list, seats vacant) with the figures behind it.
// Publishing shows the message subscribers get and how many, and queues it once.
// A confirmed round not yet published can be reopened for correction (the constituency's latest
// round only): the reason is asked (a session step), then the round is a draft again with its
// figures, shown as the summary to correct ("correct a figure", "enter again") and confirm again.
// A published round cannot be reopened here (voters have been told): the refusal says whom to ask.
// "Correct a figure" (at the summary, or where a save was refused) changes one figure of the draft
// without typing the rest again: pick it (per place: the part first) from a list with the current
// values, type the new value; the whole draft is checked — a value that makes a problem is refused
// with the reason and asked again, nothing saved — then saved and the summary shown again.
// Entry opens on election day (the refusal names the date). Township staff see and act on only
// their township's constituencies (staffScope); every constituency or sheet a button or the
// entry names is checked against that scope when it is pressed or typed.
import { InlineKeyboard, type NextFunction } from "grammy";
import type { CountResult } from "../../domain/results.js";
import { compareDates, toLocalDate, type LocalDate } from "../../domain/dates.js";
import { checkEntry, MAX_COUNT } from "../../domain/result-entry.js";
import type { AreaScope } from "../../services/accounts.js";
import {
  nextStep as nextAfter, REOPEN_REASON_MAX, reopenReason, type ConstituencyResults, type EntryProblem, type NextStep, type ReopenRefusal, type ScopeTarget, type SheetView,
} from "../../services/results.js";
import { onButton } from "../callback-data.js";
import { withSession, type BotContext } from "../context.js";
import {
  blank, correctable, COUNT_STEPS, ENTRY_IDLE_MS, figureCodes, newEntry, nextStep, previousStep, problemsMade, problemsNow, readCount, readFigure, readWriteIns, sheetEntry, withFigure,
  type CountStep, type DraftCounts, type EntryStep, type FigureRef, type ReopenPrompt, type ResultsEntry,
} from "../flows/results-entry.js";
import { formatDate, type Translate } from "../i18n.js";
import { publishedText, roundName } from "../render/results.js";
import { resultButtons as B, stepKeyboard } from "../keyboards/results.js";
import { hasRole, refuse, requireRole } from "../middleware/roles.js";
import { newToken, STEP_TTL_MS } from "./staff-steps.js";
import { FeatureComposer } from "../feature-composer.js";
import { refuseOutsideScope, staffScope } from "../staff-scope.js";

export const resultsFeature = new FeatureComposer<BotContext>();
const staffOnly = requireRole<BotContext>("STAFF");

const num = (n: number) => n.toLocaleString("en-US");

// ───────────── picking the election and the constituency ─────────────

async function startResults(ctx: BotContext): Promise<unknown> {
  const scope = await staffScope(ctx);
  const elections = await ctx.services.results.elections(scope);
  if (elections.length === 0) return ctx.reply(ctx.t(scope.all ? "results.no_election" : "results.no_election_in_area"));
  if (elections.length === 1) return showConstituencies(ctx, elections[0]!.id, scope);
  const kb = new InlineKeyboard();
  for (const e of elections) kb.text(`🗳 ${e.name}`, B.election.pack({ id: e.id })).row();
  return ctx.reply(ctx.t("results.choose_election"), { reply_markup: kb });
}

const STATE_ICON = { NONE: "▫️", DRAFT: "✏️", CONFIRMED: "☑️", PUBLISHED: "✅" } as const;

async function showConstituencies(ctx: BotContext, electionId: number, scope: AreaScope): Promise<unknown> {
  const list = await ctx.services.results.constituencies(electionId, scope);
  if (list.length === 0) return say(ctx, ctx.t(scope.all ? "results.no_constituencies" : "results.no_constituencies_in_area"));
  const kb = new InlineKeyboard();
  list.forEach((c, i) => {
    kb.text(`${STATE_ICON[c.state]} ${c.name}`, B.constituency.pack({ id: c.id }));
    if (i % 2 === 1) kb.row();
  });
  return say(ctx, ctx.t("results.choose_constituency"), kb);
}

/**
 * Refuses (alert or reply) when the constituency or sheet lies outside the sender's scope, read
 * now: a replayed or forged button, or an entry begun before the scope changed. True: refused.
 */
async function outsideScope(ctx: BotContext, target: ScopeTarget): Promise<boolean> {
  if (!(await ctx.services.results.outsideScope(target, await staffScope(ctx)))) return false;
  await refuseOutsideScope(ctx);
  return true;
}

/** Edits the message a button sits on, or sends a new one. */
function say(ctx: BotContext, text: string, reply_markup?: InlineKeyboard): Promise<unknown> {
  const extra = reply_markup ? { reply_markup } : {};
  if (ctx.callbackQuery?.message) return ctx.editMessageText(text, extra);
  return ctx.reply(text, extra);
}

resultsFeature.command("results", staffOnly, (ctx) => startResults(ctx));
onButton(resultsFeature, B.menu, staffOnly, async (ctx) => {
  await ctx.answerCallbackQuery();
  await startResults(ctx);
});
onButton(resultsFeature, B.election, staffOnly, async (ctx, { id }) => {
  await ctx.answerCallbackQuery();
  await showConstituencies(ctx, id, await staffScope(ctx));
});
onButton(resultsFeature, B.constituency, staffOnly, async (ctx, { id }) => {
  if (await outsideScope(ctx, { constituencyId: id })) return;
  await ctx.answerCallbackQuery();
  await showConstituency(ctx, id);
});

// ───────────── a constituency: its rounds and what comes next ─────────────

function outcomeLines(t: Translate, outcome: CountResult, next: NextStep, seats: number): string[] {
  const lines: string[] = [];
  if (!outcome.valid) lines.push(t(`results.void.${outcome.reason}`));
  else if (outcome.elected.length > 0) lines.push(t("results.elected", { names: outcome.elected.join(t("list_separator")), k: outcome.elected.length, seats }));
  else lines.push(t("results.nobody_elected"));
  lines.push(nextLine(t, next));
  return lines;
}

function nextLine(t: Translate, next: NextStep): string {
  const sep = t("list_separator");
  switch (next.kind) {
    case "REPEAT":
      return t("results.next.REPEAT", { round: t(`results.round_kind.${next.round}`), seats: next.seats });
    case "REVOTE":
      return t("results.next.REVOTE", { names: next.candidates.join(sep), seats: next.seats });
    case "FURTHER":
      return t("results.next.FURTHER", { seats: next.seats, names: next.candidates.join(sep) }) + (next.tiedAtCutoff ? `\n${t("results.next.tied_at_cutoff", { names: next.tiedAtCutoff.join(sep) })}` : "");
    case "VACANT":
      return t("results.next.VACANT", { seats: next.seats });
    case "DONE":
      return t("results.next.DONE");
  }
}

/** The figures behind a sheet: ballots, turnout and each name's votes with the thresholds. */
function figureLines(t: Translate, s: SheetView): string[] {
  const { voted, proxyVotes, returned, valid, invalid } = s.totals;
  const lines = [
    t("results.fig.registered", { n: num(s.registered) }),
    t("results.fig.voted", { n: num(voted), proxy: num(proxyVotes), pct: pct(voted, s.registered) }),
    t("results.fig.returned", { n: num(returned), valid: num(valid), invalid: num(invalid) }),
  ];
  if (s.round === "FIRST") lines.push(t("results.fig.majority", { n: num(Math.floor(voted / 2) + 1) }));
  if (s.round === "FURTHER") lines.push(t("results.fig.third", { n: num(Math.ceil(returned / 3)) }));
  for (const v of s.votes) {
    lines.push(t(v.writeIn ? "results.fig.vote_write_in" : "results.fig.vote", { name: v.name, n: num(v.votes), pct: pct(v.votes, voted), mark: v.elected ? " ✅" : "" }));
  }
  for (const p of s.parts) lines.push(t("results.fig.part", { label: p.label, kind: t(`results.kind.${p.placeKind}`), voted: num(p.voted), returned: num(p.returned) }));
  return lines;
}

const pct = (a: number, b: number) => (b === 0 ? "0" : ((100 * a) / b).toFixed(1));

function constituencyText(ctx: BotContext, r: ConstituencyResults, today: LocalDate): string {
  const t = ctx.t;
  const lines = [t("results.constituency_title", { name: r.constituency.name, seats: r.constituency.seats })];
  if (r.sheets.length === 0) {
    lines.push("", compareDates(today, r.opensOn) < 0 ? beforeElectionDay(ctx, r.opensOn) : t("results.nothing_yet"));
    return lines.join("\n");
  }
  for (const s of r.sheets) {
    lines.push("", `【${roundName(t, s)}】${t(`results.status.${s.status}`, { date: s.publishedOn ? formatDate(t, s.publishedOn) : "" })}`);
    if (s.status === "DRAFT") lines.push(t(s.entered ? "results.draft_entered" : "results.draft_empty"));
    else lines.push(...figureLines(t, s), ...outcomeLines(t, s.outcome!, s.next!, s.seats));
  }
  if (r.elected.length > 0) lines.push("", t("results.elected_so_far", { names: r.elected.join(t("list_separator")), k: r.elected.length, seats: r.constituency.seats }));
  return lines.join("\n");
}

async function showConstituency(ctx: BotContext, constituencyId: number): Promise<unknown> {
  const r = await ctx.services.results.constituency(constituencyId);
  if (!r) return say(ctx, ctx.t("results.gone"));
  const kb = new InlineKeyboard();
  const draft = r.sheets.find((s) => s.status === "DRAFT");
  const last = r.sheets.at(-1);
  const open = compareDates(localToday(ctx), r.opensOn) >= 0;
  if (draft) kb.text(ctx.t("results.continue", { round: roundName(ctx.t, draft) }), B.start.pack({ id: constituencyId })).row();
  else if (open && (!last || (last.next && ["REPEAT", "REVOTE", "FURTHER"].includes(last.next.kind)))) {
    kb.text(ctx.t("results.enter", { round: last ? ctx.t(`results.round_kind.${nextRound(last.next!)}`) : ctx.t("results.round_kind.FIRST") }), B.start.pack({ id: constituencyId })).row();
  }
  for (const s of r.sheets) {
    if (s.status !== "CONFIRMED") continue;
    kb.text(ctx.t("results.publish_button", { round: roundName(ctx.t, s) }), B.publishPreview.pack({ id: s.id })).row();
    // Only the latest round: one a later round was made from cannot be reopened (LATER_ROUND).
    if (s.id === last?.id) kb.text(ctx.t("results.reopen.button", { round: roundName(ctx.t, s) }), B.reopen.pack({ id: s.id })).row();
  }
  kb.text(ctx.t("results.to_list"), B.election.pack({ id: r.election.id }));
  return say(ctx, constituencyText(ctx, r, localToday(ctx)), kb);
}

/** Entry opens on election day; the console demo can move its clock there (/today). */
function beforeElectionDay(ctx: BotContext, opensOn: LocalDate): string {
  const text = ctx.t("results.refused.BEFORE_ELECTION_DAY", { date: formatDate(ctx.t, opensOn) });
  return ctx.config.BOT_MODE === "console" ? `${text}\n${ctx.t("results.console_today", { day: opensOn })}` : text;
}

const localToday = (ctx: BotContext): LocalDate => toLocalDate(ctx.services.clock.now(), ctx.config.TIMEZONE);

function nextRound(next: NextStep): string {
  return next.kind === "REPEAT" ? next.round : next.kind;
}

// ───────────── entering the figures ─────────────

async function entryOf(ctx: BotContext): Promise<ResultsEntry | undefined> {
  return (await ctx.session).results;
}

async function saveEntry(ctx: BotContext, e: ResultsEntry | undefined): Promise<void> {
  const session = await ctx.session;
  if (e) session.results = { ...e, at: ctx.services.clock.now().getTime() };
  else delete session.results;
}

/** Before each entry step: the sheet being entered must still be in the sender's scope (else the entry ends). */
async function entryInScope(ctx: BotContext, next: NextFunction): Promise<unknown> {
  const e = await entryOf(ctx);
  if (e && (await outsideScope(ctx, { sheetId: e.sheetId }))) return saveEntry(ctx, undefined);
  return next();
}

onButton(resultsFeature, B.start, staffOnly, async (ctx, { id }) => {
  if (await outsideScope(ctx, { constituencyId: id })) return;
  const started = await ctx.services.results.startRound(id, ctx.user?.id ?? null);
  if (!started.ok) {
    await ctx.answerCallbackQuery();
    return ctx.reply(
      started.problem === "BEFORE_ELECTION_DAY" ? beforeElectionDay(ctx, started.opensOn!) : ctx.t(`results.refused.${started.problem}`),
    );
  }
  await ctx.answerCallbackQuery();
  const sheet = started.sheet;
  // Imported figures: straight to the summary (or, when one breaks a rule, to what stops it, to correct).
  if (sheet.entered) {
    const e = { ...entryFromSheet(sheet), token: newToken() };
    const problems = checkEntry(sheetEntry(e), sheet.seats);
    if (problems.length > 0) return showProblems(ctx, e, problems);
    await saveEntry(ctx, e);
    return showSummary(ctx, sheet);
  }
  const e = newEntry(sheet, ctx.services.clock.now().getTime());
  await saveEntry(ctx, e);
  await ctx.reply(ctx.t("results.started", { round: roundName(ctx.t, sheet), name: sheet.constituencyName, seats: sheet.seats, names: sheet.ballot.join(ctx.t("list_separator")) }));
  return ask(ctx, e);
});

/** Asks the question of the entry's step. */
async function ask(ctx: BotContext, e: ResultsEntry): Promise<unknown> {
  const t = ctx.t;
  const where = e.mode === "parts" && e.cur.label ? `〔${e.cur.label}〕` : "";
  switch (e.step) {
    case "registered":
      return ctx.reply(t("results.ask.registered", { roll: num(e.rollCount) }), {
        reply_markup: stepKeyboard(ctx, new InlineKeyboard().text(t("results.use_roll", { n: num(e.rollCount) }), B.useRoll.pack({ n: e.rollCount })).row(), false),
      });
    case "mode":
      return ctx.reply(t("results.ask.mode"), {
        reply_markup: stepKeyboard(ctx, new InlineKeyboard().text(t("results.mode_whole"), B.mode.pack({ m: "w" })).row().text(t("results.mode_parts"), B.mode.pack({ m: "p" })).row()),
      });
    case "label": {
      const places = await ctx.services.results.places(e.constituencyId);
      const used = new Set(e.parts.map((p) => p.pollingPlaceId));
      const kb = new InlineKeyboard();
      for (const p of places.filter((p) => !used.has(p.id))) kb.text(`${t(`results.kind_icon.${p.kind}`)} ${p.name}`, B.place.pack({ id: p.id })).row();
      return ctx.reply(t("results.ask.label", { n: e.parts.length + 1 }), { reply_markup: stepKeyboard(ctx, kb) });
    }
    case "kind":
      return ctx.reply(t("results.ask.kind", { label: e.cur.label }), {
        reply_markup: stepKeyboard(ctx, new InlineKeyboard().text(t("results.kind.STATION"), B.kind.pack({ k: "STATION" })).text(t("results.kind.ELECTION_MEETING"), B.kind.pack({ k: "ELECTION_MEETING" })).text(t("results.kind.MOBILE_BOX"), B.kind.pack({ k: "MOBILE_BOX" })).row()),
      });
    case "vote":
      return ctx.reply(`${where}${t("results.ask.vote", { name: e.ballot[e.voteIndex], i: e.voteIndex + 1, of: e.ballot.length, valid: num(e.cur.valid ?? 0) })}`, { reply_markup: stepKeyboard(ctx) });
    case "writeIns": {
      const typed = e.cur.writeIns.map((n) => `${n} ${num(e.cur.votes[n] ?? 0)}`).join("\n");
      return ctx.reply(`${where}${t(typed ? "results.ask.write_ins_more" : "results.ask.write_ins", { typed })}`, {
        reply_markup: stepKeyboard(ctx, new InlineKeyboard().text(t(typed ? "results.write_ins_done" : "results.write_ins_none"), B.writeInsDone.pack({})).row()),
      });
    }
    case "more":
      return ctx.reply(t("results.ask.more", { n: e.parts.length, voted: num(e.parts.reduce((s, p) => s + (p.voted ?? 0), 0)) }), {
        reply_markup: stepKeyboard(ctx, new InlineKeyboard().text(t("results.add_part"), B.more.pack({ a: "add" })).row().text(t("results.parts_done"), B.more.pack({ a: "done" })).row()),
      });
    case "summary":
      return toSummary(ctx, e);
    case "fix":
      return showFix(ctx, e);
    default: {
      const step: CountStep = e.step;
      const hint = step === "invalid" && e.cur.returned !== undefined && e.cur.valid !== undefined ? t("results.ask.invalid_hint", { n: num(e.cur.returned - e.cur.valid) }) : "";
      return ctx.reply(`${where}${t(`results.ask.${step}`, { returned: num(e.cur.returned ?? 0) })}${hint}`, { reply_markup: stepKeyboard(ctx) });
    }
  }
}

/** Moves the entry one question on and asks it. */
async function advance(ctx: BotContext, e: ResultsEntry): Promise<unknown> {
  let next: ResultsEntry = { ...e, ...nextStep(e) };
  if (next.step === "more") next = { ...next, parts: [...e.parts, e.cur], cur: blank() };
  await saveEntry(ctx, next);
  return ask(ctx, next);
}

function problemText(t: Translate, p: EntryProblem): string {
  const f = Object.fromEntries(Object.entries(p.figures).map(([k, v]) => [k, num(v)]));
  const where = p.part ? t("results.problem_in_part", { part: p.part }) : "";
  return `${where}${t(`results.problem.${p.code}`, { ...f, name: p.name ?? "" })}`;
}

// The reason typed while a "reopen for correction" waits for it (before an entry's figures).
resultsFeature.on("message:text").filter(
  (ctx) => !ctx.msg.text.startsWith("/") && hasRole(ctx, "STAFF") && withSession(ctx, (s) => s.resultsReopen !== undefined),
  async (ctx) => {
    const prompt = (await ctx.session).resultsReopen!;
    if (ctx.services.clock.now().getTime() - prompt.at > STEP_TTL_MS) {
      await savePrompt(ctx, undefined);
      return ctx.reply(ctx.t("results.reopen.expired"));
    }
    const why = reopenReason(ctx.msg.text);
    if (!why.ok) {
      return ctx.reply(why.problem === "NO_REASON" ? ctx.t("results.reopen.reason_empty") : ctx.t("results.reopen.reason_too_long", { n: why.length, max: REOPEN_REASON_MAX }));
    }
    await savePrompt(ctx, undefined);
    // reopen checks the scope itself, in its transaction (OUTSIDE_SCOPE → refuseReopen).
    const done = await ctx.services.results.reopen(prompt.sheetId, ctx.user?.id ?? null, why.reason, await staffScope(ctx));
    if (!done.ok) return refuseReopen(ctx, done);
    const s = done.sheet;
    if (done.already) return ctx.reply(ctx.t("results.reopen.already", { round: roundName(ctx.t, s) }));
    // The sheet is a draft again: its summary, with "correct a figure", "enter again" and "confirm".
    await saveEntry(ctx, { ...entryFromSheet(s), token: newToken() });
    await ctx.reply(ctx.t("results.reopen.done", { name: s.constituencyName, round: roundName(ctx.t, s), reason: why.reason }));
    return showSummary(ctx, s);
  },
);

// A figure typed while an entry waits for one.
resultsFeature.on("message:text").filter(
  (ctx) => !ctx.msg.text.startsWith("/") && hasRole(ctx, "STAFF") && withSession(ctx, (s) => s.results !== undefined),
  entryInScope,
  async (ctx) => {
    const e = (await entryOf(ctx))!;
    if (ctx.services.clock.now().getTime() - e.at > ENTRY_IDLE_MS) {
      await saveEntry(ctx, undefined);
      return ctx.reply(ctx.t("results.expired"));
    }
    const text = ctx.msg.text;
    if (e.step === "fix") return correctTyped(ctx, e, text);
    if (e.step === "label") {
      const label = text.trim();
      if (label === "" || [...label].length > 50) return ctx.reply(ctx.t("results.bad.label"));
      if (e.parts.some((p) => p.label === label)) return ctx.reply(ctx.t("results.bad.label_used", { label }));
      const next = { ...e, cur: { ...e.cur, label, pollingPlaceId: null }, step: "kind" as const };
      await saveEntry(ctx, next);
      return ask(ctx, next);
    }
    if (e.step === "writeIns") {
      const read = readWriteIns(text);
      if ("error" in read) return ctx.reply(ctx.t(`results.bad.write_in.${read.error.problem}`, { line: read.error.line }));
      const cur = { ...e.cur, votes: { ...e.cur.votes }, writeIns: [...e.cur.writeIns] };
      for (const [name, n] of read.ok) {
        if (e.ballot.includes(name)) return ctx.reply(ctx.t("results.bad.write_in_on_ballot", { name }));
        cur.votes[name] = n;
        if (!cur.writeIns.includes(name)) cur.writeIns.push(name);
      }
      const problems = problemsNow(e, cur);
      if (problems.length > 0) return ctx.reply(`${problemText(ctx.t, problems[0]!)}\n${ctx.t("results.fix_write_ins")}`);
      const next = { ...e, cur };
      await saveEntry(ctx, next);
      return ask(ctx, next);
    }
    if (!(COUNT_STEPS as readonly string[]).includes(e.step) && e.step !== "vote" && e.step !== "registered") {
      await ctx.reply(ctx.t("results.use_buttons"));
      return ask(ctx, e);
    }
    const n = readCount(text);
    if (typeof n !== "number") return ctx.reply(ctx.t(`results.bad.${n}`, { max: num(MAX_COUNT) }));
    if (e.step === "registered") {
      if (n === 0) return ctx.reply(ctx.t("results.bad.registered_none"));
      return advance(ctx, { ...e, registered: n });
    }
    const cur = { ...e.cur, votes: { ...e.cur.votes } };
    if (e.step === "vote") cur.votes[e.ballot[e.voteIndex]!] = n;
    else cur[e.step as CountStep] = n;
    const problems = problemsNow(e, cur);
    if (problems.length > 0) return ctx.reply(`${problemText(ctx.t, problems[0]!)}\n${ctx.t("results.type_again")}`);
    return advance(ctx, { ...e, cur });
  },
);

onButton(resultsFeature, B.useRoll, staffOnly, entryInScope, async (ctx, { n }) => {
  const e = await entryOf(ctx);
  if (!e || e.step !== "registered") return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  await ctx.answerCallbackQuery();
  return advance(ctx, { ...e, registered: n });
});

onButton(resultsFeature, B.mode, staffOnly, entryInScope, async (ctx, { m }) => {
  const e = await entryOf(ctx);
  if (!e || e.step !== "mode" || (m !== "w" && m !== "p")) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  await ctx.answerCallbackQuery();
  const next: ResultsEntry = m === "w" ? { ...e, mode: "whole", parts: [], cur: blank(), step: "voted" } : { ...e, mode: "parts", parts: [], cur: blank(), step: "label" };
  await saveEntry(ctx, next);
  return ask(ctx, next);
});

onButton(resultsFeature, B.place, staffOnly, entryInScope, async (ctx, { id }) => {
  const e = await entryOf(ctx);
  if (!e || e.step !== "label") return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  const place = (await ctx.services.results.places(e.constituencyId)).find((p) => p.id === id);
  if (!place) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  await ctx.answerCallbackQuery();
  return advance(ctx, { ...e, cur: { ...blank(), label: place.name, placeKind: place.kind, pollingPlaceId: place.id } });
});

onButton(resultsFeature, B.kind, staffOnly, entryInScope, async (ctx, { k }) => {
  const e = await entryOf(ctx);
  if (!e || e.step !== "kind" || !["STATION", "ELECTION_MEETING", "MOBILE_BOX"].includes(k)) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  await ctx.answerCallbackQuery();
  return advance(ctx, { ...e, cur: { ...e.cur, placeKind: k as "STATION" } });
});

onButton(resultsFeature, B.writeInsDone, staffOnly, entryInScope, async (ctx) => {
  const e = await entryOf(ctx);
  if (!e || e.step !== "writeIns") return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  await ctx.answerCallbackQuery();
  return advance(ctx, e);
});

onButton(resultsFeature, B.more, staffOnly, entryInScope, async (ctx, { a }) => {
  const e = await entryOf(ctx);
  if (!e || e.step !== "more") return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  await ctx.answerCallbackQuery();
  const next: ResultsEntry = { ...e, step: a === "add" ? "label" : "summary" };
  await saveEntry(ctx, next);
  return ask(ctx, next);
});

onButton(resultsFeature, B.back, staffOnly, entryInScope, async (ctx) => {
  const e = await entryOf(ctx);
  if (e?.step === "fix") return fixBack(ctx, e);
  const prev = e ? previousStep(e) : null;
  if (!e || !prev) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  await ctx.answerCallbackQuery();
  // Back from the question after a finished part: that part is open again.
  const reopen = e.step === "more" || (e.step === "label" && prev.step === "more");
  let next: ResultsEntry = { ...e, ...prev };
  if (e.step === "more") next = { ...next, cur: e.parts.at(-1)!, parts: e.parts.slice(0, -1) };
  else if (reopen) next = { ...next, cur: blank() };
  await saveEntry(ctx, next);
  return ask(ctx, next);
});

onButton(resultsFeature, B.cancel, async (ctx) => {
  await saveEntry(ctx, undefined);
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(ctx.t("results.cancelled"));
});

resultsFeature.command("cancel", async (ctx, next) => {
  if ((await ctx.session).resultsReopen) {
    await savePrompt(ctx, undefined);
    return ctx.reply(ctx.t("results.reopen.cancelled"));
  }
  if (!(await entryOf(ctx))) return next();
  await saveEntry(ctx, undefined);
  await ctx.reply(ctx.t("results.cancelled"));
});

// ───────────── summary, confirmation, publication ─────────────

/** Saves the typed figures as the sheet's draft; refusals name the reason and the step to fix. */
async function toSummary(ctx: BotContext, e: ResultsEntry): Promise<unknown> {
  const saved = await ctx.services.results.saveEntry(e.sheetId, sheetEntry(e), ctx.user?.id ?? null);
  if (!saved.ok) {
    if (saved.problem !== "ENTRY_PROBLEMS") {
      await saveEntry(ctx, undefined);
      return ctx.reply(ctx.t(`results.refused.${saved.problem}`));
    }
    return showProblems(ctx, e, saved.problems);
  }
  const token = newToken();
  await saveEntry(ctx, { ...withoutCorrecting(e), step: "summary", token });
  return showSummary(ctx, saved.sheet);
}

/** The problems that stop the save: "back" to the last question, correct one figure, enter again, or cancel. */
async function showProblems(ctx: BotContext, e: ResultsEntry, problems: readonly EntryProblem[]): Promise<unknown> {
  const token = newToken();
  await saveEntry(ctx, { ...withoutCorrecting(e), step: e.mode === "parts" ? "more" : "writeIns", token });
  const lines = problems.map((p) => `• ${problemText(ctx.t, p)}`);
  return ctx.reply([ctx.t("results.summary_refused"), ...lines, "", ctx.t("results.summary_fix")].join("\n"), {
    reply_markup: stepKeyboard(
      ctx,
      new InlineKeyboard().text(ctx.t("results.fix.button"), B.fix.pack({ id: e.sheetId, token })).row().text(ctx.t("results.redo"), B.redo.pack({ id: e.sheetId })).row(),
    ),
  });
}

function withoutCorrecting(e: ResultsEntry): ResultsEntry {
  const { correcting: _, ...rest } = e;
  return rest;
}

async function showSummary(ctx: BotContext, sheet: SheetView): Promise<unknown> {
  const e = await entryOf(ctx);
  const outcome = ctx.services.results.preview(sheet);
  const lines = [
    ctx.t("results.summary_title", { round: roundName(ctx.t, sheet), name: sheet.constituencyName, seats: sheet.seats }),
    "",
    ...figureLines(ctx.t, sheet),
    "",
    ctx.t("results.if_confirmed"),
    ...outcomeLines(ctx.t, outcome, nextAfter(sheet, outcome), sheet.seats),
  ];
  return ctx.reply(lines.join("\n"), {
    reply_markup: new InlineKeyboard()
      .text(ctx.t("results.confirm"), B.confirm.pack({ token: e?.token ?? "-" }))
      .row()
      .text(ctx.t("results.fix.button"), B.fix.pack({ id: sheet.id, token: e?.token ?? "-" }))
      .row()
      .text(ctx.t("results.redo"), B.redo.pack({ id: sheet.id }))
      .row()
      .text(ctx.t("results.cancel"), B.cancel.pack({})),
  });
}

onButton(resultsFeature, B.redo, staffOnly, async (ctx, { id }) => {
  if (await outsideScope(ctx, { sheetId: id })) return;
  const sheet = await ctx.services.results.sheet(id);
  if (!sheet || sheet.status !== "DRAFT") return ctx.answerCallbackQuery({ text: ctx.t("results.already_confirmed"), show_alert: true });
  await ctx.answerCallbackQuery();
  const e = newEntry(sheet, ctx.services.clock.now().getTime());
  await saveEntry(ctx, e);
  return ask(ctx, e);
});

onButton(resultsFeature, B.confirm, staffOnly, async (ctx, { token }) => {
  const e = await entryOf(ctx);
  if (!e || e.step !== "summary" || e.token !== token) return ctx.answerCallbackQuery({ text: ctx.t("results.already_confirmed"), show_alert: true });
  await saveEntry(ctx, undefined);
  if (await outsideScope(ctx, { sheetId: e.sheetId })) return;
  const done = await ctx.services.results.confirm(e.sheetId, ctx.user?.id ?? null);
  if (!done.ok) {
    await ctx.answerCallbackQuery();
    return ctx.reply(done.problems ? [ctx.t("results.summary_refused"), ...done.problems.map((p) => `• ${problemText(ctx.t, p)}`)].join("\n") : ctx.t(`results.refused.${done.problem}`));
  }
  if (done.already) return ctx.answerCallbackQuery({ text: ctx.t("results.already_confirmed"), show_alert: true });
  await ctx.answerCallbackQuery({ text: ctx.t("results.confirmed_toast") });
  await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
  const s = done.sheet;
  const kb = new InlineKeyboard().text(ctx.t("results.publish_button", { round: roundName(ctx.t, s) }), B.publishPreview.pack({ id: s.id })).row();
  kb.text(ctx.t("results.reopen.button", { round: roundName(ctx.t, s) }), B.reopen.pack({ id: s.id })).row();
  if (s.next && s.next.kind !== "DONE" && s.next.kind !== "VACANT") kb.text(ctx.t("results.enter", { round: ctx.t(`results.round_kind.${nextRound(s.next)}`) }), B.start.pack({ id: s.constituencyId })).row();
  kb.text(ctx.t("results.to_constituency"), B.constituency.pack({ id: s.constituencyId }));
  return ctx.reply(
    [ctx.t("results.confirmed", { round: roundName(ctx.t, s), name: s.constituencyName }), "", ...figureLines(ctx.t, s), "", ...outcomeLines(ctx.t, s.outcome!, s.next!, s.seats)].join("\n"),
    { reply_markup: kb },
  );
});

onButton(resultsFeature, B.publishPreview, staffOnly, async (ctx, { id }) => {
  if (await outsideScope(ctx, { sheetId: id })) return;
  const p = await ctx.services.results.publishPreview(id);
  if (!p) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  await ctx.answerCallbackQuery();
  if (p.sheet.status === "PUBLISHED") return ctx.reply(ctx.t("results.already_published", { date: formatDate(ctx.t, p.sheet.publishedOn!) }));
  const today = formatDate(ctx.t, localToday(ctx));
  return ctx.reply([ctx.t("results.publish_preview", { n: p.recipients }), "", publishedText(ctx.t, p.result, today)].join("\n"), {
    reply_markup: new InlineKeyboard().text(ctx.t("results.publish_confirm", { n: p.recipients }), B.publish.pack({ id })).row().text(ctx.t("results.cancel"), B.constituency.pack({ id: p.sheet.constituencyId })),
  });
});

onButton(resultsFeature, B.publish, staffOnly, async (ctx, { id }) => {
  if (await outsideScope(ctx, { sheetId: id })) return;
  const before = await ctx.services.results.sheet(id);
  if (!before) return ctx.answerCallbackQuery({ text: ctx.t("results.refused.NOT_FOUND"), show_alert: true });
  if (before.status === "PUBLISHED") return ctx.answerCallbackQuery({ text: ctx.t("results.already_published", { date: formatDate(ctx.t, before.publishedOn!) }), show_alert: true });
  // A large constituency takes seconds to queue: stop the spinner and the buttons first.
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
  const done = await ctx.services.results.publish(id, ctx.user?.id ?? null);
  if (!done.ok) return ctx.reply(ctx.t(`results.refused.${done.problem}`));
  if (done.already) return ctx.reply(ctx.t("results.already_published", { date: formatDate(ctx.t, done.sheet.publishedOn!) }));
  return ctx.reply(ctx.t("results.published", { name: done.sheet.constituencyName, round: roundName(ctx.t, done.sheet), date: formatDate(ctx.t, done.sheet.publishedOn!), n: done.queued }), {
    reply_markup: new InlineKeyboard().text(ctx.t("results.to_constituency"), B.constituency.pack({ id: done.sheet.constituencyId })),
  });
});

// ───────────── correcting one figure of the draft ─────────────

/** A figure's name, as the list and the question show it. */
function figureLabel(t: Translate, ref: FigureRef): string {
  switch (ref.kind) {
    case "registered":
      return t("results.fix.field.registered");
    case "count":
      return t(`results.fix.field.${ref.step}`);
    case "vote":
      return t(ref.writeIn ? "results.fix.field.write_in" : "results.fix.field.vote", { name: ref.name });
  }
}

/** Per place, the part being corrected: 〔label〕 before its list and question. */
function partTag(e: ResultsEntry, part: number | null): string {
  return e.mode === "parts" && part !== null ? `〔${e.parts[part]?.label ?? ""}〕` : "";
}

/**
 * The correction's current screen: the question for the chosen figure (its current value in it),
 * else the figures of the chosen level with their values — per place, first the registered voters
 * and the parts. A new message each time, as the entry's questions are.
 */
async function showFix(ctx: BotContext, e: ResultsEntry): Promise<unknown> {
  const t = ctx.t;
  const c = e.correcting ?? { from: "summary", part: null };
  const token = e.token ?? "-";
  const tag = partTag(e, c.part);
  const asked = c.field !== undefined ? readFigure(e, c.part, c.field) : null;
  if (asked) return ctx.reply(`${tag}${t("results.fix.ask", { label: figureLabel(t, asked.ref), n: num(asked.value) })}`, { reply_markup: stepKeyboard(ctx) });
  const kb = new InlineKeyboard();
  for (const code of figureCodes(e, c.part)) {
    const fig = readFigure(e, c.part, code)!;
    kb.text(t("results.fix.item", { label: figureLabel(t, fig.ref), n: num(fig.value) }), B.fixField.pack({ id: e.sheetId, p: c.part ?? -1, f: code, token })).row();
  }
  const top = c.part === null;
  if (e.mode === "parts" && top) {
    e.parts.forEach((d, i) => kb.text(`${t(`results.kind_icon.${d.placeKind ?? "STATION"}`)} ${d.label ?? ""}`, B.fixPart.pack({ id: e.sheetId, p: i, token })).row());
  }
  kb.text(t(top ? (c.from === "summary" ? "results.fix.to_summary" : "results.fix.to_problems") : "results.back"), B.back.pack({})).text(t("results.cancel"), B.cancel.pack({}));
  return ctx.reply(`${tag}${t(e.mode === "parts" && top ? "results.fix.choose_part" : "results.fix.choose")}`, { reply_markup: kb });
}

/** A correction button that no longer fits the entry (an old message, another sheet, forged): an alert. */
function staleFix(ctx: BotContext): Promise<unknown> {
  return ctx.answerCallbackQuery({ text: ctx.t("results.fix.stale"), show_alert: true });
}

/** The entry, when a correction button (its sheet and token) belongs to its correction in progress. */
async function correcting(ctx: BotContext, id: number, token: string): Promise<(ResultsEntry & { correcting: NonNullable<ResultsEntry["correcting"]> }) | null> {
  const e = await entryOf(ctx);
  if (!e || e.step !== "fix" || !e.correcting || e.sheetId !== id || e.token !== token || !correctable(e)) return null;
  return e as ResultsEntry & { correcting: NonNullable<ResultsEntry["correcting"]> };
}

// Begin: the summary's (or a refused save's) button, while its figures are the entry's.
onButton(resultsFeature, B.fix, staffOnly, entryInScope, async (ctx, { id, token }) => {
  if (await outsideScope(ctx, { sheetId: id })) return;
  const e = await entryOf(ctx);
  const from: EntryStep | undefined = e?.step === "fix" ? e.correcting?.from : e?.step;
  if (!e || e.sheetId !== id || e.token !== token || !correctable(e) || (from !== "summary" && from !== (e.mode === "parts" ? "more" : "writeIns"))) return staleFix(ctx);
  await ctx.answerCallbackQuery();
  const next: ResultsEntry = { ...e, step: "fix", correcting: { from, part: null } };
  await saveEntry(ctx, next);
  return showFix(ctx, next);
});

onButton(resultsFeature, B.fixPart, staffOnly, entryInScope, async (ctx, { id, p, token }) => {
  if (await outsideScope(ctx, { sheetId: id })) return;
  const e = await correcting(ctx, id, token);
  if (!e || e.mode !== "parts" || p < 0 || p >= e.parts.length) return staleFix(ctx);
  await ctx.answerCallbackQuery();
  const next: ResultsEntry = { ...e, correcting: { from: e.correcting.from, part: p } };
  await saveEntry(ctx, next);
  return showFix(ctx, next);
});

onButton(resultsFeature, B.fixField, staffOnly, entryInScope, async (ctx, { id, p, f, token }) => {
  if (await outsideScope(ctx, { sheetId: id })) return;
  const e = await correcting(ctx, id, token);
  const part = p === -1 ? null : p;
  if (!e || (part !== null && (e.mode !== "parts" || part < 0 || part >= e.parts.length)) || !readFigure(e, part, f)) return staleFix(ctx);
  await ctx.answerCallbackQuery();
  const next: ResultsEntry = { ...e, correcting: { from: e.correcting.from, part, field: f } };
  await saveEntry(ctx, next);
  return showFix(ctx, next);
});

/** "Back" while correcting: from the question to its list, from a part's figures to the parts, from there to where it began. */
async function fixBack(ctx: BotContext, e: ResultsEntry): Promise<unknown> {
  const c = e.correcting ?? { from: "summary" as const, part: null };
  if (c.field !== undefined || c.part !== null) {
    await ctx.answerCallbackQuery();
    const next: ResultsEntry = { ...e, correcting: c.field !== undefined ? { from: c.from, part: c.part } : { from: c.from, part: null } };
    await saveEntry(ctx, next);
    return showFix(ctx, next);
  }
  // Nothing changed: the refusal again, or the summary of the saved draft (the session's figures).
  const problems = checkEntry(sheetEntry(e), e.seats);
  if (problems.length > 0) {
    await ctx.answerCallbackQuery();
    return showProblems(ctx, e, problems);
  }
  const sheet = await ctx.services.results.sheet(e.sheetId);
  if (!sheet || sheet.status !== "DRAFT") {
    await saveEntry(ctx, undefined);
    return ctx.answerCallbackQuery({ text: ctx.t("results.already_confirmed"), show_alert: true });
  }
  await ctx.answerCallbackQuery();
  await saveEntry(ctx, { ...withoutCorrecting(e), step: "summary" });
  return showSummary(ctx, sheet);
}

/**
 * The new value of the figure being corrected: read as the stepper reads a count; refused with the
 * reason (and asked again, nothing saved) when it makes a problem the draft did not have; else the
 * draft is saved and its summary shown (or the problems left, when a save was refused before).
 */
async function correctTyped(ctx: BotContext, e: ResultsEntry, text: string): Promise<unknown> {
  const c = e.correcting;
  const fig = c?.field !== undefined ? readFigure(e, c.part, c.field) : null;
  if (!c || !fig) {
    // At a list (or a figure no longer on it): the buttons again.
    const list: ResultsEntry = { ...e, correcting: { from: c?.from ?? "summary", part: c && c.field === undefined ? c.part : null } };
    await saveEntry(ctx, list);
    await ctx.reply(ctx.t("results.use_buttons"));
    return showFix(ctx, list);
  }
  const n = readCount(text);
  if (typeof n !== "number") return ctx.reply(ctx.t(`results.bad.${n}`, { max: num(MAX_COUNT) }));
  if (fig.ref.kind === "registered" && n === 0) return ctx.reply(ctx.t("results.bad.registered_none"));
  const next = withFigure(e, c.part, fig.ref, n);
  const made = problemsMade(checkEntry(sheetEntry(e), e.seats), checkEntry(sheetEntry(next), e.seats));
  if (made.length > 0) {
    const label = figureLabel(ctx.t, fig.ref);
    return ctx.reply(`${problemText(ctx.t, made[0]!)}\n${ctx.t("results.fix.again", { label, n: num(fig.value) })}`, { reply_markup: stepKeyboard(ctx) });
  }
  return toSummary(ctx, { ...withoutCorrecting(next), step: c.from });
}

// ───────────── reopening a confirmed round for correction ─────────────

async function savePrompt(ctx: BotContext, prompt: ReopenPrompt | undefined): Promise<void> {
  const session = await ctx.session;
  if (prompt) session.resultsReopen = prompt;
  else delete session.resultsReopen;
}

/**
 * The entry of a sheet whose figures are in the database (imported, or reopened): at the summary,
 * holding those figures, so saving it again (a word typed at the summary) keeps them.
 */
function entryFromSheet(sheet: SheetView): ResultsEntry {
  const onBallot = new Set(sheet.ballot);
  const draft = (c: { voted: number; proxyVotes: number; returned: number; valid: number; invalid: number; votes: Record<string, number> }): DraftCounts => ({
    voted: c.voted,
    proxyVotes: c.proxyVotes,
    returned: c.returned,
    valid: c.valid,
    invalid: c.invalid,
    votes: { ...c.votes },
    writeIns: Object.keys(c.votes).filter((name) => !onBallot.has(name)),
  });
  const base = { ...newEntry(sheet, 0), registered: sheet.registered, step: "summary" as const };
  if (sheet.parts.length > 0) {
    return { ...base, mode: "parts", cur: blank(), parts: sheet.parts.map((p) => ({ ...draft(p), label: p.label, placeKind: p.placeKind, pollingPlaceId: p.pollingPlaceId ?? null })) };
  }
  return { ...base, mode: "whole", cur: draft(sheet.totals) };
}

/**
 * Why a round cannot be reopened: an alert on the button when it is gone or outside the area (a
 * stale or forged button), else a message — a published round or one a later round was made from,
 * with whom to ask.
 */
async function refuseReopen(ctx: BotContext, r: ReopenRefusal): Promise<unknown> {
  const t = ctx.t;
  switch (r.problem) {
    case "OUTSIDE_SCOPE":
      return refuseOutsideScope(ctx);
    case "NOT_FOUND":
      return refuse(ctx, t("results.refused.NOT_FOUND"));
    case "NO_REASON":
      return refuse(ctx, t("results.reopen.reason_empty"));
    case "REASON_TOO_LONG":
      return refuse(ctx, t("results.reopen.reason_too_long", { n: REOPEN_REASON_MAX + 1, max: REOPEN_REASON_MAX }));
    case "PUBLISHED":
    case "LATER_ROUND": {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery();
      const round = roundName(t, r.round!);
      return ctx.reply(
        r.problem === "PUBLISHED"
          ? t("results.reopen.PUBLISHED", { round, date: formatDate(t, r.publishedOn!) })
          : t("results.reopen.LATER_ROUND", { round, later: roundName(t, r.later!) }),
        { reply_markup: new InlineKeyboard().text(t("results.to_constituency"), B.constituency.pack({ id: r.constituencyId! })) },
      );
    }
  }
}

onButton(resultsFeature, B.reopen, staffOnly, async (ctx, { id }) => {
  const check = await ctx.services.results.reopenable(id, await staffScope(ctx));
  if (!check.ok) return refuseReopen(ctx, check);
  const s = check.sheet;
  // Pressed again after the round was reopened (or an old button): nothing to do, say so.
  if (check.already) return ctx.answerCallbackQuery({ text: ctx.t("results.reopen.already", { round: roundName(ctx.t, s) }), show_alert: true });
  await ctx.answerCallbackQuery();
  await savePrompt(ctx, { sheetId: id, at: ctx.services.clock.now().getTime() });
  return ctx.reply(ctx.t("results.reopen.ask", { name: s.constituencyName, round: roundName(ctx.t, s), max: REOPEN_REASON_MAX }), {
    reply_markup: new InlineKeyboard().text(ctx.t("results.cancel"), B.reopenCancel.pack({})),
  });
});

onButton(resultsFeature, B.reopenCancel, staffOnly, async (ctx) => {
  if (!(await ctx.session).resultsReopen) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  await savePrompt(ctx, undefined);
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(ctx.t("results.reopen.cancelled"));
});
