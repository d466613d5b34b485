import type { PrismaClient } from "@prisma/client";

export class DelegateService {
  constructor(private readonly prisma: PrismaClient) {}

  /** The delegate record linked to a user account, with its constituency. */
  forUser(userId: number) {
    return this.prisma.delegate.findUnique({ where: { userId }, include: { constituency: true } });
  }

  /** Demo only: attach the first unlinked (or this user's) delegate record to the user. */
  async linkDemoDelegate(userId: number) {
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
