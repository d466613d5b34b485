// Role checks for staff and delegate features. Refusals are told to the user in their language.
import type { Role } from "@prisma/client";
import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../context.js";

export function hasRole(ctx: BotContext, ...roles: Role[]): boolean {
  return !!ctx.user && (roles.includes(ctx.user.role) || ctx.user.role === "ADMIN");
}

export function requireRole(...roles: Role[]): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    if (hasRole(ctx, ...roles)) return next();
    const text = ctx.t("errors.not_allowed");
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
    else await ctx.reply(text);
  };
}
