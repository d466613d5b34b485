// The candidates of a constituency as voters may see them: in stroke order (never any other order),
// the list stage and the law's count range, bios and meetings with voters until election day, and
// from E on only the names (选举法 34). "Remind me" on a meeting is stored here; the reminders job
// reads the due rows (dueMeetingReminders) and marks them sent.
import type { PrismaClient } from "@prisma/client";
import { introductionsAllowed } from "../domain/calendar.js";
import { checkCandidateCount, type CandidateCountStatus } from "../domain/candidate-rules.js";
import { compareDates, fromDbDate, toLocalDate, type LocalDate } from "../domain/dates.js";
import { sortByStrokes } from "../domain/stroke-order.js";
import { wallClock } from "../domain/zoned-time.js";
import type { Clock } from "./clock.js";
import { constituencyById, currentConstituencies, type ConstituencyChoice } from "./constituency-choice.js";
import { toElectionView, type ElectionView } from "./elections.js";
import { outgoingLocale } from "./users.js";

export interface CandidateBio {
  gender: "M" | "F" | null;
  birthYear: number;
  ethnicity: string | null;
  party: string | null;
  education: string | null;
  occupation: string;
  nominationKind: "PARTY_OR_ORGANISATION" | "JOINT_VOTERS";
  nominatedBy: string;
  bio: string;
}

export interface MeetingView {
  id: number;
  candidateId: number;
  startsAt: Date;
  endsAt: Date | null;
  /** Local date and times in the county's time zone. */
  date: LocalDate;
  from: string;
  to: string | null;
  place: string;
  address: string | null;
  note: string | null;
}

export interface CandidateView {
  id: number;
  fullName: string;
  /** Null from election day on: no introductions (选举法 34). */
  bio: CandidateBio | null;
  /** Meetings not yet over; empty from election day on. */
  meetings: MeetingView[];
}

export type ListStage = "PRELIMINARY" | "FORMAL";

export interface CandidateList {
  constituency: ConstituencyChoice;
  election: ElectionView;
  today: LocalDate;
  /** Null while no candidate is entered. */
  stage: ListStage | null;
  /** The day the committee published this list (null when not recorded). */
  publishedOn: LocalDate | null;
  /** The law's latest day for this list (E−16 preliminary, E−8 formal; 选举法 32). */
  dueBy: LocalDate;
  count: { n: number; min: number; max: number; status: CandidateCountStatus };
  introductionsAllowed: boolean;
  /** In stroke order (the election's single-given-name setting applies). */
  candidates: CandidateView[];
}

export type ReminderResult = "saved" | "already" | "gone" | "past" | "closed";

export interface DueMeetingReminder {
  id: number;
  userId: number;
  electionId: number;
  telegramId: number;
  locale: string | null;
  candidateName: string;
  meeting: MeetingView;
}

const BIO_FIELDS = {
  gender: true,
  birthYear: true,
  ethnicity: true,
  party: true,
  education: true,
  occupation: true,
  nominationKind: true,
  nominatedBy: true,
  bio: true,
} as const;

type MeetingRow = { id: number; candidateId: number; startsAt: Date; endsAt: Date | null; place: string; address: string | null; note: string | null };

export class CandidateService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {}

  private today(): LocalDate {
    return toLocalDate(this.clock.now(), this.timeZone);
  }

  private hhmm(at: Date): string {
    const w = wallClock(at, this.timeZone);
    return `${String(w.hour).padStart(2, "0")}:${String(w.minute).padStart(2, "0")}`;
  }

  meetingView(m: MeetingRow): MeetingView {
    return {
      id: m.id,
      candidateId: m.candidateId,
      startsAt: m.startsAt,
      endsAt: m.endsAt,
      date: toLocalDate(m.startsAt, this.timeZone),
      from: this.hhmm(m.startsAt),
      to: m.endsAt ? this.hhmm(m.endsAt) : null,
      place: m.place,
      address: m.address,
      note: m.note,
    };
  }

  /** The constituencies a voter can pick from (current election). */
  constituencies(): Promise<ConstituencyChoice[]> {
    return currentConstituencies(this.prisma);
  }

  /** The list of a constituency; null when it does not exist (any more). */
  async list(constituencyId: number): Promise<CandidateList | null> {
    const constituency = await constituencyById(this.prisma, constituencyId);
    if (!constituency) return null;
    const now = this.clock.now();
    const [electionRow, rows] = await Promise.all([
      this.prisma.election.findUniqueOrThrow({ where: { id: constituency.electionId } }),
      this.prisma.candidate.findMany({
        where: { constituencyId },
        orderBy: { id: "asc" },
        select: {
          id: true,
          fullName: true,
          listStage: true,
          ...BIO_FIELDS,
          meetings: { where: { OR: [{ endsAt: { gt: now } }, { endsAt: null, startsAt: { gt: now } }] }, orderBy: { startsAt: "asc" } },
        },
      }),
    ]);
    const election = toElectionView(electionRow);
    const today = this.today();
    const open = introductionsAllowed(election, today);
    // A formal list replaces the preliminary one (选举法 32).
    const stage: ListStage | null = rows.some((r) => r.listStage === "FORMAL") ? "FORMAL" : rows.length ? "PRELIMINARY" : null;
    const shown = rows.filter((r) => r.listStage === (stage ?? "FORMAL"));
    const sorted = sortByStrokes(shown, (r) => r.fullName, { singleGivenName: election.rules.singleGivenName ?? "compare-characters" });
    const check = checkCandidateCount(constituency.seats, shown.length);
    return {
      constituency,
      election,
      today,
      stage,
      publishedOn: stage === "PRELIMINARY" ? election.preliminaryCandidatesOn : election.formalCandidatesOn,
      dueBy: stage === "PRELIMINARY" ? election.calendar.preliminaryListBy : election.calendar.formalListBy,
      count: { n: shown.length, min: check.min, max: check.max, status: check.status },
      introductionsAllowed: open,
      candidates: sorted.map((r) => ({
        id: r.id,
        fullName: r.fullName,
        bio: open ? bioOf(r) : null,
        meetings: open ? r.meetings.map((m) => this.meetingView(m)) : [],
      })),
    };
  }

  /** One candidate of the list as shown now (null when gone or no longer on the shown list). */
  async candidate(candidateId: number): Promise<{ list: CandidateList; candidate: CandidateView } | null> {
    const row = await this.prisma.candidate.findUnique({ where: { id: candidateId }, select: { constituencyId: true } });
    if (!row) return null;
    const list = await this.list(row.constituencyId);
    const candidate = list?.candidates.find((c) => c.id === candidateId);
    return list && candidate ? { list, candidate } : null;
  }

  /** Two candidates of one list side by side; never a ranking, only their own facts. */
  async compare(
    aId: number,
    bId: number,
  ): Promise<{ status: "ok"; list: CandidateList; a: CandidateView; b: CandidateView } | { status: "same" | "gone" | "closed" }> {
    if (aId === bId) return { status: "same" };
    const a = await this.candidate(aId);
    if (!a) return { status: "gone" };
    const b = a.list.candidates.find((c) => c.id === bId);
    if (!b) return { status: "gone" };
    if (!a.list.introductionsAllowed) return { status: "closed" };
    return { status: "ok", list: a.list, a: a.candidate, b };
  }

  /** "Remind me" on a meeting: one row per person and meeting, whatever the number of taps. */
  async requestReminder(userId: number, meetingId: number): Promise<{ result: ReminderResult; meeting?: MeetingView }> {
    const m = await this.prisma.candidateMeeting.findUnique({
      where: { id: meetingId },
      include: { candidate: { select: { constituency: { select: { election: true } } } } },
    });
    if (!m) return { result: "gone" };
    const meeting = this.meetingView(m);
    if (!introductionsAllowed(toElectionView(m.candidate.constituency.election), this.today())) return { result: "closed", meeting };
    if (m.startsAt.getTime() <= this.clock.now().getTime()) return { result: "past", meeting };
    const { count } = await this.prisma.meetingReminder.createMany({
      data: [{ userId, meetingId, createdAt: this.clock.now() }],
      skipDuplicates: true,
    });
    return { result: count === 1 ? "saved" : "already", meeting };
  }

  async cancelReminder(userId: number, meetingId: number): Promise<boolean> {
    const { count } = await this.prisma.meetingReminder.deleteMany({ where: { userId, meetingId, sentAt: null } });
    return count > 0;
  }

  /** The person's reminders not yet sent (for "my data" and the reminder settings). */
  async remindersOf(userId: number): Promise<{ candidateName: string; meeting: MeetingView }[]> {
    const rows = await this.prisma.meetingReminder.findMany({
      where: { userId, sentAt: null },
      include: { meeting: { include: { candidate: { select: { fullName: true } } } } },
      orderBy: { meeting: { startsAt: "asc" } },
    });
    return rows.map((r) => ({ candidateName: r.meeting.candidate.fullName, meeting: this.meetingView(r.meeting) }));
  }

  /**
   * For the reminders job: unsent reminders of meetings starting in [from, to), oldest meeting
   * first. Meetings on or after their election's day are never included (选举法 34).
   */
  async dueMeetingReminders(from: Date, to: Date, limit = 500): Promise<DueMeetingReminder[]> {
    const rows = await this.prisma.meetingReminder.findMany({
      where: { sentAt: null, meeting: { startsAt: { gte: from, lt: to } } },
      include: {
        user: { select: { telegramId: true, locale: true, telegramLocale: true } },
        meeting: { include: { candidate: { select: { fullName: true, constituency: { select: { election: { select: { id: true, electionDay: true } } } } } } } },
      },
      orderBy: [{ meeting: { startsAt: "asc" } }, { id: "asc" }],
      take: limit,
    });
    return rows
      .filter((r) => compareDates(toLocalDate(r.meeting.startsAt, this.timeZone), fromDbDate(r.meeting.candidate.constituency.election.electionDay)) < 0)
      .map((r) => ({
        id: r.id,
        userId: r.userId,
        electionId: r.meeting.candidate.constituency.election.id,
        telegramId: Number(r.user.telegramId),
        locale: outgoingLocale(r.user),
        candidateName: r.meeting.candidate.fullName,
        meeting: this.meetingView(r.meeting),
      }));
  }

  /** Marks a reminder sent; false when another instance sent it first. */
  async markReminderSent(id: number, at: Date = this.clock.now()): Promise<boolean> {
    const { count } = await this.prisma.meetingReminder.updateMany({ where: { id, sentAt: null }, data: { sentAt: at } });
    return count === 1;
  }
}

type BioRow = Omit<CandidateBio, "gender"> & { gender: string };

function bioOf(r: BioRow): CandidateBio {
  return {
    gender: r.gender === "M" || r.gender === "F" ? r.gender : null,
    birthYear: r.birthYear,
    ethnicity: r.ethnicity,
    party: r.party,
    education: r.education,
    occupation: r.occupation,
    nominationKind: r.nominationKind,
    nominatedBy: r.nominatedBy,
    bio: r.bio,
  };
}
