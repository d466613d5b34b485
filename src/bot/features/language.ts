// /language: the user's choice is stored on their account and wins over Telegram's setting.
// After the choice the menu is shown again, in the new language.
import { Composer } from "grammy";
import { isLocale } from "../../config/locales.js";
import { buttons, onButton } from "../callback-data.js";
import type { BotContext } from "../context.js";
import { languagePicker } from "../keyboards/language.js";
import { mainMenu } from "../keyboards/menu.js";
import { switchLocale, type Translators } from "../middleware/user-locale.js";
import { FeatureComposer } from "../feature-composer.js";

export function languageFeature(tFor: Translators) {
  const c = new FeatureComposer<BotContext>();
  c.command("language", (ctx) => ctx.reply(ctx.t("language.choose"), { reply_markup: languagePicker(ctx) }));
  onButton(c, buttons.languageMenu, async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t("language.choose"), { reply_markup: languagePicker(ctx) });
  });
  onButton(c, buttons.language, async (ctx, { locale }) => {
    if (!isLocale(locale) || !ctx.user) return ctx.answerCallbackQuery({ text: ctx.t("errors.stale_button") });
    ctx.user = await ctx.services.users.setLocale(ctx.user.id, locale);
    switchLocale(ctx, tFor, locale);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t("language.set", { language: ctx.t(`language.names.${locale}`) }));
    await ctx.reply(ctx.t("start.choose"), { reply_markup: mainMenu(ctx) });
  });
  return c;
}
