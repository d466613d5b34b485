// The conversation log: every inbound update and outbound message. Writes are queued and
// flushed in batches (db/batch-writer.ts) so the bot never waits on them; stop() flushes what is left.
import type { Direction, PrismaClient } from "@prisma/client";
import { BatchWriter } from "../db/batch-writer.js";
import { prismaSql, type SqlExecutor } from "../db/hot-path.js";
import type { Logger } from "../observability/logger.js";

export interface LogEntry {
  at: Date;
  chatId?: number | null;
  telegramId?: number | null;
  direction: Direction;
  kind: string;
  text?: string | null;
  callbackData?: string | null;
  locale?: string | null;
  feature?: string | null;
  updateId?: number | null;
  /** Outbound: "ok", Telegram's error code, or "network". */
  outcome?: string | null;
}

/** Longest text stored per row (Telegram's own message limit); the original length is kept beside it. */
export const LOG_TEXT_MAX = 4096;

// Rows per INSERT. A batch is built and sent on the bot's thread: 200 keeps each write short.
export const LOG_BATCH = 200;
// If the database is unreachable the queue grows; past this many rows new ones are dropped
// (and counted) rather than taking the process down with them.
const MAX_QUEUED = 100_000;

export class ConversationLog {
  private readonly rows: BatchWriter<LogEntry>;
  private readonly sql: SqlExecutor;

  /** `sql`: the hot-path executor (Database.sql) for the batch insert; without it, Prisma's raw query. */
  constructor(
    private readonly prisma: PrismaClient,
    log: Logger,
    flushMs: number,
    sql?: SqlExecutor,
  ) {
    this.sql = sql ?? prismaSql(prisma);
    this.rows = new BatchWriter({ write: (batch) => this.insert(batch), what: "conversation log", log, flushMs, batch: LOG_BATCH, maxQueued: MAX_QUEUED });
  }

  record(entry: LogEntry): void {
    this.rows.record(entry);
  }

  /** Writes everything queued so far. */
  flush(): Promise<void> {
    return this.rows.flush();
  }

  get dropped(): number {
    return this.rows.dropped;
  }

  // One statement with the rows as a JSON parameter, straight to the driver (the hot path):
  // Prisma's createMany cost 5× more CPU, and even its raw queries run its query compiler
  // (bench/README.md). Works on PGlite and PostgreSQL. "at" is read as a plain timestamp: the ISO
  // string's "Z" is then ignored and the UTC time stored as Prisma stores it, whatever the
  // server's TimeZone setting (timestamptz would be converted to the server's local time).
  private async insert(batch: LogEntry[]): Promise<void> {
    await this.sql(
      `INSERT INTO "ConversationLog" ("at", "chatId", "telegramId", "direction", "kind", "text", "callbackData", "locale", "feature", "updateId", "outcome", "textLength")
       SELECT x."at", x."chatId", x."telegramId", x."direction"::"Direction", x."kind", x."text", x."callbackData", x."locale", x."feature", x."updateId", x."outcome", x."textLength"
       FROM jsonb_to_recordset($1::jsonb) AS x("at" timestamp(3), "chatId" bigint, "telegramId" bigint, "direction" text, "kind" text,
            "text" text, "callbackData" text, "locale" text, "feature" text, "updateId" integer, "outcome" text, "textLength" integer)`,
      [JSON.stringify(batch.map(toRow))],
    );
  }

  get pending(): number {
    return this.rows.pending;
  }

  /** Writes what is queued; says so in the log if rows could not be written or were dropped. */
  stop(): Promise<void> {
    return this.rows.stop();
  }

  /** Deletes every row of one person (and their private chat with the bot), queued ones too. */
  async deletePerson(telegramId: number): Promise<number> {
    const queued = await this.rows.discard((e) => e.telegramId === telegramId || e.chatId === telegramId);
    const id = BigInt(telegramId);
    const { count } = await this.prisma.conversationLog.deleteMany({
      where: { OR: [{ telegramId: id }, { chatId: id }] },
    });
    return count + queued;
  }

  /** Retention: deletes rows older than the cut-off. */
  async purgeBefore(cutoff: Date): Promise<number> {
    const { count } = await this.prisma.conversationLog.deleteMany({ where: { at: { lt: cutoff } } });
    return count;
  }
}

// PostgreSQL text cannot hold NUL; one such row would make the whole batch fail forever.
function clean(s: string | null | undefined): string | null {
  return s == null ? null : s.replaceAll("\u0000", "\uFFFD");
}

function toRow(e: LogEntry) {
  const text = clean(e.text);
  const cut = text !== null && text.length > LOG_TEXT_MAX;
  return {
    at: e.at.toISOString(),
    chatId: e.chatId ?? null, // Telegram ids fit in a double (< 2^52)
    telegramId: e.telegramId ?? null,
    direction: e.direction,
    kind: e.kind,
    text: cut ? text.slice(0, LOG_TEXT_MAX) : text,
    textLength: cut ? text.length : null,
    outcome: e.outcome ?? null,
    callbackData: clean(e.callbackData),
    locale: e.locale ?? null,
    feature: e.feature ?? null,
    updateId: e.updateId ?? null,
  };
}
