// Delegate: the record the election committee holds about them (constituency, term).
import { Composer } from "grammy";
import { buttons, onButton } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { formatDate } from "../i18n.js";
import { backToMenu } from "../keyboards/menu.js";
import { requireRole } from "../middleware/roles.js";
import { FeatureComposer } from "../feature-composer.js";

export const delegateProfileFeature = new FeatureComposer<BotContext>();

onButton(delegateProfileFeature, buttons.delegateProfile, requireRole("DELEGATE"), async (ctx) => {
  await ctx.answerCallbackQuery();
  const d = ctx.user ? await ctx.services.delegates.forUser(ctx.user.id) : null;
  const text = d
    ? ctx.t("delegate.profile", {
        name: d.fullName,
        level: ctx.t(`delegate.levels.${d.level}`),
        constituency: d.constituencyName ?? "—",
        from: formatDate(ctx.t, d.termStart),
        to: formatDate(ctx.t, d.termEnd),
      })
    : ctx.t("delegate.not_linked");
  await ctx.editMessageText(text, { reply_markup: backToMenu(ctx) });
});
