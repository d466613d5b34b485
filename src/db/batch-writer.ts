// Write-behind rows: the bot queues them and never waits; they go to the database in full
// batches, or when the oldest has waited `flushMs`. Used for what every update writes and nobody
// reads at once (the conversation log, the FAQ's "answer shown" rows): one statement and one commit
// per batch instead of one per update was the largest single step in bench/README.md.
import type { Logger } from "../observability/logger.js";

export interface BatchWriterOptions<T> {
  /** Writes one batch in one statement; throwing keeps the rows for a later try. */
  write: (rows: T[]) => Promise<void>;
  /** What the rows are, for the process log ("conversation log"). */
  what: string;
  log: Logger;
  flushMs: number;
  /** Rows per statement. */
  batch: number;
  /** With the database unreachable the queue grows; past this many rows new ones are dropped (and counted). */
  maxQueued: number;
}

export class BatchWriter<T> {
  private queue: T[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  // After a failed write, rows arriving meanwhile do not start writes of their own: the retry
  // timer does (otherwise every update during an outage would hammer the database).
  private retryAfter = 0;
  dropped = 0;

  constructor(private readonly opts: BatchWriterOptions<T>) {}

  record(row: T): void {
    if (this.queue.length >= this.opts.maxQueued) {
      this.dropped++;
      return;
    }
    this.queue.push(row);
    // A full batch goes at once; a part batch waits for the timer. Writing whatever had come in
    // during the previous write made batches of ~30 rows under load: 7× the statements.
    if (this.queue.length >= this.opts.batch && !this.flushing && Date.now() >= this.retryAfter) void this.write(this.opts.batch);
    this.timer ??= setTimeout(() => void this.flush(), this.opts.flushMs);
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Writes everything queued so far; concurrent calls share one write loop. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.write(1);
  }

  /** Writes what is queued; says so in the process log if rows could not be written or were dropped. */
  async stop(): Promise<void> {
    await this.flush();
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length > 0 || this.dropped > 0)
      this.opts.log.error({ unwritten: this.queue.length, dropped: this.dropped }, `${this.opts.what} rows lost at shutdown`);
  }

  /** Takes queued rows out (a person's data deleted); waits for a write in flight first. Returns how many. */
  async discard(match: (row: T) => boolean): Promise<number> {
    // A write in flight owns the head of the queue: let it finish.
    while (this.flushing) await this.flushing;
    const before = this.queue.length;
    this.queue = this.queue.filter((row) => !match(row));
    return before - this.queue.length;
  }

  /** Writes batches while at least `minRows` are queued. */
  private async write(minRows: number): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.queue.length < minRows) return;
    this.flushing = this.writeAll(minRows).finally(() => (this.flushing = undefined));
    await this.flushing;
  }

  private async writeAll(minRows: number): Promise<void> {
    while (this.queue.length >= minRows) {
      const batch = this.queue.slice(0, this.opts.batch);
      try {
        await this.opts.write(batch);
        this.queue.splice(0, batch.length);
        this.retryAfter = 0;
      } catch (error) {
        // Keep the rows and try again later.
        const delay = Math.max(this.opts.flushMs, 1000);
        this.retryAfter = Date.now() + delay;
        this.opts.log.error({ err: error, queued: this.queue.length }, `${this.opts.what} write failed`);
        clearTimeout(this.timer);
        this.timer = setTimeout(() => void this.flush(), delay);
        return;
      }
    }
  }
}
