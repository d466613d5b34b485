// One place that builds the use cases over a database; bot, CLI, jobs and bench all use it.
import type { PrismaClient } from "@prisma/client";
import type { Config } from "../config/config.js";
import type { Logger } from "../observability/logger.js";
import { AreaService } from "./areas.js";
import { AuditService } from "./audit.js";
import { ConversationLog } from "./conversation-log.js";
import { DelegateService } from "./delegates.js";
import { FaqService } from "./faq.js";
import { RegistrationService } from "./registration.js";
import { UserService } from "./users.js";

export interface Services {
  prisma: PrismaClient;
  users: UserService;
  areas: AreaService;
  faq: FaqService;
  registration: RegistrationService;
  delegates: DelegateService;
  audit: AuditService;
  conversationLog: ConversationLog;
}

export function createServices(
  prisma: PrismaClient,
  config: Pick<Config, "DEFAULT_LOCALE" | "CONVERSATION_LOG_FLUSH_MS">,
  logger: Logger,
): Services {
  return {
    prisma,
    users: new UserService(prisma),
    areas: new AreaService(prisma),
    faq: new FaqService(prisma, config.DEFAULT_LOCALE),
    registration: new RegistrationService(prisma),
    delegates: new DelegateService(prisma),
    audit: new AuditService(prisma),
    conversationLog: new ConversationLog(prisma, logger, config.CONVERSATION_LOG_FLUSH_MS),
  };
}
