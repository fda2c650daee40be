/**
 * @module transport/retry — when to retry a failed request, and how long to wait first.
 */

/** Statuses worth retrying: timeouts, conflicts, rate limits and server errors (as the `openai` SDK does). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * The wait before retry number `attempt` (0-based) when the server gave no hint: exponential from
 * `initialMs` (×2 per attempt, at most `maxMs`), with up to 25 % jitter taken off so many clients
 * do not retry in step.
 */
export function backoffMs(attempt: number, initialMs: number, maxMs = 8_000): number {
  const backoff = Math.min(initialMs * 2 ** attempt, maxMs);
  return Math.round(backoff * (1 - Math.random() * 0.25));
}

/** `x-should-retry: true|false` overrides the status rule, as the `openai` SDK honours it. */
export function shouldRetry(status: number, headers: Headers): boolean {
  const hint = headers.get("x-should-retry");
  if (hint === "true") return true;
  if (hint === "false") return false;
  return isRetryableStatus(status);
}

/** Waits `ms`, or rejects with the signal's reason as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
