// Console mode only: `/as voter|delegate|staff [area code]` switches the demo identity, so a newcomer can
// see every user's side of the bot. Never registered in polling/webhook mode.
import { Composer } from "grammy";
import type { Role } from "../../services/users.js";
import type { BotContext } from "../context.js";
import { mainMenu } from "../keyboards/menu.js";
import { FeatureComposer } from "../feature-composer.js";

const ROLES: Record<string, Role> = { voter: "VOTER", delegate: "DELEGATE", staff: "STAFF" };

export const demoIdentityFeature = new FeatureComposer<BotContext>();

demoIdentityFeature.command("as", async (ctx) => {
  // "/as staff 999901002": staff of one township (the county when no code is given).
  const [name = "", areaCode] = ctx.match.trim().toLowerCase().split(/\s+/);
  const role = ROLES[name];
  if (!role || !ctx.user || (areaCode !== undefined && role !== "STAFF")) return ctx.reply(ctx.t("demo.usage"));
  const area = role === "STAFF" ? await ctx.services.accounts.setDemoStaffArea(ctx.user.id, areaCode ?? null) : null;
  if (role === "STAFF" && !area) return ctx.reply(ctx.t("demo.usage"));
  const before = ctx.user.role;
  ctx.user = await ctx.services.users.setRole(ctx.user.id, role);
  if (role === "DELEGATE") await ctx.services.delegates.linkDemoDelegate(ctx.user.id);
  const details: Record<string, string> = area ? { role, area: area.code } : { role };
  await ctx.services.audit.record({ actorId: ctx.user.id, action: "demo.switch_role", subject: `user:${ctx.user.id}`, before: { role: before }, after: { role }, details });
  const roleName = ctx.t(`roles.${role}`);
  const text = area ? ctx.t("demo.now_area", { role: roleName, area: area.name }) : ctx.t("demo.now", { role: roleName });
  await ctx.reply(text, { reply_markup: mainMenu(ctx) });
});
