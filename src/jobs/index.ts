// Scheduled work of one process. Every job is safe on several instances at once and safe to re-run.
import type { Config } from "../config/config.js";
import type { Logger } from "../observability/logger.js";
import type { Services } from "../services/index.js";
import { scheduleRetention } from "./conversation-log-retention.js";
import { scheduleSuggestionFollowups, type NoticeTransport } from "./suggestion-followups.js";

export interface Jobs {
  /** Runs each job once now (catching up after downtime), then on its schedule. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface JobDeps {
  /** How suggestion notices reach Telegram (the bot's API client); without it they wait in the table. */
  notices?: NoticeTransport;
}

export function createJobs(services: Services, config: Config, logger: Logger, deps: JobDeps = {}): Jobs {
  let tasks: { stop(): void | Promise<void> }[] = [];
  return {
    async start() {
      const retention = scheduleRetention(services, config, logger);
      tasks = [retention];
      await retention.runNow();
      if (deps.notices) {
        const followups = scheduleSuggestionFollowups(services, config, logger, deps.notices);
        tasks.push(followups);
        await followups.runNow();
      }
    },
    async stop() {
      await Promise.all(tasks.map((t) => t.stop()));
      tasks = [];
    },
  };
}
