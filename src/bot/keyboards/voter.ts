// Buttons of the voter journeys (issue 7 part A): roll link, /me, objections, special situations,
// mobile ballot box, proxy, questions to staff, reminders, my data. Prefixes start with "v-".
import { InlineKeyboard } from "grammy";
import { REMINDER_TOPICS, type ReminderChoices } from "../../services/reminder-preferences.js";
import { QUIET_PRESETS } from "../../services/reminder-preferences.js";
import { buttons as platform, defineButton } from "../callback-data.js";
import type { BotContext } from "../context.js";

export const voterButtons = {
  me: defineButton("v-me"),
  link: defineButton("v-link"),
  unlink: defineButton("v-unlink"),
  unlinkConfirm: defineButton("v-unlink-ok"),
  objection: defineButton("v-obj"),
  objectionWho: defineButton("v-obj-who", { self: "int" }),
  situations: defineButton("v-sits"),
  situation: defineButton("v-sit", { key: "str" }),
  mobileBox: defineButton("v-mbox"),
  mobileBoxWho: defineButton("v-mbox-who", { self: "int" }),
  proxy: defineButton("v-proxy"),
  proxyStart: defineButton("v-proxy-go"),
  ask: defineButton("v-ask"),
  send: defineButton("v-send", { token: "str" }),
  cancel: defineButton("v-cancel"),
  withdraw: defineButton("v-wd", { id: "int" }),
  remind: defineButton("v-rem"),
  remindAll: defineButton("v-rem-all", { on: "int" }),
  remindTopic: defineButton("v-rem-t", { topic: "str", on: "int" }),
  remindQuietMenu: defineButton("v-rem-qm"),
  remindQuiet: defineButton("v-rem-q", { from: "int", to: "int" }),
  myData: defineButton("v-data"),
  myDataExport: defineButton("v-data-x"),
  myDataDelete: defineButton("v-data-del"),
  myDataDeleteConfirm: defineButton("v-data-ok", { token: "str" }),
};

/** The special situations /me offers, by FAQ key (src/db/seed/faq-keys.ts). */
export const SITUATION_KEYS = ["moved-home", "hukou-elsewhere", "working-away", "first-time-voter", "voter-card-lost"] as const;
export type SituationKey = (typeof SITUATION_KEYS)[number];

/** The voter-journey rows of the main menu. */
export function meKeyboard(ctx: BotContext, opts: { linked: boolean; objection: boolean }): InlineKeyboard {
  const kb = new InlineKeyboard();
  if (!opts.linked) kb.text(ctx.t("voter.menu.link"), voterButtons.link.pack({})).row();
  if (opts.objection) kb.text(ctx.t("voter.buttons.objection"), voterButtons.objection.pack({})).row();
  kb.text(ctx.t("voter.buttons.situations"), voterButtons.situations.pack({})).row();
  if (opts.linked) kb.text(ctx.t("voter.buttons.unlink"), voterButtons.unlink.pack({})).row();
  return kb.text(ctx.t("menu.back_to_menu"), platform.menu.pack({}));
}

export function situationsKeyboard(ctx: BotContext): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const key of SITUATION_KEYS) kb.text(ctx.t(`voter.situations.${key}.label`), voterButtons.situation.pack({ key })).row();
  return kb.text(ctx.t("voter.buttons.back_to_me"), voterButtons.me.pack({}));
}

export function cancelKeyboard(ctx: BotContext): InlineKeyboard {
  return new InlineKeyboard().text(ctx.t("voter.buttons.cancel"), voterButtons.cancel.pack({}));
}

export function confirmKeyboard(ctx: BotContext, token: string): InlineKeyboard {
  return new InlineKeyboard()
    .text(ctx.t("voter.buttons.send"), voterButtons.send.pack({ token }))
    .text(ctx.t("voter.buttons.cancel"), voterButtons.cancel.pack({}));
}

export function whoKeyboard(ctx: BotContext, kind: typeof voterButtons.objectionWho | typeof voterButtons.mobileBoxWho, other: string): InlineKeyboard {
  return new InlineKeyboard()
    .text(ctx.t("voter.buttons.for_self"), kind.pack({ self: 1 }))
    .text(other, kind.pack({ self: 0 }))
    .row()
    .text(ctx.t("voter.buttons.cancel"), voterButtons.cancel.pack({}));
}

export function remindKeyboard(ctx: BotContext, c: ReminderChoices): InlineKeyboard {
  const kb = new InlineKeyboard();
  kb.text(ctx.t(c.on ? "remind.all_off" : "remind.all_on"), voterButtons.remindAll.pack({ on: c.on ? 0 : 1 })).row();
  if (c.on)
    for (const topic of REMINDER_TOPICS)
      kb.text(`${c.topics[topic] ? "✅" : "⬜"} ${ctx.t(`remind.topics.${topic}`)}`, voterButtons.remindTopic.pack({ topic, on: c.topics[topic] ? 0 : 1 })).row();
  kb.text(ctx.t("remind.quiet_button"), voterButtons.remindQuietMenu.pack({})).row();
  return kb.text(ctx.t("menu.back_to_menu"), platform.menu.pack({}));
}

export function quietKeyboard(ctx: BotContext, c: ReminderChoices): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const q of QUIET_PRESETS) {
    const chosen = q.from === c.quiet.from && q.to === c.quiet.to ? "✓ " : "";
    const label = q.from === q.to ? ctx.t("remind.quiet_none") : ctx.t("remind.quiet_range", { from: hh(q.from), to: hh(q.to) });
    kb.text(chosen + label, voterButtons.remindQuiet.pack({ from: q.from, to: q.to })).row();
  }
  return kb.text(ctx.t("remind.back"), voterButtons.remind.pack({}));
}

export function hh(hour: number): string {
  return `${String(hour).padStart(2, "0")}:00`;
}

export function myDataKeyboard(ctx: BotContext): InlineKeyboard {
  return new InlineKeyboard()
    .text(ctx.t("mydata.export"), voterButtons.myDataExport.pack({}))
    .row()
    .text(ctx.t("mydata.delete"), voterButtons.myDataDelete.pack({}))
    .row()
    .text(ctx.t("menu.back_to_menu"), platform.menu.pack({}));
}

export function myDataDeleteKeyboard(ctx: BotContext, token: string): InlineKeyboard {
  return new InlineKeyboard()
    .text(ctx.t("mydata.delete_yes"), voterButtons.myDataDeleteConfirm.pack({ token }))
    .row()
    .text(ctx.t("mydata.delete_no"), voterButtons.myData.pack({}));
}
