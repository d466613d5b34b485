// One place that builds the use cases over a database; bot, CLI, jobs and bench all use it
// (through createApp). Services are the only door to data: they return their own view types,
// never Prisma rows, and never hand out the client.
import type { PrismaClient } from "@prisma/client";
import type { Config } from "../config/config.js";
import type { Logger } from "../observability/logger.js";
import { AreaService } from "./areas.js";
import { AuditService } from "./audit.js";
import { systemClock, type Clock } from "./clock.js";
import { ConversationLog } from "./conversation-log.js";
import { DelegateService } from "./delegates.js";
import { DelegateWorkService } from "./delegate-work.js";
import { ElectionService } from "./elections.js";
import { FaqService } from "./faq.js";
import { RegistrationService } from "./registration.js";
import { SessionService } from "./sessions.js";
import { SuggestionFiguresService } from "./suggestion-figures.js";
import { SuggestionService } from "./suggestions.js";
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
  conversationLog: ConversationLog;
  sessions: SessionService;
  suggestions: SuggestionService;
  suggestionFigures: SuggestionFiguresService;
  delegateWork: DelegateWorkService;
}

export function createServices(
  prisma: PrismaClient,
  config: Pick<Config, "DEFAULT_LOCALE" | "CONVERSATION_LOG_FLUSH_MS"> & Partial<Pick<Config, "TIMEZONE">>,
  logger: Logger,
  clock: Clock = systemClock,
): Services {
  return {
    clock,
    users: new UserService(prisma),
    areas: new AreaService(prisma),
    elections: new ElectionService(prisma),
    faq: new FaqService(prisma, config.DEFAULT_LOCALE),
    registration: new RegistrationService(prisma),
    delegates: new DelegateService(prisma),
    audit: new AuditService(prisma),
    conversationLog: new ConversationLog(prisma, logger, config.CONVERSATION_LOG_FLUSH_MS),
    sessions: new SessionService(prisma),
    suggestions: new SuggestionService(prisma, clock, config.TIMEZONE ?? "Asia/Shanghai"),
    suggestionFigures: new SuggestionFiguresService(prisma, clock, config.TIMEZONE ?? "Asia/Shanghai"),
    delegateWork: new DelegateWorkService(prisma, clock, config.TIMEZONE ?? "Asia/Shanghai"),
  };
}
