// Questions in the voter's own words, answered from the FAQ the staff maintain; browsing by topic.
import type { FaqEntry } from "@prisma/client";
import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../context.js";

export const faqFeature = new Composer<BotContext>();

// Topics are keys staff give their entries; known ones have a label in every language, others
// are shown as staff wrote them. The key itself goes into the button, so a button stays valid
// when entries are added (callback data is at most 64 bytes).
function topicLabel(ctx: BotContext, topic: string): string {
  return ctx.t(`faq.topics.${topic}`, { defaultValue: topic });
}

/** The question and its answer; says so when the answer is not in the user's language yet. */
function answerText(ctx: BotContext, entry: FaqEntry): string {
  const note = entry.locale === ctx.locale ? "" : `\n\n${ctx.t("faq.only_in_chinese")}`;
  return `❓ ${entry.question}\n\n${entry.answer}${note}`;
}

async function topicsKeyboard(ctx: BotContext): Promise<InlineKeyboard | null> {
  const topics = await ctx.services.faq.topics(ctx.locale);
  if (topics.length === 0) return null;
  const kb = new InlineKeyboard();
  for (const topic of topics) if (Buffer.byteLength(topic) <= 58) kb.text(topicLabel(ctx, topic), `faq:t:${topic}`).row();
  return kb.text(ctx.t("menu.back_to_menu"), "menu");
}

async function showTopics(ctx: BotContext, edit: boolean) {
  const kb = await topicsKeyboard(ctx);
  const text = kb ? ctx.t("faq.choose_topic") : ctx.t("faq.empty");
  const extra = kb ? { reply_markup: kb } : {};
  return edit ? ctx.editMessageText(text, extra) : ctx.reply(text, extra);
}

faqFeature.command("faq", (ctx) => showTopics(ctx, false));

faqFeature.callbackQuery("faq:topics", async (ctx) => {
  await ctx.answerCallbackQuery();
  await showTopics(ctx, true);
});

faqFeature.callbackQuery(/^faq:t:(.+)$/, async (ctx) => {
  const topic = ctx.match[1]!;
  const entries = await ctx.services.faq.byTopic(ctx.locale, topic);
  if (entries.length === 0) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  await ctx.answerCallbackQuery();
  const kb = new InlineKeyboard();
  for (const e of entries) kb.text(e.question, `faq:q:${e.id}`).row();
  await ctx.editMessageText(`📂 ${topicLabel(ctx, topic)}`, { reply_markup: kb.text(ctx.t("faq.all_topics"), "faq:topics") });
});

faqFeature.callbackQuery(/^faq:q:(\d+)$/, async (ctx) => {
  const entry = await ctx.services.faq.get(Number(ctx.match[1]));
  if (!entry) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  await ctx.answerCallbackQuery();
  await ctx.reply(answerText(ctx, entry), {
    reply_markup: new InlineKeyboard().text(ctx.t("faq.all_topics"), "faq:topics"),
  });
});

// Free text that is not a command: look it up.
faqFeature.on("message:text").filter(
  (ctx) => !ctx.msg.text.startsWith("/"),
  async (ctx) => {
    const [best, ...others] = await ctx.services.faq.search(ctx.locale, ctx.msg.text);
    if (!best) {
      await ctx.reply(ctx.t("faq.no_match"), { reply_markup: new InlineKeyboard().text(ctx.t("menu.faq"), "faq:topics") });
      return;
    }
    const kb = new InlineKeyboard();
    for (const o of others) kb.text(o.entry.question, `faq:q:${o.entry.id}`).row();
    kb.text(ctx.t("faq.all_topics"), "faq:topics");
    await ctx.reply(answerText(ctx, best.entry), { reply_markup: kb });
  },
);
