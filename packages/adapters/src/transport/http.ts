/**
 * @module transport/http — POST a JSON body with retries, and turn non-2xx answers into typed errors.
 *
 * Error parsing and the `retry-after` reading are core's (`modelHttpError`); the retry loop is here
 * until core exports its own, and the adapters only call {@link postWithRetries}.
 */
import { modelHttpError } from "@openloop/core";
import { ModelHttpError, OpenloopError } from "@openloop/protocol";
import { backoffMs, MAX_SERVER_DELAY_MS, shouldRetry, sleep } from "./retry.js";

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
      await sleep(backoffMs(attempt, BASE_DELAY_MS), init.signal);
      continue;
    }
    if (response.ok) return response;
    const text = await response.text().catch(() => "");
    const error = httpError(init.wire, init.url, response, text);
    if (attempt >= maxRetries || !shouldRetry(response.status, response.headers)) throw error;
    const asked = error.details?.retryAfterMs;
    const delay =
      typeof asked === "number" && asked <= MAX_SERVER_DELAY_MS ? asked : backoffMs(attempt, BASE_DELAY_MS);
    await sleep(delay, init.signal);
  }
}

/**
 * The typed error for a non-2xx answer: core's {@link modelHttpError} (status, the server's
 * `type`/`code`/`param` parsed leniently, headers, body, `details.retryAfterMs`). Its Open
 * Responses readings of a 404 (`not_open_responses`, `previous_response_not_found`) do not apply
 * to these wires: here a 404 means the wire's path is wrong, so it stays `model_http_error` with a
 * message saying so.
 */
export function httpError(wire: string, url: string, response: Response, text: string): ModelHttpError {
  const error = modelHttpError({ status: response.status, body: text, headers: response.headers, url });
  if (error.code === "model_http_error") return error;
  return new ModelHttpError(
    `HTTP ${response.status} from POST ${url}: no ${wire} endpoint here? (check baseURL: it usually ends in /v1)` +
      (error.body ? ` — server said: ${error.body.slice(0, 300)}` : ""),
    {
      status: error.status,
      serverCode: error.serverCode,
      url,
      headers: error.headers,
      body: error.body,
      type: error.type,
      param: error.param,
      details: error.details,
    },
  );
}
