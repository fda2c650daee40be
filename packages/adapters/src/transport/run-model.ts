/**
 * @module transport/run-model — one request to a backend, as Open Responses events.
 *
 * The part both adapters share: build the wire body, POST it (with retries), read the SSE or JSON
 * answer through the wire's translator, and turn every failure (bad request, HTTP error, timeout,
 * abort, a stream cut short) into a `response.failed` event. Nothing here throws once iteration
 * has started.
 */
import { armTimer, fetchWithRetries, type ModelRequestOptions, type ResolvedTransport } from "@openloop/core";
import { type CreateResponseBody, OpenloopError, type StreamEvent } from "@openloop/protocol";
import { WireWriter } from "../shared/wire-writer.js";
import { wireHttpError } from "./http-error.js";
import { readSSE } from "./sse.js";

/** What a wire's translator does with the backend's answer. */
export interface WireTranslator {
  /** One SSE payload (already JSON-parsed). */
  push(payload: unknown): void;
  /** A complete non-streaming JSON body. */
  body(payload: unknown): void;
  /** The stream ended; `sawDone` is true when it ended with `data: [DONE]`. Writes the terminal event. */
  end(sawDone: boolean): void;
}

/** How to talk to one wire. */
export interface WireCall {
  /** The wire's name, for messages (`chat-completions`). */
  wire: string;
  url: string;
  headers: Record<string, string>;
  /** The model name to report until the backend names one. */
  model: string;
  /** The wire body for `request`; throws an `OpenloopError` (`invalid_request`) for what it cannot express. */
  build(request: CreateResponseBody): Record<string, unknown>;
  translator(writer: WireWriter): WireTranslator;
  /** Core's transport settings, resolved once when the model is made (`resolveTransport`). */
  transport: ResolvedTransport;
}

/**
 * Streams one response. Contract (the `Model` contract): spec events in order, ending with exactly
 * one terminal event; every failure is a `response.failed` event whose error `failureOf` returns.
 */
export async function* runModel(
  call: WireCall,
  request: CreateResponseBody,
  options: ModelRequestOptions = {},
): AsyncGenerator<StreamEvent, void, undefined> {
  const writer = new WireWriter(request, request.model || call.model);
  const events = writer.events;
  let body: Record<string, unknown>;
  try {
    body = call.build(request);
  } catch (error) {
    writer.failWith(asOpenloopError(error, "invalid_request"));
    yield* events;
    return;
  }

  // The call's controller: the caller's abort, the idle timer and an early stop all end up here.
  const controller = new AbortController();
  const userSignal = options.signal;
  const onAbort = (): void => controller.abort(abortedError());
  if (userSignal?.aborted) onAbort();
  else userSignal?.addEventListener("abort", onAbort, { once: true });
  const idleMs = call.transport.idleTimeoutMs;
  let idle: NodeJS.Timeout | undefined;
  let detach: (() => void) | undefined;
  let reading = false;
  let sawDone = false;
  try {
    const answer = await fetchWithRetries({
      url: call.url,
      headers: call.headers,
      body: JSON.stringify(body),
      signal: controller.signal,
      transport: call.transport,
      httpError: wireHttpError,
    });
    detach = answer.release;
    const response = answer.response;
    idle = armTimer(idleMs, () =>
      controller.abort(
        new OpenloopError(
          "model_timeout",
          `The ${call.wire} stream sent nothing for ${idleMs} ms (idleTimeoutMs).`,
        ),
      ),
    );
    const translator = call.translator(writer);
    writer.start();
    yield* events;
    events.length = 0;
    reading = true;
    const type = response.headers.get("content-type") ?? "";
    if (type.includes("text/html")) throw await htmlAnswer(response, call.wire);
    if (response.body === null || type.includes("application/json")) {
      const payload = await readJson(response, call.wire);
      try {
        if (typeof payload !== "object" || payload === null || Array.isArray(payload))
          throw new TypeError("not a JSON object");
        translator.body(payload);
      } catch (cause) {
        throw unreadable(cause, payload, call.wire);
      }
    } else {
      read: for await (const frames of readSSE(
        response.body,
        () => idle?.refresh(),
        call.transport.maxEventLength,
      )) {
        for (const frame of frames) {
          if (frame.data === "[DONE]") {
            sawDone = true;
            break read;
          }
          const payload = parseFrame(frame.data);
          try {
            // Every chunk or event of both wires is an object; anything else would pass unseen.
            if (typeof payload !== "object" || payload === null || Array.isArray(payload))
              throw new TypeError("not a JSON object");
            translator.push(payload);
          } catch (cause) {
            throw unreadable(cause, payload, call.wire);
          }
          if (writer.ended) break;
        }
        if (events.length > 0) {
          yield* events;
          events.length = 0;
        }
        if (writer.ended) break;
      }
    }
    translator.end(sawDone);
  } catch (error) {
    writer.failWith(failureFor(error, controller.signal, reading, call.wire));
  } finally {
    clearTimeout(idle);
    userSignal?.removeEventListener("abort", onAbort);
    // The consumer stopped early, or we did: release the connection.
    if (!writer.ended) controller.abort(abortedError());
    detach?.();
  }
  yield* events;
  events.length = 0;
}

function abortedError(): OpenloopError {
  return new OpenloopError("aborted", "The request was aborted.");
}

async function readJson(response: Response, wire: string): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new OpenloopError(
      "invalid_response",
      `The ${wire} backend sent a body that is not JSON: ${text.slice(0, 120)}`,
      {
        cause,
      },
    );
  }
}

/**
 * A 2xx HTML page where an API answer belongs: a baseURL pointing at a web UI or a proxy's page
 * (often one missing its `/v1`). Read as SSE it would look like a stream cut before its first chunk.
 */
async function htmlAnswer(response: Response, wire: string): Promise<OpenloopError> {
  const text = (await response.text().catch(() => "")).replace(/\s+/g, " ").trim();
  const snippet = text.length > 120 ? `${text.slice(0, 120)}…` : text;
  return new OpenloopError(
    "invalid_response",
    `The ${wire} backend at ${response.url || "baseURL"} answered with an HTML page, not the API ` +
      `(is baseURL the API root, e.g. ending in /v1?): ${snippet}`,
  );
}

function parseFrame(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch (cause) {
    const snippet = data.length > 120 ? `${data.slice(0, 120)}…` : data;
    throw new OpenloopError("sse_malformed", `SSE data is not JSON: ${JSON.stringify(snippet)}`, { cause });
  }
}

/**
 * What a translator's throw means: a payload of a shape it cannot read (a `null` where an object
 * belongs, ...) is the backend's fault, so `invalid_response` quoting it, not a stream that broke.
 */
function unreadable(cause: unknown, payload: unknown, wire: string): OpenloopError {
  if (cause instanceof OpenloopError) return cause;
  let text = JSON.stringify(payload) ?? String(payload);
  if (text.length > 120) text = `${text.slice(0, 120)}…`;
  return new OpenloopError(
    "invalid_response",
    `The ${wire} backend sent a payload the adapter could not read (${(cause as Error)?.message ?? cause}): ${text}`,
    { cause },
  );
}

/** The error a failure means: our own abort/timeout reason first, then what broke. */
function failureFor(error: unknown, signal: AbortSignal, reading: boolean, wire: string): OpenloopError {
  if (signal.aborted && signal.reason instanceof OpenloopError) return signal.reason;
  if (error instanceof OpenloopError) return error;
  if (reading) {
    return new OpenloopError(
      "stream_interrupted",
      `The ${wire} stream broke: ${(error as Error)?.message ?? error}`,
      {
        cause: error,
      },
    );
  }
  return asOpenloopError(error, "model_connection_error");
}

function asOpenloopError(error: unknown, code: "invalid_request" | "model_connection_error"): OpenloopError {
  if (error instanceof OpenloopError) return error;
  return new OpenloopError(code, (error as Error)?.message ?? String(error), { cause: error });
}
