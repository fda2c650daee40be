/**
 * @module transport/http — POST a JSON body with retries, and turn non-2xx answers into typed errors.
 *
 * Self-contained so it can be swapped for core's shared HTTP layer once that exports one: the
 * adapters only call {@link postWithRetries} and {@link httpError}.
 */
import { ModelHttpError, OpenloopError } from "@openloop/protocol";
import { retryDelayMs, shouldRetry, sleep } from "./retry.js";

/** Transport settings every adapter takes. */
export interface TransportOptions {
  /**
   * The `fetch` to use (a proxy agent, a test double at the HTTP boundary, ...).
   * @default globalThis.fetch
   */
  fetch?: typeof fetch;
  /**
   * Retries of a request that failed before any byte of the answer was read: connection errors,
   * 408, 409, 429 and 5xx (honouring `retry-after`, `retry-after-ms`, `x-should-retry`). A stream
   * that broke after data flowed is never retried (that would duplicate output).
   * @default 2
   */
  maxRetries?: number;
  /**
   * Milliseconds to wait for the answer's headers, and then between two reads of the stream,
   * before failing with `model_timeout`.
   * @default 600_000
   */
  timeoutMs?: number;
}

interface PostInit {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Aborted by the caller (reason: an OpenloopError `aborted`) or by the timeout (`model_timeout`). */
  signal: AbortSignal;
  options: TransportOptions;
  /** The wire's name, for messages. */
  wire: string;
}

/** First backoff step; doubled per retry. */
const BASE_DELAY_MS = 500;

/**
 * POSTs `body` and resolves with a 2xx `Response` (its body unread), retrying as
 * {@link TransportOptions.maxRetries} says. Rejects with an {@link OpenloopError}:
 * `model_http_error` ({@link ModelHttpError}), `model_connection_error`, or the signal's reason.
 */
export async function postWithRetries(init: PostInit): Promise<Response> {
  const doFetch = init.options.fetch ?? globalThis.fetch;
  const maxRetries = Math.max(0, init.options.maxRetries ?? 2);
  for (let attempt = 0; ; attempt++) {
    let response: Response;
    try {
      response = await doFetch(init.url, {
        method: "POST",
        headers: init.headers,
        body: init.body,
        signal: init.signal,
      });
    } catch (cause) {
      if (init.signal.aborted) throw init.signal.reason;
      if (attempt >= maxRetries) {
        throw new OpenloopError(
          "model_connection_error",
          `Could not reach the ${init.wire} backend at ${init.url}: ${(cause as Error)?.message ?? cause}`,
          { cause },
        );
      }
      await sleep(retryDelayMs(undefined, attempt, BASE_DELAY_MS), init.signal);
      continue;
    }
    if (response.ok) return response;
    const retry = attempt < maxRetries && shouldRetry(response.status, response.headers);
    const text = await response.text().catch(() => "");
    if (!retry) throw httpError(init.wire, init.url, response, text);
    await sleep(retryDelayMs(response.headers, attempt, BASE_DELAY_MS), init.signal);
  }
}

const MAX_BODY = 64 * 1024;

/**
 * A {@link ModelHttpError} for a non-2xx answer. Reads the error shapes real servers send:
 * `{ error: { message, type, code, param } }` (OpenAI and most compatible servers),
 * `{ type: "error", error: { type, message } }` (Anthropic), `{ error: "text" }`, `{ message }`,
 * `{ detail }`, or plain text.
 */
export function httpError(wire: string, url: string, response: Response, text: string): ModelHttpError {
  const parsed = parseErrorBody(text);
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const detail = parsed.message ?? (text.trim().slice(0, 500) || response.statusText || "no details");
  return new ModelHttpError(`The ${wire} backend answered ${response.status}: ${detail}`, {
    status: response.status,
    serverCode: parsed.code,
    url,
    headers,
    body: text.length > MAX_BODY ? text.slice(0, MAX_BODY) : text,
    param: parsed.param,
    details: parsed.type ? { serverType: parsed.type } : undefined,
  });
}

interface ParsedError {
  message: string | undefined;
  code: string | null;
  type: string | undefined;
  param: string | null;
}

/** The `{ message, code, type, param }` of an error body, as far as it has them. */
export function parseErrorBody(text: string): ParsedError {
  const out: ParsedError = { message: undefined, code: null, type: undefined, param: null };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return out;
  }
  if (typeof body !== "object" || body === null) return out;
  const record = body as Record<string, unknown>;
  const error = record.error;
  if (typeof error === "string") {
    out.message = error;
    return out;
  }
  const e = (typeof error === "object" && error !== null ? error : record) as Record<string, unknown>;
  if (typeof e.message === "string") out.message = e.message;
  else if (typeof e.detail === "string") out.message = e.detail;
  if (typeof e.type === "string" && e.type !== "error") out.type = e.type;
  if (typeof e.code === "string" || typeof e.code === "number") out.code = String(e.code);
  else if (out.type) out.code = out.type;
  if (typeof e.param === "string") out.param = e.param;
  return out;
}
