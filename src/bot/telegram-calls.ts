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

// grammY's Node build uses the abort-controller polyfill, whose signals Node's AbortSignal.any
// refuses; ours are native. Both have aborted/addEventListener, which is all either side uses.
type GrammySignal = NonNullable<Parameters<Transformer>[3]>;
export const grammySignal = (s: AbortSignal) => s as unknown as GrammySignal;

function nativeSignal(s: GrammySignal): AbortSignal {
  if (s instanceof AbortSignal) return s;
  const c = new AbortController();
  if (s.aborted) c.abort();
  else s.addEventListener("abort", () => c.abort(), { once: true });
  return c.signal;
}

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

export function telegramCalls(policy: CallPolicy): TelegramCalls {
  const shutdown = new AbortController();
  const transformer: Transformer = async (prev, method, payload, signal) => {
    const stopped = signal ? AbortSignal.any([shutdown.signal, nativeSignal(signal)]) : shutdown.signal;
    for (let attempt = 0; ; attempt++) {
      const limits = method === "getUpdates" ? [stopped] : [stopped, AbortSignal.timeout(policy.callTimeoutMs)];
      const mayRetry = attempt < policy.maxRetries && !stopped.aborted;
      const backoff = Math.min(policy.baseDelayMs * 2 ** attempt, 30_000);
      try {
        const result = await prev(method, payload, grammySignal(AbortSignal.any(limits)));
        if (result.ok || !mayRetry) return result;
        const floodWait = result.error_code === 429 ? result.parameters?.retry_after : undefined;
        const wait = floodWait !== undefined && floodWait <= policy.maxFloodWaitSeconds ? floodWait * 1000 : result.error_code >= 500 ? backoff : null;
        if (wait === null) return result;
        // Stopping while waiting: the call ends with what Telegram last said.
        if (!(await pause(wait, stopped).then(() => true, () => false))) return result;
      } catch (e) {
        if (!(e instanceof HttpError) || !mayRetry) throw e;
        // Stopping while waiting: the call fails as a network error, like the attempt before it.
        await pause(backoff, stopped).catch(() => {
          throw e;
        });
      }
    }
  };
  return { transformer, abortAll: () => shutdown.abort(new Error("voterlink is stopping")) };
}
