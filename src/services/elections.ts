// Elections as the bot shows them: calendar dates as LocalDate, the per-election rules read from
// Election.rules, and the legal calendar computed from them by domain/calendar.ts.
import type { Election, PrismaClient } from "@prisma/client";
import { z } from "zod";
import { legalCalendar, upcomingMilestones, type LegalCalendar, type Milestone } from "../domain/calendar.js";
import { fromDbDate, type LocalDate } from "../domain/dates.js";

export type ElectionKind = Election["kind"];

/**
 * Numbers that differ by province or by amendment of the law, stored per election (Election.rules).
 * Every key is optional; absent ones take the national law's value in the domain rules.
 */
const rulesSchema = z
  .object({
    objectionDays: z.number().int().min(1).max(30).optional(),
    committeeDecisionDays: z.number().int().min(1).max(30).optional(),
    maxProxiesPerPerson: z.number().int().min(1).max(10).optional(),
    singleGivenName: z.enum(["compare-characters", "blank-first"]).optional(),
  })
  .passthrough();

export type ElectionRules = z.infer<typeof rulesSchema>;

export interface ElectionView {
  id: number;
  name: string;
  kind: ElectionKind;
  areaId: number;
  electionDay: LocalDate;
  rollPublishedOn: LocalDate | null;
  preliminaryCandidatesOn: LocalDate | null;
  formalCandidatesOn: LocalDate | null;
  resultsPublishedOn: LocalDate | null;
  rules: ElectionRules;
  calendar: LegalCalendar;
}

/** Reads Election.rules; a malformed value is reported, never silently replaced by defaults. */
export function parseElectionRules(raw: unknown, electionId: number): ElectionRules {
  const parsed = rulesSchema.safeParse(raw ?? {});
  if (!parsed.success) throw new Error(`Election ${electionId} has malformed rules: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  return parsed.data;
}

export function toElectionView(e: Election): ElectionView {
  const day = (d: Date | null) => (d ? fromDbDate(d) : null);
  const rules = parseElectionRules(e.rules, e.id);
  const view = {
    id: e.id,
    name: e.name,
    kind: e.kind,
    areaId: e.areaId,
    electionDay: fromDbDate(e.electionDay),
    rollPublishedOn: day(e.rollPublishedOn),
    preliminaryCandidatesOn: day(e.preliminaryCandidatesOn),
    formalCandidatesOn: day(e.formalCandidatesOn),
    resultsPublishedOn: day(e.resultsPublishedOn),
    rules,
  };
  return { ...view, calendar: legalCalendar({ ...view, rules }) };
}

export class ElectionService {
  constructor(private readonly prisma: PrismaClient) {}

  async get(id: number): Promise<ElectionView | null> {
    const e = await this.prisma.election.findUnique({ where: { id } });
    return e ? toElectionView(e) : null;
  }

  /** The dates still ahead of `today`, for the voter's own calendar. */
  upcoming(election: ElectionView, today: LocalDate): Milestone[] {
    return upcomingMilestones(election, today);
  }
}
