/**
 * Planning a broadcast against Telegram's limits (shared/design/architecture.md, "Scale"): how long
 * it takes (broadcastEta), when each constituency must start so everybody is reached within the
 * allowed hours of one day (planDelivery), how long to wait before a retry (retryDelay) and what a
 * failed send means (classifySendError). Pure: `now` and the random number are parameters, no I/O.
 *
 * Rules chosen:
 * - ETA = remaining recipients / rate, as seconds (not rounded). It is a lower bound: 429s and
 *   retries add to it. One message per recipient, so the per-chat limit (1/s) does not bind.
 * - Paid broadcasts (`allow_paid_broadcast`): 1,000 messages/s for 0.1 Stars a message; the cost is
 *   that of the remaining messages.
 * - planDelivery works in milliseconds: a constituency of n recipients needs ceil(n × 1000 / rate) ms;
 *   the plan is feasible when the sum fits between max(now, from:00) and to:00 of the target day.
 *   Constituencies are taken in id order (code-unit order, independent of the input order), and the
 *   slack is shared out in proportion to the audience already placed ("even", the default: the
 *   day's load — and the replies it triggers — is spread over the allowed hours), or not at all
 *   ("asap": back to back from the first allowed minute; for ELECTION_MORNING, where early matters).
 * - When it does not fit: `needsStartAt` is when sending would have to start if it ran only during
 *   the allowed hours of consecutive days ending with the target day (`daysNeeded` such windows;
 *   those reached on the earlier days get it before the target day), `requiredRatePerSecond` the
 *   rate that would fit the time left, and `paidBroadcast` what the paid rate would take and cost.
 * - Retries: exponential backoff with full jitter, delay = random × min(maxMs, baseMs × 2^attempt),
 *   attempt counted from 0 (the first retry). A 429 waits retry_after instead (retryAfterSeconds).
 * - Errors: 429 → RATE_LIMITED; every 403 (blocked, deactivated, kicked, can't initiate) and the 400s
 *   that mean the chat is gone (chat/user not found, PEER_ID_INVALID) → UNREACHABLE (stop sending to
 *   that chat); 5xx and no error code at all (network, timeout) → RETRY; anything else → FAILED
 *   (this message is wrong — too long, bad markup — and retrying cannot help).
 */
import { addDays, type LocalDate } from "./dates.js";
import { instantAt } from "./zoned-time.js";

export interface PaidBroadcast {
  ratePerSecond: number;
  starsPerMessage: number;
}

/** Telegram's paid broadcasts: 1,000 messages/s, 0.1 Stars a message. */
export const PAID_BROADCAST: Readonly<PaidBroadcast> = { ratePerSecond: 1000, starsPerMessage: 0.1 };
/** Telegram's free bulk limit for one bot. */
export const FREE_RATE_PER_SECOND = 30;

function checkRate(rate: number, fn: string): void {
  if (!Number.isFinite(rate) || rate <= 0) throw new RangeError(`${fn}: ratePerSecond must be a finite number > 0, got ${rate}`);
}

function checkCount(n: number, name: string, fn: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${fn}: ${name} must be an integer ≥ 0, got ${n}`);
}

/** Stars, rounded to 6 decimals so that 3 × 0.1 is 0.3. */
const stars = (messages: number, perMessage: number): number => Math.round(messages * perMessage * 1e6) / 1e6;

export interface EtaInput {
  recipients: number;
  ratePerSecond: number;
  /** Already delivered (or given up) in this broadcast; ≤ recipients. */
  alreadySent?: number;
  /** When set, the broadcast is paid: its rate replaces ratePerSecond and the cost is given. */
  paid?: PaidBroadcast;
}

export interface Eta {
  remaining: number;
  seconds: number;
  costStars?: number;
}

export function broadcastEta({ recipients, ratePerSecond, alreadySent = 0, paid }: EtaInput): Eta {
  checkCount(recipients, "recipients", "broadcastEta");
  checkCount(alreadySent, "alreadySent", "broadcastEta");
  if (alreadySent > recipients) {
    throw new RangeError(`broadcastEta: alreadySent (${alreadySent}) exceeds recipients (${recipients})`);
  }
  const remaining = recipients - alreadySent;
  if (paid === undefined) {
    checkRate(ratePerSecond, "broadcastEta");
    return { remaining, seconds: remaining / ratePerSecond };
  }
  checkRate(paid.ratePerSecond, "broadcastEta (paid)");
  if (!Number.isFinite(paid.starsPerMessage) || paid.starsPerMessage < 0) {
    throw new RangeError(`broadcastEta: starsPerMessage must be ≥ 0, got ${paid.starsPerMessage}`);
  }
  return {
    remaining,
    seconds: remaining / paid.ratePerSecond,
    costStars: stars(remaining, paid.starsPerMessage),
  };
}

// ---------------------------------------------------------------------------------------------
// Delivery plan

/** Whole hours on the local clock, from:00 up to to:00 of the same day; 0 ≤ from < to ≤ 24. */
export interface AllowedHours {
  from: number;
  to: number;
}

export interface ConstituencyAudience {
  id: string;
  count: number;
}

export interface DeliveryInput {
  audienceByConstituency: readonly ConstituencyAudience[];
  ratePerSecond: number;
  mustArriveOn: LocalDate;
  allowedHours: AllowedHours;
  timeZone: string;
  now: Date;
  /** "even" (default): slack shared out across the window; "asap": back to back from the start. */
  spread?: "even" | "asap";
  /** The paid option to report when the plan does not fit (default PAID_BROADCAST). */
  paid?: PaidBroadcast;
}

export interface ConstituencySlot {
  id: string;
  count: number;
  startAt: Date;
  /** startAt + count / rate: when its last message should have gone, at the planned rate. */
  finishBy: Date;
}

export interface FeasiblePlan {
  feasible: true;
  /** In id order. */
  slots: ConstituencySlot[];
  windowStart: Date;
  windowEnd: Date;
  /** Seconds of sending at the planned rate, and of the allowed time left over. */
  sendSeconds: number;
  slackSeconds: number;
}

export interface InfeasiblePlan {
  feasible: false;
  windowStart: Date;
  windowEnd: Date;
  /** What does not fit: seconds beyond the window, and recipients who would not be reached. */
  shortfall: { seconds: number; recipients: number };
  /** Allowed windows (days) needed at this rate, ending with mustArriveOn. */
  daysNeeded: number;
  needsStartOn: LocalDate;
  needsStartAt: Date;
  /** Whole messages/s that would fit the time left on mustArriveOn; null when none is left. */
  requiredRatePerSecond: number | null;
  paidBroadcast: { ratePerSecond: number; seconds: number; costStars: number; feasible: boolean };
}

export type DeliveryPlan = FeasiblePlan | InfeasiblePlan;

const MAX_DAYS_BACK = 3660;

function checkAllowedHours({ from, to }: AllowedHours): void {
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > 24 || from >= to) {
    throw new RangeError(`planDelivery: allowedHours must be whole hours with 0 ≤ from < to ≤ 24, got ${from}–${to}`);
  }
}

export function planDelivery(input: DeliveryInput): DeliveryPlan {
  const { ratePerSecond: rate, mustArriveOn, allowedHours, timeZone, now } = input;
  checkRate(rate, "planDelivery");
  checkAllowedHours(allowedHours);
  if (Number.isNaN(now.getTime())) throw new RangeError("planDelivery: invalid now");
  const seen = new Set<string>();
  for (const a of input.audienceByConstituency) {
    checkCount(a.count, `count of ${a.id}`, "planDelivery");
    if (seen.has(a.id)) throw new RangeError(`planDelivery: constituency ${a.id} listed twice`);
    seen.add(a.id);
  }
  const audience = [...input.audienceByConstituency].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const total = audience.reduce((s, a) => s + a.count, 0);
  const durationMs = (n: number): number => Math.ceil((n * 1000) / rate);
  const durations = audience.map((a) => durationMs(a.count));
  const sendMs = durations.reduce((s, d) => s + d, 0);

  const window = (day: LocalDate): [number, number] => [
    instantAt(day, allowedHours.from * 60, timeZone).getTime(),
    instantAt(day, allowedHours.to * 60, timeZone).getTime(),
  ];
  const [windowStart, windowEnd] = window(mustArriveOn);
  const start = Math.min(Math.max(windowStart, now.getTime()), windowEnd);
  const availableMs = windowEnd - start;

  if (sendMs <= availableMs) {
    const slackMs = input.spread === "asap" ? 0 : availableMs - sendMs;
    let sentMs = 0;
    let placed = 0;
    const slots = audience.map((a, i): ConstituencySlot => {
      const startAt = start + sentMs + (total === 0 ? 0 : Math.floor((slackMs * placed) / total));
      const d = durations[i] ?? 0;
      sentMs += d;
      placed += a.count;
      return { id: a.id, count: a.count, startAt: new Date(startAt), finishBy: new Date(startAt + d) };
    });
    return {
      feasible: true,
      slots,
      windowStart: new Date(windowStart),
      windowEnd: new Date(windowEnd),
      sendSeconds: total / rate,
      slackSeconds: (availableMs - sendMs) / 1000,
    };
  }

  // Does not fit: walk back over whole allowed windows until the sending fits.
  let remaining = sendMs;
  let day = mustArriveOn;
  let daysNeeded = 1;
  let needsStartAt: number;
  for (;;) {
    const [ws, we] = window(day);
    if (remaining <= we - ws) {
      needsStartAt = we - remaining;
      break;
    }
    remaining -= we - ws;
    if (daysNeeded >= MAX_DAYS_BACK) {
      throw new RangeError(`planDelivery: sending ${total} at ${rate}/s needs more than ${MAX_DAYS_BACK} days`);
    }
    day = addDays(day, -1);
    daysNeeded++;
  }
  const paid = input.paid ?? PAID_BROADCAST;
  checkRate(paid.ratePerSecond, "planDelivery (paid)");
  const paidMs = Math.ceil((total * 1000) / paid.ratePerSecond);
  return {
    feasible: false,
    windowStart: new Date(windowStart),
    windowEnd: new Date(windowEnd),
    shortfall: {
      seconds: (sendMs - availableMs) / 1000,
      recipients: Math.max(0, total - Math.floor((availableMs * rate) / 1000)),
    },
    daysNeeded,
    needsStartOn: day,
    needsStartAt: new Date(needsStartAt),
    requiredRatePerSecond: availableMs > 0 ? Math.ceil((total * 1000) / availableMs) : null,
    paidBroadcast: {
      ratePerSecond: paid.ratePerSecond,
      seconds: total / paid.ratePerSecond,
      costStars: stars(total, paid.starsPerMessage),
      feasible: paidMs <= availableMs,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Retries and errors

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

/**
 * Milliseconds to wait before retry number `attempt` (0 = the first retry): full jitter,
 * floor(random × min(maxMs, baseMs × 2^attempt)). `random` is in [0, 1) (the caller's Math.random()).
 */
export function retryDelay(attempt: number, { baseMs, maxMs }: BackoffOptions, random: number): number {
  if (!Number.isSafeInteger(attempt) || attempt < 0) throw new RangeError(`retryDelay: attempt must be an integer ≥ 0, got ${attempt}`);
  if (!Number.isFinite(baseMs) || baseMs <= 0) throw new RangeError(`retryDelay: baseMs must be > 0, got ${baseMs}`);
  if (!Number.isFinite(maxMs) || maxMs < baseMs) throw new RangeError(`retryDelay: maxMs must be ≥ baseMs, got ${maxMs}`);
  if (!(random >= 0 && random < 1)) throw new RangeError(`retryDelay: random must be in [0, 1), got ${random}`);
  const cap = Math.min(maxMs, baseMs * 2 ** attempt); // 2 ** 1100 is Infinity: min still gives maxMs
  return Math.floor(random * cap);
}

export type SendErrorKind = "RATE_LIMITED" | "UNREACHABLE" | "RETRY" | "FAILED";

/** 400 descriptions that mean the chat cannot be reached at all. */
const UNREACHABLE_400 = [/chat not found/i, /user not found/i, /PEER_ID_INVALID/i, /bot was blocked/i, /user is deactivated/i, /CHAT_WRITE_FORBIDDEN/i];

/**
 * What a failed send means for the outbox; errorCode and description as in Telegram's answer
 * (grammY's GrammyError.error_code / .description). No error code at all = a network error.
 */
export function classifySendError(errorCode: number | null | undefined, description?: string | null): SendErrorKind {
  if (errorCode == null) return "RETRY";
  if (errorCode === 429) return "RATE_LIMITED";
  if (errorCode === 403) return "UNREACHABLE";
  if (errorCode >= 500) return "RETRY";
  if (errorCode === 400 && UNREACHABLE_400.some((re) => re.test(description ?? ""))) return "UNREACHABLE";
  return "FAILED";
}

/**
 * Seconds Telegram asks to wait: `parameters.retry_after` when given, else "retry after N" in the
 * description; null when neither says.
 */
export function retryAfterSeconds(description?: string | null, parameters?: { retry_after?: number } | null): number | null {
  const given = parameters?.retry_after;
  if (given !== undefined && Number.isFinite(given) && given >= 0) return given;
  const match = /retry after (\d+)/i.exec(description ?? "");
  return match ? Number(match[1]) : null;
}
