// Role checks for staff, delegate and admin features, on the handler:
//   command("registration", requireRole("STAFF"), handler)
// An admin may do everything. A refusal says whom the feature is for, in the user's language.
import type { MiddlewareFn } from "grammy";
import type { Role } from "../../services/users.js";
import type { BotContext } from "../context.js";

export function hasRole(ctx: BotContext, ...roles: Role[]): boolean {
  return !!ctx.user && (roles.includes(ctx.user.role) || ctx.user.role === "ADMIN");
}

export function requireRole<C extends BotContext>(...roles: Role[]): MiddlewareFn<C> {
  return async (ctx, next) => {
    if (hasRole(ctx, ...roles)) return next();
    await refuse(ctx, ctx.t("errors.only_for", { roles: roles.map((r) => ctx.t(`audience.${r}`)).join(ctx.t("list_separator")) }));
  };
}

/** A refusal where the person will see it: an alert on the button they pressed, else a reply. */
export async function refuse(ctx: BotContext, text: string): Promise<void> {
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
  else await ctx.reply(text);
}
