/**
 * @module model/http/fetch-with-retries — one POST, sent again while it fails before its answer starts.
 *
 * The loop every HTTP model shares: a per-attempt controller linked to the caller's signal (the
 * listener added per attempt and removed when the attempt ends or the answer is released), the
 * first-byte timer, retryable statuses and connection errors, the server's retry hint or backoff,
 * an abortable wait between attempts, and one typed error when it gives up.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { type ModelHttpError, OpenloopError } from "@openloop/protocol";
import { armTimer } from "../../timer/arm-timer.js";
import { describeCause, type HttpErrorInit, modelHttpError } from "./http-error.js";
import type { ResolvedTransport } from "./options.js";
import { isRetryableStatus, retryDelay } from "./retry.js";

/** One request for {@link fetchWithRetries}. */
export interface RetriedRequest<T> {
  url: string;
  headers: Record<string, string>;
  body: string;
  transport: Pick<
    ResolvedTransport,
    "fetch" | "maxRetries" | "timeoutMs" | "initialMs" | "maxMs" | "maxRetryAfterMs" | "onRetry"
  >;
  /** The caller's signal. Aborting it ends the request: its reason when an `OpenloopError`, else `aborted`. */
  signal?: AbortSignal;
  /**
   * What must also arrive within `timeoutMs` after a 2xx answer, read under the attempt's signal
   * (a stream's first event, a whole JSON body). Throwing an `OpenloopError` ends the request with
   * it, unretried; throwing anything else fails the attempt like a lost connection (retried).
   * @default nothing more: the answer's headers
   */
  ready?: (response: Response, signal: AbortSignal) => Promise<T>;
  /** The typed error for a non-2xx answer. @default modelHttpError */
  httpError?: (init: HttpErrorInit) => ModelHttpError;
}

/** A 2xx answer whose start arrived in time; its body is the caller's to read. */
export interface Answer<T> {
  response: Response;
  /** What `ready` returned. */
  value: T;
  /** Aborts the answer's connection (an idle timeout, a consumer that stopped early). */
  abort(): void;
  /** Ends the link to the caller's signal. Call it once the answer is read, however that ends. */
  release(): void;
}

const aborted = (signal: AbortSignal): OpenloopError =>
  signal.reason instanceof OpenloopError
    ? signal.reason
    : new OpenloopError("aborted", "The request was aborted.");

/**
 * POSTs `request.body` to `request.url` and resolves with a 2xx answer whose start arrived within
 * `timeoutMs`. Before that, it retries (up to `maxRetries`) HTTP 408, 409, 429 and 5xx (as
 * `x-should-retry` allows), connection errors and timeouts, waiting the server's `retry-after-ms` /
 * `Retry-After` (up to `maxRetryAfterMs`) or else the backoff, and telling `onRetry` first.
 *
 * Rejects with an `OpenloopError`: the `ModelHttpError` of a non-retryable answer, or the last
 * failure with `details.attempts` once retries are spent (`ModelHttpError`,
 * `model_connection_error`, `model_timeout`), or `aborted`.
 *
 * @example
 * const answer = await fetchWithRetries({ url, headers, body, transport: resolveTransport({}, { stream: true, owner: "mine()" }) });
 * try { for await (const chunk of answer.response.body!) read(chunk); } finally { answer.release(); }
 */
export async function fetchWithRetries<T = undefined>(request: RetriedRequest<T>): Promise<Answer<T>> {
  const { url, transport, signal } = request;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw aborted(signal);
    // One controller per attempt (an aborted one cannot be reused), linked to the caller's signal.
    const controller = new AbortController();
    const link = (): void => controller.abort();
    signal?.addEventListener("abort", link, { once: true });
    const release = (): void => signal?.removeEventListener("abort", link);
    let timedOut = false;
    const timer = armTimer(transport.timeoutMs, () => {
      timedOut = true;
      controller.abort();
    });
    let failure: OpenloopError;
    let retryable = true;
    try {
      const response = await transport.fetch(url, {
        method: "POST",
        headers: request.headers,
        body: request.body,
        signal: controller.signal,
      });
      if (response.ok) {
        const value = request.ready ? await request.ready(response, controller.signal) : (undefined as T);
        clearTimeout(timer);
        return { response, value, abort: () => controller.abort(), release };
      }
      const body = await response.text();
      const error = (request.httpError ?? modelHttpError)({
        status: response.status,
        body,
        headers: response.headers,
        url,
      });
      failure = error;
      retryable = isRetryableStatus(response.status, error.headers);
    } catch (cause) {
      clearTimeout(timer);
      release();
      if (signal?.aborted) throw aborted(signal);
      if (cause instanceof OpenloopError) throw cause;
      failure = timedOut
        ? new OpenloopError(
            "model_timeout",
            `No response from POST ${url} within ${transport.timeoutMs} ms (timeoutMs).`,
            {
              details: { url },
            },
          )
        : new OpenloopError(
            "model_connection_error",
            `Could not get a response from POST ${url}: ${describeCause(cause)}`,
            {
              cause,
              details: { url },
            },
          );
    }
    clearTimeout(timer);
    release();
    if (!retryable) throw failure;
    const hint = failure.details?.retryAfterMs as number | undefined;
    const wait =
      attempt <= transport.maxRetries
        ? retryDelay({ error: failure, retryAfterMs: hint }, attempt, transport)
        : undefined;
    if (wait === undefined) {
      if (failure.details !== undefined) (failure.details as Record<string, unknown>).attempts = attempt;
      throw failure;
    }
    try {
      transport.onRetry?.({ attempt, delayMs: wait.delayMs, fromServer: wait.fromServer, error: failure });
    } catch (cause) {
      // The caller's callback failed: a typed error (this function rejects with nothing else), no retry.
      throw new OpenloopError("internal_error", `onRetry threw: ${describeCause(cause)}`, { cause });
    }
    try {
      await sleep(wait.delayMs, undefined, signal ? { signal } : undefined);
    } catch {
      throw aborted(signal!);
    }
  }
}
