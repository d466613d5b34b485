// The figures staff report on suggestions, per delegate and per constituency, computed in SQL
// (one GROUP BY) so that they stay fast on a county's five years of suggestions. The definitions
// are the domain's (suggestion-rules.ts deadlineStats / satisfactionSummary); a test checks that
// the SQL gives the same numbers as those functions on the same rows.
//
// Aggregates only: no author appears in any figure (anonymous or not). A staff scope counts only
// the suggestions of the constituencies in it (a township's staff see their township's figures).
import { Prisma, type PrismaClient } from "@prisma/client";
import { toLocalDate, type LocalDate } from "../domain/dates.js";
import { constituencyWhere, type AreaScope } from "./accounts.js";
import type { Clock } from "./clock.js";

export interface SuggestionFigures {
  /** Addressed to the delegate / filed in the constituency (withdrawn ones not counted). */
  received: number;
  /** Answered at least once (by the delegate or by a department). */
  answered: number;
  /** Assigned (交办) to a department. */
  assigned: number;
  /** Assigned and first answered on or before the deadline (代表法 51). */
  answeredInTime: number;
  answeredLate: number;
  /** Assigned, not answered, deadline passed. */
  overdue: number;
  /** answeredInTime / (assigned answered + overdue), as deadlineStats. */
  inTimePercent: number | null;
  /** Mean calendar days from filing to the first answer, one decimal. */
  averageDaysToAnswer: number | null;
  /** Mean calendar days from assignment to the department's first answer, one decimal. */
  averageDaysAssignedToAnswer: number | null;
  rated: number;
  /** (满意 + 基本满意) / rated. */
  satisfactionPercent: number | null;
  reopened: number;
  /** reopened / answered. */
  reopenedPercent: number | null;
  key: number;
}

export interface DelegateFigures extends SuggestionFigures {
  delegateId: number;
  fullName: string;
  constituencyName: string | null;
}

export interface ConstituencyFigures extends SuggestionFigures {
  constituencyId: number;
  name: string;
}

/** One row of SUGGESTION_AGGREGATES. */
export interface SuggestionFigureRow {
  received: bigint;
  answered: bigint;
  assigned: bigint;
  in_time: bigint;
  late: bigint;
  overdue: bigint;
  days_sum: bigint | null;
  assigned_days_sum: bigint | null;
  assigned_answered: bigint;
  rated: bigint;
  satisfied: bigint;
  reopened: bigint;
  key: bigint;
}

const percent = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);
const mean = (sum: number, n: number): number | null => (n === 0 ? null : Math.round((sum / n) * 10) / 10);

export function toSuggestionFigures(r: SuggestionFigureRow): SuggestionFigures {
  const n = (v: bigint | null) => Number(v ?? 0);
  const answered = n(r.answered);
  const assignedAnswered = n(r.assigned_answered);
  return {
    received: n(r.received),
    answered,
    assigned: n(r.assigned),
    answeredInTime: n(r.in_time),
    answeredLate: n(r.late),
    overdue: n(r.overdue),
    inTimePercent: percent(n(r.in_time), assignedAnswered + n(r.overdue)),
    averageDaysToAnswer: mean(n(r.days_sum), answered),
    averageDaysAssignedToAnswer: mean(n(r.assigned_days_sum), assignedAnswered),
    rated: n(r.rated),
    satisfactionPercent: percent(n(r.satisfied), n(r.rated)),
    reopened: n(r.reopened),
    reopenedPercent: percent(n(r.reopened), answered),
    key: n(r.key),
  };
}

// Over s = "Suggestion" rows; $today is the county's date. The staff reports (src/reports) group by other keys.
export const SUGGESTION_AGGREGATES = (today: Date) => Prisma.sql`
  count(*) FILTER (WHERE s."status" <> 'WITHDRAWN') AS received,
  count(*) FILTER (WHERE s."firstAnsweredOn" IS NOT NULL) AS answered,
  count(*) FILTER (WHERE s."assignedOn" IS NOT NULL) AS assigned,
  count(*) FILTER (WHERE s."firstAssignedAnswerOn" IS NOT NULL AND s."firstAssignedAnswerOn" <= s."deadline") AS in_time,
  count(*) FILTER (WHERE s."firstAssignedAnswerOn" > s."deadline") AS late,
  count(*) FILTER (WHERE s."assignedOn" IS NOT NULL AND s."firstAssignedAnswerOn" IS NULL AND s."deadline" < ${today}::date
                     AND s."status" NOT IN ('MERGED', 'REJECTED', 'WITHDRAWN')) AS overdue,
  sum(s."firstAnsweredOn" - s."submittedOn") AS days_sum,
  sum(s."firstAssignedAnswerOn" - s."assignedOn") AS assigned_days_sum,
  count(*) FILTER (WHERE s."firstAssignedAnswerOn" IS NOT NULL) AS assigned_answered,
  count(*) FILTER (WHERE s."rating" IS NOT NULL) AS rated,
  count(*) FILTER (WHERE s."rating" IN ('SATISFIED', 'BASICALLY_SATISFIED')) AS satisfied,
  count(*) FILTER (WHERE s."reopenCount" > 0) AS reopened,
  count(*) FILTER (WHERE s."key") AS key`;

export class SuggestionFiguresService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {}

  private today(): Date {
    const d: LocalDate = toLocalDate(this.clock.now(), this.timeZone);
    return new Date(`${d}T00:00:00Z`);
  }

  /** `s."constituencyId"` in the scope's constituencies, as SQL (TRUE county-wide). */
  private async inScope(scope: AreaScope | undefined): Promise<Prisma.Sql> {
    if (!scope || scope.all) return Prisma.sql`TRUE`;
    const ids = (await this.prisma.constituency.findMany({ where: constituencyWhere(scope), select: { id: true } })).map((c) => c.id);
    return Prisma.sql`s."constituencyId" = ANY(${ids}::int[])`;
  }

  /** Every delegate with at least one suggestion (in `scope`), or only `delegateId`'s. */
  async perDelegate(delegateId?: number, scope?: AreaScope): Promise<DelegateFigures[]> {
    const cond = await this.inScope(scope);
    // All delegates: one hash join over the whole table. One delegate (a few hundred to a few
    // thousand rows): their suggestions by primary key — the planner would otherwise scan all
    // 100,000 for a hash join (48 ms against 2 ms, EXPLAIN ANALYZE in bench/README.md);
    // OFFSET 0 keeps the lateral subquery from being flattened back into that join.
    const from =
      delegateId === undefined
        ? Prisma.sql`FROM "SuggestionRecipient" r JOIN "Suggestion" s ON s."id" = r."suggestionId" WHERE ${cond}`
        : Prisma.sql`FROM "SuggestionRecipient" r CROSS JOIN LATERAL (SELECT * FROM "Suggestion" x WHERE x."id" = r."suggestionId" OFFSET 0) s
            WHERE r."delegateId" = ${delegateId} AND ${cond}`;
    const rows = await this.prisma.$queryRaw<(SuggestionFigureRow & { delegateId: number; fullName: string; constituencyName: string | null })[]>`
      SELECT d."id" AS "delegateId", d."fullName", c."name" AS "constituencyName", f.*
      FROM (SELECT r."delegateId", ${SUGGESTION_AGGREGATES(this.today())}
            ${from}
            GROUP BY r."delegateId") f
      JOIN "Delegate" d ON d."id" = f."delegateId"
      LEFT JOIN "Constituency" c ON c."id" = d."constituencyId"
      ORDER BY d."id"`;
    return rows.map((r) => ({ delegateId: r.delegateId, fullName: r.fullName, constituencyName: r.constituencyName, ...toSuggestionFigures(r) }));
  }

  async perConstituency(scope?: AreaScope): Promise<ConstituencyFigures[]> {
    const rows = await this.prisma.$queryRaw<(SuggestionFigureRow & { constituencyId: number; name: string })[]>`
      SELECT c."id" AS "constituencyId", c."name", f.*
      FROM (SELECT s."constituencyId", ${SUGGESTION_AGGREGATES(this.today())} FROM "Suggestion" s WHERE ${await this.inScope(scope)} GROUP BY s."constituencyId") f
      JOIN "Constituency" c ON c."id" = f."constituencyId"
      ORDER BY c."code"`;
    return rows.map((r) => ({ constituencyId: r.constituencyId, name: r.name, ...toSuggestionFigures(r) }));
  }

  /** The headline: "N suggestions, K key suggestions, satisfaction P %" — the county's, or the scope's. */
  async county(scope?: AreaScope): Promise<SuggestionFigures> {
    const [row] = await this.prisma.$queryRaw<SuggestionFigureRow[]>`SELECT ${SUGGESTION_AGGREGATES(this.today())} FROM "Suggestion" s WHERE ${await this.inScope(scope)}`;
    return toSuggestionFigures(row!);
  }
}
