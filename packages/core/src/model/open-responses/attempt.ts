/**
 * @module model/open-responses/attempt — one HTTP request: send, time, read, and end as data.
 */
import { decodeSSE, OpenloopError, type StreamEvent } from "@openloop/protocol";
import { failedEvent } from "../failure.js";
import { modelHttpError } from "./http-error.js";
import { jsonResponseEvents } from "./json-response.js";
import type { ResolvedOptions } from "./options.js";
import { isRetryableStatus, type Retryable } from "./retry.js";
import { StreamProgress } from "./stream-progress.js";

type Why = "aborted" | "timeout" | "idle" | undefined;

// setTimeout fires at once for delays above 2^31-1 ms; those (and Infinity) mean "no timer".
const MAX_TIMER = 2_147_483_647;
function arm(ms: number, fire: () => void): NodeJS.Timeout | undefined {
  return ms > MAX_TIMER ? undefined : setTimeout(fire, ms);
}

const aborted = () => new OpenloopError("aborted", "The request was aborted.");

/** `ECONNREFUSED` (and a hint) from fetch's "fetch failed" TypeError and its cause chain. */
export function describeCause(cause: unknown): string {
  let error = cause as { message?: string; code?: string; cause?: unknown } | undefined;
  for (let depth = 0; depth < 3 && error?.cause !== undefined; depth++) error = error.cause as typeof error;
  const code = error?.code;
  const message = error?.message ?? String(cause);
  if (code === "ECONNREFUSED")
    return "connection refused (ECONNREFUSED): is the server running, and is baseURL right?";
  if (code === "ENOTFOUND") return `host not found (ENOTFOUND): check baseURL`;
  return code !== undefined && !message.includes(code) ? `${message} (${code})` : message;
}

/**
 * One attempt at a request. Yields the response's events; returns a {@link Retryable} when it
 * failed before any event (the caller may send it again), `undefined` when the stream has ended
 * (completed, or failed as data with `response.failed`). The caller's `signal`, the first-byte
 * timer and the idle timer all abort the same per-attempt controller; `why` records which did.
 * The abort listener is removed when the attempt ends, however it ends.
 */
export async function* attempt(
  options: ResolvedOptions,
  body: string,
  signal: AbortSignal | undefined,
): AsyncGenerator<StreamEvent, Retryable | undefined, undefined> {
  const { url } = options;
  const controller = new AbortController();
  let why: Why;
  const stop = (reason: Why) => () => {
    why ??= reason;
    controller.abort();
  };
  const onAbort = stop("aborted");
  signal?.addEventListener("abort", onAbort, { once: true });
  let timer = arm(options.timeoutMs, stop("timeout"));
  const progress = new StreamProgress();

  // How an attempt that broke off ends: retryable before any event, `response.failed` after.
  async function* broke(cause?: unknown): AsyncGenerator<StreamEvent, Retryable | undefined, undefined> {
    if (why === "aborted" || signal?.aborted) {
      yield failedEvent(aborted(), progress.partial(), progress.nextSequence);
      return undefined;
    }
    if (progress.count === 0) {
      if (why === "timeout")
        return {
          error: new OpenloopError(
            "model_timeout",
            `No response from POST ${url} within ${options.timeoutMs} ms (timeoutMs).`,
            { details: { url } },
          ),
        };
      const detail =
        cause === undefined ? "the server closed the stream before sending any event" : describeCause(cause);
      return {
        error: new OpenloopError(
          "model_connection_error",
          `Could not get a response from POST ${url}: ${detail}`,
          { cause, details: { url } },
        ),
      };
    }
    yield failedEvent(
      progress.interruption(url, why === "idle" ? options.idleTimeoutMs : undefined, cause, describeCause),
      progress.partial(),
      progress.nextSequence,
    );
    return undefined;
  }

  try {
    let res: Response;
    try {
      res = await options.fetch(url, {
        method: "POST",
        headers: options.headers,
        body,
        signal: controller.signal,
      });
    } catch (cause) {
      return yield* broke(cause);
    }

    if (!res.ok) {
      let text: string;
      try {
        text = await res.text();
      } catch (cause) {
        return yield* broke(cause);
      }
      const error = modelHttpError({ status: res.status, body: text, headers: res.headers, url });
      if (isRetryableStatus(res.status, error.headers))
        return { error, retryAfterMs: error.details?.retryAfterMs as number | undefined };
      yield failedEvent(error);
      return undefined;
    }

    const contentType = res.headers.get("content-type") ?? "";
    if (!options.stream || contentType.includes("json")) {
      // Non-streaming (asked for, or a server that ignored `stream: true`): one JSON response.
      let text: string;
      try {
        text = await res.text();
      } catch (cause) {
        return yield* broke(cause);
      }
      for (const event of jsonResponseEvents(text, url)) {
        if (signal?.aborted) return yield* broke();
        yield event;
      }
      return undefined;
    }
    if (contentType.includes("text/html")) {
      await res.body?.cancel().catch(() => undefined);
      yield failedEvent(
        new OpenloopError(
          "not_open_responses",
          `POST ${url} answered 200 with an HTML page, not an event stream: the server probably does not speak Open Responses (check baseURL).`,
        ),
      );
      return undefined;
    }

    try {
      for await (const event of decodeSSE(res)) {
        if (progress.count === 0) {
          // The first event ends the first-byte wait; from now on, the idle timer applies.
          clearTimeout(timer);
          timer = arm(options.idleTimeoutMs, stop("idle"));
        }
        const terminal = progress.see(event);
        yield event;
        if (terminal) return undefined;
        timer?.refresh();
      }
    } catch (cause) {
      return yield* broke(cause);
    }
    // The body ended without a terminal event.
    return yield* broke();
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}
