// /vote: where and how to vote in the voter's constituency (linked by /link, or picked): each
// polling place's kind, address, hours on election day, accessibility and map point (sendVenue),
// what to bring (选举法 37, from the FAQ), and the mobile box and proxy as pointers. No place
// published yet → said plainly, whom to ask, and "tell me when it is published".
import { Composer } from "grammy";
import type { PlaceView, PollingInfo } from "../../services/polling.js";
import { answerStale, onButton } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { formatDate } from "../i18n.js";
import { infoButtons, pickKeyboard, voteKeyboard } from "../keyboards/info.js";
import { backToMenu } from "../keyboards/menu.js";
import { show } from "./candidates.js";
import { FeatureComposer } from "../feature-composer.js";

export const voteFeature = new FeatureComposer<BotContext>();

/** The FAQ entry (by key) that says what to bring. */
const ID_FAQ_KEY = "id-documents";

function placeLines(ctx: BotContext, p: PlaceView): string[] {
  const lines = [
    ctx.t("vote.place_title", { kind: ctx.t(`places.${p.kind}`), name: p.name }),
    ctx.t(p.kind === "MOBILE_BOX" ? "vote.route" : "vote.address", { address: p.address }),
    ctx.t("vote.hours", { opens: p.opensAt, closes: p.closesAt }),
  ];
  if (p.kind !== "MOBILE_BOX") {
    lines.push(p.stepFree ? ctx.t("vote.step_free") : ctx.t("vote.not_step_free"));
    if (p.latitude === null || p.longitude === null) lines.push(ctx.t("vote.no_map"));
  }
  if (p.accessibility) lines.push(`  ${p.accessibility}`);
  return lines;
}

function office(ctx: BotContext, info: PollingInfo): string {
  return info.township ? ctx.t("vote.office_township", { township: info.township }) : ctx.t("vote.office_generic");
}

async function showPlaces(ctx: BotContext, constituencyId: number): Promise<unknown> {
  const info = await ctx.services.polling.forConstituency(constituencyId, ctx.user?.id);
  if (!info) return showPicker(ctx, true);
  const idFaq = await ctx.services.faq.byKey(ctx.locale, ID_FAQ_KEY);
  const lines = [`🗳 ${info.constituency.name}`, ctx.t("vote.day", { date: formatDate(ctx.t, info.election.electionDay) }), ""];
  const fixed = info.places.filter((p) => p.kind !== "MOBILE_BOX");
  if (fixed.length === 0) {
    lines.push(ctx.t("vote.none", { office: office(ctx, info) }));
    if (info.watching) lines.push("", ctx.t("vote.watching"));
    lines.push("");
  }
  for (const p of info.places) lines.push(...placeLines(ctx, p), "");
  const mapped = fixed.filter((p) => p.latitude !== null && p.longitude !== null);
  if (mapped.length > 0) lines.push(ctx.t("vote.map_below"), "");
  if (idFaq) lines.push(`${ctx.t("vote.bring_title")}\n${idFaq.answer}${idFaq.fallback ? `\n${ctx.t("faq.only_in_chinese")}` : ""}`);
  else lines.push(`${ctx.t("vote.bring_title")}\n${ctx.t("vote.bring_default")}`);
  lines.push("", ctx.t("vote.cannot_come"), "", ctx.t("vote.roll_decides"));
  await show(ctx, lines.join("\n"), voteKeyboard(ctx, info.constituency.id, fixed.length === 0 && !info.watching, idFaq));
  // The map points, one venue message each (stations and election meetings; a mobile box moves).
  for (const p of mapped) await ctx.replyWithVenue(p.latitude!, p.longitude!, p.name, p.address);
}

async function showPicker(ctx: BotContext, stale = false): Promise<unknown> {
  const choices = await ctx.services.polling.constituencies();
  if (choices.length === 0) return show(ctx, ctx.t("start.no_data"), backToMenu(ctx));
  return show(ctx, `${stale ? `${ctx.t("candidates.stale")}\n\n` : ""}${ctx.t("vote.pick")}`, pickKeyboard(ctx, "v", choices));
}

/** /vote, or the menu's button: the linked constituency's places, else a choice. */
export async function voteEntry(ctx: BotContext): Promise<unknown> {
  const linked = ctx.user?.constituencyId;
  return linked ? showPlaces(ctx, linked) : showPicker(ctx);
}

voteFeature.command("vote", voteEntry);

onButton(voteFeature, infoButtons.vote, async (ctx, { id }) => {
  await ctx.answerCallbackQuery();
  await showPlaces(ctx, id);
});

onButton(voteFeature, infoButtons.watch, async (ctx, { id }) => {
  if (!ctx.user) return answerStale(ctx);
  const result = await ctx.services.polling.watch(ctx.user.id, id);
  await ctx.answerCallbackQuery({ text: ctx.t(`vote.watch_${result}`), show_alert: result === "saved" });
  if (result === "saved" || result === "already")
    await ctx.editMessageReplyMarkup({ reply_markup: voteKeyboard(ctx, id, false, await ctx.services.faq.byKey(ctx.locale, ID_FAQ_KEY)) });
  if (result === "published") await showPlaces(ctx, id);
});
