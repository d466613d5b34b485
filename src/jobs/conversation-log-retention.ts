// Deletes conversation log rows older than the retention period, once a night. A plain
// DELETE … WHERE at < cutoff: safe when several instances run it at once, and safe to re-run.
import cron from "node-cron";
import type { Logger } from "../observability/logger.js";
import type { ConversationLog } from "../services/conversation-log.js";

export function retentionCutoff(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

export async function purgeOldConversations(log: ConversationLog, days: number, logger: Logger, now = new Date()) {
  const deleted = await log.purgeBefore(retentionCutoff(now, days));
  if (deleted > 0) logger.info({ deleted, days }, "conversation log retention");
  return deleted;
}

export function scheduleRetention(log: ConversationLog, days: number, timezone: string, logger: Logger) {
  return cron.schedule(
    "17 3 * * *",
    () => purgeOldConversations(log, days, logger).catch((e: unknown) => logger.error({ err: e }, "retention failed")),
    { timezone, name: "conversation-log-retention", noOverlap: true },
  );
}
