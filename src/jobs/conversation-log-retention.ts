// Retention, once a night: conversation-log rows older than CONVERSATION_LOG_RETENTION_DAYS and
// sessions untouched for SESSION_RETENTION_DAYS are deleted. Plain DELETE … WHERE … < cutoff:
// safe when several instances run it at once, and safe to re-run.
import cron from "node-cron";
import type { Config } from "../config/config.js";
import type { Logger } from "../observability/logger.js";
import type { ConversationLog } from "../services/conversation-log.js";
import type { Services } from "../services/index.js";

export function retentionCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

export async function purgeOldConversations(log: ConversationLog, days: number, logger: Logger, now = new Date()) {
  const deleted = await log.purgeBefore(retentionCutoff(now, days));
  if (deleted > 0) logger.info({ deleted, days }, "conversation log retention");
  return deleted;
}

export function scheduleRetention(services: Services, config: Config, logger: Logger) {
  const runNow = async () => {
    const now = services.clock.now();
    await purgeOldConversations(services.conversationLog, config.CONVERSATION_LOG_RETENTION_DAYS, logger, now);
    const sessions = await services.sessions.purgeIdleBefore(retentionCutoff(now, config.SESSION_RETENTION_DAYS));
    if (sessions > 0) logger.info({ deleted: sessions, days: config.SESSION_RETENTION_DAYS }, "session retention");
  };
  const task = cron.schedule(
    "17 3 * * *",
    () => runNow().catch((e: unknown) => logger.error({ err: e }, "retention failed")),
    { timezone: config.TIMEZONE, name: "retention", noOverlap: true },
  );
  return { runNow, stop: () => task.stop() };
}
