// Buttons of /results (staff: enter, correct a figure, confirm, reopen for correction and publish
// a constituency's result). Declared once here (defineButton refuses a prefix used twice).
import { InlineKeyboard } from "grammy";
import { defineButton } from "../callback-data.js";
import type { BotContext } from "../context.js";

export const resultButtons = {
  menu: defineButton("rs-menu"),
  election: defineButton("rs-e", { id: "int" }),
  constituency: defineButton("rs-c", { id: "int" }),
  start: defineButton("rs-go", { id: "int" }),
  /** Registered voters: take the roll's count. */
  useRoll: defineButton("rs-reg", { n: "int" }),
  /** Whole constituency at once ("w") or per station / meeting / mobile box ("p"). */
  mode: defineButton("rs-m", { m: "str" }),
  /** A part: one of the constituency's polling places. */
  place: defineButton("rs-pl", { id: "int" }),
  /** A part typed by name: its kind. */
  kind: defineButton("rs-k", { k: "str" }),
  writeInsDone: defineButton("rs-wi"),
  /** After a part: another one ("add") or the summary ("done"). */
  more: defineButton("rs-more", { a: "str" }),
  back: defineButton("rs-back"),
  cancel: defineButton("rs-x"),
  redo: defineButton("rs-redo", { id: "int" }),
  confirm: defineButton("rs-ok", { token: "str" }),
  publishPreview: defineButton("rs-pv", { id: "int" }),
  /** Publishing is once by the sheet's status, however often this is pressed. */
  publish: defineButton("rs-pub", { id: "int" }),
  /** Reopen a confirmed, unpublished round for correction: asks for the reason first. */
  reopen: defineButton("rs-reo", { id: "int" }),
  /** Leave the reason prompt: the round stays confirmed. */
  reopenCancel: defineButton("rs-reox"),
  /**
   * "Correct a figure" of a complete draft (at the summary, or where a save was refused): the
   * figures (whole) or the parts (per place). The entry's token travels along: a button of an
   * older summary is stale.
   */
  fix: defineButton("rs-fix", { id: "int", token: "str" }),
  /** A part to correct (its index in the entry, per place). */
  fixPart: defineButton("rs-fixp", { id: "int", p: "int", token: "str" }),
  /** The figure to correct: p = the part's index (-1: the whole count or the registered voters), f = a figure code (ballot names by index). */
  fixField: defineButton("rs-fixf", { id: "int", p: "int", f: "str", token: "str" }),
};

/** Back one step and cancel: under every question of the entry. */
export function stepKeyboard(ctx: BotContext, kb = new InlineKeyboard(), back = true): InlineKeyboard {
  if (back) kb.text(ctx.t("results.back"), resultButtons.back.pack({}));
  return kb.text(ctx.t("results.cancel"), resultButtons.cancel.pack({}));
}
