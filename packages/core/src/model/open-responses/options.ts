/**
 * @module model/open-responses/options — what `openResponses()` takes, checked once at creation.
 */
import { OpenloopError } from "@openloop/protocol";
import type { ModelCapabilities } from "../model.js";

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

export interface OpenResponsesOptions {
  /**
   * The API root; requests go to `{baseURL}/responses`.
   * @example "https://api.openai.com/v1", "http://localhost:11434/v1"
   */
  baseURL: string;
  /** Sent as `Authorization: Bearer <apiKey>`. Local servers usually need none. */
  apiKey?: string;
  /** The model to ask for, unless the request names one (the request's `model` wins). */
  model: string;
  /** Extra request headers (they override the defaults, `Authorization` included). */
  headers?: Record<string, string>;
  /** The fetch to use. @default globalThis.fetch */
  fetch?: typeof fetch;
  /**
   * Retries of a request that failed before any event arrived: HTTP 408, 409, 429 and 5xx (or
   * any status the server marks `x-should-retry: true`), connection errors and first-byte
   * timeouts. Never retried once an event has been received.
   * @default 2
   */
  maxRetries?: number;
  /**
   * The longest wait for the first event (streaming) or for the whole response (non-streaming),
   * per attempt, in milliseconds. `Infinity` waits forever.
   * @default 60_000 when streaming, 600_000 otherwise
   */
  timeoutMs?: number;
  /**
   * The longest wait between two events once the stream has started, in milliseconds. The clock
   * restarts each time the consumer asks for the next event, so a consumer that holds one event
   * longer than this trips it too; SSE comments (keep-alives) do not restart it.
   * @default 300_000
   */
  idleTimeoutMs?: number;
  /** Stream with SSE (`stream: true`), or ask for one JSON response and replay it as events. @default true */
  stream?: boolean;
  /** The model's name in errors and logs. @default "open-responses:<model>" */
  name?: string;
  /** What the server accepts; see `ModelCapabilities`. */
  capabilities?: ModelCapabilities;
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
}

/** The options, checked and with defaults applied. */
export interface ResolvedOptions {
  url: string;
  model: string;
  name: string;
  headers: Record<string, string>;
  fetch: typeof fetch;
  maxRetries: number;
  timeoutMs: number;
  idleTimeoutMs: number;
  stream: boolean;
  capabilities: ModelCapabilities | undefined;
  initialMs: number;
  maxMs: number;
  maxRetryAfterMs: number;
  onRetry: ((info: RetryInfo) => void) | undefined;
}

function invalid(message: string): OpenloopError {
  return new OpenloopError("invalid_config", `openResponses(): ${message}`);
}

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : `${String(value)} (${typeof value})`;
}

function count(name: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || Number.isNaN(value) || value < min)
    throw invalid(`Expected \`${name}\` to be a number from ${min} and up, got ${describe(value)}`);
  return value;
}

/** Checks `options` and applies defaults; throws `invalid_config` naming the bad option. */
export function resolveOptions(options: OpenResponsesOptions): ResolvedOptions {
  if (typeof options !== "object" || options === null)
    throw invalid(`Expected an options object, got ${describe(options)}`);
  const { baseURL, model } = options;
  let parsed: URL | undefined;
  try {
    parsed = typeof baseURL === "string" ? new URL(baseURL) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== "http:" && parsed.protocol !== "https:"))
    throw invalid(
      `Expected \`baseURL\` to be an http(s) URL such as "http://localhost:11434/v1", got ${describe(baseURL)}`,
    );
  if (typeof model !== "string" || model.trim() === "")
    throw invalid(`Expected \`model\` to be a non-empty string such as "gpt-5", got ${describe(model)}`);
  if (options.fetch !== undefined && typeof options.fetch !== "function")
    throw invalid(`Expected \`fetch\` to be a function, got ${describe(options.fetch)}`);
  const maxRetries = count("maxRetries", options.maxRetries, 2, 0);
  if (!Number.isInteger(maxRetries))
    throw invalid(`Expected \`maxRetries\` to be an integer, got ${describe(maxRetries)}`);
  const stream = options.stream ?? true;
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: stream ? "text/event-stream" : "application/json",
  };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  for (const [key, value] of Object.entries(options.headers ?? {})) headers[key.toLowerCase()] = value;
  return {
    url: `${baseURL.replace(/\/+$/, "")}/responses`,
    model,
    name: options.name ?? `open-responses:${model}`,
    headers,
    fetch: options.fetch ?? globalThis.fetch,
    maxRetries,
    timeoutMs: count("timeoutMs", options.timeoutMs, stream ? 60_000 : 600_000, 1),
    idleTimeoutMs: count("idleTimeoutMs", options.idleTimeoutMs, 300_000, 1),
    stream,
    capabilities: options.capabilities,
    initialMs: count("backoff.initialMs", options.backoff?.initialMs, 500, 0),
    maxMs: count("backoff.maxMs", options.backoff?.maxMs, 8_000, 0),
    maxRetryAfterMs: count("backoff.maxRetryAfterMs", options.backoff?.maxRetryAfterMs, 60_000, 0),
    onRetry: options.onRetry,
  };
}
