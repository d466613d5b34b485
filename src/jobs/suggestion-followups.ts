// Suggestion follow-ups, every few minutes: sends the notices that are due — acknowledgement
// reminders to delegates, deadline reminders (deadline − 14 days, on the day) and the escalation
// to the supervising official, the 14-day "was your issue resolved?" question — closes answered
// suggestions whose waiting time ended, and retries status pushes that failed.
//
// Safe on several instances and safe to re-run: the rows were written once per (suggestion,
// kind, slot) when the suggestion changed (INSERT … ON CONFLICT DO NOTHING on dedupeKey); a run
// claims due rows with UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING, so two
// instances never take the same row, and a row marked sent is never sent again. Time comes from
// services.clock (tests advance a fixed clock by hand).
import cron from "node-cron";
import type { Config } from "../config/config.js";
import type { Logger } from "../observability/logger.js";
import type { Services } from "../services/index.js";
import { deliverNotices, type DeliveryStats } from "../services/suggestion-delivery.js";
import type { NoticeView } from "../services/suggestions.js";

export interface NoticeTransport {
  send(n: NoticeView): Promise<void>;
  /** True for a failure that retrying cannot fix (blocked bot, deleted chat). */
  isPermanent(e: unknown): boolean;
}

/** One pass: everything due now, in batches, until nothing due is left (or `maxBatches`). */
export async function runSuggestionFollowups(services: Services, transport: NoticeTransport, logger: Logger, maxBatches = 50): Promise<DeliveryStats> {
  const total: DeliveryStats = { sent: 0, failed: 0, closed: 0 };
  for (let i = 0; i < maxBatches; i++) {
    const s = await deliverNotices(services.suggestions, transport.send, transport.isPermanent, undefined, (e) =>
      logger.warn({ err: e }, "suggestion notice not delivered"),
    );
    total.sent += s.sent;
    total.failed += s.failed;
    total.closed += s.closed;
    if (s.sent + s.failed + s.closed === 0) break;
    // Failures are released for a later run, not retried in a tight loop.
    if (s.failed > 0 && s.sent + s.closed === 0) break;
  }
  if (total.sent + total.failed + total.closed > 0) logger.info(total, "suggestion follow-ups");
  return total;
}

export function scheduleSuggestionFollowups(services: Services, config: Config, logger: Logger, transport: NoticeTransport) {
  const runNow = () => runSuggestionFollowups(services, transport, logger);
  const task = cron.schedule(
    "*/5 * * * *",
    () => runNow().then(() => undefined, (e: unknown) => logger.error({ err: e }, "suggestion follow-ups failed")),
    { timezone: config.TIMEZONE, name: "suggestion-followups", noOverlap: true },
  );
  return { runNow, stop: () => task.stop() };
}
