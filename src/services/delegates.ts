// Delegates (人大代表 and committee members) and the accounts linked to them.
import type { Delegate, PrismaClient } from "@prisma/client";
import { fromDbDate, type LocalDate } from "../domain/dates.js";

export interface DelegateView {
  id: number;
  fullName: string;
  level: Delegate["level"];
  constituencyId: number | null;
  constituencyName: string | null;
  termStart: LocalDate;
  termEnd: LocalDate;
}

type DelegateRow = Delegate & { constituency: { name: string } | null };

function toView(d: DelegateRow): DelegateView {
  return {
    id: d.id,
    fullName: d.fullName,
    level: d.level,
    constituencyId: d.constituencyId,
    constituencyName: d.constituency?.name ?? null,
    termStart: fromDbDate(d.termStart),
    termEnd: fromDbDate(d.termEnd),
  };
}

const WITH_CONSTITUENCY = { constituency: { select: { name: true } } } as const;

export class DelegateService {
  constructor(private readonly prisma: PrismaClient) {}

  /** The delegate record linked to a user account, with its constituency. */
  async forUser(userId: number): Promise<DelegateView | null> {
    const d = await this.prisma.delegate.findUnique({ where: { userId }, include: WITH_CONSTITUENCY });
    return d ? toView(d) : null;
  }

  /** Demo only: attach the first unlinked (or this user's) delegate record to the user. */
  async linkDemoDelegate(userId: number): Promise<DelegateView | null> {
    for (;;) {
      const own = await this.forUser(userId);
      if (own) return own;
      const free = await this.prisma.delegate.findFirst({ where: { userId: null }, orderBy: { id: "asc" } });
      if (!free) return null;
      // Claim it only if nobody else did in the meantime; otherwise look for the next free one.
      const { count } = await this.prisma.delegate.updateMany({ where: { id: free.id, userId: null }, data: { userId } });
      if (count === 1) return this.forUser(userId);
    }
  }
}
