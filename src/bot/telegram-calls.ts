// How every outbound Bot API call is made: a time limit per call, a bounded number of retries
// with backoff for network errors, 5xx and flood waits (429 retry_after), and one switch that
// cancels every call still waiting when the process stops. We do not use @grammyjs/auto-retry:
// it retries network errors forever (maxRetryAttempts does not apply to them), so with Telegram
// unreachable an update — and its chat's queue, and shutdown — waited indefinitely.
import { HttpError, type Transformer } from "grammy";

export interface CallPolicy {
  /** Retries after the first attempt (API_MAX_RETRIES). */
  maxRetries: number;
  /** One attempt may take this long (long polls excepted: getUpdates has its own timeout). */
  callTimeoutMs: number;
  /** A flood wait longer than this is not waited out: the call fails with the 429. */
  maxFloodWaitSeconds: number;
  /** First backoff delay; doubles per retry, capped at 30 s. */
  baseDelayMs: number;
}

export interface TelegramCalls {
  transformer: Transformer;
  /** Cancels every call in flight or waiting to retry (shutdown after the grace period). */
  abortAll(): void;
}

// What grammY uses of a signal: aborted, addEventListener and removeEventListener ("abort"). Its
// Node build uses the abort-controller polyfill; the caller's signal (the runner's, for
// getUpdates) may be one, or Node's own.
type GrammySignal = NonNullable<Parameters<Transformer>[3]>;
export const grammySignal = (s: AbortSignal | Attempt) => s as unknown as GrammySignal;

/**
 * One attempt's abort signal, with just what grammY (and pause) use of one: aborted by a shutdown,
 * by the caller's signal (the runner's for getUpdates) or after `timeoutMs`; release() when the
 * attempt ends. Node's AbortController (and AbortSignal.any/timeout) makes each signal
 * transferable and the polyfill builds an EventTarget: either cost more than the rest of our part
 * of a sendMessage (bench/README.md).
 */
class Attempt {
  aborted = false;
  private readonly listeners = new Set<() => void>();
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly onCaller: (() => void) | undefined;

  constructor(
    private readonly stops: Set<Attempt>,
    private readonly caller: GrammySignal | undefined,
    timeoutMs: number | null,
  ) {
    stops.add(this);
    if (caller?.aborted) this.abort();
    else if (caller) caller.addEventListener("abort", (this.onCaller = () => this.abort()));
    if (timeoutMs !== null) this.timer = setTimeout(() => this.abort(), timeoutMs);
  }

  addEventListener(_type: "abort", listener: () => void): void {
    this.listeners.add(listener);
  }

  removeEventListener(_type: "abort", listener: () => void): void {
    this.listeners.delete(listener);
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    for (const listener of [...this.listeners]) listener();
  }

  release(): void {
    clearTimeout(this.timer);
    if (this.onCaller) this.caller?.removeEventListener("abort", this.onCaller);
    this.stops.delete(this);
  }
}

/** Resolves after `ms`: true, or false at once when `signal` aborts first. */
function pause(ms: number, signal: Attempt): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const done = (waited: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener("abort", abort);
      resolve(waited);
    };
    const abort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal.addEventListener("abort", abort);
  });
}

export function telegramCalls(policy: CallPolicy): TelegramCalls {
  // The attempts and backoff pauses in progress: abortAll() cancels each.
  const stops = new Set<Attempt>();
  let stopping: Error | undefined;
  const transformer: Transformer = async (prev, method, payload, signal) => {
    for (let attempt = 0; ; attempt++) {
      if (stopping) throw stopping;
      const mayRetry = attempt < policy.maxRetries;
      const backoff = Math.min(policy.baseDelayMs * 2 ** attempt, 30_000);
      const limits = new Attempt(stops, signal, method === "getUpdates" ? null : policy.callTimeoutMs);
      try {
        const result = await prev(method, payload, grammySignal(limits));
        if (result.ok || !mayRetry) return result;
        const floodWait = result.error_code === 429 ? result.parameters?.retry_after : undefined;
        const wait = floodWait !== undefined && floodWait <= policy.maxFloodWaitSeconds ? floodWait * 1000 : result.error_code >= 500 ? backoff : null;
        if (wait === null) return result;
        if (!(await pauseUnlessStopped(stops, signal, wait))) return result;
      } catch (e) {
        if (!(e instanceof HttpError) || !mayRetry || stopping) throw e;
        if (!(await pauseUnlessStopped(stops, signal, backoff))) throw e;
      } finally {
        limits.release();
      }
    }
  };
  return {
    transformer,
    abortAll: () => {
      stopping = new Error("voterlink is stopping");
      for (const c of stops) c.abort();
    },
  };
}

/** Waits `ms` before a retry; false when a shutdown or the caller cancelled the wait. */
async function pauseUnlessStopped(stops: Set<Attempt>, caller: GrammySignal | undefined, ms: number): Promise<boolean> {
  const limits = new Attempt(stops, caller, null);
  try {
    return await pause(ms, limits);
  } finally {
    limits.release();
  }
}
