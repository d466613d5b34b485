// /language: the user's choice is stored on their account and wins over Telegram's setting.
import { Composer, InlineKeyboard } from "grammy";
import { SUPPORTED_LOCALES } from "../../config/config.js";
import type { BotContext } from "../context.js";
import { isLocale } from "../i18n.js";
import { switchLocale, type Translators } from "../middleware/user-locale.js";

function picker(ctx: BotContext): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const l of SUPPORTED_LOCALES) kb.text(`${l === ctx.locale ? "✓ " : ""}${ctx.t(`language.names.${l}`)}`, `lang:${l}`).row();
  return kb;
}

export function languageFeature(tFor: Translators) {
  const c = new Composer<BotContext>();
  c.command("language", (ctx) => ctx.reply(ctx.t("language.choose"), { reply_markup: picker(ctx) }));
  c.callbackQuery("lang:menu", async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t("language.choose"), { reply_markup: picker(ctx) });
  });
  c.callbackQuery(/^lang:(.+)$/, async (ctx) => {
    const chosen = ctx.match[1];
    if (!isLocale(chosen) || !ctx.user) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
    await ctx.services.users.setLocale(ctx.user.id, chosen);
    switchLocale(ctx, tFor, chosen);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t("language.set", { language: ctx.t(`language.names.${chosen}`) }));
  });
  return c;
}
