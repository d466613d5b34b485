// "Find my constituency" by address: county → township → village/community → the constituency
// that covers it, its seats and polling places. It says plainly that the roll decides.
// Entering the finder always starts at the county: a stored "last browsed" place surprised
// people coming back later.
import { Composer } from "grammy";
import type { AreaDetail } from "../../services/areas.js";
import { buttons, onButton } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { areaKeyboard } from "../keyboards/areas.js";
import { backToMenu } from "../keyboards/menu.js";
import { FeatureComposer } from "../feature-composer.js";

export const constituencyFinderFeature = new FeatureComposer<BotContext>();

async function show(ctx: BotContext, areaId: (countyId: number) => number): Promise<unknown> {
  await ctx.answerCallbackQuery();
  const overview = await ctx.services.areas.overview();
  if (!overview) return ctx.editMessageText(ctx.t("start.no_data"), { reply_markup: backToMenu(ctx) });
  const detail = await ctx.services.areas.detail(areaId(overview.county.id), overview.election?.id);
  if (!detail) return ctx.editMessageText(ctx.t("errors.stale_button"), { reply_markup: backToMenu(ctx) });
  return ctx.editMessageText(describe(ctx, detail), { reply_markup: areaKeyboard(ctx, detail) });
}

onButton(constituencyFinderFeature, buttons.areaHome, (ctx) => show(ctx, (county) => county));
onButton(constituencyFinderFeature, buttons.area, (ctx, { id }) => show(ctx, () => id));

function describe(ctx: BotContext, d: AreaDetail): string {
  const where = d.parent ? ctx.t("finder.where", { area: d.area.name, parent: d.parent.name }) : d.area.name;
  if (d.children.length > 0) return `📍 ${where}\n\n${ctx.t("finder.choose_child")}`;
  const lines = [`📍 ${where}`, ""];
  if (d.constituencies.length === 0) lines.push(ctx.t("finder.no_constituency"));
  for (const c of d.constituencies) {
    lines.push(ctx.t("finder.constituency", { name: c.name, count: c.seats }));
    lines.push(c.candidates > 0 ? ctx.t("finder.candidates", { count: c.candidates }) : ctx.t("finder.no_candidates"));
    if (c.places.length === 0) lines.push(ctx.t("finder.no_places"));
    for (const p of c.places) {
      lines.push(ctx.t("finder.place", { kind: ctx.t(`places.${p.kind}`), name: p.name, address: p.address, opens: p.opensAt, closes: p.closesAt }));
      if (p.stepFree || p.accessibility) lines.push(`  ♿ ${p.accessibility ?? ctx.t("finder.step_free")}`);
    }
    lines.push("");
  }
  if (d.workUnits.length > 0) lines.push(ctx.t("finder.work_units", { units: d.workUnits.join(ctx.t("list_separator")) }));
  lines.push(ctx.t("finder.roll_decides"));
  return lines.join("\n");
}
