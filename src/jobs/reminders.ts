// The reminder tick: every minute on every instance (node-cron); the JobRun claim makes one of
// them do the work for that minute. Runs once at start too, so a restart catches up at once.
import cron from "node-cron";
import type { Config } from "../config/config.js";
import type { Logger } from "../observability/logger.js";
import type { Services } from "../services/index.js";

export function scheduleReminders(services: Services, config: Config, logger: Logger, instanceId: string) {
  const runNow = async () => {
    const r = await services.reminders.tick(services.clock.now(), instanceId);
    if (r.queued > 0) logger.info({ queued: r.queued }, "reminders queued");
    return r;
  };
  const task = cron.schedule(
    "* * * * *",
    () => void runNow().catch((e: unknown) => logger.error({ err: e }, "reminder tick failed")),
    { timezone: config.TIMEZONE, name: "reminders", noOverlap: true },
  );
  return { runNow, stop: () => task.stop() };
}
