// The main menu. A voter sees what most people come for, two to a row; the rarer voter journeys
// sit behind "more" so the first screen stays short for elderly users on small phones. Delegates,
// staff and admins get their rows below the voter's.
import { InlineKeyboard } from "grammy";
import { buttons } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { hasRole } from "../middleware/roles.js";
import { infoButtons } from "./info.js";
import { queueButtons } from "./queue.js";
import { reportButtons } from "./reports.js";
import { staffMenuRows } from "./staff-ops.js";
import { sgButtons } from "./suggestions.js";
import { voterButtons } from "./voter.js";

export function mainMenu(ctx: BotContext): InlineKeyboard {
  const kb = new InlineKeyboard().text(ctx.t("voter.menu.me"), voterButtons.me.pack({}));
  if (ctx.user?.rollEntryId == null) kb.text(ctx.t("voter.menu.link"), voterButtons.link.pack({}));
  kb.row()
    .text(ctx.t("info.menu_candidates"), infoButtons.pick.pack({ what: "c" }))
    .text(ctx.t("info.menu_vote"), infoButtons.pick.pack({ what: "v" }))
    .row()
    .text(ctx.t("menu.find_constituency"), buttons.areaHome.pack({}))
    .text(ctx.t("menu.faq"), buttons.faqTopics.pack({}))
    .row()
    .text(ctx.t("sg.menu.write"), sgButtons.start.pack({}))
    .text(ctx.t("sg.menu.mine"), sgButtons.mine.pack({ page: 0 }))
    .row();
  if (hasRole(ctx, "DELEGATE"))
    kb.text(ctx.t("menu.delegate_profile"), buttons.delegateProfile.pack({}))
      .text(ctx.t("sg.menu.inbox"), sgButtons.inbox.pack({ f: "open", c: 0, p: 0 }))
      .row()
      .text(ctx.t("sg.menu.activity"), sgButtons.activity.pack({ p: "month" }))
      .row();
  if (hasRole(ctx, "STAFF")) {
    kb.text(ctx.t("menu.staff_queue"), queueButtons.open.pack({}))
      .text(ctx.t("menu.staff_registration"), buttons.staffRegistration.pack({}))
      .row()
      .text(ctx.t("sg.menu.staff"), sgButtons.queue.pack({ f: "raised", p: 0 }))
      .text(ctx.t("reports.menu"), reportButtons.open.pack({}))
      .row();
    staffMenuRows(ctx, kb);
  }
  // Handling departments and lead officials (not admins: they have no department or post of their own).
  if (ctx.user?.role === "DEPARTMENT") kb.text(ctx.t("sg.menu.assigned"), sgButtons.deptQueue.pack({ f: "open", p: 0 })).row();
  if (ctx.user?.role === "OFFICIAL") kb.text(ctx.t("sg.menu.supervising"), sgButtons.ledQueue.pack({ p: 0 })).row();
  if (hasRole(ctx, "ADMIN")) kb.text(ctx.t("accounts.menu"), buttons.accounts.pack({ page: 0 })).row();
  return kb.text(ctx.t("menu.more"), buttons.menuMore.pack({})).text(ctx.t("menu.language"), buttons.languageMenu.pack({}));
}

/** The voter journeys people need now and then: mobile box, proxy, reminders, my data, report-backs. */
export function moreMenu(ctx: BotContext): InlineKeyboard {
  return new InlineKeyboard()
    .text(ctx.t("voter.menu.mobile_box"), voterButtons.mobileBox.pack({}))
    .text(ctx.t("voter.menu.proxy"), voterButtons.proxy.pack({}))
    .row()
    .text(ctx.t("voter.menu.remind"), voterButtons.remind.pack({}))
    .text(ctx.t("voter.menu.my_data"), voterButtons.myData.pack({}))
    .row()
    .text(ctx.t("sg.menu.reports"), sgButtons.reports.pack({}))
    .row()
    .text(ctx.t("menu.back_to_menu"), buttons.menu.pack({}));
}

/** The one-button keyboard that ends every sub-screen. */
export function backToMenu(ctx: BotContext): InlineKeyboard {
  return new InlineKeyboard().text(ctx.t("menu.back_to_menu"), buttons.menu.pack({}));
}
