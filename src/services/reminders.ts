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
//
// Besides the calendar, what voters asked for themselves goes the same way: "remind me" on a
// candidate meeting (CandidateService.dueMeetingReminders: the day before and 2 hours before) and
// "tell me when the polling places are published" (PollingService.publishedWatches). A request is
// marked done (markReminderSent / markWatchNotified) once its last reminder is queued; a tick that
// finds it queued but not marked (a crash in between) marks it then. Voters asked for by no
// constituency of the election (they asked about another one) get those reminders alone.
import { Prisma, type PrismaClient } from "@prisma/client";
import { legalCalendar } from "../domain/calendar.js";
import { planDelivery } from "../domain/broadcast-plan.js";
import { addDays, compareDates, fromDbDate, toLocalDate, type LocalDate } from "../domain/dates.js";
import {
  DEFAULT_QUIET_HOURS, digest, nextAllowedInstant, plannedReminders, quietHoursFor, quietStartAfter, type PlannedReminder,
  type ReminderKind, type VoterReminderPrefs,
} from "../domain/reminders.js";
import { instantAt } from "../domain/zoned-time.js";
import type { CandidateService, DueMeetingReminder } from "./candidates.js";
import type { ReminderChoices, ReminderPreferenceService } from "./reminder-preferences.js";
import type { OutboxService } from "./outbox.js";
import type { OpenWatch, PollingService } from "./polling.js";
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
  /** CANDIDATE_MEETING: the meeting, its times on the county's clock; `soon` for the 2-hours-before one. */
  meeting?: { candidate: string; date: LocalDate; from: string; place: string; address: string | null; soon: boolean };
  /** PLACES_PUBLISHED: the constituency asked about. */
  constituency?: string;
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
    case "CANDIDATE_MEETING":
      // Until the meeting starts (notAfter); the day before, held back by the daily cap, goes on the day.
      return compareDates(today, addDays(r.date, 1)) <= 0;
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

/** What voters asked for themselves, for one election, by voter. */
interface Requests {
  meetings: Map<number, DueMeetingReminder[]>;
  watches: Map<number, OpenWatch[]>;
}

/** The ReminderSent ref of a polling-place request: a request made again later is a new one. */
const watchRef = (w: OpenWatch) => `${w.constituencyId}:${w.createdAt.getTime()}`;

export interface VoterRequestSources {
  meetings: Pick<CandidateService, "dueMeetingReminders" | "markReminderSent">;
  places: Pick<PollingService, "publishedWatches" | "markWatchNotified">;
}

export class ReminderService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly outbox: OutboxService,
    private readonly timeZone: string,
    private readonly preferences: Pick<ReminderPreferenceService, "reminderPreferences">,
    private readonly requests: VoterRequestSources,
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
    // Meetings starting within the days a reminder may be queued ahead; watches answered now.
    const meetings = await this.requests.meetings.dueMeetingReminders(now, new Date(now.getTime() + (LOOKAHEAD_DAYS + 2) * 86_400_000), REQUESTS_PER_TICK);
    const watches = await this.requests.places.publishedWatches(REQUESTS_PER_TICK);
    let queued = 0;
    for (const e of elections) queued += await this.election(e, today, now, meetings, watches);
    await this.prisma.jobRun.update({ where: { job_slot: { job: "reminders", slot } }, data: { finishedAt: new Date() } });
    return { claimed: true, queued };
  }

  private quietStartAfter(instant: Date, quietFrom: number): Date {
    return quietStartAfter(instant, quietFrom, this.timeZone);
  }

  private async election(
    e: Prisma.ElectionGetPayload<object>,
    today: LocalDate,
    now: Date,
    meetings: DueMeetingReminder[],
    watches: OpenWatch[],
  ): Promise<number> {
    const rules = parseElectionRules(e.rules, e.id);
    const calendarInput = {
      electionDay: fromDbDate(e.electionDay),
      rollPublishedOn: e.rollPublishedOn ? fromDbDate(e.rollPublishedOn) : null,
      preliminaryCandidatesOn: e.preliminaryCandidatesOn ? fromDbDate(e.preliminaryCandidatesOn) : null,
      formalCandidatesOn: e.formalCandidatesOn ? fromDbDate(e.formalCandidatesOn) : null,
      resultsPublishedOn: e.resultsPublishedOn ? fromDbDate(e.resultsPublishedOn) : null,
      rules,
      timeZone: this.timeZone,
      meetings: uniqueBy(meetings.filter((m) => m.electionId === e.id), (m) => m.meeting.id).map((m) => ({ id: String(m.meeting.id), startsAt: m.meeting.startsAt })),
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

    const ids = new Set(constituencies.map((c) => c.id));
    const requests: Requests = {
      meetings: groupBy(meetings.filter((m) => m.electionId === e.id), (m) => m.userId),
      watches: groupBy(watches.filter((w) => ids.has(w.constituencyId)), (w) => w.userId),
    };
    const scope = { electionId: e.id, electionName: e.name, calendar: calendarInput, objectionDeadline: legal.objectionDeadline, requests, today, through, now };
    let queued = 0;
    const covered = new Set<number>();
    for (const c of constituencies) {
      const list = voters.get(c.id)!;
      for (const v of list) covered.add(v.id);
      if (list.length === 0) continue;
      const places = c.pollingPlaces.filter((p) => p.kind !== "MOBILE_BOX");
      const place = places.length === 1 ? places[0]! : null;
      queued += await this.constituency(scope, String(c.id), list, place);
    }
    // Voters who asked about a meeting or a constituency of this election that is not their own.
    const others = [...new Set([...requests.meetings.keys(), ...requests.watches.keys()])].filter((id) => !covered.has(id));
    if (others.length > 0) {
      const list = await this.prisma.$queryRaw<Voter[]>`
        SELECT id, "telegramId", "remindersOn", "quietFrom", "quietTo" FROM "User"
        WHERE id IN (${Prisma.join(others)}) AND "unreachableAt" IS NULL AND "remindersOn" = true`;
      queued += await this.constituency(scope, "asked", list, null, true);
    }
    return queued;
  }

  /**
   * Queues what is due for these voters (one constituency's, or `requestsOnly`: voters outside the
   * election's constituencies, who get only what they asked for).
   */
  private async constituency(scope: Scope, group: string, voters: Voter[], place: PollingPlaceText | null, requestsOnly = false): Promise<number> {
    const { electionId, electionName, calendar, objectionDeadline, requests, today, through, now } = scope;
    const ids = voters.map((v) => v.id);
    const choices = await this.preferences.reminderPreferences(ids);
    const sent = await this.prisma.reminderSent.findMany({ where: { userId: { in: ids }, electionId }, select: { userId: true, kind: true, ref: true, localDay: true, urgent: true } });
    const done = new Set(sent.map((s) => `${s.userId}|${s.kind}|${s.ref}`));
    const nonUrgentToday = new Map<number, number>();
    for (const s of sent) if (!s.urgent && fromDbDate(s.localDay) === today) nonUrgentToday.set(s.userId, (nonUrgentToday.get(s.userId) ?? 0) + 1);
    // Requests whose last reminder is queued (now, or by a tick that stopped before marking them).
    const finished: { meetings: number[]; watches: number[] } = { meetings: [], watches: [] };
    const finishes = (userId: number, r: { kind: ReminderKind; ref?: string }) => {
      if (r.kind === "CANDIDATE_MEETING" && r.ref?.endsWith(":hours")) {
        const id = requests.meetings.get(userId)?.find((m) => `${m.meeting.id}:hours` === r.ref)?.id;
        if (id !== undefined) finished.meetings.push(id);
      } else if (r.kind === "PLACES_PUBLISHED") {
        const id = requests.watches.get(userId)?.find((w) => watchRef(w) === r.ref)?.id;
        if (id !== undefined) finished.watches.push(id);
      }
    };

    type Item = { userId: number; chatId: number; payload: ReminderPayload; notBefore: Date; windowEndsAt: Date; notAfter: Date | null; kinds: PlannedReminder[]; urgent: boolean };
    const groups = new Map<string, Item[]>();
    for (const v of voters) {
      const asked = { meetings: requests.meetings.get(v.id) ?? [], watches: requests.watches.get(v.id) ?? [] };
      const prefs = {
        ...reminderPrefsFor(v, place ? place.name : null, choices.get(v.id)),
        meetings: asked.meetings.map((m) => ({ meetingId: String(m.meeting.id) })),
        placesPublished: asked.watches.map((w) => ({ date: today, ref: watchRef(w) })),
      };
      const planned = plannedReminders(calendar, prefs).filter((r) => !requestsOnly || r.kind === "CANDIDATE_MEETING" || r.kind === "PLACES_PUBLISHED");
      for (const r of planned) if (done.has(`${v.id}|${r.kind}|${r.ref ?? ""}`)) finishes(v.id, r);
      const due = planned.filter(
        (r) =>
          compareDates(r.date, through) <= 0 &&
          // What a voter asked for goes on its day, never ahead with a large audience's calendar reminders.
          (compareDates(r.date, today) <= 0 || (r.kind !== "CANDIDATE_MEETING" && r.kind !== "PLACES_PUBLISHED")) &&
          (r.date === today || compareDates(r.date, today) > 0 || stillUseful(r, today, objectionDeadline)) &&
          (r.at === undefined || r.at.getTime() <= now.getTime()) &&
          !done.has(`${v.id}|${r.kind}|${r.ref ?? ""}`),
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
            ...this.askedDetails(r, asked),
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
      const add = (key: string, it: Item) => {
        if (it.notAfter === null || it.notBefore.getTime() < it.notAfter.getTime()) push(groups, key, it);
      };
      for (const r of split.sendNow) add(r.kind, item([r], true));
      if (split.digested.length > 0) add("digest", item(split.digested, false));
    }

    let queued = 0;
    for (const [kind, items] of groups) {
      queued += await this.prisma.$transaction(async (tx) => {
        const key = `rem:${electionId}:${today}:${group}:${kind}`;
        // Claim first: only reminders not yet recorded get a delivery (overlapping ticks queue nothing twice).
        const fresh: Item[] = [];
        for (const it of items) {
          let any = false;
          for (const r of it.kinds) {
            const n = await tx.$executeRaw`
              INSERT INTO "ReminderSent" ("userId", "electionId", kind, ref, "localDay", urgent)
              VALUES (${it.userId}, ${electionId}, ${r.kind}, ${r.ref ?? ""}, ${new Date(`${today}T00:00:00Z`)}, ${it.urgent})
              ON CONFLICT DO NOTHING`;
            if (n > 0) {
              any = true;
              finishes(it.userId, r);
            }
          }
          if (any) fresh.push(it);
        }
        const ids = await this.outbox.enqueue({ key, text: `reminders ${kind}`, now, items: fresh }, tx);
        for (const [userId, deliveryId] of ids) {
          await tx.reminderSent.updateMany({ where: { userId, electionId, localDay: new Date(`${today}T00:00:00Z`), deliveryId: null }, data: { deliveryId } });
        }
        return ids.size;
      }, { timeout: 120_000, maxWait: 30_000 });
    }
    // After the commit: a request is marked done only once its reminder is really queued.
    for (const id of finished.meetings) await this.requests.meetings.markReminderSent(id, now);
    for (const id of finished.watches) await this.requests.places.markWatchNotified(id, now);
    return queued;
  }

  /** The meeting or constituency a reminder the voter asked for is about, for its text. */
  private askedDetails(r: PlannedReminder, asked: { meetings: DueMeetingReminder[]; watches: OpenWatch[] }): Partial<ReminderItem> {
    if (r.kind === "CANDIDATE_MEETING") {
      const m = asked.meetings.find((x) => String(x.meeting.id) === r.meetingId);
      if (!m) return {};
      const { date, from, place, address } = m.meeting;
      return { meeting: { candidate: m.candidateName, date, from, place, address, soon: r.urgent } };
    }
    if (r.kind === "PLACES_PUBLISHED") {
      const w = asked.watches.find((x) => watchRef(x) === r.ref);
      return w ? { constituency: w.constituencyName } : {};
    }
    return {};
  }
}

/** What one election's tick needs in every group of voters. */
interface Scope {
  electionId: number;
  electionName: string;
  calendar: Parameters<typeof plannedReminders>[0];
  objectionDeadline: LocalDate | null;
  requests: Requests;
  today: LocalDate;
  through: LocalDate;
  now: Date;
}

/** Upper bound of requests read per tick: the earliest meetings first; a request is read until marked done. */
const REQUESTS_PER_TICK = 20_000;

function groupBy<T, K>(xs: readonly T[], key: (x: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const x of xs) push(m, key(x), x);
  return m;
}

function uniqueBy<T, K>(xs: readonly T[], key: (x: T) => K): T[] {
  return [...new Map(xs.map((x) => [key(x), x])).values()];
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
