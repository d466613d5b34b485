// The weekly bulletin (换届选举简报) to staff: Mondays at 08:00 county time, and at start (a week
// whose bulletin was missed while no instance ran gets it late rather than never). The JobRun
// claim in services/bulletin.ts makes one instance send it per week.
import cron from "node-cron";
import type { Config } from "../config/config.js";
import type { Logger } from "../observability/logger.js";
import type { Services } from "../services/index.js";

export function scheduleBulletin(services: Services, config: Config, logger: Logger, instanceId: string) {
  const runNow = async () => {
    const r = await services.bulletin.send(services.clock.now(), instanceId);
    if (r.claimed) logger.info({ queued: r.queued }, "weekly bulletin queued");
    return r;
  };
  const task = cron.schedule(
    "0 8 * * 1",
    () => void runNow().catch((e: unknown) => logger.error({ err: e }, "weekly bulletin failed")),
    { timezone: config.TIMEZONE, name: "bulletin", noOverlap: true },
  );
  return { runNow, stop: () => task.stop() };
}
