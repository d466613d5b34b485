import { InlineKeyboard } from "grammy";
import type { AreaDetail } from "../../services/areas.js";
import { buttons } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { constituencyRows } from "./info.js";

/** Children two to a row, then "up" to the parent, then back to the menu. */
export function areaKeyboard(ctx: BotContext, d: AreaDetail): InlineKeyboard {
  const kb = new InlineKeyboard();
  d.children.forEach((child, i) => {
    kb.text(child.name, buttons.area.pack({ id: child.id }));
    if (i % 2 === 1) kb.row();
  });
  kb.row();
  // A village/community: its constituencies' candidates and polling places.
  if (d.children.length === 0) constituencyRows(ctx, kb, d.constituencies);
  if (d.parent) kb.text(ctx.t("finder.up", { area: d.parent.name }), buttons.area.pack({ id: d.parent.id })).row();
  return kb.text(ctx.t("menu.back_to_menu"), buttons.menu.pack({}));
}
