// One place that builds the use cases over a database; bot, CLI, jobs and bench all use it
// (through createApp). Services are the only door to data: they return their own view types,
// never Prisma rows, and never hand out the client.
import type { PrismaClient } from "@prisma/client";
import type { Config } from "../config/config.js";
import type { SqlExecutor } from "../db/hot-path.js";
import type { Logger } from "../observability/logger.js";
import { AccountService } from "./accounts.js";
import { AreaService } from "./areas.js";
import { AuditService } from "./audit.js";
import { systemClock, type Clock } from "./clock.js";
import { ConversationLog } from "./conversation-log.js";
import { DelegateService } from "./delegates.js";
import { ElectionService } from "./elections.js";
import { FaqService } from "./faq.js";
import { RegistrationService } from "./registration.js";
import { SessionService } from "./sessions.js";
import { UserService } from "./users.js";

export interface Services {
  clock: Clock;
  users: UserService;
  areas: AreaService;
  elections: ElectionService;
  faq: FaqService;
  registration: RegistrationService;
  delegates: DelegateService;
  audit: AuditService;
  accounts: AccountService;
  conversationLog: ConversationLog;
  sessions: SessionService;
}

export function createServices(
  prisma: PrismaClient,
  config: Pick<Config, "DEFAULT_LOCALE" | "CONVERSATION_LOG_FLUSH_MS"> & Partial<Pick<Config, "INVITE_TTL_HOURS">>,
  logger: Logger,
  clock: Clock = systemClock,
  /** The hot-path executor (Database.sql) for the statements every update runs; Prisma without it. */
  sql?: SqlExecutor,
): Services {
  return {
    clock,
    users: new UserService(prisma, sql),
    areas: new AreaService(prisma),
    elections: new ElectionService(prisma),
    faq: new FaqService(prisma, config.DEFAULT_LOCALE),
    registration: new RegistrationService(prisma),
    delegates: new DelegateService(prisma),
    audit: new AuditService(prisma),
    accounts: new AccountService(prisma, { inviteTtlHours: config.INVITE_TTL_HOURS ?? 72, clock }),
    conversationLog: new ConversationLog(prisma, logger, config.CONVERSATION_LOG_FLUSH_MS, sql),
    sessions: new SessionService(prisma),
  };
}
