// Buttons of /report: pick a report, then (when it matters) the election and the area. The area
// travels as its code ("all" = the whole county or the staff member's own area).
import { InlineKeyboard } from "grammy";
import { REPORT_NAMES, type ReportName } from "../../services/reports.js";
import { buttons, defineButton } from "../callback-data.js";
import type { BotContext } from "../context.js";

export const reportButtons = {
  open: defineButton("rpt-menu"),
  pick: defineButton("rpt", { name: "str" }),
  election: defineButton("rpt-e", { name: "str", e: "int" }),
  run: defineButton("rpt-go", { name: "str", e: "int", area: "str" }),
};

export const WHOLE = "all";

export function reportsKeyboard(ctx: BotContext): InlineKeyboard {
  const kb = new InlineKeyboard();
  REPORT_NAMES.forEach((name, i) => {
    kb.text(ctx.t(`reports.title.${name}`), reportButtons.pick.pack({ name }));
    if (i % 2 === 1) kb.row();
  });
  return kb.row().text(ctx.t("menu.back_to_menu"), buttons.menu.pack({}));
}

export function electionsKeyboard(ctx: BotContext, name: ReportName, elections: { id: number; name: string; electionDay: string }[]): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const e of elections) kb.text(`${e.name} (${e.electionDay})`, reportButtons.election.pack({ name, e: e.id })).row();
  return kb.text(ctx.t("menu.back_to_menu"), buttons.menu.pack({}));
}

export function areasKeyboard(ctx: BotContext, name: ReportName, electionId: number, areas: { code: string; name: string }[]): InlineKeyboard {
  const kb = new InlineKeyboard().text(ctx.t("reports.whole_county"), reportButtons.run.pack({ name, e: electionId, area: WHOLE })).row();
  areas.forEach((a, i) => {
    kb.text(a.name, reportButtons.run.pack({ name, e: electionId, area: a.code }));
    if (i % 2 === 1) kb.row();
  });
  return kb.row().text(ctx.t("menu.back_to_menu"), buttons.menu.pack({}));
}
