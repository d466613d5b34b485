// One sender loop per instance: claims small batches of deliveries (SKIP LOCKED, with a lease),
// reserves their send slots on the shared rate, sends each at its slot, and records the outcome
// of each message as it happens. Any number of instances may run it on one database
// (src/services/outbox.ts explains the guarantees and the at-least-once choice).
//
// Keeping the rate (bench/broadcast.ts): a message is sent at its slot without waiting for the
// previous one's answer or its database write (those run alongside, at most `maxInFlight`), so a
// slow answer or a busy database does not push the next slot back; the next batch is claimed and
// its slots reserved while this one's last messages go out, so its slots follow on from ours
// instead of after the queries; slots this instance reserved but did not use for a delivered
// message (a 403, a chat not found, a skipped delivery) go to the next message, in the next batch
// too when its reservation follows on. A sender that falls behind (a stall, a busy machine) may
// catch up on slots up to a second old, but never sends more than the rate in any second of its
// own (SendWindow), so catching up does not burst over Telegram's window; older slots are skipped.

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
  /** Sends awaiting Telegram's answer or their database write at once (default: half a second's worth, ≥ 4). */
  maxInFlight?: number;
}

/** Claimed deliveries with their reserved slots: slot i at start + i × interval. */
interface Batch {
  paid: boolean;
  deliveries: ClaimedDelivery[];
  start: number;
  /** Messages a second the slots were reserved at. */
  rate: number;
}

/**
 * The share of the configured rate this instance sends at: a 429 lowers it a little, each batch
 * without one raises it back. Telegram counts by its own clock, so network and scheduling jitter
 * can put one message too many in its second even at a steady 29/s; each 429 then costs every
 * sender a pause of a second or more, while sending a few percent slower costs only that.
 */
const PACE = { min: 0.85, after429: 0.97, recovery: 0.002 } as const;

/**
 * This instance's recent sends: never more than `limit` in any `spanMs` — the pace of the
 * configured rate over a second's worth of messages (29 in 1,000 ms at 29/s, 28 in 1,018 ms at
 * 27.5/s). Catching up after a stall is then never denser than steady sending, which keeps the
 * margin under Telegram's 30 a second that absorbs network and scheduling jitter.
 */
class SendWindow {
  private readonly times: number[] = [];

  /** Milliseconds until one more send at `rate` keeps within the limit (0: now). */
  waitFor(now: number, rate: number): number {
    const limit = Math.max(1, Math.ceil(rate));
    const spanMs = (1000 * limit) / rate;
    while (this.times.length > 0 && this.times[0]! <= now - 2000) this.times.shift();
    const last = this.times.length - limit;
    return last < 0 ? 0 : Math.max(0, this.times[last]! + spanMs - now);
  }

  sent(at: number): void {
    this.times.push(at);
  }
}

/** Claim the next batch when this many messages of the current one are left. */
const PREFETCH_AT = 3;

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
  /** Sends and database writes under way; awaited before a batch ends and on stop. */
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Progress edits under way (not waited for by the sending). */
  private readonly background = new Set<Promise<unknown>>();
  /** The next batch per kind (paid, free), claimed while the current one finished. */
  private readonly prefetched = new Map<boolean, Promise<Batch | null>>();
  /** Where the last batch's reservation ended and how many of its slots went unused, per kind. */
  private readonly leftover = new Map<boolean, { end: number; unused: number }>();
  /** This instance's sends in the last second, per kind. */
  private readonly windows = new Map<boolean, SendWindow>();
  private readonly pace = new Map<boolean, number>([[true, 1], [false, 1]]);

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

  /** Lets the messages under way finish, gives the rest (and any claimed next batch) back, and returns. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.loop = null;
    await this.giveBackPrefetched();
    await this.settle();
  }

  /** Nudges an idle loop (a broadcast was just queued). */
  poke(): void {
    this.wake?.();
  }

  /** One batch of paid, then one of free broadcasts; returns the deliveries handled. */
  async runOnce(): Promise<number> {
    let handled = 0;
    for (const paid of [true, false]) handled += await this.batch(paid);
    // Idle: let the progress edits (and a broadcast marked DONE) land before saying so.
    if (handled === 0) await this.settle();
    return handled;
  }

  /** Waits for the progress edits under way (sending does not wait for them). */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.background]);
  }

  private async claimBatch(paid: boolean): Promise<Batch | null> {
    const { clock } = this.opts;
    const deliveries = await this.outbox.claim({ senderId: this.id, now: clock.now(), limit: this.batchSize, leaseMs: this.leaseMs, paid });
    if (deliveries.length === 0) return null;
    const rate = this.outbox.rateFor(paid) * this.pace.get(paid)!;
    const start = (await this.outbox.reserveSlots(deliveries.length, paid, clock.now(), rate)).getTime();
    return { paid, deliveries, start, rate };
  }

  private async giveBackPrefetched(): Promise<void> {
    for (const [paid, next] of [...this.prefetched]) {
      this.prefetched.delete(paid);
      const b = await next.catch(() => null);
      if (b) await this.outbox.release(b.deliveries, this.id);
    }
  }

  private async batch(paid: boolean): Promise<number> {
    const { clock } = this.opts;
    const pending = this.prefetched.get(paid);
    this.prefetched.delete(paid);
    // Nothing claimed ahead (or nothing was due then): claim now.
    const ahead = pending ? await pending : null;
    const b = ahead ?? (await this.claimBatch(paid));
    if (!b) return 0;
    const claimed = b.deliveries;
    const rate = b.rate;
    const interval = 1000 / rate;
    const maxInFlight = this.opts.maxInFlight ?? Math.max(4, Math.ceil(rate / 2));
    const ids = [...new Set(claimed.map((d) => d.broadcastId))];
    // A batch claimed ahead may belong to a broadcast paused or cancelled since.
    let live = ahead ? await this.outbox.sending(ids) : new Set(ids);
    let checking: Promise<unknown> | null = null;
    let checkedAt = clock.now().getTime();
    let handled = 0;
    let rateLimited = false;
    // Slot indexes are relative to this batch's start. Slots not used by a delivered message are
    // given to the next message: the reservation is this instance's alone, so moving earlier inside
    // it never overlaps another instance's slots. A reservation that follows on from the last one
    // may use that one's unused slots the same way.
    const before = this.leftover.get(paid);
    let next = before && Math.abs(before.end - b.start) < 1 ? -before.unused : 0;
    let freed = 0;
    const end = b.start + claimed.length * interval;
    const window = this.windowFor(paid);
    for (let i = 0; i < claimed.length; i++) {
      const d = claimed[i]!;
      if (rateLimited || this.stopping) {
        await this.outbox.release(claimed.slice(i), this.id);
        break;
      }
      if (i === claimed.length - PREFETCH_AT) this.prefetched.set(paid, this.claimBatch(paid).catch((e: unknown) => this.failedClaim(e)));
      // Staff pressed pause or cancel: checked about once a second, not per message, and not in the way.
      if (!checking && clock.now().getTime() - checkedAt >= 1000) {
        const check = this.outbox.sending(ids).then((s) => {
          live = s;
          checkedAt = clock.now().getTime();
          checking = null;
        });
        checking = check;
        this.track(this.inFlight, check);
      }
      if (!live.has(d.broadcastId)) {
        await this.outbox.release([d], this.id);
        continue;
      }
      next -= freed;
      freed = 0;
      // Fallen behind (a stall, a busy machine): slots up to a second old may still be used, as
      // long as this instance keeps under the rate in any second (below); older ones are skipped.
      // What no longer fits in this reservation is given back.
      const now = clock.now().getTime();
      if (b.start + next * interval < now - 1000) next = Math.ceil((now - 1000 - b.start) / interval);
      if (next >= claimed.length) {
        await this.outbox.release(claimed.slice(i), this.id);
        break;
      }
      const at = b.start + next * interval;
      next++;
      const wait = Math.max(at - now, window.waitFor(now, rate));
      if (wait > 0) await this.sleep(wait);
      while (this.inFlight.size >= maxInFlight) await Promise.race(this.inFlight);
      if (rateLimited || this.stopping) {
        await this.outbox.release(claimed.slice(i), this.id);
        break;
      }
      handled++;
      window.sent(clock.now().getTime());
      this.track(
        this.inFlight,
        this.deliver(d, () => (rateLimited = true)).then(async (result) => {
          if (result.outcome !== "sent" && result.outcome !== "rate-limited") freed++;
          await this.outbox.record(d, this.id, result, clock.now());
        }),
      );
    }
    await Promise.all([...this.inFlight]);
    this.leftover.set(paid, { end, unused: rateLimited ? 0 : Math.max(0, claimed.length - next + freed) });
    const pace = this.pace.get(paid)!;
    this.pace.set(paid, rateLimited ? Math.max(PACE.min, pace * PACE.after429) : Math.min(1, pace + PACE.recovery));
    // A 429 moved every sender's slots: the batch claimed ahead must reserve anew.
    if (rateLimited) await this.giveBackPrefetched();
    this.track(
      this.background,
      this.outbox.progressDue(ids, clock.now()).then(async (due) => {
        for (const p of due) {
          await this.transport.showProgress(p).catch((e: unknown) => this.opts.logger.warn({ err: e, broadcast: p.id }, "progress edit failed"));
        }
      }),
    );
    return handled;
  }

  private windowFor(paid: boolean): SendWindow {
    let w = this.windows.get(paid);
    if (!w) this.windows.set(paid, (w = new SendWindow()));
    return w;
  }

  private failedClaim(e: unknown): null {
    this.opts.logger.error({ err: e }, "outbox sender: claiming the next batch failed");
    return null;
  }

  /** Keeps a task in `set` until it settles; a failure is logged, never unhandled. */
  private track(set: Set<Promise<unknown>>, task: Promise<unknown>): void {
    const p = task.catch((e: unknown) => this.opts.logger.error({ err: e }, "outbox sender: a send or its record failed"));
    set.add(p);
    void p.finally(() => set.delete(p));
  }

  /** Sends one delivery; `onRateLimited` is called as soon as Telegram answers 429, before the shared pause is written. */
  private async deliver(d: ClaimedDelivery, onRateLimited: () => void): Promise<DeliveryResult> {
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
        onRateLimited();
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
