// /queue (staff, private chats): open objections, mobile-box and proxy requests and handed-over
// questions, oldest first, each with its legal or promised deadline as a date, overdue marked.
// Decide or answer inline: a button, then one message with the reason / time window / answer (a
// session step, so it survives a restart; /cancel ends it). The people concerned are told in
// chat in their own language; every decision is audited by the service. An answered question can
// become an FAQ entry in one step.
import { Composer, InlineKeyboard } from "grammy";
import { toLocalDate } from "../../domain/dates.js";
import type { Scope, QueueItem } from "../../services/voter-requests.js";
import { buttons as platform, onButton } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { formatDate } from "../i18n.js";
import { queueButtons } from "../keyboards/queue.js";
import { topicLabel } from "../keyboards/faq.js";
import { hasRole, requireRole } from "../middleware/roles.js";
import type { Translators } from "../middleware/user-locale.js";
import { cancelKeyboard } from "../keyboards/voter.js";
import { clearStep, localeOr, onStep, outcomeText, setStep, tell } from "../voter-ui.js";
import { FeatureComposer } from "../feature-composer.js";
import { staffScope } from "../staff-scope.js";

const PAGE = 10;

/** The requests a staff member may see and decide: those from their township, or the county's. */
async function requestScope(ctx: BotContext): Promise<Scope> {
  const scope = await staffScope(ctx);
  return scope.all ? null : { areaIds: scope.areaIds };
}

function itemLine(ctx: BotContext, r: QueueItem, i: number): string {
  return ctx.t("queue.line", {
    n: i,
    mark: r.overdue ? "⚠️ " : "",
    no: r.trackingNo,
    kind: ctx.t(`requests.kinds.${r.kind}`),
    due: formatDate(ctx.t, r.dueOn),
    overdue: r.overdue ? ctx.t("queue.overdue") : "",
  });
}

async function showQueue(ctx: BotContext, offset: number, edit: boolean) {
  const scope = await requestScope(ctx);
  const { items, total, overdue } = await ctx.services.requests.queue(scope, { limit: PAGE, offset });
  const lines = [ctx.t("queue.title", { total, overdue })];
  if (total === 0) lines.push("", ctx.t("queue.empty"));
  else lines.push("", ...items.map((r, i) => itemLine(ctx, r, offset + i + 1)));
  const kb = new InlineKeyboard();
  for (const r of items) kb.text(`${r.overdue ? "⚠️ " : ""}${r.trackingNo}`, queueButtons.item.pack({ id: r.id })).row();
  if (offset > 0) kb.text(ctx.t("queue.prev"), queueButtons.page.pack({ offset: Math.max(0, offset - PAGE) }));
  if (offset + PAGE < total) kb.text(ctx.t("queue.next"), queueButtons.page.pack({ offset: offset + PAGE }));
  kb.row().text(ctx.t("menu.back_to_menu"), platform.menu.pack({}));
  return edit ? ctx.editMessageText(lines.join("\n"), { reply_markup: kb }) : ctx.reply(lines.join("\n"), { reply_markup: kb });
}

function detailText(ctx: BotContext, r: QueueItem): string {
  const lines = [
    ctx.t("queue.detail.head", { no: r.trackingNo, kind: ctx.t(`requests.kinds.${r.kind}`), status: ctx.t(`requests.status.${r.status}`) }),
    ctx.t("queue.detail.filed", { date: formatDate(ctx.t, toDay(ctx, r.createdAt)) }),
    ctx.t(r.overdue ? "queue.detail.due_overdue" : "queue.detail.due", { date: formatDate(ctx.t, r.dueOn) }),
    ctx.t("queue.detail.requester", { name: r.requesterName ?? ctx.t("queue.detail.not_linked") }),
  ];
  if (r.anonymised) lines.push(ctx.t("queue.detail.anonymised"));
  if (r.constituencyName) lines.push(ctx.t("queue.detail.constituency", { name: r.constituencyName }));
  if (r.kind !== "QUESTION") lines.push(ctx.t(`queue.detail.subject.${r.kind}`, { name: r.subjectName ?? "—", self: r.forSelf ? ctx.t("queue.detail.self") : ctx.t("queue.detail.other") }));
  if (r.holderName) lines.push(ctx.t("queue.detail.holder", { name: r.holderName }));
  if (r.address) lines.push(ctx.t("queue.detail.address", { address: r.address }));
  if (r.phone) lines.push(ctx.t("queue.detail.phone", { phone: r.phone }));
  lines.push("", ctx.t(`queue.detail.details.${r.kind}`), r.details);
  if (r.decision) lines.push("", ctx.t("queue.detail.decision"), r.decision);
  return lines.join("\n");
}

function toDay(ctx: BotContext, at: Date) {
  return toLocalDate(at, ctx.config.TIMEZONE);
}

function detailKeyboard(ctx: BotContext, r: QueueItem, answered: boolean): InlineKeyboard {
  const kb = new InlineKeyboard();
  if (r.status === "OPEN") {
    if (r.kind === "QUESTION") kb.text(ctx.t("queue.actions.answer"), queueButtons.decide.pack({ id: r.id, outcome: "ANSWERED" })).row();
    else
      kb.text(ctx.t(`queue.actions.${r.kind}.APPROVED`), queueButtons.decide.pack({ id: r.id, outcome: "APPROVED" }))
        .text(ctx.t(`queue.actions.${r.kind}.REJECTED`), queueButtons.decide.pack({ id: r.id, outcome: "REJECTED" }))
        .row();
  } else if (r.kind === "QUESTION" && answered) kb.text(ctx.t("queue.actions.to_faq"), queueButtons.toFaq.pack({ id: r.id })).row();
  return kb.text(ctx.t("queue.back"), queueButtons.page.pack({ offset: 0 }));
}

export function staffQueueFeature(tFor: Translators) {
  const c = new FeatureComposer<BotContext>();

  c.command("queue", requireRole("STAFF"), (ctx) => showQueue(ctx, 0, false));
  onButton(c, queueButtons.open, requireRole("STAFF"), async (ctx) => {
    await ctx.answerCallbackQuery();
    await showQueue(ctx, 0, false);
  });
  onButton(c, queueButtons.page, requireRole("STAFF"), async (ctx, { offset }) => {
    await ctx.answerCallbackQuery();
    await showQueue(ctx, Math.max(0, offset), true);
  });

  onButton(c, queueButtons.item, requireRole("STAFF"), async (ctx, { id }) => {
    const r = await ctx.services.requests.forStaff(id, await requestScope(ctx));
    if (!r) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
    await ctx.answerCallbackQuery();
    await ctx.reply(detailText(ctx, r), { reply_markup: detailKeyboard(ctx, r, r.status === "ANSWERED") });
  });

  onButton(c, queueButtons.decide, requireRole("STAFF"), async (ctx, { id, outcome }) => {
    if (outcome !== "APPROVED" && outcome !== "REJECTED" && outcome !== "ANSWERED") return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
    const r = await ctx.services.requests.forStaff(id, await requestScope(ctx));
    if (!r) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
    if (r.status !== "OPEN") return ctx.answerCallbackQuery({ text: ctx.t("queue.already_decided") });
    await ctx.answerCallbackQuery();
    await setStep(ctx, { flow: "queue", step: "reason", requestId: id, outcome });
    const prompt = outcome === "ANSWERED" ? "queue.prompt.answer" : r.kind === "MOBILE_BOX" && outcome === "APPROVED" ? "queue.prompt.window" : `queue.prompt.${outcome}`;
    await ctx.reply(ctx.t(prompt, { no: r.trackingNo }), { reply_markup: cancelKeyboard(ctx) });
  });

  onStep(c, "queue", async (ctx, step, text) => {
    // The role may have been taken away since the button was pressed.
    if (!hasRole(ctx, "STAFF") || !ctx.user) {
      await clearStep(ctx);
      return ctx.reply(ctx.t("errors.only_for", { roles: ctx.t("audience.STAFF") }));
    }
    const t = text.trim();
    if (!/[\p{L}\p{N}]/u.test(t)) return ctx.reply(ctx.t("requests.words_please"), { reply_markup: cancelKeyboard(ctx) });
    if ([...t].length > 1000) return ctx.reply(ctx.t("requests.too_long", { max: 1000 }), { reply_markup: cancelKeyboard(ctx) });
    const result = await ctx.services.requests.decide(ctx.user.id, step.requestId, step.outcome, t, await requestScope(ctx));
    await clearStep(ctx);
    switch (result.kind) {
      case "NOT_FOUND":
      case "WRONG_OUTCOME":
        return ctx.reply(ctx.t("errors.stale_button"));
      case "ALREADY":
        return ctx.reply(ctx.t("queue.already_decided_by_other", { no: result.request.trackingNo, status: ctx.t(`requests.status.${result.request.status}`) }));
      case "DONE": {
        let told = 0;
        for (const n of result.notify) {
          const tn = tFor(localeOr(n.locale, ctx.config.DEFAULT_LOCALE));
          if (await tell(ctx.api, n.telegramId, outcomeText(tn, result.request, n.role), ctx.log)) told++;
        }
        if (told > 0) await ctx.services.requests.markNotified(result.request.id);
        const item = { ...result.request, overdue: false };
        const key = result.notify.length === 0 ? "queue.done_nobody" : told === result.notify.length ? "queue.done_told" : "queue.done_not_told";
        return ctx.reply(`${ctx.t(key, { no: result.request.trackingNo, status: ctx.t(`requests.status.${result.request.status}`) })}`, {
          reply_markup: detailKeyboard(ctx, item, result.request.status === "ANSWERED"),
        });
      }
    }
  });

  // An answered question → an FAQ entry in the staff member's language, under an existing topic.
  onButton(c, queueButtons.toFaq, requireRole("STAFF"), async (ctx, { id }) => {
    const r = await ctx.services.requests.forStaff(id, await requestScope(ctx));
    if (!r || r.kind !== "QUESTION" || r.status !== "ANSWERED") return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
    await ctx.answerCallbackQuery();
    const topics = await ctx.services.faq.topics(ctx.locale);
    const kb = new InlineKeyboard();
    for (const topic of topics) if (queueButtons.faqTopic.fits({ id, topic })) kb.text(topicLabel(ctx, topic), queueButtons.faqTopic.pack({ id, topic })).row();
    kb.text(ctx.t("queue.back"), queueButtons.page.pack({ offset: 0 }));
    await ctx.reply(ctx.t("queue.faq_choose_topic", { no: r.trackingNo }), { reply_markup: kb });
  });

  onButton(c, queueButtons.faqTopic, requireRole("STAFF"), async (ctx, { id, topic }) => {
    if (!ctx.user) return ctx.answerCallbackQuery();
    const topics = await ctx.services.faq.topics(ctx.locale);
    if (!topics.includes(topic)) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
    const result = await ctx.services.requests.toFaq(ctx.user.id, id, topic, ctx.locale, await requestScope(ctx));
    if (result.kind === "ALREADY") return ctx.answerCallbackQuery({ text: ctx.t("queue.faq_already") });
    if (result.kind !== "CREATED") return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t("queue.faq_created", { topic: topicLabel(ctx, topic) }), {
      reply_markup: new InlineKeyboard().text(ctx.t("queue.back"), queueButtons.page.pack({ offset: 0 })),
    });
  });

  return c;
}
