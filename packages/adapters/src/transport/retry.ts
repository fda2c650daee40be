/**
 * @module transport/retry — when to retry a failed request, and how long to wait first.
 */

/** Statuses worth retrying: timeouts, conflicts, rate limits and server errors (as the `openai` SDK does). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** The longest server-requested wait we honour; beyond it the request fails instead of hanging. */
const MAX_SERVER_DELAY_MS = 60_000;

/**
 * The wait before retry number `attempt` (0-based): the server's `retry-after-ms` or `retry-after`
 * (seconds or an HTTP date) when present and sane, else exponential backoff from `baseDelayMs`
 * (×2 per attempt, at most 8 s) with up to 25 % jitter taken off.
 */
export function retryDelayMs(headers: Headers | undefined, attempt: number, baseDelayMs: number): number {
  const fromServer = serverDelayMs(headers);
  if (fromServer !== undefined) return fromServer;
  const backoff = Math.min(baseDelayMs * 2 ** attempt, 8_000);
  return Math.round(backoff * (1 - Math.random() * 0.25));
}

function serverDelayMs(headers: Headers | undefined): number | undefined {
  if (!headers) return undefined;
  const ms = Number.parseFloat(headers.get("retry-after-ms") ?? "");
  if (Number.isFinite(ms) && ms >= 0 && ms <= MAX_SERVER_DELAY_MS) return ms;
  const after = headers.get("retry-after");
  if (after === null) return undefined;
  const seconds = Number.parseFloat(after);
  const delay = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(after) - Date.now();
  return Number.isFinite(delay) && delay >= 0 && delay <= MAX_SERVER_DELAY_MS ? delay : undefined;
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
