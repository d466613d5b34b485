// Questions in the voter's own words, answered from the FAQ the staff maintain; browsing by topic.
import { Composer, InlineKeyboard } from "grammy";
import type { BotContext } from "../context.js";

export const faqFeature = new Composer<BotContext>();

async function topicsKeyboard(ctx: BotContext): Promise<InlineKeyboard | null> {
  const topics = await ctx.services.faq.topics(ctx.locale);
  if (topics.length === 0) return null;
  const kb = new InlineKeyboard();
  topics.forEach((topic, i) => kb.text(topic, `faq:t:${i}`).row());
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

faqFeature.callbackQuery(/^faq:t:(\d+)$/, async (ctx) => {
  const topics = await ctx.services.faq.topics(ctx.locale);
  const topic = topics[Number(ctx.match[1])];
  if (!topic) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  await ctx.answerCallbackQuery();
  const kb = new InlineKeyboard();
  for (const e of await ctx.services.faq.byTopic(ctx.locale, topic)) kb.text(e.question, `faq:q:${e.id}`).row();
  await ctx.editMessageText(`📂 ${topic}`, { reply_markup: kb.text(ctx.t("faq.all_topics"), "faq:topics") });
});

faqFeature.callbackQuery(/^faq:q:(\d+)$/, async (ctx) => {
  const entry = await ctx.services.faq.get(Number(ctx.match[1]));
  if (!entry) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
  await ctx.answerCallbackQuery();
  await ctx.reply(`❓ ${entry.question}\n\n${entry.answer}`, {
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
    const note = best.entry.locale === ctx.locale ? "" : `\n\n${ctx.t("faq.only_in_chinese")}`;
    await ctx.reply(`❓ ${best.entry.question}\n\n${best.entry.answer}${note}`, { reply_markup: kb });
  },
);
