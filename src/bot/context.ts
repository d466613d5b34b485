import type { Context, LazySessionFlavor } from "grammy";
import type { Config, Locale } from "../config/config.js";
import type { Logger } from "../observability/logger.js";
import type { Services } from "../services/index.js";
import type { Account } from "../services/users.js";
import type { Translate } from "./i18n.js";

/** A staff flow waiting for the next input (/import, /election, /broadcast); expires after a while. */
export interface StaffStep {
  step: "import-kind" | "import-file" | "import-confirm" | "election-day" | "election-date" | "broadcast-text" | "broadcast-audience" | "broadcast-confirm";
  /** When the step began (ms); an old step is refused as expired. */
  at: number;
  importKind?: string;
  fileId?: string;
  fileName?: string;
  validOnly?: boolean;
  token?: string;
  electionKind?: string;
  areaId?: number;
  electionId?: number;
  field?: string;
  text?: string;
  media?: { kind: "photo" | "document"; fileId: string } | null;
  audience?: { kind: string; id?: number; areaId?: number; constituencyId?: number; voterGroupId?: number; topic?: string };
}

/** What survives between updates of one chat (stored in the Session table). */
export interface SessionData {
  /** Group chats: the bot has already said once that it works in private chats only. */
  toldPrivateOnly?: boolean;
  staff?: StaffStep;
}

export interface BotContextExtras {
  config: Config;
  services: Services;
  log: Logger;
  t: Translate;
  locale: Locale;
  /** The account behind this update (absent for updates without a sender, e.g. channel posts). */
  user?: Account;
  /** The feature (Composer) that handled the update; recorded in the conversation log. */
  feature?: string;
  /** Downloads a file Telegram gave a file_path for (getFile), from the Bot API's file endpoint. */
  downloadFile(filePath: string): Promise<Buffer>;
}

export type BotContext = Context & LazySessionFlavor<SessionData> & BotContextExtras;
