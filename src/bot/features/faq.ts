// Questions in the voter's own words, answered from the FAQ the staff maintain; browsing by topic.
// A clear best answer is shown with "was this helpful? 👍 👎" (stored per answer shown); when the
// matcher is unsure, up to three likely questions are offered as buttons; when nothing matches,
// the voter is pointed to /ask (a person answers) and the topics.
import { Composer, InlineKeyboard } from "grammy";
import type { FaqAnswer, FeedbackSource } from "../../services/faq.js";
import { buttons, onButton } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { feedbackKeyboard, infoButtons, suggestionsKeyboard } from "../keyboards/info.js";
import { entriesKeyboard, topicLabel, topicsKeyboard } from "../keyboards/faq.js";
import { FeatureComposer } from "../feature-composer.js";

export const faqFeature = new FeatureComposer<BotContext>();

/** The question and its answer; says so when the answer is not in the user's language yet. */
function answerText(ctx: BotContext, entry: FaqAnswer): string {
  const note = entry.fallback || entry.locale !== ctx.locale ? `\n\n${ctx.t("faq.only_in_chinese")}` : "";
  return `❓ ${entry.question}\n\n${entry.answer}${note}\n\n${ctx.t("faq.helpful_question")}`;
}

/** Shows an answer with 👍/👎 and records that it was shown (the row the buttons point to). */
async function sendAnswer(ctx: BotContext, entry: FaqAnswer, source: FeedbackSource): Promise<unknown> {
  const id = await ctx.services.faq.recordShown(ctx.user?.id ?? null, entry, ctx.locale, source);
  return ctx.reply(answerText(ctx, entry), { reply_markup: feedbackKeyboard(ctx, id) });
}

async function showTopics(ctx: BotContext, edit: boolean) {
  const topics = await ctx.services.faq.topics(ctx.locale);
  const text = topics.length > 0 ? ctx.t("faq.choose_topic") : ctx.t("faq.empty");
  const extra = topics.length > 0 ? { reply_markup: topicsKeyboard(ctx, topics) } : {};
  return edit ? ctx.editMessageText(text, extra) : ctx.reply(text, extra);
}

faqFeature.command("faq", (ctx) => showTopics(ctx, false));

onButton(faqFeature, buttons.faqTopics, async (ctx) => {
  await ctx.answerCallbackQuery();
  await showTopics(ctx, true);
});

onButton(faqFeature, buttons.faqTopic, async (ctx, { topic }) => {
  const entries = await ctx.services.faq.byTopic(ctx.locale, topic);
  if (entries.length === 0) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(`📂 ${topicLabel(ctx, topic)}`, { reply_markup: entriesKeyboard(ctx, entries) });
});

for (const [kind, source] of [
  [buttons.faqEntry, "topic"],
  [infoButtons.faqSuggestion, "suggestion"],
] as const) {
  onButton(faqFeature, kind, async (ctx, { id }) => {
    const entry = await ctx.services.faq.get(id, ctx.locale);
    if (!entry) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
    await ctx.answerCallbackQuery();
    await sendAnswer(ctx, entry, source);
  });
}

onButton(faqFeature, infoButtons.faqFeedback, async (ctx, { id, v }) => {
  if (!ctx.user || (v !== 0 && v !== 1)) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  const result = await ctx.services.faq.recordFeedback(ctx.user.id, id, v === 1);
  if (result === "gone") return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  if (result === "unchanged") return ctx.answerCallbackQuery({ text: ctx.t("faq.feedback_unchanged") });
  await ctx.answerCallbackQuery({ text: ctx.t(v === 1 ? "faq.thanks_yes" : "faq.thanks_no"), show_alert: v === 0 });
});

const topicsButton = (ctx: BotContext) => new InlineKeyboard().text(ctx.t("menu.faq"), buttons.faqTopics.pack({}));

// Free text that is not a command: look it up.
faqFeature.on("message:text").filter(
  (ctx) => !ctx.msg.text.startsWith("/"),
  async (ctx) => {
    const text = ctx.msg.text;
    // Emoji, punctuation or spaces only: nothing to look up.
    if (!/[\p{L}\p{N}]/u.test(text)) return ctx.reply(ctx.t("faq.no_words"), { reply_markup: topicsButton(ctx) });
    const matches = await ctx.services.faq.search(ctx.locale, text, 3);
    const best = matches[0];
    if (!best) return ctx.reply(ctx.t("faq.no_match"), { reply_markup: topicsButton(ctx) });
    if (best.confidence === "high") return sendAnswer(ctx, best.entry, "search");
    await ctx.reply(ctx.t("faq.suggestions"), { reply_markup: suggestionsKeyboard(ctx, matches.map((m) => m.entry)) });
  },
);
