import type { User } from "@prisma/client";
import type { Context, LazySessionFlavor } from "grammy";
import type { Config, Locale } from "../config/config.js";
import type { Logger } from "../observability/logger.js";
import type { Services } from "../services/index.js";
import type { Translate } from "./i18n.js";

/** What survives between updates of one chat (stored in the Session table). */
export interface SessionData {
  /** The area last opened in "find my constituency", so the menu can take the user back there. */
  browsedAreaId?: number;
}

export interface BotContextExtras {
  config: Config;
  services: Services;
  log: Logger;
  t: Translate;
  locale: Locale;
  /** The database user behind this update (absent for updates without a sender, e.g. channel posts). */
  user?: User;
  /** The feature (Composer) that handled the update; recorded in the conversation log. */
  feature?: string;
}

export type BotContext = Context & LazySessionFlavor<SessionData> & BotContextExtras;
