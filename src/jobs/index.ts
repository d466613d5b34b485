// Scheduled work of one process. Every job is safe on several instances at once and safe to re-run.
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Config } from "../config/config.js";
import type { Logger } from "../observability/logger.js";
import type { Services } from "../services/index.js";
import { scheduleBulletin } from "./bulletin.js";
import { scheduleRetention } from "./conversation-log-retention.js";
import { OutboxSender, type OutboxTransport } from "./outbox-sender.js";
import { scheduleReminders } from "./reminders.js";
import { scheduleSuggestionFollowups, type NoticeTransport } from "./suggestion-followups.js";

export interface Jobs {
  /** Runs each job once now (catching up after downtime), then on its schedule. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** This instance's outbox sender (tests drive it with runOnce()). */
  sender: OutboxSender;
}

export interface JobDeps {
  /** How broadcasts and reminders reach Telegram (the outbox sender's client). */
  outbox: OutboxTransport;
  /** How suggestion notices reach Telegram (the bot's API client); without it they wait in the table. */
  notices?: NoticeTransport;
}

export function createJobs(services: Services, config: Config, logger: Logger, deps: JobDeps): Jobs {
  const instanceId = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  const sender = new OutboxSender(services.outbox, deps.outbox, { id: instanceId, clock: services.clock, logger });
  let tasks: { stop(): void | Promise<void> }[] = [];
  return {
    sender,
    async start() {
      const retention = scheduleRetention(services, config, logger);
      tasks = [retention];
      await retention.runNow();
      if (deps.notices) {
        const followups = scheduleSuggestionFollowups(services, config, logger, deps.notices);
        tasks.push(followups);
        await followups.runNow();
      }
      if (config.OUTBOX_ENABLED) {
        const reminders = scheduleReminders(services, config, logger, instanceId);
        tasks.push(reminders, { stop: () => sender.stop() });
        await reminders.runNow().catch((e: unknown) => logger.error({ err: e }, "reminder tick failed"));
        const bulletin = scheduleBulletin(services, config, logger, instanceId);
        // A missed week's bulletin is caught up in the background: start-up does not wait for its
        // report queries; stopping does.
        const catchUp = bulletin.runNow().then(
          () => undefined,
          (e: unknown) => logger.error({ err: e }, "weekly bulletin failed"),
        );
        tasks.push(bulletin, { stop: () => catchUp });
        sender.start();
      }
    },
    async stop() {
      await Promise.all(tasks.map((t) => t.stop()));
      tasks = [];
    },
  };
}
