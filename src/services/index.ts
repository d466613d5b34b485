// One place that builds the use cases over a database; bot, CLI, jobs and bench all use it
// (through createApp). Services are the only door to data: they return their own view types,
// never Prisma rows, and never hand out the client.
import type { PrismaClient } from "@prisma/client";
import type { Config } from "../config/config.js";
import type { Logger } from "../observability/logger.js";
import { AreaService } from "./areas.js";
import { AuditService } from "./audit.js";
import { CandidateService } from "./candidates.js";
import { systemClock, type Clock } from "./clock.js";
import { ConversationLog } from "./conversation-log.js";
import { DelegateService } from "./delegates.js";
import { ElectionService } from "./elections.js";
import { FaqService } from "./faq.js";
import { NearbyService } from "./nearby.js";
import { PollingService } from "./polling.js";
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
  conversationLog: ConversationLog;
  sessions: SessionService;
  candidates: CandidateService;
  polling: PollingService;
  nearby: NearbyService;
}

export function createServices(
  prisma: PrismaClient,
  config: Pick<Config, "DEFAULT_LOCALE" | "CONVERSATION_LOG_FLUSH_MS" | "TIMEZONE">,
  logger: Logger,
  clock: Clock = systemClock,
): Services {
  return {
    clock,
    users: new UserService(prisma),
    areas: new AreaService(prisma),
    elections: new ElectionService(prisma),
    faq: new FaqService(prisma, clock),
    registration: new RegistrationService(prisma),
    delegates: new DelegateService(prisma),
    audit: new AuditService(prisma),
    conversationLog: new ConversationLog(prisma, logger, config.CONVERSATION_LOG_FLUSH_MS),
    sessions: new SessionService(prisma),
    candidates: new CandidateService(prisma, clock, config.TIMEZONE),
    polling: new PollingService(prisma, clock),
    nearby: new NearbyService(prisma),
  };
}
