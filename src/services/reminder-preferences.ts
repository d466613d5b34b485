// The reminders a voter chose (/remind): on/off per topic (domain/reminders.ts REMINDER_TOPICS),
// a master switch and quiet hours. Stored here; the staff side's scheduler sends the reminders
// and reads the choices with reminderPreferences(userIds).
import type { PrismaClient } from "@prisma/client";
import { DEFAULT_QUIET_HOURS, REMINDER_TOPICS, type QuietHours, type ReminderTopic } from "../domain/reminders.js";

export type { ReminderTopic };
export { REMINDER_TOPICS };

export interface ReminderChoices {
  /** The master switch (User.remindersOn): off = nothing at all. */
  on: boolean;
  /** Per topic; a topic without a stored choice is on. */
  topics: Record<ReminderTopic, boolean>;
  /** Local hours [from, to) in the county's zone without reminders; from === to: none. */
  quiet: QuietHours;
}

/** Quiet-hour choices offered as buttons (from, to); the first is the default. */
export const QUIET_PRESETS: readonly QuietHours[] = [
  DEFAULT_QUIET_HOURS,
  { from: 22, to: 7 },
  { from: 20, to: 9 },
  { from: 23, to: 6 },
  { from: 0, to: 0 },
];

const COLUMN: Record<ReminderTopic, "registration" | "meetings" | "electionDay" | "results"> = {
  registration: "registration",
  meetings: "meetings",
  election_day: "electionDay",
  results: "results",
};

const ALL_ON = (): Record<ReminderTopic, boolean> => Object.fromEntries(REMINDER_TOPICS.map((t) => [t, true])) as Record<ReminderTopic, boolean>;

export class ReminderPreferenceService {
  constructor(private readonly prisma: PrismaClient) {}

  /** Choices per user id, for the scheduler; ids without an account are left out. */
  async reminderPreferences(userIds: readonly number[]): Promise<Map<number, ReminderChoices>> {
    const users = await this.prisma.user.findMany({
      where: { id: { in: [...userIds] } },
      select: { id: true, remindersOn: true, quietFrom: true, quietTo: true, reminderPreference: true },
    });
    return new Map(
      users.map((u) => {
        const topics = ALL_ON();
        const p = u.reminderPreference;
        if (p) for (const t of REMINDER_TOPICS) topics[t] = p[COLUMN[t]];
        return [u.id, { on: u.remindersOn, topics, quiet: { from: u.quietFrom, to: u.quietTo } }];
      }),
    );
  }

  async get(userId: number): Promise<ReminderChoices> {
    const found = (await this.reminderPreferences([userId])).get(userId);
    if (!found) throw new Error(`no user ${userId}`);
    return found;
  }

  async setTopic(userId: number, topic: ReminderTopic, on: boolean): Promise<ReminderChoices> {
    const column = COLUMN[topic];
    await this.prisma.reminderPreference.upsert({ where: { userId }, create: { userId, [column]: on }, update: { [column]: on } });
    return this.get(userId);
  }

  async setAll(userId: number, on: boolean): Promise<ReminderChoices> {
    await this.prisma.user.update({ where: { id: userId }, data: { remindersOn: on } });
    return this.get(userId);
  }

  async setQuiet(userId: number, quiet: QuietHours): Promise<ReminderChoices> {
    if (![quiet.from, quiet.to].every((h) => Number.isInteger(h) && h >= 0 && h <= 23)) throw new RangeError("quiet hours: whole hours 0–23");
    await this.prisma.user.update({ where: { id: userId }, data: { quietFrom: quiet.from, quietTo: quiet.to } });
    return this.get(userId);
  }
}
