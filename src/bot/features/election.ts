// /election (staff): the elections and their legal calendars as dates; create one (kind → area →
// election day) and set the committee's actual dates (roll published, preliminary and formal
// candidate lists, results). A date that breaks a legal minimum is warned about, naming the article.
// Township staff see, create and change only elections of their township and the villages and
// communities in it (the scope read anew at every step); other ids are refused, nothing changed.
import { Composer, InlineKeyboard } from "grammy";
import type { CalendarViolation } from "../../domain/calendar.js";
import { toLocalDate, type LocalDate } from "../../domain/dates.js";
import { Bad, date as parseDate } from "../../imports/fields.js";
import { inScope } from "../../services/accounts.js";
import { DATE_FIELDS, ELECTION_KINDS, type DateField, type ElectionRefusal, type ElectionWithCheck } from "../../services/election-admin.js";
import { onButton } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { formatDate } from "../i18n.js";
import { staffButtons } from "../keyboards/staff-ops.js";
import { hasRole, refuse, requireRole } from "../middleware/roles.js";
import { refuseOutsideScope, staffScope } from "../staff-scope.js";
import { clearStep, currentStep, expired, inStep, setStep } from "./staff-steps.js";
import { FeatureComposer } from "../feature-composer.js";

export const electionFeature = new FeatureComposer<BotContext>();

const startElection = async (ctx: BotContext) => {
  const scope = await staffScope(ctx);
  const list = await ctx.services.electionAdmin.list(scope);
  const kb = new InlineKeyboard();
  for (const e of list) kb.text(`🗳 ${e.name}`, staffButtons.electionShow.pack({ id: e.id })).row();
  for (const k of await ctx.services.electionAdmin.kindsFor(scope)) kb.text(ctx.t("election.new", { kind: ctx.t(`election.kinds.${k}`) }), staffButtons.electionKind.pack({ kind: k })).row();
  const empty = scope.all ? "election.none_yet" : "election.none_in_area";
  await ctx.reply(ctx.t(list.length > 0 ? "election.choose" : empty), { reply_markup: kb });
};
electionFeature.command("election", requireRole("STAFF"), startElection);
onButton(electionFeature, staffButtons.menuElection, requireRole("STAFF"), async (ctx) => {
  await ctx.answerCallbackQuery();
  await startElection(ctx);
});

onButton(electionFeature, staffButtons.electionShow, requireRole("STAFF"), async (ctx, { id }) => {
  const e = await ctx.services.electionAdmin.get(id, await staffScope(ctx));
  if (!e.ok) return refuseElection(ctx, e.problem);
  await ctx.answerCallbackQuery();
  await ctx.reply(calendarText(ctx, e.result), { reply_markup: dateButtons(ctx, id) });
});

onButton(electionFeature, staffButtons.electionKind, requireRole("STAFF"), async (ctx, { kind }) => {
  if (!(ELECTION_KINDS as readonly string[]).includes(kind)) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  const scope = await staffScope(ctx);
  const areas = await ctx.services.electionAdmin.areasFor(kind as (typeof ELECTION_KINDS)[number], scope);
  if (areas.length === 0 && !scope.all) return refuseOutsideScope(ctx);
  await ctx.answerCallbackQuery();
  if (areas.length === 0) return ctx.reply(ctx.t("election.no_areas"));
  await setStep(ctx, { step: "election-day", electionKind: kind });
  const kb = new InlineKeyboard();
  for (const a of areas) kb.text(a.name, staffButtons.electionArea.pack({ id: a.id })).row();
  await ctx.editMessageText(ctx.t("election.choose_area"), { reply_markup: kb });
});

onButton(electionFeature, staffButtons.electionArea, requireRole("STAFF"), async (ctx, { id }) => {
  const step = await currentStep(ctx, "election-day");
  if (!step) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  if (!inScope(await staffScope(ctx), id)) return refuseOutsideScope(ctx);
  await ctx.answerCallbackQuery();
  await setStep(ctx, { step: "election-day", electionKind: step.electionKind!, areaId: id });
  await ctx.editMessageText(ctx.t("election.ask_day"));
});

onButton(electionFeature, staffButtons.electionDate, requireRole("STAFF"), async (ctx, { id, field }) => {
  if (!(DATE_FIELDS as readonly string[]).includes(field)) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  const e = await ctx.services.electionAdmin.get(id, await staffScope(ctx));
  if (!e.ok) return refuseElection(ctx, e.problem);
  await ctx.answerCallbackQuery();
  await setStep(ctx, { step: "election-date", electionId: id, field });
  await ctx.reply(ctx.t("election.ask_date", { what: ctx.t(`election.fields.${field}`) }));
});

// A date typed while /election waits for one.
electionFeature.on("message:text").filter(
  (ctx) => !ctx.msg.text.startsWith("/") && hasRole(ctx, "STAFF") && inStep(ctx, "election-day", "election-date"),
  async (ctx) => {
    const step = (await currentStep(ctx, "election-day", "election-date"))!;
    if (expired(ctx, step)) {
      await clearStep(ctx);
      return ctx.reply(ctx.t("staffops.expired", { command: "/election" }));
    }
    const text = ctx.msg.text.trim();
    const clearing = step.step === "election-date" && (text === "-" || text === "—");
    const day = clearing ? null : readDate(text);
    if (!clearing && day === null) return ctx.reply(ctx.t("election.bad_date"));
    const actorId = ctx.user?.id ?? null;
    const today = toLocalDate(ctx.services.clock.now(), ctx.config.TIMEZONE);
    const scope = await staffScope(ctx);

    if (step.step === "election-day") {
      if (step.areaId === undefined) return ctx.reply(ctx.t("election.choose_area_first"));
      const kind = step.electionKind as (typeof ELECTION_KINDS)[number];
      const areas = await ctx.services.electionAdmin.areasFor(kind, scope);
      const area = areas.find((a) => a.id === step.areaId);
      const name = ctx.t("election.default_name", { area: area?.name ?? "", kind: ctx.t(`election.kinds.${kind}`), year: day!.slice(0, 4) });
      const r = await ctx.services.electionAdmin.create({ kind, areaId: step.areaId, electionDay: day!, today, actorId, name, scope });
      if (!r.ok && r.problem === "OUTSIDE_SCOPE") {
        await clearStep(ctx);
        return refuseElection(ctx, r.problem);
      }
      if (!r.ok) return ctx.reply(ctx.t(`election.problem.${r.problem}`, { today: formatDate(ctx.t, today) }));
      await clearStep(ctx);
      return ctx.reply(`${ctx.t("election.created")}\n\n${calendarText(ctx, r.result)}`, { reply_markup: dateButtons(ctx, r.result.election.id) });
    }

    const r = await ctx.services.electionAdmin.setDate(step.electionId!, step.field as DateField, day, actorId, scope);
    await clearStep(ctx);
    if (!r.ok) return refuseElection(ctx, r.problem);
    await ctx.reply(`${ctx.t("election.saved")}\n\n${calendarText(ctx, r.result)}`, { reply_markup: dateButtons(ctx, r.result.election.id) });
  },
);

/** The election asked for is gone, or held outside the sender's area: an alert on a button, else a reply. */
function refuseElection(ctx: BotContext, problem: ElectionRefusal) {
  return problem === "GONE" ? refuse(ctx, ctx.t("election.gone")) : refuseOutsideScope(ctx);
}

function readDate(text: string): LocalDate | null {
  if (!/\D/.test(text)) return null; // a bare number is not a date here (Excel serials are, in files)
  const d = parseDate(text);
  return d instanceof Bad ? null : d;
}

function dateButtons(ctx: BotContext, id: number): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const field of DATE_FIELDS) kb.text(ctx.t("election.set", { what: ctx.t(`election.fields.${field}`) }), staffButtons.electionDate.pack({ id, field })).row();
  return kb;
}

/** "选举法 28" → "《选举法》第二十八条" / "Election Law art. 28". */
export function articleName(ctx: BotContext, article: string): string {
  const n = Number(/(\d+)/.exec(article)?.[1] ?? 0);
  return ctx.t("election.article", { n: ctx.locale.startsWith("zh") ? chineseNumber(n) : n });
}

function chineseNumber(n: number): string {
  const d = "零一二三四五六七八九";
  if (n < 10) return d[n]!;
  if (n < 20) return `十${n % 10 ? d[n % 10] : ""}`;
  return `${d[Math.floor(n / 10)]}十${n % 10 ? d[n % 10] : ""}`;
}

export function calendarText(ctx: BotContext, { election: e, violations }: ElectionWithCheck): string {
  const f = (d: LocalDate | null | undefined) => (d ? formatDate(ctx.t, d) : ctx.t("election.not_set"));
  const c = e.calendar;
  const lines = [
    `🗳 ${e.name}`,
    ctx.t("election.line.day", { date: f(e.electionDay) }),
    "",
    ctx.t("election.line.roll", { by: f(c.rollPublishedBy), actual: f(e.rollPublishedOn) }),
    ...(c.objectionDeadline ? [ctx.t("election.line.objection", { date: f(c.objectionDeadline), decision: f(c.committeeDecisionDue) })] : []),
    ctx.t("election.line.preliminary", { by: f(c.preliminaryListBy), actual: f(e.preliminaryCandidatesOn) }),
    ctx.t("election.line.formal", { by: f(c.formalListBy), actual: f(e.formalCandidatesOn) }),
    ctx.t("election.line.court", { date: f(c.courtFilingDeadline) }),
    ctx.t("election.line.introductions", { date: f(c.introductionsStopOn) }),
    ctx.t("election.line.results", { actual: f(e.resultsPublishedOn) }),
  ];
  if (violations.length > 0) lines.push("", ctx.t("election.warnings"), ...violations.map((v) => `⚠️ ${violationText(ctx, v)}`));
  return lines.join("\n");
}

function violationText(ctx: BotContext, v: CalendarViolation): string {
  return ctx.t(`election.violation.${v.code}`, { actual: formatDate(ctx.t, v.actual), limit: formatDate(ctx.t, v.limit), article: articleName(ctx, v.article) });
}
