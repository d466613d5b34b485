// Shared pieces of the voter journeys' screens: session steps, "who to ask", the election's dates,
// a request in one line, and telling a person something in their own language.
import { randomBytes } from "node:crypto";
import type { Api, Composer } from "grammy";
import type { Locale } from "../config/config.js";
import { isLocale } from "../config/locales.js";
import { addDays, toLocalDate, type LocalDate } from "../domain/dates.js";
import { objectionWindow } from "../domain/voter-requests.js";
import { wallClock } from "../domain/zoned-time.js";
import type { ElectionView } from "../services/elections.js";
import type { OfficeView } from "../services/roll.js";
import type { RequestView } from "../services/voter-requests.js";
import { withSession, type BotContext } from "./context.js";
import { formatDate, type Translate } from "./i18n.js";
import type { VoterFlow, VoterStep } from "./voter-steps.js";

/** A fresh token for a confirm button (8 characters, fits callback data easily). */
export function newToken(): string {
  return randomBytes(6).toString("base64url");
}

export async function setStep(ctx: BotContext, step: VoterStep): Promise<void> {
  (await ctx.session).voterStep = step;
}

export async function clearStep(ctx: BotContext): Promise<void> {
  const s = await ctx.session;
  delete s.voterStep;
}

export async function currentStep(ctx: BotContext): Promise<VoterStep | undefined> {
  return (await ctx.session).voterStep;
}

type StepOf<F extends VoterFlow> = Extract<VoterStep, { flow: F }>;

/**
 * Takes the typed text (not a command) of a person in the middle of `flow`. Registered before the
 * FAQ, which would otherwise take free text as a question.
 */
export function onStep<F extends VoterFlow>(
  composer: Composer<BotContext>,
  flow: F,
  handler: (ctx: BotContext & { msg: { text: string } }, step: StepOf<F>, text: string) => unknown,
): void {
  composer.on("message:text").filter(
    (ctx) => !ctx.msg.text.startsWith("/") && withSession(ctx, (s) => s.voterStep?.flow === flow),
    async (ctx) => handler(ctx, (await ctx.session).voterStep as StepOf<F>, ctx.msg.text),
  );
}

export function today(ctx: BotContext): LocalDate {
  return toLocalDate(ctx.services.clock.now(), ctx.config.TIMEZONE);
}

/** "14:05" in the county's zone. */
export function timeOfDay(ctx: BotContext, at: Date): string {
  const w = wallClock(at, ctx.config.TIMEZONE);
  return `${String(w.hour).padStart(2, "0")}:${String(w.minute).padStart(2, "0")}`;
}

/** "Who to ask": the offices with phone, address and hours. */
export function officesText(ctx: BotContext, offices: OfficeView[]): string {
  if (offices.length === 0) return ctx.t("voter.offices.none");
  return [ctx.t("voter.offices.title"), ...offices.map((o) => ctx.t("voter.offices.line", { ...o }))].join("\n");
}

/** The election's roll dates as the voter needs them (选举法 28, 29), as calendar dates. */
export function rollDatesText(ctx: BotContext, e: ElectionView): string {
  const d = (x: LocalDate) => formatDate(ctx.t, x);
  const lines = [ctx.t("voter.dates.title", { election: e.name })];
  const w = objectionWindow(e, today(ctx));
  if (!e.rollPublishedOn || w.state === "NOT_PUBLISHED") {
    lines.push(ctx.t("voter.dates.roll_due", { date: d(e.calendar.rollPublishedBy) }));
  } else {
    lines.push(ctx.t("voter.dates.roll_published", { date: d(e.rollPublishedOn) }));
    const last = e.calendar.objectionDeadline!;
    lines.push(ctx.t(w.state === "OPEN" ? "voter.dates.objection_open" : "voter.dates.objection_closed", { from: d(e.rollPublishedOn), to: d(last) }));
    lines.push(ctx.t("voter.dates.decision", { days: e.rules.committeeDecisionDays ?? 3, date: d(e.calendar.committeeDecisionDue!) }));
  }
  lines.push(ctx.t("voter.dates.court", { date: d(e.calendar.courtFilingDeadline) }));
  lines.push(ctx.t("voter.dates.election_day", { date: d(e.electionDay) }));
  return lines.join("\n");
}

/** What to do when the roll is wrong, by the state of the objection window. */
export function objectionAdvice(ctx: BotContext, e: ElectionView): string {
  const w = objectionWindow(e, today(ctx));
  const d = (x: LocalDate) => formatDate(ctx.t, x);
  switch (w.state) {
    case "NOT_PUBLISHED":
      return ctx.t("voter.objection.not_published", { date: d(e.calendar.rollPublishedBy) });
    case "OPEN":
      return ctx.t("voter.objection.open_until", { date: d(w.lastDay) });
    case "CLOSED":
      return w.courtOpen
        ? ctx.t("voter.objection.closed_court", { last: d(w.lastDay), court: d(w.courtDeadline), judged: d(addDays(e.electionDay, -1)) })
        : ctx.t("voter.objection.closed_all", { last: d(w.lastDay), court: d(w.courtDeadline) });
  }
}

/** "SS-2026-000001 · 申诉 · 待处理 · 处理期限：…" */
export function requestLine(ctx: BotContext, r: RequestView): string {
  return ctx.t("requests.line", {
    no: r.trackingNo,
    kind: ctx.t(`requests.kinds.${r.kind}`),
    status: ctx.t(`requests.status.${r.status}`),
    due: formatDate(ctx.t, r.dueOn),
  });
}

/** The outcome of a request, for the person who filed it (or the proxy holder). */
export function outcomeText(t: Translate, r: RequestView, role: "REQUESTER" | "HOLDER"): string {
  const key = role === "HOLDER" ? `requests.told_holder.${r.status}` : `requests.told.${r.kind}.${r.status}`;
  return t(key, { no: r.trackingNo, text: r.decision ?? "", grantor: r.subjectName ?? "", holder: r.holderName ?? "" });
}

/** Sends `text` to a person who is not the sender of this update; false when Telegram refused. */
export async function tell(api: Api, chatId: number, text: string, log: BotContext["log"]): Promise<boolean> {
  try {
    await api.sendMessage(chatId, text);
    return true;
  } catch (err) {
    // Blocked the bot, deleted the chat …: the outcome stays visible in /me and /mydata.
    log.warn({ err }, "could not tell a voter about their request");
    return false;
  }
}

export function localeOr(locale: string | null | undefined, fallback: Locale): Locale {
  return isLocale(locale) ? locale : fallback;
}
