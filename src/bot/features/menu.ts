// /start and the main menu: who the bot serves, the election day, and what the user can do
// (the buttons depend on the user's role).
import { Composer, InlineKeyboard } from "grammy";
import { formatDate, fromDbDate } from "../../domain/dates.js";
import type { BotContext } from "../context.js";
import { hasRole } from "../middleware/roles.js";

export function mainMenu(ctx: BotContext): InlineKeyboard {
  const kb = new InlineKeyboard()
    .text(ctx.t("menu.find_constituency"), "area:home")
    .row()
    .text(ctx.t("menu.faq"), "faq:topics")
    .row();
  if (hasRole(ctx, "DELEGATE")) kb.text(ctx.t("menu.delegate_profile"), "delegate:me").row();
  if (hasRole(ctx, "STAFF")) kb.text(ctx.t("menu.staff_registration"), "staff:registration").row();
  return kb.text(ctx.t("menu.language"), "lang:menu");
}

/** The one-button keyboard that ends every sub-screen. */
export function backToMenu(ctx: BotContext): InlineKeyboard {
  return new InlineKeyboard().text(ctx.t("menu.back_to_menu"), "menu");
}

async function welcomeText(ctx: BotContext): Promise<string> {
  const overview = await ctx.services.areas.overview();
  const name = ctx.from?.first_name ?? "";
  if (!overview) return `${ctx.t("start.hello", { name })}\n\n${ctx.t("start.no_data")}`;
  const lines = [ctx.t("start.hello", { name }), "", ctx.t("start.serving", { county: overview.county.name })];
  const e = overview.election;
  if (e)
    lines.push("", ctx.t("start.election", { election: e.name, date: formatDate(fromDbDate(e.electionDay), ctx.locale) }));
  lines.push("", ctx.t("start.role", { role: ctx.t(`roles.${ctx.user?.role ?? "VOTER"}`) }), ctx.t("start.choose"));
  return lines.join("\n");
}

export const menuFeature = new Composer<BotContext>();

menuFeature.command("start", async (ctx) => {
  await ctx.reply(await welcomeText(ctx), { reply_markup: mainMenu(ctx) });
});

menuFeature.command("menu", async (ctx) => {
  await ctx.reply(ctx.t("start.choose"), { reply_markup: mainMenu(ctx) });
});

menuFeature.callbackQuery("menu", async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(await welcomeText(ctx), { reply_markup: mainMenu(ctx) });
});
