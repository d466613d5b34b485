// /start and the main menu: who the bot serves, the election day, and what the user can do
// (the buttons depend on the user's role).
import { Composer } from "grammy";
import { buttons, onButton } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { formatDate } from "../i18n.js";
import { mainMenu, moreMenu } from "../keyboards/menu.js";
import { FeatureComposer } from "../feature-composer.js";

export async function welcomeText(ctx: BotContext): Promise<string> {
  const overview = await ctx.services.areas.overview();
  const name = ctx.from?.first_name ?? "";
  if (!overview) return `${ctx.t("start.hello", { name })}\n\n${ctx.t("start.no_data")}`;
  const lines = [ctx.t("start.hello", { name }), "", ctx.t("start.serving", { county: overview.county.name })];
  const e = overview.election;
  if (e) lines.push("", ctx.t("start.election", { election: e.name, date: formatDate(ctx.t, e.electionDay) }));
  lines.push("", ctx.t("start.role", { role: ctx.t(`roles.${ctx.user?.role ?? "VOTER"}`) }), ctx.t("start.choose"));
  return lines.join("\n");
}

export const menuFeature = new FeatureComposer<BotContext>();

menuFeature.command("start", async (ctx) => {
  await ctx.reply(await welcomeText(ctx), { reply_markup: mainMenu(ctx) });
});

menuFeature.command("menu", async (ctx) => {
  await ctx.reply(ctx.t("start.choose"), { reply_markup: mainMenu(ctx) });
});

onButton(menuFeature, buttons.menu, async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(await welcomeText(ctx), { reply_markup: mainMenu(ctx) });
});

onButton(menuFeature, buttons.menuMore, async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(ctx.t("menu.more_title"), { reply_markup: moreMenu(ctx) });
});
