import type { Context, LazySessionFlavor } from "grammy";
import type { Config, Locale } from "../config/config.js";
import type { Logger } from "../observability/logger.js";
import type { Services } from "../services/index.js";
import type { Account } from "../services/users.js";
import type { ReopenPrompt, ResultsEntry } from "./flows/results-entry.js";
import type { SuggestSession } from "./flows/suggestion-session.js";
import type { Translate } from "./i18n.js";
import type { VoterStep } from "./voter-steps.js";

/** A staff flow waiting for the next input (/import, /election, /broadcast); expires after a while. */
export interface StaffStep {
  step: "import-kind" | "import-election" | "import-file" | "import-confirm" | "election-day" | "election-date" | "broadcast-text" | "broadcast-audience" | "broadcast-confirm";
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
  /** Suggestions, inbox, activity record and report-back (issue 8): the step in progress. */
  sg?: SuggestSession;
  /** A voter journey (or a staff answer) waiting for typed input: src/bot/voter-steps.ts. */
  voterStep?: VoterStep;
  /** /mydata: the token of the latest "delete my data" confirmation button. */
  myDataDeleteToken?: string;
  /** Staff operations (/import, /election, /broadcast): the step in progress. */
  staff?: StaffStep;
  /** /results: the figures of the sheet being entered. */
  results?: ResultsEntry;
  /** /results: a confirmed round waiting for the reason it is reopened for correction. */
  resultsReopen?: ReopenPrompt;
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
  /**
   * What the conversation log stores instead of this update's text (e.g. "[ID fragment]": the
   * characters of an ID number are never logged); null stores no text.
   */
  logText?: string | null;
  /**
   * Strings that must never be stored, in or out (a live invite code): the conversation log
   * replaces them with "[secret]" in this update's text and in every reply to it.
   */
  logSecrets?: string[];
  /**
   * The private chat's session as the user look-up read it (JSON; null: none), for the session
   * middleware (middleware/session.ts): no second statement for it.
   */
  storedSession?: { key: string; json: string | null };
  /** Set when the person's data was just deleted: nothing more of this update is logged. */
  erased?: boolean;
  /** Downloads a file Telegram gave a file_path for (getFile), from the Bot API's file endpoint. */
  downloadFile(filePath: string): Promise<Buffer>;
}

export type BotContext = Context & LazySessionFlavor<SessionData> & BotContextExtras;

/**
 * `read(session)`, synchronously once the session is loaded (in a private chat it came with the
 * user look-up; elsewhere the first look loads it), otherwise when it is. For the
 * predicates every update passes: an async predicate costs a promise and a turn of the
 * microtask queue for each handler after it, even when it says no.
 */
export function withSession<T>(ctx: BotContext, read: (session: SessionData) => T): T | Promise<T> {
  const session = ctx.session;
  return session instanceof Promise ? session.then(read) : read(session);
}
