// Staff create an election (kind, area, election day) and set the committee's actual dates; the
// legal calendar comes from domain/calendar.ts and every date that breaks a legal minimum is
// reported with its article (checkCalendar). An election day in the past or absurdly far ahead
// is refused. Township staff (an AreaScope) see, create and change only elections held in their
// township or a village/community in it.
import type { Prisma, PrismaClient } from "@prisma/client";
import { checkCalendar, type CalendarViolation } from "../domain/calendar.js";
import { addDays, compareDates, type LocalDate } from "../domain/dates.js";
import { inScope, type AreaScope } from "./accounts.js";
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

/** Why an election asked for by id is not given: there is none, or it is held outside the scope. */
export type ElectionRefusal = "GONE" | "OUTSIDE_SCOPE";
export type ElectionResult = { ok: true; result: ElectionWithCheck } | { ok: false; problem: ElectionRefusal };

/** The elections held inside a scope (none given: the whole county). */
export function electionWhere(scope?: AreaScope): Prisma.ElectionWhereInput {
  return !scope || scope.all ? {} : { areaId: { in: scope.areaIds } };
}

const dbDate = (d: LocalDate) => new Date(`${d}T00:00:00.000Z`);

export class ElectionAdminService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly audit: AuditService,
    private readonly onChange: () => void,
  ) {}

  /** Areas of `scope` an election of this kind can be held in (a county congress: counties, …). */
  async areasFor(kind: ElectionKind, scope?: AreaScope): Promise<{ id: number; name: string; code: string }[]> {
    return this.prisma.adminArea.findMany({
      where: { level: LEVEL_OF[kind], ...(scope && !scope.all ? { id: { in: scope.areaIds } } : {}) },
      select: { id: true, name: true, code: true },
      orderBy: { code: "asc" },
      take: 40,
    });
  }

  /** The kinds of election staff of `scope` can create: those with an area of their level in it. */
  async kindsFor(scope?: AreaScope): Promise<ElectionKind[]> {
    if (!scope || scope.all) return [...ELECTION_KINDS];
    const levels = await this.prisma.adminArea.findMany({ where: { id: { in: scope.areaIds } }, select: { level: true }, distinct: ["level"] });
    return ELECTION_KINDS.filter((k) => levels.some((l) => l.level === LEVEL_OF[k]));
  }

  checkElectionDay(day: LocalDate, today: LocalDate): ElectionDayProblem | null {
    if (compareDates(day, today) <= 0) return "IN_THE_PAST";
    if (compareDates(day, addDays(today, MAX_DAYS_AHEAD)) > 0) return "TOO_FAR_AHEAD";
    return null;
  }

  async create(input: { kind: ElectionKind; areaId: number; electionDay: LocalDate; today: LocalDate; actorId: number | null; name: string; scope?: AreaScope }):
    Promise<{ ok: true; result: ElectionWithCheck } | { ok: false; problem: ElectionDayProblem | "UNKNOWN_AREA" | "OUTSIDE_SCOPE" }> {
    if (input.scope && !inScope(input.scope, input.areaId)) return { ok: false, problem: "OUTSIDE_SCOPE" };
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

  async get(id: number, scope?: AreaScope): Promise<ElectionResult> {
    const e = await this.prisma.election.findUnique({ where: { id } });
    const problem = refusal(e, scope);
    return problem ? { ok: false, problem } : { ok: true, result: this.withCheck(toElectionView(e!)) };
  }

  /** The elections staff of `scope` can manage, newest election day first. */
  async list(scope?: AreaScope): Promise<ElectionView[]> {
    return (await this.prisma.election.findMany({ where: electionWhere(scope), orderBy: [{ electionDay: "desc" }, { id: "desc" }], take: 10 })).map(toElectionView);
  }

  /** Sets (or clears, with null) one of the committee's actual dates; the warnings come back with it. */
  async setDate(id: number, field: DateField, value: LocalDate | null, actorId: number | null, scope?: AreaScope): Promise<ElectionResult> {
    const before = await this.prisma.election.findUnique({ where: { id } });
    const problem = refusal(before, scope);
    if (problem) return { ok: false, problem };
    const e = await this.prisma.election.update({ where: { id }, data: { [field]: value === null ? null : dbDate(value) } });
    const old = before![field];
    await this.audit.record(actorId, "election.set_date", `election:${id}`, {
      field,
      before: old ? old.toISOString().slice(0, 10) : null,
      after: value,
    });
    this.onChange();
    return { ok: true, result: this.withCheck(toElectionView(e)) };
  }

  private withCheck(view: ElectionView): ElectionWithCheck {
    return { election: view, violations: checkCalendar({ ...view, rules: view.rules }) };
  }
}

function refusal(e: { areaId: number } | null, scope: AreaScope | undefined): ElectionRefusal | null {
  if (!e) return "GONE";
  return scope && !inScope(scope, e.areaId) ? "OUTSIDE_SCOPE" : null;
}
