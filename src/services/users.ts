// People using the bot: one row per Telegram account, created on first contact.
import type { PrismaClient, User } from "@prisma/client";
import type { Locale } from "../config/config.js";
import { localeOfLanguageCode } from "../config/locales.js";
import { prismaSql, type SqlExecutor } from "../db/hot-path.js";
import { perTurn } from "../db/per-turn.js";

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
  /** Telegram's IETF language tag ("en", "zh-hans"); stored mapped to our locales (User.telegramLocale). */
  language_code?: string;
}

/**
 * The language of a message sent to a person later, not as a reply (broadcasts, reminders,
 * notices): the one chosen with /language, else Telegram's as last seen; null when neither is
 * known (the sender's default then). In SQL: COALESCE(u."locale", u."telegramLocale").
 */
export function outgoingLocale(u: { locale: string | null; telegramLocale: string | null }): string | null {
  return u.locale ?? u.telegramLocale;
}

// lastSeenAt is refreshed at most this often, so most updates cost one read, not a write.
const SEEN_REFRESH_MS = 10 * 60_000;

// The Account's columns, named: the User table has more (and may grow). lastSeenAt comes as
// epoch milliseconds: the same on every path and in every process time zone (through Prisma's raw
// queries on PGlite a timestamp would be read as local time — pglite-prisma-adapter 0.6.1).
const columns = (t: string) => `${t}."id", ${t}."telegramId", ${t}."firstName", ${t}."username", ${t}."role", ${t}."locale",
  ${t}."telegramLocale", ${t}."rollEntryId", ${t}."constituencyId", (extract(epoch FROM ${t}."lastSeenAt") * 1000)::float8 AS "lastSeenAt"`;
// The session of the person's private chat (grammY's key there is the chat id = their Telegram id)
// comes with the row: nearly every update reads it next, and one statement is cheaper than two.
const WITH_SESSION = (u: string) => `LEFT JOIN "Session" s ON s."key" = ${u}."telegramId"::text`;

/** A User row as the services' SQL returns it (int8 as a string, lastSeenAt as epoch ms). */
interface UserRow {
  id: number;
  telegramId: string | number | bigint;
  firstName: string | null;
  username: string | null;
  role: Role;
  locale: string | null;
  telegramLocale: string | null;
  rollEntryId: number | null;
  constituencyId: number | null;
  lastSeenAt: number;
  /** The JSON of the person's private-chat session, when one is stored. */
  session: string | null;
}

/** An account and the stored session of the person's private chat (null: none stored). */
export interface LookedUp {
  account: Account;
  privateChatSession: string | null;
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

interface Touch {
  person: TelegramPerson;
  now: Date;
}

export class UserService {
  private readonly sql: SqlExecutor;
  // lookUp() calls of one event-loop turn, looked up together when it ends.
  // At most two look-ups out at once: under load, the updates arriving meanwhile share the next.
  private readonly lookUpPerTurn = perTurn((batch: Touch[]) => this.lookUpAll(batch), 2);

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
  async touch(person: TelegramPerson, now = new Date()): Promise<Account> {
    return (await this.lookUp(person, now)).account;
  }

  /** touch(), and the session of the person's private chat read in the same statement. */
  lookUp(person: TelegramPerson, now = new Date()): Promise<LookedUp> {
    return this.lookUpPerTurn({ person, now });
  }

  private async lookUpAll(batch: Touch[]): Promise<(LookedUp | Error)[]> {
    const ids = [...new Set(batch.map((w) => w.person.id))];
    const rows = await this.sql<UserRow>(
      `SELECT ${columns("u")}, s."value" AS "session" FROM "User" u ${WITH_SESSION("u")} WHERE u."telegramId" = ANY($1::bigint[])`,
      [ids],
    );
    const found = new Map(rows.map((r) => [Number(r.telegramId), r]));
    const fresh = (w: Touch) => {
      const row = found.get(w.person.id);
      return row !== undefined && w.now.getTime() - row.lastSeenAt < SEEN_REFRESH_MS;
    };
    const stale = batch.filter((w) => !fresh(w));
    // A failed insert fails only the people it was for: the others of the turn have their row.
    const stored = stale.length > 0 ? await this.upsert(stale, found).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))) : found;
    const lookedUp = (row: UserRow): LookedUp => ({ account: toAccount(row), privateChatSession: row.session });
    return batch.map((w) => {
      if (fresh(w)) return lookedUp(found.get(w.person.id)!);
      if (stored instanceof Error) return stored;
      const row = stored.get(w.person.id);
      return row ? lookedUp(row) : new Error(`user ${w.person.id} was not stored`);
    });
  }

  // Insert or refresh in one statement: two instances (or two updates) meeting a new person at
  // once both get the one row. Rows go in telegramId order, so two instances inserting
  // overlapping sets take their locks in the same order (no deadlock). telegramLocale is written
  // with the rest; an update without a language_code keeps the one stored (`found`).
  private async upsert(batch: Touch[], found: ReadonlyMap<number, UserRow>): Promise<Map<number, UserRow>> {
    const latest = new Map<number, Touch>();
    for (const w of batch) {
      const seen = latest.get(w.person.id);
      if (!seen || w.now.getTime() >= seen.now.getTime()) latest.set(w.person.id, w);
    }
    const people = [...latest.values()].sort((a, b) => a.person.id - b.person.id);
    const rows = await this.sql<UserRow>(
      `WITH stored AS (
         INSERT INTO "User" ("telegramId", "firstName", "username", "lastSeenAt", "telegramLocale")
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::timestamp(3)[], $5::text[])
         ON CONFLICT ("telegramId") DO UPDATE
           SET "lastSeenAt" = EXCLUDED."lastSeenAt", "firstName" = EXCLUDED."firstName", "username" = EXCLUDED."username",
             "telegramLocale" = EXCLUDED."telegramLocale"
         RETURNING ${columns(`"User"`)}
       )
       SELECT stored.*, s."value" AS "session" FROM stored ${WITH_SESSION("stored")}`,
      [
        people.map((w) => w.person.id),
        people.map((w) => w.person.first_name ?? null),
        people.map((w) => w.person.username ?? null),
        people.map((w) => w.now.toISOString()),
        people.map(({ person }) =>
          person.language_code === undefined ? (found.get(person.id)?.telegramLocale ?? null) : localeOfLanguageCode(person.language_code),
        ),
      ],
    );
    return new Map(rows.map((r) => [Number(r.telegramId), r]));
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
