import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { hasRole } from "../middleware/roles.js";
import { FeatureComposer } from "../feature-composer.js";

export const helpFeature = new FeatureComposer<BotContext>();

helpFeature.command("help", async (ctx) => {
  const lines = [ctx.t("help.title"), "", ctx.t("help.voter"), ctx.t("info.help"), ctx.t("sg.help.voter"), ctx.t("accounts.help_join")];
  if (hasRole(ctx, "DELEGATE")) lines.push(ctx.t("help.delegate"), ctx.t("sg.help.delegate"));
  if (hasRole(ctx, "STAFF")) lines.push(ctx.t("help.staff"), ctx.t("sg.help.staff"));
  if (ctx.user?.role === "DEPARTMENT") lines.push(ctx.t("sg.help.department"));
  if (ctx.user?.role === "OFFICIAL") lines.push(ctx.t("sg.help.official"));
  if (hasRole(ctx, "STAFF")) lines.push(ctx.t("results.help_staff"));
  if (hasRole(ctx, "ADMIN")) lines.push(ctx.t("accounts.help_admin"));
  if (ctx.config.BOT_MODE === "console") lines.push(ctx.t("help.console"));
  lines.push("", ctx.t("help.ask"));
  await ctx.reply(lines.join("\n"));
});
