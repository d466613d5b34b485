// Buttons and keyboards of the information voters look up: candidates, polling places, the
// constituencies near a shared location, and the FAQ's "was this helpful?".
import { InlineKeyboard } from "grammy";
import type { CandidateList, CandidateView, MeetingView } from "../../services/candidates.js";
import type { ConstituencyChoice } from "../../services/constituency-choice.js";
import type { FaqAnswer } from "../../services/faq.js";
import { buttons, defineButton } from "../callback-data.js";
import type { BotContext } from "../context.js";

export const infoButtons = {
  /** Pick a constituency: for the candidates ("c") or the polling places ("v"). */
  pick: defineButton("info-pick", { what: "str" }),
  /** A constituency's card (from a location's choice list): candidates and polling places. */
  constituency: defineButton("info-c", { id: "int" }),
  candidates: defineButton("cand-c", { id: "int" }),
  candidate: defineButton("cand", { id: "int" }),
  /** Compare: choose the first (constituency), then the second (first candidate). */
  compareStart: defineButton("cand-cmp0", { c: "int" }),
  compareWith: defineButton("cand-cmp1", { a: "int" }),
  compare: defineButton("cand-cmp2", { a: "int", b: "int" }),
  remind: defineButton("cand-rm", { m: "int" }),
  vote: defineButton("vote-c", { id: "int" }),
  watch: defineButton("vote-watch", { id: "int" }),
  /** FAQ: an answer picked from the suggestions; 👍 (1) / 👎 (0) on an answer shown (feedback row id). */
  faqSuggestion: defineButton("faq-sg", { id: "int" }),
  faqFeedback: defineButton("faq-fb", { id: "int", v: "int" }),
};

const back = (ctx: BotContext, kb: InlineKeyboard) => kb.text(ctx.t("menu.back_to_menu"), buttons.menu.pack({}));

/** Telegram shows about 30 characters of a button; long constituency names are cut. */
function short(s: string, max = 28): string {
  return [...s].length > max ? `${[...s].slice(0, max - 1).join("")}…` : s;
}

export function pickKeyboard(ctx: BotContext, what: "c" | "v", choices: ConstituencyChoice[]): InlineKeyboard {
  const kb = new InlineKeyboard();
  const kind = what === "c" ? infoButtons.candidates : infoButtons.vote;
  for (const c of choices) kb.text(short(c.name), kind.pack({ id: c.id })).row();
  kb.text(ctx.t("menu.find_constituency"), buttons.areaHome.pack({})).row();
  return back(ctx, kb);
}

export function constituencyCardKeyboard(ctx: BotContext, id: number): InlineKeyboard {
  const kb = new InlineKeyboard()
    .text(ctx.t("info.candidates_button"), infoButtons.candidates.pack({ id }))
    .text(ctx.t("info.vote_button"), infoButtons.vote.pack({ id }))
    .row();
  return back(ctx, kb);
}

/** One row per constituency: its candidates and its polling places (the finder's leaf screen, a location). */
export function constituencyRows(ctx: BotContext, kb: InlineKeyboard, list: { id: number; name: string }[]): InlineKeyboard {
  const one = list.length === 1;
  for (const c of list) {
    const name = one ? "" : ` · ${short(c.name, 12)}`;
    kb.text(`${ctx.t("info.candidates_button")}${name}`, infoButtons.candidates.pack({ id: c.id }))
      .text(`${ctx.t("info.vote_button")}${name}`, infoButtons.vote.pack({ id: c.id }))
      .row();
  }
  return kb;
}

export function listKeyboard(ctx: BotContext, list: CandidateList): InlineKeyboard {
  const kb = new InlineKeyboard();
  if (list.introductionsAllowed) {
    list.candidates.forEach((c, i) => {
      kb.text(`${i + 1}. ${c.fullName}`, infoButtons.candidate.pack({ id: c.id }));
      if (i % 2 === 1) kb.row();
    });
    kb.row();
    if (list.candidates.length >= 2) kb.text(ctx.t("candidates.compare_button"), infoButtons.compareStart.pack({ c: list.constituency.id })).row();
  }
  return back(ctx, kb);
}

export function candidateKeyboard(ctx: BotContext, list: CandidateList, c: CandidateView, meetingLabel: (m: MeetingView) => string): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const m of c.meetings) kb.text(`🔔 ${meetingLabel(m)}`, infoButtons.remind.pack({ m: m.id })).row();
  if (list.candidates.length >= 2) kb.text(ctx.t("candidates.compare_with_button"), infoButtons.compareWith.pack({ a: c.id })).row();
  return kb.text(ctx.t("candidates.back_to_list"), infoButtons.candidates.pack({ id: list.constituency.id }));
}

/** The candidates to compare with (or, first = null, to start with), in stroke order. */
export function compareKeyboard(ctx: BotContext, list: CandidateList, first: CandidateView | null): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const c of list.candidates) {
    if (first && c.id === first.id) continue;
    kb.text(c.fullName, first ? infoButtons.compare.pack({ a: first.id, b: c.id }) : infoButtons.compareWith.pack({ a: c.id })).row();
  }
  return kb.text(ctx.t("candidates.back_to_list"), infoButtons.candidates.pack({ id: list.constituency.id }));
}

export function voteKeyboard(ctx: BotContext, constituencyId: number, offerWatch: boolean, idFaq: FaqAnswer | null): InlineKeyboard {
  const kb = new InlineKeyboard();
  if (offerWatch) kb.text(ctx.t("vote.watch_button"), infoButtons.watch.pack({ id: constituencyId })).row();
  if (idFaq) kb.text(`❓ ${short(idFaq.question, 30)}`, buttons.faqEntry.pack({ id: idFaq.id })).row();
  kb.text(ctx.t("info.candidates_button"), infoButtons.candidates.pack({ id: constituencyId })).row();
  return back(ctx, kb);
}

export function feedbackKeyboard(ctx: BotContext, feedbackId: number): InlineKeyboard {
  return new InlineKeyboard()
    .text(ctx.t("faq.helpful_yes"), infoButtons.faqFeedback.pack({ id: feedbackId, v: 1 }))
    .text(ctx.t("faq.helpful_no"), infoButtons.faqFeedback.pack({ id: feedbackId, v: 0 }))
    .row()
    .text(ctx.t("faq.all_topics"), buttons.faqTopics.pack({}));
}

export function suggestionsKeyboard(ctx: BotContext, entries: FaqAnswer[]): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const e of entries) kb.text(e.question, infoButtons.faqSuggestion.pack({ id: e.id })).row();
  return kb.text(ctx.t("faq.all_topics"), buttons.faqTopics.pack({}));
}
