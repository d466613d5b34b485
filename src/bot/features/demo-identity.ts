// Console mode only: `/as voter|delegate|staff [area code]|department [code]|official` switches
// the demo identity, so a newcomer can see every user's side of the bot. Never registered in
// polling/webhook mode.
import type { Role } from "../../services/users.js";
import type { BotContext } from "../context.js";
import { mainMenu } from "../keyboards/menu.js";
import { FeatureComposer } from "../feature-composer.js";

const ROLES: Record<string, Role> = { voter: "VOTER", delegate: "DELEGATE", staff: "STAFF", department: "DEPARTMENT", official: "OFFICIAL" };

export const demoIdentityFeature = new FeatureComposer<BotContext>();

demoIdentityFeature.command("as", async (ctx) => {
  // "/as staff 999901002": staff of one township (the county when no code is given);
  // "/as department JT": that handling department's official (the busiest one when no code is given).
  const [name = "", code] = ctx.match.trim().split(/\s+/);
  const role = ROLES[name.toLowerCase()];
  if (!role || !ctx.user || (code !== undefined && role !== "STAFF" && role !== "DEPARTMENT")) return ctx.reply(ctx.t("demo.usage"));
  const accounts = ctx.services.accounts;
  const unit =
    role === "STAFF" ? await accounts.setDemoStaffArea(ctx.user.id, code ?? null)
    : role === "DEPARTMENT" ? await accounts.setDemoDepartment(ctx.user.id, code ?? null)
    : null;
  if ((role === "STAFF" || role === "DEPARTMENT") && !unit) return ctx.reply(ctx.t("demo.usage"));
  if (role === "OFFICIAL") await accounts.setDemoOfficialName(ctx.user.id, ctx.t("demo.official_name"));
  const before = ctx.user.role;
  ctx.user = await ctx.services.users.setRole(ctx.user.id, role);
  if (role === "DELEGATE") await ctx.services.delegates.linkDemoDelegate(ctx.user.id);
  const details: Record<string, string> = unit ? { role, [role === "STAFF" ? "area" : "department"]: unit.code } : { role };
  await ctx.services.audit.record({ actorId: ctx.user.id, action: "demo.switch_role", subject: `user:${ctx.user.id}`, before: { role: before }, after: { role }, details });
  const roleName = ctx.t(`roles.${role}`);
  const text = unit ? ctx.t("demo.now_area", { role: roleName, area: unit.name }) : ctx.t("demo.now", { role: roleName });
  await ctx.reply(text, { reply_markup: mainMenu(ctx) });
});
