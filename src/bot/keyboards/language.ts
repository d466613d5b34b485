import { InlineKeyboard } from "grammy";
import { SUPPORTED_LOCALES } from "../../config/config.js";
import { buttons } from "../callback-data.js";
import type { BotContext } from "../context.js";

export function languagePicker(ctx: BotContext): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const l of SUPPORTED_LOCALES)
    kb.text(`${l === ctx.locale ? "✓ " : ""}${ctx.t(`language.names.${l}`)}`, buttons.language.pack({ locale: l })).row();
  return kb;
}
