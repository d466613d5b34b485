// One FAQ entry by its stable key (src/db/seed/faq-keys.ts), in the reader's language when that
// language has it, else the zh-CN entry (the caller says so). Used where a journey shows a known
// answer (special situations in /me) instead of searching.
//
// FaqEntry has no key column yet: an entry is recognised by its question as the seeds write it in
// each language. When the FAQ work adds a key column, read it here instead; callers do not change.
import { FAQ_EN } from "../db/seed/faq-en.js";
import { FAQ_KEYS_BY_ZH_CN_QUESTION } from "../db/seed/faq-keys.js";
import { FAQ_ZH_TW } from "../db/seed/faq-zh-TW.js";
import type { FaqAnswer, FaqService } from "./faq.js";

const QUESTION_BY_KEY: Record<string, Record<string, string>> = {};
for (const [question, key] of Object.entries(FAQ_KEYS_BY_ZH_CN_QUESTION)) (QUESTION_BY_KEY[key] ??= {})["zh-CN"] = question;
for (const e of FAQ_EN) (QUESTION_BY_KEY[e.key] ??= {}).en = e.question;
for (const e of FAQ_ZH_TW) (QUESTION_BY_KEY[e.key] ??= {})["zh-TW"] = e.question;

export async function faqByKey(faq: FaqService, locale: string, key: string): Promise<FaqAnswer | null> {
  const questions = QUESTION_BY_KEY[key];
  if (!questions) return null;
  for (const l of [locale, "zh-CN"]) {
    const question = questions[l];
    if (!question) continue;
    const e = (await faq.entries(l)).find((x) => x.locale === l && x.question === question);
    if (e) return { id: e.id, locale: e.locale, topic: e.topic, question: e.question, answer: e.answer };
  }
  return null;
}
