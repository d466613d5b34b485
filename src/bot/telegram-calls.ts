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

// grammY's Node build uses the abort-controller polyfill; the caller's signal (the runner's, for
// getUpdates) may be one, so only aborted/addEventListener/removeEventListener are used on it.
type GrammySignal = NonNullable<Parameters<Transformer>[3]>;
export const grammySignal = (s: AbortSignal) => s as unknown as GrammySignal;

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", abort);
    };
    const abort = () => (done(), reject(signal.reason));
    const timer = setTimeout(() => (done(), resolve()), ms);
    signal.addEventListener("abort", abort, { once: true });
  });
}

/**
 * One attempt's signal: aborted by a shutdown, by the caller's signal (the runner's for
 * getUpdates) or after `timeoutMs`. A plain controller and timer, released when the attempt ends:
 * AbortSignal.any/timeout cost more than the rest of a sendMessage here (bench/README.md).
 */
function attemptSignal(stops: Set<AbortController>, caller: GrammySignal | undefined, timeoutMs: number | null) {
  const attempt = new AbortController();
  stops.add(attempt);
  const onCaller = () => attempt.abort(new Error("the caller cancelled the call"));
  if (caller?.aborted) onCaller();
  else caller?.addEventListener("abort", onCaller);
  const timer = timeoutMs === null ? undefined : setTimeout(() => attempt.abort(new DOMException("the call timed out", "TimeoutError")), timeoutMs);
  const release = () => {
    clearTimeout(timer);
    caller?.removeEventListener("abort", onCaller);
    stops.delete(attempt);
  };
  return { signal: attempt.signal, release };
}

export function telegramCalls(policy: CallPolicy): TelegramCalls {
  // The attempts and backoff pauses in progress: abortAll() cancels each.
  const stops = new Set<AbortController>();
  let stopping: Error | undefined;
  const transformer: Transformer = async (prev, method, payload, signal) => {
    for (let attempt = 0; ; attempt++) {
      if (stopping) throw stopping;
      const mayRetry = attempt < policy.maxRetries;
      const backoff = Math.min(policy.baseDelayMs * 2 ** attempt, 30_000);
      const limits = attemptSignal(stops, signal, method === "getUpdates" ? null : policy.callTimeoutMs);
      try {
        const result = await prev(method, payload, grammySignal(limits.signal));
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
      for (const c of stops) c.abort(stopping);
    },
  };
}

/** Waits `ms` before a retry; false when a shutdown or the caller cancelled the wait. */
async function pauseUnlessStopped(stops: Set<AbortController>, caller: GrammySignal | undefined, ms: number): Promise<boolean> {
  const limits = attemptSignal(stops, caller, null);
  try {
    return await pause(ms, limits.signal).then(() => true, () => false);
  } finally {
    limits.release();
  }
}
