/**
 * @module model/http/options — the transport settings every HTTP model takes, checked once.
 *
 * `openResponses()` and the adapters (`chatCompletions()`, `anthropicMessages()`) take these with
 * the same names, defaults and meaning, so a configuration can switch wires without changing them.
 */
import { DEFAULT_MAX_SSE_EVENT_LENGTH, OpenloopError } from "@openloop/protocol";

/** Told before each retry: which attempt failed, why, and how long the model waits. */
export interface RetryInfo {
  /** The attempt that just failed, from 1. */
  attempt: number;
  /** How long the model waits before the next attempt (the server's hint when it gave one). */
  delayMs: number;
  /** True when `delayMs` came from `Retry-After` / `retry-after-ms`. */
  fromServer: boolean;
  /** Why the attempt failed (a `ModelHttpError`, `model_connection_error` or `model_timeout`). */
  error: OpenloopError;
}

/** How an HTTP model sends its requests: fetch, retries, backoff and timeouts. */
export interface TransportOptions {
  /** The fetch to use. @default globalThis.fetch */
  fetch?: typeof fetch;
  /**
   * Retries of a request that failed before its answer started: HTTP 408, 409, 429 and 5xx (or
   * any status the server marks `x-should-retry: true`), connection errors and first-byte
   * timeouts. Never retried once an event has been received.
   * @default 2
   */
  maxRetries?: number;
  /**
   * The longest wait for the answer to start (for `openResponses()`: its first event, or the whole
   * response when not streaming), per attempt, in milliseconds. `Infinity` waits forever.
   * @default 60_000 when streaming, 600_000 otherwise
   */
  timeoutMs?: number;
  /**
   * The longest wait between two events once the stream has started, in milliseconds. For
   * `openResponses()` the clock restarts each time the consumer asks for the next event, so a
   * consumer that holds one event longer than this trips it too, and SSE comments (keep-alives) do
   * not restart it; the adapters restart it on every network read.
   * @default 300_000
   */
  idleTimeoutMs?: number;
  /**
   * Backoff between retries when the server gives no hint: `initialMs * 2^(attempt-1)`, capped at
   * `maxMs`, minus up to 25% jitter. A server hint (`Retry-After`, `retry-after-ms`) is honoured up
   * to `maxRetryAfterMs`; a longer one is not waited for (the error is reported, its hint in
   * `details.retryAfterMs`).
   * @default { initialMs: 500, maxMs: 8_000, maxRetryAfterMs: 60_000 }
   */
  backoff?: { initialMs?: number; maxMs?: number; maxRetryAfterMs?: number };
  /** Called before each retry (for logs, metrics and tests). */
  onRetry?: (info: RetryInfo) => void;
  /**
   * The most characters one SSE event may take (see `decodeSSE`): a stream with a longer one (a
   * `data:` line that never ends) is cut and fails `stream_interrupted` naming this option,
   * instead of being buffered without end. A positive integer, or `Infinity` for no bound.
   * @default 33_554_432 (32 Mi)
   */
  maxEventLength?: number;
}

/** {@link TransportOptions} checked, with every default applied. */
export interface ResolvedTransport {
  fetch: typeof fetch;
  maxRetries: number;
  timeoutMs: number;
  idleTimeoutMs: number;
  initialMs: number;
  maxMs: number;
  maxRetryAfterMs: number;
  onRetry: ((info: RetryInfo) => void) | undefined;
  maxEventLength: number;
}

/** Describes a bad value for an error message: strings quoted, others with their type. */
export function describeValue(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : `${String(value)} (${typeof value})`;
}

/**
 * Checks `options` and applies the defaults (`stream` picks the default `timeoutMs`). Throws
 * `invalid_config` naming the bad option, its message prefixed with `owner` (`"openResponses()"`).
 */
export function resolveTransport(
  options: TransportOptions,
  context: { stream: boolean; owner: string },
): ResolvedTransport {
  const invalid = (message: string) => new OpenloopError("invalid_config", `${context.owner}: ${message}`);
  const count = (name: string, value: unknown, fallback: number, min: number): number => {
    if (value === undefined) return fallback;
    if (typeof value !== "number" || Number.isNaN(value) || value < min)
      throw invalid(`Expected \`${name}\` to be a number from ${min} and up, got ${describeValue(value)}`);
    return value;
  };
  const fn = (name: string, value: unknown): void => {
    if (value !== undefined && typeof value !== "function")
      throw invalid(`Expected \`${name}\` to be a function, got ${describeValue(value)}`);
  };
  fn("fetch", options.fetch);
  fn("onRetry", options.onRetry);
  const backoff: unknown = options.backoff;
  if (backoff !== undefined && (typeof backoff !== "object" || backoff === null || Array.isArray(backoff)))
    throw invalid(
      `Expected \`backoff\` to be an object such as { initialMs: 500, maxMs: 8000 }, got ${describeValue(backoff)}`,
    );
  const maxRetries = count("maxRetries", options.maxRetries, 2, 0);
  if (!Number.isInteger(maxRetries))
    throw invalid(`Expected \`maxRetries\` to be an integer, got ${describeValue(maxRetries)}`);
  const maxEventLength = count("maxEventLength", options.maxEventLength, DEFAULT_MAX_SSE_EVENT_LENGTH, 1);
  if (!Number.isInteger(maxEventLength) && maxEventLength !== Infinity)
    throw invalid(
      `Expected \`maxEventLength\` to be an integer or Infinity, got ${describeValue(maxEventLength)}`,
    );
  return {
    fetch: options.fetch ?? globalThis.fetch,
    maxRetries,
    timeoutMs: count("timeoutMs", options.timeoutMs, context.stream ? 60_000 : 600_000, 1),
    idleTimeoutMs: count("idleTimeoutMs", options.idleTimeoutMs, 300_000, 1),
    initialMs: count("backoff.initialMs", options.backoff?.initialMs, 500, 0),
    maxMs: count("backoff.maxMs", options.backoff?.maxMs, 8_000, 0),
    maxRetryAfterMs: count("backoff.maxRetryAfterMs", options.backoff?.maxRetryAfterMs, 60_000, 0),
    onRetry: options.onRetry,
    maxEventLength,
  };
}
