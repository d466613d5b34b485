import { InlineKeyboard } from "grammy";
import type { FaqAnswer } from "../../services/faq.js";
import { buttons } from "../callback-data.js";
import type { BotContext } from "../context.js";

// Topics are keys staff give their entries; known ones have a label in every language, others
// are shown as staff wrote them. The key itself goes into the button, so a button stays valid
// when entries are added.
export function topicLabel(ctx: BotContext, topic: string): string {
  return ctx.t(`faq.topics.${topic}`, { defaultValue: topic });
}

export function topicsKeyboard(ctx: BotContext, topics: string[]): InlineKeyboard {
  const kb = new InlineKeyboard();
  // A topic too long for Telegram's 64-byte button data cannot be offered as a button.
  for (const topic of topics) if (buttons.faqTopic.fits({ topic })) kb.text(topicLabel(ctx, topic), buttons.faqTopic.pack({ topic })).row();
  return kb.text(ctx.t("menu.back_to_menu"), buttons.menu.pack({}));
}

/** One button per entry (its question), then "all topics". */
export function entriesKeyboard(ctx: BotContext, entries: FaqAnswer[]): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const e of entries) kb.text(e.question, buttons.faqEntry.pack({ id: e.id })).row();
  return kb.text(ctx.t("faq.all_topics"), buttons.faqTopics.pack({}));
}
