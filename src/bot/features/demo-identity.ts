// Console mode only: `/as voter|delegate|staff` switches the demo identity, so a newcomer can
// see every user's side of the bot. Never registered in polling/webhook mode.
import { Composer } from "grammy";
import type { Role } from "../../services/users.js";
import type { BotContext } from "../context.js";
import { mainMenu } from "../keyboards/menu.js";
import { FeatureComposer } from "../feature-composer.js";

const ROLES: Record<string, Role> = { voter: "VOTER", delegate: "DELEGATE", staff: "STAFF" };

export const demoIdentityFeature = new FeatureComposer<BotContext>();

demoIdentityFeature.command("as", async (ctx) => {
  const role = ROLES[ctx.match.trim().toLowerCase()];
  if (!role || !ctx.user) return ctx.reply(ctx.t("demo.usage"));
  const before = ctx.user.role;
  ctx.user = await ctx.services.users.setRole(ctx.user.id, role);
  if (role === "DELEGATE") await ctx.services.delegates.linkDemoDelegate(ctx.user.id);
  await ctx.services.audit.record({ actorId: ctx.user.id, action: "demo.switch_role", subject: `user:${ctx.user.id}`, before: { role: before }, after: { role }, details: { role } });
  await ctx.reply(ctx.t("demo.now", { role: ctx.t(`roles.${role}`) }), { reply_markup: mainMenu(ctx) });
});
