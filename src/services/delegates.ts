import type { PrismaClient } from "@prisma/client";

export class DelegateService {
  constructor(private readonly prisma: PrismaClient) {}

  /** The delegate record linked to a user account, with its constituency. */
  forUser(userId: number) {
    return this.prisma.delegate.findUnique({ where: { userId }, include: { constituency: true } });
  }

  /** Demo only: attach the first unlinked (or this user's) delegate record to the user. */
  async linkDemoDelegate(userId: number) {
    const own = await this.forUser(userId);
    if (own) return own;
    const free = await this.prisma.delegate.findFirst({ where: { userId: null }, orderBy: { id: "asc" } });
    if (!free) return null;
    return this.prisma.delegate.update({ where: { id: free.id }, data: { userId }, include: { constituency: true } });
  }
}
