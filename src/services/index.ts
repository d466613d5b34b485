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
import { BulletinService } from "./bulletin.js";
import { CandidateService } from "./candidates.js";
import { systemClock, type Clock } from "./clock.js";
import { ConversationLog } from "./conversation-log.js";
import { DelegateService } from "./delegates.js";
import { DelegateWorkService } from "./delegate-work.js";
import { ElectionService } from "./elections.js";
import { FaqService } from "./faq.js";
import { ElectionAdminService } from "./election-admin.js";
import { ImportService } from "./imports.js";
import { MyDataService } from "./my-data.js";
import { NearbyService } from "./nearby.js";
import { OutboxService } from "./outbox.js";
import { PollingService } from "./polling.js";
import { ReminderService } from "./reminders.js";
import { RegistrationService } from "./registration.js";
import { ReportService } from "./reports.js";
import { ReminderPreferenceService } from "./reminder-preferences.js";
import { ResultService } from "./results.js";
import { RollService } from "./roll.js";
import { SessionService } from "./sessions.js";
import { SuggestionFiguresService } from "./suggestion-figures.js";
import { SuggestionService } from "./suggestions.js";
import { UserService } from "./users.js";
import { VoterRequestService } from "./voter-requests.js";

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
  // suggestions to delegates (issue 8)
  suggestions: SuggestionService;
  suggestionFigures: SuggestionFiguresService;
  delegateWork: DelegateWorkService;
  // voter journeys (issue 7 part A)
  roll: RollService;
  requests: VoterRequestService;
  reminderPreferences: ReminderPreferenceService;
  myData: MyDataService;
  // information voters look up (issue 7 part B)
  candidates: CandidateService;
  polling: PollingService;
  nearby: NearbyService;
  // staff operations (issue 9)
  imports: ImportService;
  outbox: OutboxService;
  reminders: ReminderService;
  electionAdmin: ElectionAdminService;
  // election results (issue 10)
  results: ResultService;
  // staff reports and the weekly bulletin (issue 10)
  reports: ReportService;
  bulletin: BulletinService;
}

export function createServices(
  prisma: PrismaClient,
  config: Pick<Config, "DEFAULT_LOCALE" | "CONVERSATION_LOG_FLUSH_MS" | "TIMEZONE" | "BROADCAST_RATE_PER_SECOND" | "BROADCAST_PAID" | "BROADCAST_MAX_ATTEMPTS" | "INVITE_TTL_HOURS">,
  logger: Logger,
  clock: Clock = systemClock,
  /** The hot-path executor (Database.sql) for the statements every update runs; Prisma without it. */
  sql?: SqlExecutor,
): Services {
  const areas = new AreaService(prisma);
  const faq = new FaqService(prisma, clock, sql && { sql, log: logger, flushMs: config.CONVERSATION_LOG_FLUSH_MS });
  const audit = new AuditService(prisma);
  const conversationLog = new ConversationLog(prisma, logger, config.CONVERSATION_LOG_FLUSH_MS, sql);
  const sessions = new SessionService(prisma);
  const roll = new RollService(prisma, areas);
  const requests = new VoterRequestService(prisma, roll, faq, audit, clock, config.TIMEZONE);
  const reminderPreferences = new ReminderPreferenceService(prisma);
  const suggestions = new SuggestionService(prisma, clock, config.TIMEZONE, config.DEFAULT_LOCALE);
  const outbox = new OutboxService(prisma, audit, {
    ratePerSecond: config.BROADCAST_RATE_PER_SECOND,
    paid: config.BROADCAST_PAID,
    maxAttempts: config.BROADCAST_MAX_ATTEMPTS,
  });
  const candidates = new CandidateService(prisma, clock, config.TIMEZONE);
  const polling = new PollingService(prisma, clock);
  const results = new ResultService(prisma, outbox, clock, config.TIMEZONE);
  return {
    clock,
    users: new UserService(prisma, sql),
    areas,
    elections: new ElectionService(prisma),
    faq,
    registration: new RegistrationService(prisma),
    delegates: new DelegateService(prisma),
    audit,
    accounts: new AccountService(prisma, { inviteTtlHours: config.INVITE_TTL_HOURS, clock }),
    conversationLog,
    sessions,
    suggestions,
    suggestionFigures: new SuggestionFiguresService(prisma, clock, config.TIMEZONE),
    delegateWork: new DelegateWorkService(prisma, clock, config.TIMEZONE, outbox),
    roll,
    requests,
    reminderPreferences,
    myData: new MyDataService(prisma, roll, requests, reminderPreferences, conversationLog, sessions, clock, suggestions),
    candidates,
    polling,
    nearby: new NearbyService(prisma),
    imports: new ImportService(prisma, audit, () => areas.forget(), config.TIMEZONE, results),
    outbox,
    reminders: new ReminderService(prisma, outbox, config.TIMEZONE, reminderPreferences, { meetings: candidates, places: polling }),
    electionAdmin: new ElectionAdminService(prisma, audit, () => areas.forget()),
    results,
    reports: new ReportService(prisma, clock, config.TIMEZONE),
    bulletin: new BulletinService(prisma, outbox, config.TIMEZONE),
  };
}
