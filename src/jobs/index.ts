// Scheduled work of one process. Every job is safe on several instances at once and safe to re-run.
import type { Config } from "../config/config.js";
import type { Logger } from "../observability/logger.js";
import type { Services } from "../services/index.js";
import { scheduleRetention } from "./conversation-log-retention.js";

export interface Jobs {
  /** Runs each job once now (catching up after downtime), then on its schedule. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createJobs(services: Services, config: Config, logger: Logger): Jobs {
  let tasks: { stop(): void | Promise<void> }[] = [];
  return {
    async start() {
      const retention = scheduleRetention(services, config, logger);
      tasks = [retention];
      await retention.runNow();
    },
    async stop() {
      await Promise.all(tasks.map((t) => t.stop()));
      tasks = [];
    },
  };
}
