// Questions in the voter's own words, answered from the FAQ the staff maintain; browsing by topic.
import { Composer, InlineKeyboard } from "grammy";
import type { FaqAnswer } from "../../services/faq.js";
import { buttons, onButton } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { entriesKeyboard, topicLabel, topicsKeyboard } from "../keyboards/faq.js";

export const faqFeature = new Composer<BotContext>();

/** The question and its answer; says so when the answer is not in the user's language yet. */
function answerText(ctx: BotContext, entry: FaqAnswer): string {
  const note = entry.locale === ctx.locale ? "" : `\n\n${ctx.t("faq.only_in_chinese")}`;
  return `❓ ${entry.question}\n\n${entry.answer}${note}`;
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

onButton(faqFeature, buttons.faqEntry, async (ctx, { id }) => {
  const entry = await ctx.services.faq.get(id);
  if (!entry) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  await ctx.answerCallbackQuery();
  await ctx.reply(answerText(ctx, entry), { reply_markup: entriesKeyboard(ctx, []) });
});

// Free text that is not a command: look it up.
faqFeature.on("message:text").filter(
  (ctx) => !ctx.msg.text.startsWith("/"),
  async (ctx) => {
    const [best, ...others] = await ctx.services.faq.search(ctx.locale, ctx.msg.text);
    if (!best) {
      await ctx.reply(ctx.t("faq.no_match"), { reply_markup: new InlineKeyboard().text(ctx.t("menu.faq"), buttons.faqTopics.pack({})) });
      return;
    }
    await ctx.reply(answerText(ctx, best.entry), { reply_markup: entriesKeyboard(ctx, others.map((o) => o.entry)) });
  },
);
