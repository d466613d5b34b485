// "Find my constituency" by address: county → township → village/community → the constituency
// that covers it, its seats and polling places. It says plainly that the roll decides.
import { Composer, InlineKeyboard } from "grammy";
import type { AreaDetail } from "../../services/areas.js";
import type { BotContext } from "../context.js";
import { backToMenu } from "./menu.js";

export const constituencyFinderFeature = new Composer<BotContext>();

constituencyFinderFeature.callbackQuery(/^area:(home|\d+)$/, async (ctx) => {
  await ctx.answerCallbackQuery();
  const overview = await ctx.services.areas.overview();
  if (!overview) return ctx.editMessageText(ctx.t("start.no_data"), { reply_markup: backToMenu(ctx) });
  const session = await ctx.session;
  const wanted = ctx.match[1] === "home" ? (session.browsedAreaId ?? overview.county.id) : Number(ctx.match[1]);
  const detail = await ctx.services.areas.detail(wanted, overview.election?.id);
  if (!detail) return ctx.editMessageText(ctx.t("errors.stale_button"), { reply_markup: backToMenu(ctx) });
  session.browsedAreaId = detail.area.id;
  await ctx.editMessageText(describe(ctx, detail), { reply_markup: keyboard(ctx, detail) });
});

function keyboard(ctx: BotContext, d: AreaDetail): InlineKeyboard {
  const kb = new InlineKeyboard();
  d.children.forEach((child, i) => {
    kb.text(child.name, `area:${child.id}`);
    if (i % 2 === 1) kb.row();
  });
  kb.row();
  if (d.parent) kb.text(ctx.t("finder.up", { area: d.parent.name }), `area:${d.parent.id}`).row();
  return kb.text(ctx.t("menu.back_to_menu"), "menu");
}

function describe(ctx: BotContext, d: AreaDetail): string {
  const where = d.parent ? `${d.area.name}（${d.parent.name}）` : d.area.name;
  if (d.children.length > 0) return `📍 ${where}\n\n${ctx.t("finder.choose_child")}`;
  const lines = [`📍 ${where}`, ""];
  if (d.constituencies.length === 0) lines.push(ctx.t("finder.no_constituency"));
  for (const c of d.constituencies) {
    lines.push(ctx.t("finder.constituency", { name: c.name, seats: c.seats }));
    lines.push(c.candidates > 0 ? ctx.t("finder.candidates", { count: c.candidates }) : ctx.t("finder.no_candidates"));
    if (c.places.length === 0) lines.push(ctx.t("finder.no_places"));
    for (const p of c.places) {
      lines.push(ctx.t("finder.place", { kind: ctx.t(`places.${p.kind}`), name: p.name, address: p.address, opens: p.opensAt, closes: p.closesAt }));
      if (p.stepFree || p.accessibility) lines.push(`  ♿ ${p.accessibility ?? ctx.t("finder.step_free")}`);
    }
    lines.push("");
  }
  if (d.workUnits.length > 0) lines.push(ctx.t("finder.work_units", { units: d.workUnits.join("、") }));
  lines.push(ctx.t("finder.roll_decides"));
  return lines.join("\n");
}
