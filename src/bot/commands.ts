// The bot's command list, as data: Telegram shows it in the "/" menu, per language. A feature adds
// its command by adding a line here (command, description key in locales/<lng>/commands.json,
// roles that see it). Registered at start-up in polling and webhook mode (not in tests or the
// console), with setMyCommands.
//
// Languages: setMyCommands' language_code is a two-letter ISO 639-1 code, so Telegram cannot tell
// zh-CN from zh-TW here: "zh" gets the zh-CN descriptions (our default and the larger audience),
// and a zh-TW user's own language is used for everything the bot says once the chat starts. The
// list without a language_code (everyone else) is in DEFAULT_LOCALE.
//
// Roles: the default scope (all private chats) lists what voters can use. Staff commands are not
// listed there; per-chat lists for staff accounts (scope "chat") are not set yet — /help shows
// staff their commands, and every staff command checks the role itself.
import type { Api } from "grammy";
import type { BotCommand, LanguageCode } from "grammy/types";
import type { Locale } from "../config/config.js";
import type { Role } from "../services/users.js";
import { createI18n, createTranslators, type Translate } from "./i18n.js";

export interface CommandSpec {
  command: string;
  /** i18n key of the description (≤ 256 characters in every language). */
  description: string;
  /** Who sees it in the list; voters' commands are everyone's. */
  roles: readonly Role[];
}

const EVERYONE: readonly Role[] = ["VOTER", "DELEGATE", "STAFF", "ADMIN"];
const STAFF: readonly Role[] = ["STAFF", "ADMIN"];

export const COMMANDS: readonly CommandSpec[] = [
  { command: "start", description: "commands.start", roles: EVERYONE },
  { command: "me", description: "commands.me", roles: EVERYONE },
  { command: "link", description: "commands.link", roles: EVERYONE },
  { command: "objection", description: "commands.objection", roles: EVERYONE },
  { command: "mobilebox", description: "commands.mobilebox", roles: EVERYONE },
  { command: "proxy", description: "commands.proxy", roles: EVERYONE },
  { command: "ask", description: "commands.ask", roles: EVERYONE },
  { command: "remind", description: "commands.remind", roles: EVERYONE },
  { command: "mydata", description: "commands.mydata", roles: EVERYONE },
  { command: "faq", description: "commands.faq", roles: EVERYONE },
  { command: "language", description: "commands.language", roles: EVERYONE },
  { command: "cancel", description: "commands.cancel", roles: EVERYONE },
  { command: "help", description: "commands.help", roles: EVERYONE },
  { command: "queue", description: "commands.queue", roles: STAFF },
  { command: "registration", description: "commands.registration", roles: STAFF },
  { command: "report", description: "commands.report", roles: STAFF },
];

/** The list one role sees, in one language. */
export function commandsFor(role: Role, t: Translate): BotCommand[] {
  return COMMANDS.filter((c) => c.roles.includes(role)).map((c) => ({ command: c.command, description: t(c.description) }));
}

/** Telegram language_code → our locale for the list (see the top of this file). */
export const COMMAND_LANGUAGES: readonly { languageCode: LanguageCode | undefined; locale: Locale | "default" }[] = [
  { languageCode: undefined, locale: "default" },
  { languageCode: "zh", locale: "zh-CN" },
  { languageCode: "en", locale: "en" },
];

/** Sets the voters' list for private chats in every language. */
export async function registerCommands(api: Api, tFor: (locale: Locale) => Translate, defaultLocale: Locale): Promise<void> {
  for (const { languageCode, locale } of COMMAND_LANGUAGES) {
    const t = tFor(locale === "default" ? defaultLocale : locale);
    await api.setMyCommands(commandsFor("VOTER", t), {
      scope: { type: "all_private_chats" },
      ...(languageCode ? { language_code: languageCode } : {}),
    });
  }
}

/**
 * Start-up (polling and webhook): publishes the lists. A failure is logged, not fatal — the bot
 * works without the "/" menu, and the next start tries again.
 */
export async function publishCommands(api: Api, defaultLocale: Locale, log: { warn(o: object, m: string): void }): Promise<void> {
  try {
    await registerCommands(api, createTranslators(createI18n(defaultLocale)), defaultLocale);
  } catch (err) {
    log.warn({ err }, "could not publish the command list (setMyCommands)");
  }
}
