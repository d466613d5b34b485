// Delegate: the record the election committee holds about them (constituency, term).
import { Composer } from "grammy";
import { formatDate, fromDbDate } from "../../domain/dates.js";
import type { BotContext } from "../context.js";
import { backToMenu } from "./menu.js";
import { requireRole } from "../middleware/roles.js";

export const delegateProfileFeature = new Composer<BotContext>();

const delegateOnly = delegateProfileFeature.filter((ctx) => ctx.callbackQuery?.data === "delegate:me");
delegateOnly.use(requireRole("DELEGATE"));
delegateOnly.callbackQuery("delegate:me", async (ctx) => {
  await ctx.answerCallbackQuery();
  const d = ctx.user ? await ctx.services.delegates.forUser(ctx.user.id) : null;
  const text = d
    ? ctx.t("delegate.profile", {
        name: d.fullName,
        level: ctx.t(`delegate.levels.${d.level}`),
        constituency: d.constituency?.name ?? "—",
        from: formatDate(fromDbDate(d.termStart), ctx.locale),
        to: formatDate(fromDbDate(d.termEnd), ctx.locale),
      })
    : ctx.t("delegate.not_linked");
  await ctx.editMessageText(text, { reply_markup: backToMenu(ctx) });
});
