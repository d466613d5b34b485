/**
 * Reminders a voter gets around an election: what and on which day (plannedReminders), when not to
 * send (quiet hours) and how many a day (digest). Pure: no clock (`now`/instants are parameters), no I/O.
 *
 * Rules chosen (shared/domain/election-rules.md §2–§4; "never overstate the time a voter has"):
 * - LIST_PUBLISHED — on the day the committee actually published the roll (选举法 28): "check your
 *   registration". Nothing while the roll is unpublished: the bot never guesses the date.
 * - OBJECTION_DEADLINE — on the day BEFORE the last day to object (calendar.objectionDeadline,
 *   选举法 29), not urgent: the voter still has two days to reach the committee's office, and if the
 *   daily cap defers it, it arrives on the last day, still in time. When the day before is the
 *   publication day or earlier (an election configured with objectionDays ≤ 2), it goes on the
 *   last day itself and is urgent, because there is no later chance. The reminder carries the
 *   deadline date so the message can name it (never "in N days" alone).
 * - CANDIDATE_MEETING — only for meetings the voter asked to be reminded of, and only meetings
 *   before E (introductions stop on E, 选举法 34). Two reminders, each can be switched off per meeting:
 *   the day before (not urgent, fits the daily digest) and 2 hours before the start (urgent: it is
 *   tied to an hour, a digest or a next-day deferral would make it useless). Both carry `notAfter`
 *   = the meeting's start: if quiet hours push one past the start, the sender drops it. Their
 *   `ref` ("<meeting id>:day" / ":hours") tells the two apart, so each is sent once.
 * - PLACES_PUBLISHED — only for voters who asked to be told when their constituency's polling
 *   places are published: on the day they are found published (the caller says which), not urgent,
 *   and never from E on (the E-morning reminder names the place). `ref` is the caller's, per request.
 * - ELECTION_EVE — E − 1, not urgent.
 * - ELECTION_MORNING — E, urgent, with the voter's polling place; `pollingPlace: null` when unknown,
 *   and the message must then say so and offer staff (never invent one).
 * - RESULTS — on the day the committee published the results (选举法 46); nothing before that.
 * - Topics: registration (LIST_PUBLISHED, OBJECTION_DEADLINE), meetings (CANDIDATE_MEETING),
 *   election_day (PLACES_PUBLISHED, ELECTION_EVE, ELECTION_MORNING), results (RESULTS). All on
 *   unless switched off.
 *
 * Quiet hours: default 21:00–08:00 in the county's zone, overridable per voter. The interval is
 * [from, to) on the local wall clock: 21:00:00 is quiet, 08:00:00 is not. from > to wraps midnight,
 * from < to does not, from === to means no quiet hours. Nothing, urgent or not, is sent in quiet hours.
 *
 * Daily cap: at most one non-urgent message per voter per local day; all non-urgent reminders due at
 * once go out as one digest. Urgent ones (ELECTION_MORNING, OBJECTION_DEADLINE on its last day, the
 * 2-hours-before meeting reminder) always go, one message each, and do not use up the day's one message.
 */
import { legalCalendar, type CalendarInput } from "./calendar.js";
import { addDays, compareDates, type LocalDate } from "./dates.js";
import { instantAt, wallClock } from "./zoned-time.js";

export const REMINDER_KINDS = [
  "LIST_PUBLISHED",
  "OBJECTION_DEADLINE",
  "CANDIDATE_MEETING",
  "PLACES_PUBLISHED",
  "ELECTION_EVE",
  "ELECTION_MORNING",
  "RESULTS",
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export const REMINDER_TOPICS = ["registration", "meetings", "election_day", "results"] as const;
export type ReminderTopic = (typeof REMINDER_TOPICS)[number];

export const TOPIC_OF: Readonly<Record<ReminderKind, ReminderTopic>> = {
  LIST_PUBLISHED: "registration",
  OBJECTION_DEADLINE: "registration",
  CANDIDATE_MEETING: "meetings",
  PLACES_PUBLISHED: "election_day",
  ELECTION_EVE: "election_day",
  ELECTION_MORNING: "election_day",
  RESULTS: "results",
};

/** Hours before a meeting's start of the second meeting reminder. */
export const MEETING_REMINDER_HOURS_BEFORE = 2;

export interface CandidateMeeting {
  id: string;
  startsAt: Date;
}

/** The constituency's calendar (calendar.ts) plus what reminders need besides. */
export interface ReminderCalendar extends CalendarInput {
  /** The county's IANA zone, e.g. "Asia/Shanghai" (places meeting reminders on a local day). */
  timeZone: string;
  /** The day the committee published the results; absent or null until then. */
  resultsPublishedOn?: LocalDate | null;
  /** Candidate meetings (见面会) in the constituency. */
  meetings?: readonly CandidateMeeting[];
}

export interface MeetingReminderRequest {
  meetingId: string;
  /** The day before the meeting (default true). */
  dayBefore?: boolean;
  /** 2 hours before the start (default true). */
  hoursBefore?: boolean;
}

export interface VoterReminderPrefs {
  /** Topics switched on or off; a topic not listed is on. */
  topics?: Partial<Record<ReminderTopic, boolean>>;
  /** Meetings the voter asked to be reminded of. */
  meetings?: readonly MeetingReminderRequest[];
  /** The voter's polling place from the roll; null/absent when the roll does not say. */
  pollingPlace?: string | null;
  /** Requests "tell me when the polling places are published" now answered: the day, and the caller's ref. */
  placesPublished?: readonly { date: LocalDate; ref: string }[];
}

export interface PlannedReminder {
  kind: ReminderKind;
  /** The local day (county zone) the reminder is for. */
  date: LocalDate;
  urgent: boolean;
  /** Earliest instant, for reminders tied to an hour (2 hours before a meeting). */
  at?: Date;
  /** Do not send at or after this instant (the meeting's start). */
  notAfter?: Date;
  meetingId?: string;
  /** Tells apart reminders of one kind for one voter (CANDIDATE_MEETING, PLACES_PUBLISHED); sent once per ref. */
  ref?: string;
  /** OBJECTION_DEADLINE: the last day to object, to be named in the message. */
  deadline?: LocalDate;
  /** ELECTION_MORNING: the polling place, null when unknown. */
  pollingPlace?: string | null;
}

function topicOn(prefs: VoterReminderPrefs, topic: ReminderTopic): boolean {
  return prefs.topics?.[topic] !== false;
}

const kindRank = (k: ReminderKind): number => REMINDER_KINDS.indexOf(k);

/**
 * Every reminder the voter should get for this constituency's election, by date (then hour, then
 * REMINDER_KINDS order). Only dates that are known appear (roll, results and meetings once recorded).
 * The caller drops those already sent or in the past.
 */
export function plannedReminders(calendar: ReminderCalendar, prefs: VoterReminderPrefs): PlannedReminder[] {
  const cal = legalCalendar(calendar);
  const e = cal.electionDay;
  const out: PlannedReminder[] = [];

  if (topicOn(prefs, "registration") && calendar.rollPublishedOn != null) {
    const published = calendar.rollPublishedOn;
    out.push({ kind: "LIST_PUBLISHED", date: published, urgent: false });
    const deadline = cal.objectionDeadline;
    if (deadline !== null) {
      const dayBefore = addDays(deadline, -1);
      if (compareDates(dayBefore, published) > 0) {
        out.push({ kind: "OBJECTION_DEADLINE", date: dayBefore, urgent: false, deadline });
      } else {
        out.push({ kind: "OBJECTION_DEADLINE", date: deadline, urgent: true, deadline });
      }
    }
  }

  if (topicOn(prefs, "meetings") && prefs.meetings !== undefined) {
    const byId = new Map((calendar.meetings ?? []).map((m) => [m.id, m]));
    for (const request of prefs.meetings) {
      const meeting = byId.get(request.meetingId);
      if (meeting === undefined) continue; // cancelled or unknown: nothing to remind of
      const meetingDay = wallClock(meeting.startsAt, calendar.timeZone).date;
      if (compareDates(meetingDay, e) >= 0) continue; // no meetings from E on (选举法 34)
      const base = { kind: "CANDIDATE_MEETING" as const, meetingId: meeting.id, notAfter: meeting.startsAt };
      if (request.dayBefore !== false) {
        out.push({ ...base, date: addDays(meetingDay, -1), urgent: false, ref: `${meeting.id}:day` });
      }
      if (request.hoursBefore !== false) {
        const at = new Date(meeting.startsAt.getTime() - MEETING_REMINDER_HOURS_BEFORE * 3_600_000);
        out.push({ ...base, date: wallClock(at, calendar.timeZone).date, urgent: true, at, ref: `${meeting.id}:hours` });
      }
    }
  }

  if (topicOn(prefs, "election_day")) {
    for (const p of prefs.placesPublished ?? []) {
      if (compareDates(p.date, e) < 0) out.push({ kind: "PLACES_PUBLISHED", date: p.date, urgent: false, ref: p.ref });
    }
    out.push({ kind: "ELECTION_EVE", date: addDays(e, -1), urgent: false });
    out.push({ kind: "ELECTION_MORNING", date: e, urgent: true, pollingPlace: prefs.pollingPlace ?? null });
  }

  if (topicOn(prefs, "results") && calendar.resultsPublishedOn != null) {
    out.push({ kind: "RESULTS", date: calendar.resultsPublishedOn, urgent: false });
  }

  return out.sort(
    (a, b) =>
      compareDates(a.date, b.date) ||
      (a.at?.getTime() ?? -Infinity) - (b.at?.getTime() ?? -Infinity) ||
      kindRank(a.kind) - kindRank(b.kind),
  );
}

// ---------------------------------------------------------------------------------------------
// Quiet hours

/** Quiet from `from`:00 up to (not including) `to`:00 on the local wall clock; whole hours 0–23. */
export interface QuietHours {
  from: number;
  to: number;
}

export const DEFAULT_QUIET_HOURS: Readonly<QuietHours> = { from: 21, to: 8 };

function checkQuiet(quiet: QuietHours): void {
  for (const [name, v] of [["from", quiet.from], ["to", quiet.to]] as const) {
    if (!Number.isInteger(v) || v < 0 || v > 23) {
      throw new RangeError(`Quiet hours: ${name} must be a whole hour from 0 to 23, got ${v}`);
    }
  }
}

/** The voter's quiet hours: their own quietFrom/quietTo where set, the default otherwise. */
export function quietHoursFor(voter: { quietFrom?: number | null; quietTo?: number | null }, fallback: QuietHours = DEFAULT_QUIET_HOURS): QuietHours {
  const quiet = { from: voter.quietFrom ?? fallback.from, to: voter.quietTo ?? fallback.to };
  checkQuiet(quiet);
  return quiet;
}

function quietAtMinute(minuteOfDay: number, { from, to }: QuietHours): boolean {
  const f = from * 60;
  const t = to * 60;
  if (f === t) return false;
  return f < t ? minuteOfDay >= f && minuteOfDay < t : minuteOfDay >= f || minuteOfDay < t;
}

/** Whether the instant falls in the quiet hours on the wall clock of timeZone. */
export function isQuiet(instant: Date, quiet: QuietHours, timeZone: string): boolean {
  checkQuiet(quiet);
  return quietAtMinute(wallClock(instant, timeZone).minuteOfDay, quiet);
}

/**
 * The first instant at or after `instant` that is not in the quiet hours: `instant` itself when it
 * is allowed, otherwise the first instant the local clock reads `to`:00 (with DST: the jump when
 * `to`:00 is skipped, the later end when the clocks go back through the quiet hours).
 */
export function nextAllowedInstant(instant: Date, quiet: QuietHours, timeZone: string): Date {
  checkQuiet(quiet);
  let t = new Date(instant.getTime());
  // Normally one step; a DST repeat of the quiet hours can need a second.
  for (let step = 0; step < 4; step++) {
    const wall = wallClock(t, timeZone);
    if (!quietAtMinute(wall.minuteOfDay, quiet)) return t;
    const endsTomorrow = quiet.from > quiet.to && wall.minuteOfDay >= quiet.from * 60;
    const end = instantAt(endsTomorrow ? addDays(wall.date, 1) : wall.date, quiet.to * 60, timeZone);
    if (end.getTime() <= t.getTime()) break;
    t = end;
  }
  throw new RangeError(`nextAllowedInstant: no allowed time found after ${instant.toISOString()} in ${timeZone}`);
}

/** The next start of the quiet hours after `instant` (`from`:00 local): where a send window closes. */
export function quietStartAfter(instant: Date, quietFrom: number, timeZone: string): Date {
  const day = wallClock(instant, timeZone).date;
  const sameDay = instantAt(day, quietFrom * 60, timeZone);
  return sameDay.getTime() > instant.getTime() ? sameDay : instantAt(addDays(day, 1), quietFrom * 60, timeZone);
}

// ---------------------------------------------------------------------------------------------
// Daily cap

/** Non-urgent messages a voter gets per local day. */
export const NON_URGENT_PER_DAY = 1;

export interface DigestResult<T> {
  /** Urgent reminders: one message each, now. */
  sendNow: T[];
  /** Non-urgent reminders combined into ONE message sent now (empty when none, or when deferred). */
  digested: T[];
  /** Non-urgent reminders held for the next day's digest: today's one message was already sent. */
  deferred: T[];
}

/**
 * Splits the reminders due now for one voter. `alreadySentToday` counts the non-urgent messages
 * (digests or single reminders) the voter already got this local day; urgent ones are not counted.
 * Each list keeps REMINDER_KINDS order (stable for equal kinds). Messages sent now:
 * sendNow.length + (digested.length > 0 ? 1 : 0).
 */
export function digest<T extends { kind: ReminderKind; urgent: boolean }>(
  pending: readonly T[],
  alreadySentToday: number,
): DigestResult<T> {
  if (!Number.isInteger(alreadySentToday) || alreadySentToday < 0) {
    throw new RangeError(`digest: alreadySentToday must be an integer ≥ 0, got ${alreadySentToday}`);
  }
  const ordered = [...pending].sort((a, b) => kindRank(a.kind) - kindRank(b.kind));
  const sendNow = ordered.filter((r) => r.urgent);
  const rest = ordered.filter((r) => !r.urgent);
  const capReached = alreadySentToday >= NON_URGENT_PER_DAY;
  return { sendNow, digested: capReached ? [] : rest, deferred: capReached ? rest : [] };
}
