/**
 * @module transport/http — POST a JSON body with retries, and turn non-2xx answers into typed errors.
 *
 * The options and their meaning are `openResponses()`'s (core), so one configuration fits every
 * wire; error parsing and the `retry-after` reading are core's (`modelHttpError`). The retry loop
 * itself lives here because core does not export its own (it is bound to Open Responses decoding).
 */
import { modelHttpError, type OpenResponsesOptions } from "@openloop/core";
import { ModelHttpError, OpenloopError } from "@openloop/protocol";
import { backoffMs, shouldRetry, sleep } from "./retry.js";

/**
 * Transport settings every adapter takes: the same names, defaults and meaning as
 * `openResponses()`'s, so a config can switch wires without changing them.
 */
export type TransportOptions = Pick<
  OpenResponsesOptions,
  "fetch" | "maxRetries" | "timeoutMs" | "idleTimeoutMs" | "backoff" | "onRetry"
>;

interface PostInit {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** The call's signal: aborted by the caller (reason: `aborted`) or the idle timer (`model_timeout`). */
  signal: AbortSignal;
  options: TransportOptions;
  /** True for a streaming request (sets the default `timeoutMs`). */
  stream: boolean;
}

/** A 2xx answer, its body unread; `detach()` ends the link between the call's signal and the body. */
export interface Posted {
  response: Response;
  detach(): void;
}

// setTimeout fires at once for delays above 2^31-1 ms; those (and Infinity) mean "no timer".
const MAX_TIMER = 2_147_483_647;

/**
 * POSTs `body` and resolves with a 2xx answer, retrying — before any byte of an answer is read —
 * connection errors, answers not started within `timeoutMs`, and 408, 409, 429 and 5xx (honouring
 * `x-should-retry`, and `retry-after` / `retry-after-ms` up to `backoff.maxRetryAfterMs`). Rejects
 * with an {@link OpenloopError}: a {@link ModelHttpError}, `model_connection_error`,
 * `model_timeout`, or the call signal's reason.
 */
export async function postWithRetries(init: PostInit): Promise<Posted> {
  const { options, signal, url } = init;
  const doFetch = options.fetch ?? globalThis.fetch;
  const maxRetries = Math.max(0, options.maxRetries ?? 2);
  const timeoutMs = options.timeoutMs ?? (init.stream ? 60_000 : 600_000);
  const initialMs = options.backoff?.initialMs ?? 500;
  const maxMs = options.backoff?.maxMs ?? 8_000;
  const maxRetryAfterMs = options.backoff?.maxRetryAfterMs ?? 60_000;
  for (let attempt = 1; ; attempt++) {
    // One controller per attempt, linked to the call's signal (an aborted controller cannot be reused).
    const controller = new AbortController();
    const link = (): void => controller.abort(signal.reason);
    if (signal.aborted) throw signal.reason;
    signal.addEventListener("abort", link, { once: true });
    const detach = (): void => signal.removeEventListener("abort", link);
    let timedOut = false;
    const timer =
      timeoutMs > MAX_TIMER
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, timeoutMs);
    let error: OpenloopError;
    let hint: number | undefined;
    try {
      const response = await doFetch(url, {
        method: "POST",
        headers: init.headers,
        body: init.body,
        signal: controller.signal,
      });
      if (response.ok) return { response, detach };
      const text = await response.text().catch(() => "");
      error = httpError(url, response, text);
      hint = error.details?.retryAfterMs as number | undefined;
      if (!shouldRetry(response.status, response.headers)) throw error;
    } catch (cause) {
      if (signal.aborted) throw signal.reason;
      if (cause instanceof OpenloopError) throw cause;
      error = timedOut
        ? new OpenloopError(
            "model_timeout",
            `No answer from POST ${url} within ${timeoutMs} ms (timeoutMs).`,
            { cause },
          )
        : new OpenloopError(
            "model_connection_error",
            `Could not reach POST ${url}: ${describeCause(cause)}`,
            { cause },
          );
    } finally {
      clearTimeout(timer);
    }
    detach();
    if (attempt > maxRetries) throw error;
    if (hint !== undefined && hint > maxRetryAfterMs) throw error;
    const delayMs = hint ?? backoffMs(attempt - 1, initialMs, maxMs);
    options.onRetry?.({ attempt, delayMs, fromServer: hint !== undefined, error });
    await sleep(delayMs, signal);
  }
}

/** `ECONNREFUSED` and friends from fetch's "fetch failed" and its cause chain, with a hint. */
function describeCause(cause: unknown): string {
  let error = cause as { message?: string; code?: string; cause?: unknown } | undefined;
  for (let depth = 0; depth < 3 && error?.cause !== undefined; depth++) error = error.cause as typeof error;
  const code = error?.code;
  if (code === "ECONNREFUSED")
    return "connection refused (ECONNREFUSED): is the server running, and is baseURL right?";
  if (code === "ENOTFOUND") return "host not found (ENOTFOUND): check baseURL";
  const message = error?.message ?? String(cause);
  return code !== undefined && !message.includes(code) ? `${message} (${code})` : message;
}

/**
 * The typed error for a non-2xx answer: core's {@link modelHttpError} (status, the server's
 * `type`/`code`/`param` parsed leniently, headers, body, `details.retryAfterMs`). Its Open
 * Responses readings of a 404 (`not_open_responses`, `previous_response_not_found`) do not apply
 * to these wires: here a 404 means the wire's path is wrong, so it stays `model_http_error` with a
 * message saying so.
 */
export function httpError(url: string, response: Response, text: string): ModelHttpError {
  const error = modelHttpError({ status: response.status, body: text, headers: response.headers, url });
  if (error.code === "model_http_error") return error;
  return new ModelHttpError(
    `HTTP ${response.status} from POST ${url}: is this the right endpoint? (check baseURL: it usually ends in /v1)` +
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
