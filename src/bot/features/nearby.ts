// A shared location: the nearest villages/communities of the county and the constituencies that
// may serve the spot — one, or a short choice list when several may (a split village, a work unit
// nearby), never a silent guess: the roll decides. Far from every area (> 50 km, e.g. at sea) →
// outside the county, with the address finder instead. A shared contact is thanked and not kept.
// Also the constituency card these lists lead to, and the main menu's candidates/vote buttons.
import { Composer, InlineKeyboard } from "grammy";
import type { NearbyConstituency } from "../../services/nearby.js";
import { buttons, onButton } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { constituencyCardKeyboard, constituencyRows, infoButtons } from "../keyboards/info.js";
import { mainMenu } from "../keyboards/menu.js";
import { candidatesEntry, show } from "./candidates.js";
import { voteEntry } from "./vote.js";
import { FeatureComposer } from "../feature-composer.js";

export const nearbyFeature = new FeatureComposer<BotContext>();

const finderKeyboard = (ctx: BotContext) =>
  new InlineKeyboard().text(ctx.t("menu.find_constituency"), buttons.areaHome.pack({})).row().text(ctx.t("menu.back_to_menu"), buttons.menu.pack({}));

function km(ctx: BotContext, distanceKm: number): string {
  // One decimal up to 10 km, whole kilometres beyond: a village is not a point.
  const value = distanceKm < 10 ? Math.max(0.1, Math.round(distanceKm * 10) / 10) : Math.round(distanceKm);
  return ctx.t("nearby.km", { km: value.toLocaleString(ctx.locale === "en" ? "en" : "zh-CN") });
}

function constituencyLine(ctx: BotContext, c: NearbyConstituency): string {
  return c.basis === "WORK_UNIT"
    ? ctx.t("nearby.work_unit", { name: c.name, units: c.workUnits.join(ctx.t("list_separator")) })
    : ctx.t("nearby.residence", { name: c.name });
}

nearbyFeature.on("message:location", async (ctx) => {
  const { latitude, longitude } = ctx.msg.location;
  const result = await ctx.services.nearby.find({ latitude, longitude });
  if (result.status !== "ok") {
    const overview = await ctx.services.areas.overview();
    const text =
      result.status === "outside"
        ? result.nearestKm !== null
          ? ctx.t("nearby.outside", { county: overview?.county.name ?? "", distance: km(ctx, result.nearestKm) })
          : ctx.t("nearby.outside_unknown")
        : ctx.t(`nearby.${result.status === "invalid" ? "invalid" : "no_coordinates"}`);
    return ctx.reply(text, { reply_markup: finderKeyboard(ctx) });
  }
  const lines = [ctx.t("nearby.title")];
  result.areas.forEach((a, i) =>
    lines.push(ctx.t("nearby.area", { n: i + 1, name: a.parentName ? ctx.t("finder.where", { area: a.name, parent: a.parentName }) : a.name, distance: km(ctx, a.distanceKm) })),
  );
  lines.push("");
  const first = result.areas[0]!;
  const kb = new InlineKeyboard();
  const cs = result.constituencies;
  if (cs.length === 0) {
    lines.push(ctx.t("nearby.no_constituency", { area: first.name }));
  } else if (cs.length === 1) {
    lines.push(ctx.t("nearby.one", { area: first.name, name: cs[0]!.name }), "", ctx.t("nearby.roll_decides_single"));
    constituencyRows(ctx, kb, cs);
  } else {
    lines.push(ctx.t("nearby.several", { area: first.name }), ...cs.map((c) => constituencyLine(ctx, c)), "", ctx.t("nearby.roll_decides_choose"));
    for (const c of cs) kb.text(c.name, infoButtons.constituency.pack({ id: c.id })).row();
  }
  // The nearest areas open the address finder there (a boundary may be closer than it looks).
  for (const a of result.areas) kb.text(ctx.t("nearby.area_button", { name: a.name }), buttons.area.pack({ id: a.id }));
  kb.row().text(ctx.t("menu.back_to_menu"), buttons.menu.pack({}));
  await ctx.reply(lines.join("\n"), { reply_markup: kb });
});

// The phone number is neither needed nor kept (the conversation log stores no contact fields).
nearbyFeature.on("message:contact", (ctx) => ctx.reply(ctx.t("nearby.contact"), { reply_markup: mainMenu(ctx) }));

onButton(nearbyFeature, infoButtons.constituency, async (ctx, { id }) => {
  const info = await ctx.services.polling.forConstituency(id);
  if (!info) {
    await ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
    return show(ctx, ctx.t("start.choose"), mainMenu(ctx));
  }
  await ctx.answerCallbackQuery();
  const c = info.constituency;
  const lines = [ctx.t("info.card", { name: c.name, count: c.seats })];
  if (c.basis === "WORK_UNIT") lines.push(ctx.t("info.card_work_unit"));
  lines.push("", ctx.t("info.card_roll"));
  await show(ctx, lines.join("\n"), constituencyCardKeyboard(ctx, c.id));
});

onButton(nearbyFeature, infoButtons.pick, async (ctx, { what }) => {
  await ctx.answerCallbackQuery();
  if (what === "c") return candidatesEntry(ctx);
  if (what === "v") return voteEntry(ctx);
  return show(ctx, ctx.t("start.choose"), mainMenu(ctx));
});
