/**
 * @module model/http/retry — which failures are retried, and how long to wait first.
 */
import type { OpenloopError } from "@openloop/protocol";
import type { ResolvedTransport } from "./options.js";

/**
 * True for the statuses worth another try: 408, 409, 429 and 5xx, as the `openai` SDK does. The
 * server's `x-should-retry: true|false` header (names lower-cased) overrides the status.
 */
export function isRetryableStatus(status: number, headers: Record<string, string> = {}): boolean {
  const hint = headers["x-should-retry"];
  if (hint === "true") return true;
  if (hint === "false") return false;
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** A failure before the answer started, so the request may be sent again. */
export interface Retryable {
  error: OpenloopError;
  /** The server's hint, from `Retry-After` / `retry-after-ms`. */
  retryAfterMs?: number;
}

/**
 * How long to wait before attempt `attempt + 1`, and whether the wait is the server's; `undefined`
 * when the server asks for longer than `maxRetryAfterMs` (not worth blocking on: report instead).
 * Without a hint: exponential backoff from `initialMs` (×2 per attempt, at most `maxMs`) with up to
 * 25% jitter taken off, so many clients do not retry in step.
 */
export function retryDelay(
  retry: Retryable,
  attempt: number,
  options: Pick<ResolvedTransport, "initialMs" | "maxMs" | "maxRetryAfterMs">,
  random: () => number = Math.random,
): { delayMs: number; fromServer: boolean } | undefined {
  const hint = retry.retryAfterMs;
  if (hint !== undefined)
    return hint <= options.maxRetryAfterMs ? { delayMs: hint, fromServer: true } : undefined;
  const base = Math.min(options.initialMs * 2 ** (attempt - 1), options.maxMs);
  return { delayMs: Math.round(base * (1 - 0.25 * random())), fromServer: false };
}
