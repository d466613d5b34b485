// Chat sessions (grammY's, stored by db/ in the Session table) are kept only while in use.
import type { PrismaClient } from "@prisma/client";

export class SessionService {
  constructor(private readonly prisma: PrismaClient) {}

  /** Deletes sessions not written since `cutoff`; returns how many. */
  async purgeIdleBefore(cutoff: Date): Promise<number> {
    const { count } = await this.prisma.session.deleteMany({ where: { updatedAt: { lt: cutoff } } });
    return count;
  }

  /** Deletes the session of one chat (a person's private chat: their data on request). */
  async deleteChat(chatId: number): Promise<number> {
    const { count } = await this.prisma.session.deleteMany({ where: { key: String(chatId) } });
    return count;
  }
}
