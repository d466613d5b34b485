// Staff create an election (kind, area, election day) and set the committee's actual dates; the
// legal calendar comes from domain/calendar.ts and every date that breaks a legal minimum is
// reported with its article (checkCalendar). An election day in the past or absurdly far ahead
// is refused.
import type { PrismaClient } from "@prisma/client";
import { checkCalendar, type CalendarViolation } from "../domain/calendar.js";
import { addDays, compareDates, type LocalDate } from "../domain/dates.js";
import type { AuditService } from "./audit.js";
import { toElectionView, type ElectionKind, type ElectionView } from "./elections.js";

export const ELECTION_KINDS: readonly ElectionKind[] = ["COUNTY_CONGRESS", "TOWNSHIP_CONGRESS", "VILLAGE_COMMITTEE", "COMMUNITY_COMMITTEE"];
const LEVEL_OF: Record<ElectionKind, "COUNTY" | "TOWNSHIP" | "VILLAGE" | "COMMUNITY"> = {
  COUNTY_CONGRESS: "COUNTY",
  TOWNSHIP_CONGRESS: "TOWNSHIP",
  VILLAGE_COMMITTEE: "VILLAGE",
  COMMUNITY_COMMITTEE: "COMMUNITY",
};

export type DateField = "rollPublishedOn" | "preliminaryCandidatesOn" | "formalCandidatesOn" | "resultsPublishedOn";
export const DATE_FIELDS: readonly DateField[] = ["rollPublishedOn", "preliminaryCandidatesOn", "formalCandidatesOn", "resultsPublishedOn"];

/** Furthest ahead an election day may be set: a term is five years. */
const MAX_DAYS_AHEAD = 5 * 366;

export type ElectionDayProblem = "IN_THE_PAST" | "TOO_FAR_AHEAD";

export interface ElectionWithCheck {
  election: ElectionView;
  violations: CalendarViolation[];
}

const dbDate = (d: LocalDate) => new Date(`${d}T00:00:00.000Z`);

export class ElectionAdminService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly audit: AuditService,
    private readonly onChange: () => void,
  ) {}

  /** Areas an election of this kind can be held in (a county congress: counties, …). */
  async areasFor(kind: ElectionKind): Promise<{ id: number; name: string; code: string }[]> {
    return this.prisma.adminArea.findMany({ where: { level: LEVEL_OF[kind] }, select: { id: true, name: true, code: true }, orderBy: { code: "asc" }, take: 40 });
  }

  checkElectionDay(day: LocalDate, today: LocalDate): ElectionDayProblem | null {
    if (compareDates(day, today) <= 0) return "IN_THE_PAST";
    if (compareDates(day, addDays(today, MAX_DAYS_AHEAD)) > 0) return "TOO_FAR_AHEAD";
    return null;
  }

  async create(input: { kind: ElectionKind; areaId: number; electionDay: LocalDate; today: LocalDate; actorId: number | null; name: string }):
    Promise<{ ok: true; result: ElectionWithCheck } | { ok: false; problem: ElectionDayProblem | "UNKNOWN_AREA" }> {
    const problem = this.checkElectionDay(input.electionDay, input.today);
    if (problem) return { ok: false, problem };
    const area = await this.prisma.adminArea.findUnique({ where: { id: input.areaId } });
    if (!area || area.level !== LEVEL_OF[input.kind]) return { ok: false, problem: "UNKNOWN_AREA" };
    const e = await this.prisma.election.create({
      data: { name: input.name, kind: input.kind, areaId: area.id, electionDay: dbDate(input.electionDay) },
    });
    await this.audit.record(input.actorId, "election.create", `election:${e.id}`, { after: { kind: e.kind, areaId: e.areaId, electionDay: input.electionDay } });
    this.onChange();
    return { ok: true, result: this.withCheck(toElectionView(e)) };
  }

  async get(id: number): Promise<ElectionWithCheck | null> {
    const e = await this.prisma.election.findUnique({ where: { id } });
    return e ? this.withCheck(toElectionView(e)) : null;
  }

  /** The elections staff can manage, newest election day first. */
  async list(): Promise<ElectionView[]> {
    return (await this.prisma.election.findMany({ orderBy: [{ electionDay: "desc" }, { id: "desc" }], take: 10 })).map(toElectionView);
  }

  /** Sets (or clears, with null) one of the committee's actual dates; the warnings come back with it. */
  async setDate(id: number, field: DateField, value: LocalDate | null, actorId: number | null): Promise<ElectionWithCheck | null> {
    const before = await this.prisma.election.findUnique({ where: { id } });
    if (!before) return null;
    const e = await this.prisma.election.update({ where: { id }, data: { [field]: value === null ? null : dbDate(value) } });
    const old = before[field];
    await this.audit.record(actorId, "election.set_date", `election:${id}`, {
      field,
      before: old ? old.toISOString().slice(0, 10) : null,
      after: value,
    });
    this.onChange();
    return this.withCheck(toElectionView(e));
  }

  private withCheck(view: ElectionView): ElectionWithCheck {
    return { election: view, violations: checkCalendar({ ...view, rules: view.rules }) };
  }
}
