// One sender loop per instance: claims small batches of deliveries (SKIP LOCKED, with a lease),
// reserves their send slots on the shared rate, sends each at its slot, and records the outcome
// of each message as it happens. Any number of instances may run it on one database
// (src/services/outbox.ts explains the guarantees and the at-least-once choice).
import { classifySendError, retryDelay } from "../domain/broadcast-plan.js";
import type { Logger } from "../observability/logger.js";
import type { Clock } from "../services/clock.js";
import type { BroadcastProgress, ClaimedDelivery, DeliveryResult, OutboxService } from "../services/outbox.js";

/** What Telegram said to one send; a refusal is returned, never thrown. */
export type SendOutcome =
  | { ok: true; messageId: number | null }
  | { ok: false; errorCode: number | null; description: string; retryAfter: number | null };

/** The Telegram side (src/bot/outbox-transport.ts): renders and sends, edits progress messages. */
export interface OutboxTransport {
  send(d: ClaimedDelivery): Promise<SendOutcome>;
  showProgress(p: BroadcastProgress): Promise<void>;
}

export interface SenderOptions {
  /** Distinguishes this instance's claims (host:pid:random). */
  id: string;
  clock: Clock;
  logger: Logger;
  batchSize?: number;
  leaseMs?: number;
  /** Backoff for retried errors (5xx, network): full jitter. */
  backoff?: { baseMs: number; maxMs: number };
  idleMs?: number;
  /** Waiting for a send slot; tests pass one that returns at once (with a fixed clock). */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class OutboxSender {
  private stopping = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  readonly id: string;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly backoff: { baseMs: number; maxMs: number };
  private readonly idleMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(
    private readonly outbox: OutboxService,
    private readonly transport: OutboxTransport,
    private readonly opts: SenderOptions,
  ) {
    this.id = opts.id;
    // About a second of sending per batch: the claim and slot queries between batches cost little.
    this.batchSize = opts.batchSize ?? Math.min(100, Math.max(10, Math.ceil(outbox.rateFor(false))));
    this.leaseMs = opts.leaseMs ?? 60_000;
    this.backoff = opts.backoff ?? { baseMs: 2000, maxMs: 300_000 };
    this.idleMs = opts.idleMs ?? 1000;
    this.sleep = opts.sleep ?? realSleep;
    this.random = opts.random ?? Math.random;
  }

  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = (async () => {
      while (!this.stopping) {
        let handled = 0;
        try {
          handled = await this.runOnce();
        } catch (e) {
          this.opts.logger.error({ err: e }, "outbox sender: batch failed");
        }
        if (handled === 0 && !this.stopping) {
          await new Promise<void>((resolve) => {
            const t = setTimeout(resolve, this.idleMs);
            this.wake = () => {
              clearTimeout(t);
              resolve();
            };
          });
          this.wake = null;
        }
      }
    })();
  }

  /** Lets the current message finish, gives the rest of the batch back, and returns. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.loop = null;
  }

  /** Nudges an idle loop (a broadcast was just queued). */
  poke(): void {
    this.wake?.();
  }

  /** One batch of paid, then one of free broadcasts; returns the deliveries handled. */
  async runOnce(): Promise<number> {
    let handled = 0;
    for (const paid of [true, false]) handled += await this.batch(paid);
    return handled;
  }

  private async batch(paid: boolean): Promise<number> {
    const { clock } = this.opts;
    const claimed = await this.outbox.claim({ senderId: this.id, now: clock.now(), limit: this.batchSize, leaseMs: this.leaseMs, paid });
    if (claimed.length === 0) return 0;
    const start = (await this.outbox.reserveSlots(claimed.length, paid, clock.now())).getTime();
    const interval = 1000 / this.outbox.rateFor(paid);
    const ids = [...new Set(claimed.map((d) => d.broadcastId))];
    let live = new Set(ids);
    let checkedAt = clock.now().getTime();
    let handled = 0;
    // Slots of this batch not used by a delivered message (skipped, refused by Telegram) are given
    // to the next message: the reservation is this instance's alone, so moving earlier inside it
    // never overlaps another instance's slots.
    let unused = 0;
    for (let i = 0; i < claimed.length; i++) {
      const d = claimed[i]!;
      const wait = start + (i - unused) * interval - clock.now().getTime();
      if (wait > 0) await this.sleep(wait);
      // Fallen behind (a stall, a slow database): sending the slots already past back to back would
      // burst over Telegram's window and earn a 429. Give the rest back and reserve fresh slots.
      else if (-wait > 2 * interval && i > 0) {
        await this.outbox.release(claimed.slice(i), this.id);
        break;
      }
      if (this.stopping) {
        await this.outbox.release(claimed.slice(i), this.id);
        break;
      }
      // Staff pressed pause or cancel: checked about once a second, not per message.
      if (clock.now().getTime() - checkedAt >= 1000) {
        live = await this.outbox.sending(ids);
        checkedAt = clock.now().getTime();
      }
      if (!live.has(d.broadcastId)) {
        await this.outbox.release([d], this.id);
        continue;
      }
      const result = await this.deliver(d);
      await this.outbox.record(d, this.id, result, clock.now());
      handled++;
      if (result.outcome !== "sent" && result.outcome !== "rate-limited") unused++;
      if (result.outcome === "rate-limited") {
        await this.outbox.release(claimed.slice(i + 1), this.id);
        break;
      }
    }
    for (const p of await this.outbox.progressDue(ids, clock.now())) {
      await this.transport.showProgress(p).catch((e: unknown) => this.opts.logger.warn({ err: e, broadcast: p.id }, "progress edit failed"));
    }
    return handled;
  }

  private async deliver(d: ClaimedDelivery): Promise<DeliveryResult> {
    const now = this.opts.clock.now();
    if (d.unreachable) return { outcome: "unreachable", error: "blocked the bot before this was sent" };
    if (d.notAfter !== null && now.getTime() >= d.notAfter.getTime()) return { outcome: "expired" };
    let r: SendOutcome;
    try {
      r = await this.transport.send(d);
    } catch (e) {
      r = { ok: false, errorCode: null, description: e instanceof Error ? e.message : String(e), retryAfter: null };
    }
    if (r.ok) return { outcome: "sent", messageId: r.messageId };
    const error = `${r.errorCode ?? "network"}: ${r.description}`.slice(0, 300);
    switch (classifySendError(r.errorCode, r.description)) {
      case "RATE_LIMITED": {
        const seconds = r.retryAfter ?? 1;
        await this.outbox.pauseAll(new Date(this.opts.clock.now().getTime() + seconds * 1000));
        this.opts.logger.warn({ retryAfter: seconds }, "outbox: 429, every sender pauses");
        return { outcome: "rate-limited" };
      }
      case "UNREACHABLE":
        return { outcome: "unreachable", error };
      case "RETRY":
        return {
          outcome: "retry",
          error,
          notBefore: new Date(now.getTime() + retryDelay(Math.max(0, d.attempts - 1), this.backoff, this.random())),
        };
      case "FAILED":
        return { outcome: "failed", error };
    }
  }
}
