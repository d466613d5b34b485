// People using the bot: one row per Telegram account, created on first contact.
import type { PrismaClient, User } from "@prisma/client";
import type { Locale } from "../config/config.js";
import { prismaSql, type SqlExecutor } from "../db/hot-path.js";

export type Role = "VOTER" | "DELEGATE" | "STAFF" | "ADMIN" | "DEPARTMENT" | "OFFICIAL";
export const ROLES: readonly Role[] = ["VOTER", "DELEGATE", "STAFF", "ADMIN", "DEPARTMENT", "OFFICIAL"];

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

// The Account's columns, named: the User table has more (and may grow). lastSeenAt comes as
// epoch milliseconds: the same on every path and in every process time zone (through Prisma's raw
// queries on PGlite a timestamp would be read as local time — pglite-prisma-adapter 0.6.1).
const COLUMNS = `"id", "telegramId", "firstName", "username", "role", "locale", "rollEntryId", "constituencyId",
  (extract(epoch FROM "lastSeenAt") * 1000)::float8 AS "lastSeenAt"`;

/** A User row as the services' SQL returns it (int8 as a string, lastSeenAt as epoch ms). */
interface UserRow {
  id: number;
  telegramId: string | number | bigint;
  firstName: string | null;
  username: string | null;
  role: Role;
  locale: string | null;
  rollEntryId: number | null;
  constituencyId: number | null;
  lastSeenAt: number;
}

export function toAccount(u: User | UserRow): Account {
  return {
    id: u.id,
    telegramId: Number(u.telegramId),
    firstName: u.firstName,
    username: u.username,
    role: u.role,
    locale: u.locale,
    rollEntryId: u.rollEntryId,
    constituencyId: u.constituencyId,
    lastSeenAt: typeof u.lastSeenAt === "number" ? new Date(u.lastSeenAt) : u.lastSeenAt,
  };
}

interface Waiting {
  person: TelegramPerson;
  now: Date;
  resolve(account: Account): void;
  reject(error: unknown): void;
}

export class UserService {
  // touch() calls of the current event-loop turn, looked up together when it ends.
  private waiting: Waiting[] = [];
  private readonly sql: SqlExecutor;

  /** `sql`: the hot-path executor (Database.sql); without it, the same statements go through Prisma. */
  constructor(
    private readonly prisma: PrismaClient,
    sql?: SqlExecutor,
  ) {
    this.sql = sql ?? prismaSql(prisma);
  }

  /**
   * Finds or creates the user behind an update. No cache: every call reads the row as it is now
   * (a role revoked elsewhere — another instance, the CLI — counts at once). The calls of one
   * event-loop turn share one `SELECT … = ANY`; only new people, and people last seen more than
   * 10 minutes ago, cost an `INSERT … ON CONFLICT … RETURNING` (one for the whole turn).
   */
  touch(person: TelegramPerson, now = new Date()): Promise<Account> {
    return new Promise((resolve, reject) => {
      // The first caller of a turn schedules the look-up; setImmediate runs once the turn's
      // other updates (and their microtasks) have reached this point too.
      if (this.waiting.push({ person, now, resolve, reject }) === 1) setImmediate(() => void this.lookUp(this.waiting.splice(0)));
    });
  }

  private async lookUp(batch: Waiting[]): Promise<void> {
    let rows: UserRow[];
    try {
      const ids = [...new Set(batch.map((w) => w.person.id))];
      rows = await this.sql<UserRow>(`SELECT ${COLUMNS} FROM "User" WHERE "telegramId" = ANY($1::bigint[])`, [ids]);
    } catch (error) {
      for (const w of batch) w.reject(error);
      return;
    }
    const found = new Map(rows.map((r) => [Number(r.telegramId), r]));
    const upsert: Waiting[] = [];
    for (const w of batch) {
      const row = found.get(w.person.id);
      if (row && w.now.getTime() - row.lastSeenAt < SEEN_REFRESH_MS) w.resolve(toAccount(row));
      else upsert.push(w);
    }
    if (upsert.length > 0) await this.upsert(upsert);
  }

  // Insert or refresh in one statement: two instances (or two updates) meeting a new person at
  // once both get the one row. Rows go in telegramId order, so two instances inserting
  // overlapping sets take their locks in the same order (no deadlock).
  private async upsert(batch: Waiting[]): Promise<void> {
    const latest = new Map<number, Waiting>();
    for (const w of batch) {
      const seen = latest.get(w.person.id);
      if (!seen || w.now.getTime() >= seen.now.getTime()) latest.set(w.person.id, w);
    }
    const people = [...latest.values()].sort((a, b) => a.person.id - b.person.id);
    try {
      const rows = await this.sql<UserRow>(
        `INSERT INTO "User" ("telegramId", "firstName", "username", "lastSeenAt")
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::timestamp(3)[])
         ON CONFLICT ("telegramId") DO UPDATE
           SET "lastSeenAt" = EXCLUDED."lastSeenAt", "firstName" = EXCLUDED."firstName", "username" = EXCLUDED."username"
         RETURNING ${COLUMNS}`,
        [
          people.map((w) => w.person.id),
          people.map((w) => w.person.first_name ?? null),
          people.map((w) => w.person.username ?? null),
          people.map((w) => w.now.toISOString()),
        ],
      );
      const stored = new Map(rows.map((r) => [Number(r.telegramId), r]));
      for (const w of batch) {
        const row = stored.get(w.person.id);
        if (row) w.resolve(toAccount(row));
        else w.reject(new Error(`user ${w.person.id} was not stored`));
      }
    } catch (error) {
      for (const w of batch) w.reject(error);
    }
  }

  async setLocale(userId: number, locale: Locale): Promise<Account> {
    return toAccount(await this.prisma.user.update({ where: { id: userId }, data: { locale } }));
  }

  async setRole(userId: number, role: Role): Promise<Account> {
    return toAccount(await this.prisma.user.update({ where: { id: userId }, data: { role } }));
  }

  /** Re-reads an account after another service changed it (link to the roll); null when gone. */
  async reload(userId: number): Promise<Account | null> {
    const u = await this.prisma.user.findUnique({ where: { id: userId } });
    return u ? toAccount(u) : null;
  }
}
