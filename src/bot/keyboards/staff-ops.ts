// Buttons of the staff operations: /import, /election, /broadcast, and the unsubscribe button on
// every reminder. Declared once here (defineButton refuses a prefix used twice).
import { InlineKeyboard } from "grammy";
import { defineButton } from "../callback-data.js";
import type { BotContext } from "../context.js";
import type { Translate } from "../i18n.js";
import { resultButtons } from "./results.js";

export const staffButtons = {
  importKind: defineButton("imp-k", { kind: "str" }),
  importElection: defineButton("imp-e", { id: "int" }),
  importConfirm: defineButton("imp-ok", { token: "str" }),
  importCancel: defineButton("imp-no"),
  electionKind: defineButton("el-k", { kind: "str" }),
  electionArea: defineButton("el-a", { id: "int" }),
  electionDate: defineButton("el-d", { id: "int", field: "str" }),
  electionShow: defineButton("el-show", { id: "int" }),
  broadcastAudience: defineButton("bc-a", { kind: "str", id: "int" }),
  broadcastPreview: defineButton("bc-pv"),
  broadcastConfirm: defineButton("bc-ok", { token: "str" }),
  broadcastDiscard: defineButton("bc-no"),
  broadcastControl: defineButton("bc-c", { id: "int", action: "str" }),
  remindersOff: defineButton("rem-off"),
  menuImport: defineButton("menu-import"),
  menuElection: defineButton("menu-election"),
  menuBroadcast: defineButton("menu-broadcast"),
};

/** The staff rows of the main menu. */
export function staffMenuRows(ctx: BotContext, kb: InlineKeyboard): InlineKeyboard {
  return kb
    .text(ctx.t("menu.staff_import"), staffButtons.menuImport.pack({}))
    .text(ctx.t("menu.staff_election"), staffButtons.menuElection.pack({}))
    .row()
    .text(ctx.t("menu.staff_broadcast"), staffButtons.menuBroadcast.pack({}))
    .text(ctx.t("results.menu"), resultButtons.menu.pack({}))
    .row();
}

/** The progress message's buttons for a broadcast in `status`. */
export function broadcastControls(t: Translate, id: number, status: string): InlineKeyboard | undefined {
  const kb = new InlineKeyboard();
  if (status === "SENDING") kb.text(t("broadcast.pause"), staffButtons.broadcastControl.pack({ id, action: "pause" }));
  else if (status === "PAUSED") kb.text(t("broadcast.resume"), staffButtons.broadcastControl.pack({ id, action: "resume" }));
  else return undefined;
  return kb.text(t("broadcast.cancel"), staffButtons.broadcastControl.pack({ id, action: "cancel" }));
}

export function unsubscribeKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard().text(t("reminders.unsubscribe"), staffButtons.remindersOff.pack({}));
}

export function cancelOnly(ctx: BotContext, kind: "import" | "broadcast"): InlineKeyboard {
  return new InlineKeyboard().text(ctx.t("staffops.cancel"), kind === "import" ? staffButtons.importCancel.pack({}) : staffButtons.broadcastDiscard.pack({}));
}
