// The conversation log: every inbound update and outbound message. Writes are queued and
// flushed in batches so the bot never waits on them; stop() flushes what is left.
import type { Direction, PrismaClient } from "@prisma/client";
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
}

const BATCH = 500;
// If the database is unreachable the queue grows; past this many rows the oldest are dropped
// (and counted) rather than taking the process down with them.
const MAX_QUEUED = 100_000;

export class ConversationLog {
  private queue: LogEntry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  dropped = 0;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly log: Logger,
    private readonly flushMs: number,
  ) {}

  record(entry: LogEntry): void {
    this.queue.push(entry);
    if (this.queue.length > MAX_QUEUED) {
      this.queue.shift();
      this.dropped++;
    }
    if (this.queue.length >= BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.flushMs);
  }

  /** Writes everything queued so far; concurrent calls share one write loop. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.flushing) await this.flushing;
    if (this.queue.length === 0) return;
    this.flushing = this.writeAll().finally(() => (this.flushing = undefined));
    await this.flushing;
  }

  private async writeAll(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.slice(0, BATCH);
      try {
        await this.prisma.conversationLog.createMany({ data: batch.map(toRow) });
        this.queue.splice(0, batch.length);
      } catch (error) {
        // Keep the rows and try again on the next tick.
        this.log.error({ err: error, queued: this.queue.length }, "conversation log write failed");
        this.timer ??= setTimeout(() => void this.flush(), Math.max(this.flushMs, 1000));
        return;
      }
    }
  }

  get pending(): number {
    return this.queue.length;
  }

  async stop(): Promise<void> {
    await this.flush();
    clearTimeout(this.timer);
  }

  /** Deletes every row of one person (and their private chat with the bot). */
  async deletePerson(telegramId: number): Promise<number> {
    await this.flush();
    const id = BigInt(telegramId);
    const { count } = await this.prisma.conversationLog.deleteMany({
      where: { OR: [{ telegramId: id }, { chatId: id }] },
    });
    return count;
  }

  /** Retention: deletes rows older than the cut-off. */
  async purgeBefore(cutoff: Date): Promise<number> {
    const { count } = await this.prisma.conversationLog.deleteMany({ where: { at: { lt: cutoff } } });
    return count;
  }
}

function toRow(e: LogEntry) {
  return {
    at: e.at,
    chatId: e.chatId == null ? null : BigInt(e.chatId),
    telegramId: e.telegramId == null ? null : BigInt(e.telegramId),
    direction: e.direction,
    kind: e.kind,
    text: e.text ?? null,
    callbackData: e.callbackData ?? null,
    locale: e.locale ?? null,
    feature: e.feature ?? null,
    updateId: e.updateId ?? null,
  };
}
