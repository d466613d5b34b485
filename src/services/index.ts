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
import { ElectionService } from "./elections.js";
import { FaqService } from "./faq.js";
import { ImportService } from "./imports.js";
import { OutboxService } from "./outbox.js";
import { ReminderService } from "./reminders.js";
import { ElectionAdminService } from "./election-admin.js";
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
  imports: ImportService;
  outbox: OutboxService;
  reminders: ReminderService;
  electionAdmin: ElectionAdminService;
}

export function createServices(
  prisma: PrismaClient,
  config: Pick<Config, "DEFAULT_LOCALE" | "CONVERSATION_LOG_FLUSH_MS" | "TIMEZONE" | "BROADCAST_RATE_PER_SECOND" | "BROADCAST_PAID" | "BROADCAST_MAX_ATTEMPTS">,
  logger: Logger,
  clock: Clock = systemClock,
): Services {
  const areas = new AreaService(prisma);
  const audit = new AuditService(prisma);
  const outbox = new OutboxService(prisma, audit, {
    ratePerSecond: config.BROADCAST_RATE_PER_SECOND,
    paid: config.BROADCAST_PAID,
    maxAttempts: config.BROADCAST_MAX_ATTEMPTS,
  });
  return {
    clock,
    users: new UserService(prisma),
    areas,
    elections: new ElectionService(prisma),
    faq: new FaqService(prisma, config.DEFAULT_LOCALE),
    registration: new RegistrationService(prisma),
    delegates: new DelegateService(prisma),
    audit,
    conversationLog: new ConversationLog(prisma, logger, config.CONVERSATION_LOG_FLUSH_MS),
    sessions: new SessionService(prisma),
    imports: new ImportService(prisma, audit, () => areas.forget()),
    outbox,
    reminders: new ReminderService(prisma, outbox, config.TIMEZONE),
    electionAdmin: new ElectionAdminService(prisma, audit, () => areas.forget()),
  };
}
