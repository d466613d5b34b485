import { InlineKeyboard } from "grammy";
import { buttons } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { hasRole } from "../middleware/roles.js";

/** The main menu; its buttons depend on the user's role. */
export function mainMenu(ctx: BotContext): InlineKeyboard {
  const kb = new InlineKeyboard()
    .text(ctx.t("menu.find_constituency"), buttons.areaHome.pack({}))
    .row()
    .text(ctx.t("menu.faq"), buttons.faqTopics.pack({}))
    .row();
  if (hasRole(ctx, "DELEGATE")) kb.text(ctx.t("menu.delegate_profile"), buttons.delegateProfile.pack({})).row();
  if (hasRole(ctx, "STAFF")) kb.text(ctx.t("menu.staff_registration"), buttons.staffRegistration.pack({})).row();
  if (hasRole(ctx, "ADMIN")) kb.text(ctx.t("accounts.menu"), buttons.accounts.pack({ page: 0 })).row();
  return kb.text(ctx.t("menu.language"), buttons.languageMenu.pack({}));
}

/** The one-button keyboard that ends every sub-screen. */
export function backToMenu(ctx: BotContext): InlineKeyboard {
  return new InlineKeyboard().text(ctx.t("menu.back_to_menu"), buttons.menu.pack({}));
}
