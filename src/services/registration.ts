// Registration figures per constituency for staff ("不错不重不漏" starts with knowing the counts):
// the county's, or a township's staff their own constituencies'.
import type { PrismaClient } from "@prisma/client";
import { constituencyWhere, type AreaScope } from "./accounts.js";

export type RollStatus = "LISTED" | "NOT_LISTED" | "SUSPENDED" | "REMOVED";

export interface ConstituencyRegistration {
  constituencyId: number;
  name: string;
  seats: number;
  byStatus: Record<RollStatus, number>;
  total: number;
  awayFromHukou: number;
  awayForWork: number;
}

const EMPTY: Record<RollStatus, number> = { LISTED: 0, NOT_LISTED: 0, SUSPENDED: 0, REMOVED: 0 };

export class RegistrationService {
  constructor(private readonly prisma: PrismaClient) {}

  /** The election's constituencies in `scope` (default: all of them). */
  async perConstituency(electionId: number, scope?: AreaScope): Promise<ConstituencyRegistration[]> {
    const [constituencies, byStatus, away] = await Promise.all([
      this.prisma.constituency.findMany({ where: { electionId, ...(scope ? constituencyWhere(scope) : {}) }, orderBy: { code: "asc" } }),
      this.prisma.rollEntry.groupBy({ by: ["constituencyId", "status"], where: { electionId }, _count: { _all: true } }),
      // 人户分离 and 外出务工 need column comparisons Prisma's groupBy cannot express; an entry
      // whose hukou or residence area is unknown is not counted as 人户分离.
      this.prisma.$queryRaw<{ constituencyId: number; awayFromHukou: bigint; awayForWork: bigint }[]>`
        SELECT "constituencyId",
               COUNT(*) FILTER (WHERE "hukouAreaId" <> "residenceAreaId") AS "awayFromHukou",
               COUNT(*) FILTER (WHERE "awayForWork") AS "awayForWork"
        FROM "RollEntry" WHERE "electionId" = ${electionId} GROUP BY "constituencyId"`,
    ]);
    return constituencies.map((c) => {
      const counts = { ...EMPTY };
      for (const row of byStatus) if (row.constituencyId === c.id) counts[row.status] = row._count._all;
      const a = away.find((r) => r.constituencyId === c.id);
      return {
        constituencyId: c.id,
        name: c.name,
        seats: c.seats,
        byStatus: counts,
        total: Object.values(counts).reduce((x, y) => x + y, 0),
        awayFromHukou: Number(a?.awayFromHukou ?? 0),
        awayForWork: Number(a?.awayForWork ?? 0),
      };
    });
  }
}
