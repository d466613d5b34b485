// People using the bot: one row per Telegram account, created on first contact.
import type { PrismaClient, User } from "@prisma/client";
import type { Locale } from "../config/config.js";

export type Role = "VOTER" | "DELEGATE" | "STAFF" | "ADMIN";
export const ROLES: readonly Role[] = ["VOTER", "DELEGATE", "STAFF", "ADMIN"];

/** The account behind an update, as the bot sees it. */
export interface Account {
  id: number;
  telegramId: number;
  firstName: string | null;
  username: string | null;
  role: Role;
  /** Chosen with /language; null = follow Telegram's language_code. */
  locale: string | null;
  rollEntryId: number | null;
  constituencyId: number | null;
  lastSeenAt: Date;
}

export interface TelegramPerson {
  id: number;
  first_name?: string;
  username?: string;
}

// lastSeenAt is refreshed at most this often, so most updates cost one read, not a write.
const SEEN_REFRESH_MS = 10 * 60_000;
// Every update needs its user. Rows are kept this long per instance; changes made through this
// service are seen at once, changes made elsewhere (another instance, the CLI) within this time.
const CACHE_MS = 15_000;
const CACHE_MAX = 50_000;

export function toAccount(u: User): Account {
  return {
    id: u.id,
    telegramId: Number(u.telegramId),
    firstName: u.firstName,
    username: u.username,
    role: u.role,
    locale: u.locale,
    rollEntryId: u.rollEntryId,
    constituencyId: u.constituencyId,
    lastSeenAt: u.lastSeenAt,
  };
}

export class UserService {
  private readonly cache = new Map<number, { at: number; user: Account }>();

  constructor(private readonly prisma: PrismaClient) {}

  /** Finds or creates the user behind an update. */
  async touch(person: TelegramPerson, now = new Date()): Promise<Account> {
    const hit = this.cache.get(person.id);
    if (hit && now.getTime() - hit.at < CACHE_MS && now.getTime() - hit.user.lastSeenAt.getTime() < SEEN_REFRESH_MS)
      return hit.user;
    // Hand-written SQL: this runs for every update, and Prisma compiles each query anew (6.19),
    // which cost twice the CPU of the query itself (bench/README.md).
    const [found] = await this.prisma.$queryRaw<User[]>`SELECT * FROM "User" WHERE "telegramId" = ${BigInt(person.id)}`;
    const fresh = found && now.getTime() - found.lastSeenAt.getTime() < SEEN_REFRESH_MS;
    // Insert or refresh in one statement: two instances (or two updates) meeting a new person
    // at once both get the one row.
    const user =
      found && fresh
        ? found
        : (
            await this.prisma.$queryRaw<User[]>`
              INSERT INTO "User" ("telegramId", "firstName", "username", "lastSeenAt")
              VALUES (${BigInt(person.id)}, ${person.first_name ?? null}, ${person.username ?? null}, ${now})
              ON CONFLICT ("telegramId") DO UPDATE
                SET "lastSeenAt" = EXCLUDED."lastSeenAt", "firstName" = EXCLUDED."firstName", "username" = EXCLUDED."username"
              RETURNING *`
          )[0]!;
    return this.remember(toAccount(user), now.getTime());
  }

  async setLocale(userId: number, locale: Locale): Promise<Account> {
    return this.remember(toAccount(await this.prisma.user.update({ where: { id: userId }, data: { locale } })));
  }

  async setRole(userId: number, role: Role): Promise<Account> {
    return this.remember(toAccount(await this.prisma.user.update({ where: { id: userId }, data: { role } })));
  }

  /** Re-reads an account after another service changed it (link to the roll); null when gone. */
  async reload(userId: number): Promise<Account | null> {
    const u = await this.prisma.user.findUnique({ where: { id: userId } });
    return u ? this.remember(toAccount(u)) : null;
  }

  /** Drops a deleted account from this instance's cache (others drop it within CACHE_MS). */
  forget(telegramId: number): void {
    this.cache.delete(telegramId);
  }

  private remember(user: Account, at = Date.now()): Account {
    const key = user.telegramId;
    this.cache.delete(key); // re-insert so the Map's order is least recently stored first
    if (this.cache.size >= CACHE_MAX) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { at, user });
    return user;
  }
}
