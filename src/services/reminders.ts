// Calendar reminders per constituency, through the outbox. A tick (every minute, any number of
// instances) claims its minute with a JobRun row — INSERT … ON CONFLICT DO NOTHING, so one
// instance does the planning — and queues what is due and not yet queued. ReminderSent rows
// (unique per voter, election, kind) are written in the same transaction as the deliveries, so a
// reminder is queued once even when ticks overlap, and a tick after a restart catches up on
// everything due today that was missed.
//
// Rules (domain/reminders.ts): what and on which day (plannedReminders); nothing in the voter's
// quiet hours (the delivery's notBefore is the next allowed instant and windowEndsAt the next quiet
// start; a backlog that runs into quiet hours is moved to the next morning); at most one
// non-urgent message per voter per local day — everything due at once goes as one digest, the rest
// waits for the next day; urgent ones always go. Large audiences start early enough: reminders
// for a coming day are queued ahead when planDelivery says the day's window cannot hold them.
import type { Prisma, PrismaClient } from "@prisma/client";
import { legalCalendar } from "../domain/calendar.js";
import { planDelivery } from "../domain/broadcast-plan.js";
import { addDays, compareDates, fromDbDate, toLocalDate, type LocalDate } from "../domain/dates.js";
import {
  DEFAULT_QUIET_HOURS, digest, nextAllowedInstant, plannedReminders, quietHoursFor, quietStartAfter, type PlannedReminder,
  type ReminderKind, type VoterReminderPrefs,
} from "../domain/reminders.js";
import { instantAt } from "../domain/zoned-time.js";
import type { ReminderChoices, ReminderPreferenceService } from "./reminder-preferences.js";
import type { OutboxService } from "./outbox.js";
import type { PublishedResult } from "../domain/results.js";
import { parseElectionRules } from "./elections.js";

export interface PollingPlaceText {
  name: string;
  address: string;
  opensAt: string;
  closesAt: string;
}

export interface ReminderItem {
  kind: ReminderKind;
  date: LocalDate;
  deadline?: LocalDate;
  pollingPlace?: PollingPlaceText | null;
  /** RESULTS queued when staff publish a constituency's result (services/results.ts): what it says. */
  result?: PublishedResult;
}

/** What a reminder delivery carries; rendered at send time in the voter's language. */
export interface ReminderPayload {
  election: string;
  electionDay: LocalDate;
  items: ReminderItem[];
}

interface Voter {
  id: number;
  telegramId: bigint;
  remindersOn: boolean;
  quietFrom: number;
  quietTo: number;
}

/**
 * The voter's reminder choices for the domain's plan: the master switch (User.remindersOn) and the
 * per-topic choices stored by /remind (ReminderPreferenceService; a topic without a choice is on).
 */
export function reminderPrefsFor(v: Voter, pollingPlace: string | null, choices?: ReminderChoices): VoterReminderPrefs {
  const on = v.remindersOn && (choices?.on ?? true);
  const topic = (t: keyof ReminderChoices["topics"]) => on && (choices?.topics[t] ?? true);
  return {
    topics: { registration: topic("registration"), meetings: topic("meetings"), election_day: topic("election_day"), results: topic("results") },
    pollingPlace,
  };
}

/** How long after its day a reminder is still worth sending (a tick after downtime catches up). */
function stillUseful(r: PlannedReminder, today: LocalDate, deadline: LocalDate | null): boolean {
  switch (r.kind) {
    case "LIST_PUBLISHED":
      return deadline === null || compareDates(today, deadline) <= 0;
    case "OBJECTION_DEADLINE":
      return compareDates(today, r.deadline ?? r.date) <= 0;
    case "RESULTS":
      return compareDates(today, addDays(r.date, 7)) <= 0;
    default:
      return r.date === today;
  }
}

const LOOKAHEAD_DAYS = 3;

export class ReminderService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly outbox: OutboxService,
    private readonly timeZone: string,
    private readonly preferences: Pick<ReminderPreferenceService, "reminderPreferences">,
  ) {}

  /** The 🔕 button on a reminder: no more reminders (per topic once the voter issue stores topics). */
  async unsubscribe(userId: number): Promise<void> {
    await this.prisma.user.update({ where: { id: userId }, data: { remindersOn: false } });
  }

  /** One tick; returns whether this instance had the slot and how many messages it queued. */
  async tick(now: Date, instanceId: string): Promise<{ claimed: boolean; queued: number }> {
    const slot = now.toISOString().slice(0, 16);
    const claimed = await this.prisma.$executeRaw`
      INSERT INTO "JobRun" (job, slot, "claimedBy", "claimedAt") VALUES ('reminders', ${slot}, ${instanceId}, ${now})
      ON CONFLICT DO NOTHING`;
    if (claimed === 0) return { claimed: false, queued: 0 };

    const quiet = DEFAULT_QUIET_HOURS;
    const open = nextAllowedInstant(now, quiet, this.timeZone);
    await this.outbox.deferClosedWindows(now, { notBefore: open, windowEndsAt: this.quietStartAfter(open, quiet.from) });

    const today = toLocalDate(now, this.timeZone);
    const elections = await this.prisma.election.findMany({ where: { electionDay: { gte: new Date(`${addDays(today, -30)}T00:00:00Z`) } } });
    let queued = 0;
    for (const e of elections) queued += await this.election(e, today, now);
    await this.prisma.jobRun.update({ where: { job_slot: { job: "reminders", slot } }, data: { finishedAt: new Date() } });
    return { claimed: true, queued };
  }

  private quietStartAfter(instant: Date, quietFrom: number): Date {
    return quietStartAfter(instant, quietFrom, this.timeZone);
  }

  private async election(e: Prisma.ElectionGetPayload<object>, today: LocalDate, now: Date): Promise<number> {
    const rules = parseElectionRules(e.rules, e.id);
    const calendarInput = {
      electionDay: fromDbDate(e.electionDay),
      rollPublishedOn: e.rollPublishedOn ? fromDbDate(e.rollPublishedOn) : null,
      preliminaryCandidatesOn: e.preliminaryCandidatesOn ? fromDbDate(e.preliminaryCandidatesOn) : null,
      formalCandidatesOn: e.formalCandidatesOn ? fromDbDate(e.formalCandidatesOn) : null,
      resultsPublishedOn: e.resultsPublishedOn ? fromDbDate(e.resultsPublishedOn) : null,
      rules,
      timeZone: this.timeZone,
    };
    const legal = legalCalendar(calendarInput);
    const constituencies = await this.prisma.constituency.findMany({
      where: { electionId: e.id },
      select: { id: true, pollingPlaces: { select: { name: true, address: true, opensAt: true, closesAt: true, kind: true } } },
      orderBy: { id: "asc" },
    });
    const voters = new Map<number, Voter[]>();
    for (const c of constituencies) {
      voters.set(
        c.id,
        await this.prisma.$queryRaw<Voter[]>`
          SELECT u.id, u."telegramId", u."remindersOn", u."quietFrom", u."quietTo" FROM "User" u
          LEFT JOIN "RollEntry" r ON r.id = u."rollEntryId"
          WHERE u."unreachableAt" IS NULL AND u."remindersOn" = true
            AND (u."constituencyId" = ${c.id} OR (r."constituencyId" = ${c.id} AND r."electionId" = ${e.id}))`,
      );
    }

    // Which coming day must start now: planDelivery over the election-day audience.
    let through = today;
    const counts = constituencies.map((c) => ({ id: String(c.id).padStart(10, "0"), count: voters.get(c.id)!.length }));
    for (let d = 1; d <= LOOKAHEAD_DAYS; d++) {
      const day = addDays(today, d);
      if (day !== legal.electionDay && day !== addDays(legal.electionDay, -1)) continue;
      const plan = planDelivery({
        audienceByConstituency: counts,
        ratePerSecond: this.outbox.rateFor(this.outbox.settings.paid),
        mustArriveOn: day,
        allowedHours: { from: DEFAULT_QUIET_HOURS.to, to: DEFAULT_QUIET_HOURS.from },
        timeZone: this.timeZone,
        now,
        spread: "asap",
      });
      if (!plan.feasible && plan.needsStartAt.getTime() <= now.getTime()) through = day;
    }

    let queued = 0;
    for (const c of constituencies) {
      const list = voters.get(c.id)!;
      if (list.length === 0) continue;
      const places = c.pollingPlaces.filter((p) => p.kind !== "MOBILE_BOX");
      const place = places.length === 1 ? places[0]! : null;
      queued += await this.constituency(e.id, e.name, calendarInput, legal.objectionDeadline, c.id, list, place, today, through, now);
    }
    return queued;
  }

  private async constituency(
    electionId: number,
    electionName: string,
    calendar: Parameters<typeof plannedReminders>[0],
    objectionDeadline: LocalDate | null,
    constituencyId: number,
    voters: Voter[],
    place: PollingPlaceText | null,
    today: LocalDate,
    through: LocalDate,
    now: Date,
  ): Promise<number> {
    const ids = voters.map((v) => v.id);
    const choices = await this.preferences.reminderPreferences(ids);
    const sent = await this.prisma.reminderSent.findMany({ where: { userId: { in: ids }, electionId }, select: { userId: true, kind: true, ref: true, localDay: true, urgent: true } });
    const done = new Set(sent.map((s) => `${s.userId}|${s.kind}|${s.ref}`));
    const nonUrgentToday = new Map<number, number>();
    for (const s of sent) if (!s.urgent && fromDbDate(s.localDay) === today) nonUrgentToday.set(s.userId, (nonUrgentToday.get(s.userId) ?? 0) + 1);

    type Item = { userId: number; chatId: number; payload: ReminderPayload; notBefore: Date; windowEndsAt: Date; notAfter: Date | null; kinds: PlannedReminder[]; urgent: boolean };
    const groups = new Map<string, Item[]>();
    for (const v of voters) {
      const planned = plannedReminders(calendar, reminderPrefsFor(v, place ? place.name : null, choices.get(v.id)));
      const due = planned.filter(
        (r) =>
          compareDates(r.date, through) <= 0 &&
          (r.date === today || compareDates(r.date, today) > 0 || stillUseful(r, today, objectionDeadline)) &&
          (r.at === undefined || r.at.getTime() <= now.getTime()) &&
          !done.has(`${v.id}|${r.kind}|${r.meetingId ?? ""}`),
      );
      if (due.length === 0) continue;
      const split = digest(due, nonUrgentToday.get(v.id) ?? 0);
      const quiet = quietHoursFor(v);
      const notBefore = nextAllowedInstant(now, quiet, this.timeZone);
      const windowEndsAt = this.quietStartAfter(notBefore, quiet.from);
      const item = (rs: PlannedReminder[], urgent: boolean): Item => ({
        userId: v.id,
        chatId: Number(v.telegramId),
        payload: {
          election: electionName,
          electionDay: calendar.electionDay,
          items: rs.map((r) => ({
            kind: r.kind,
            date: r.date,
            ...(r.deadline ? { deadline: r.deadline } : {}),
            ...(r.kind === "ELECTION_MORNING" ? { pollingPlace: place } : {}),
          })),
        },
        notBefore,
        windowEndsAt,
        // "Tomorrow is election day" is wrong the day after: day-bound reminders expire at midnight.
        notAfter: rs.some((r) => r.kind === "ELECTION_EVE" || r.kind === "ELECTION_MORNING")
          ? instantAt(addDays(rs[rs.length - 1]!.date, 1), 0, this.timeZone)
          : (rs.find((r) => r.notAfter)?.notAfter ?? null),
        kinds: rs,
        urgent,
      });
      const add = (group: string, it: Item) => {
        if (it.notAfter === null || it.notBefore.getTime() < it.notAfter.getTime()) push(groups, group, it);
      };
      for (const r of split.sendNow) add(r.kind, item([r], true));
      if (split.digested.length > 0) add("digest", item(split.digested, false));
    }

    let queued = 0;
    for (const [group, items] of groups) {
      queued += await this.prisma.$transaction(async (tx) => {
        const key = `rem:${electionId}:${today}:${constituencyId}:${group}`;
        // Claim first: only reminders not yet recorded get a delivery (overlapping ticks queue nothing twice).
        const fresh: Item[] = [];
        for (const it of items) {
          let any = false;
          for (const r of it.kinds) {
            const n = await tx.$executeRaw`
              INSERT INTO "ReminderSent" ("userId", "electionId", kind, ref, "localDay", urgent)
              VALUES (${it.userId}, ${electionId}, ${r.kind}, ${r.meetingId ?? ""}, ${new Date(`${today}T00:00:00Z`)}, ${it.urgent})
              ON CONFLICT DO NOTHING`;
            if (n > 0) any = true;
          }
          if (any) fresh.push(it);
        }
        const ids = await this.outbox.enqueue({ key, text: `reminders ${group}`, now, items: fresh }, tx);
        for (const [userId, deliveryId] of ids) {
          await tx.reminderSent.updateMany({ where: { userId, electionId, localDay: new Date(`${today}T00:00:00Z`), deliveryId: null }, data: { deliveryId } });
        }
        return ids.size;
      }, { timeout: 120_000, maxWait: 30_000 });
    }
    return queued;
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
