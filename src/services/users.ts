// People using the bot: one row per Telegram account, created on first contact.
import { Prisma, type PrismaClient, type Role, type User } from "@prisma/client";
import type { Locale } from "../config/config.js";

export interface TelegramPerson {
  id: number;
  first_name?: string;
  username?: string;
}

// lastSeenAt is refreshed at most this often, so most updates cost one read, not a write.
const SEEN_REFRESH_MS = 10 * 60_000;

export class UserService {
  constructor(private readonly prisma: PrismaClient) {}

  /** Finds or creates the user behind an update. */
  async touch(person: TelegramPerson, now = new Date()): Promise<User> {
    const telegramId = BigInt(person.id);
    const found = await this.prisma.user.findUnique({ where: { telegramId } });
    if (found) {
      if (now.getTime() - found.lastSeenAt.getTime() < SEEN_REFRESH_MS) return found;
      return this.prisma.user.update({
        where: { id: found.id },
        data: { lastSeenAt: now, firstName: person.first_name ?? null, username: person.username ?? null },
      });
    }
    try {
      return await this.prisma.user.create({
        data: { telegramId, firstName: person.first_name ?? null, username: person.username ?? null, lastSeenAt: now },
      });
    } catch (e) {
      // Two instances (or two updates) creating the same person at once: the other one won.
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002")
        return this.prisma.user.findUniqueOrThrow({ where: { telegramId } });
      throw e;
    }
  }

  setLocale(userId: number, locale: Locale): Promise<User> {
    return this.prisma.user.update({ where: { id: userId }, data: { locale } });
  }

  setRole(userId: number, role: Role): Promise<User> {
    return this.prisma.user.update({ where: { id: userId }, data: { role } });
  }
}
