/**
 * @module mock-server/respond — one `POST /v1/responses` answered from a model's event stream.
 */
import { once } from "node:events";
import type { ServerResponse } from "node:http";
import { failedEvent, failureOf, ModelHttpError } from "@openloop/core";
import {
  encodeSSE,
  encodeSSEDone,
  OpenloopError,
  ResponseAccumulator,
  type ResponseResource,
  type StreamEvent,
} from "@openloop/protocol";

/** How raw reasoning events are named on the wire. */
export type ReasoningEventNames = "spec" | "openai";

const OPENAI_NAMES: Record<string, string> = {
  "response.reasoning.delta": "response.reasoning_text.delta",
  "response.reasoning.done": "response.reasoning_text.done",
};

/** The wire form of an event: one SSE frame, `event:` equal to the payload's `type`. */
function frame(event: StreamEvent, names: ReasoningEventNames): string {
  const renamed = names === "openai" ? OPENAI_NAMES[event.type] : undefined;
  return encodeSSE(renamed === undefined ? event : { ...event, type: renamed });
}

/**
 * Cuts the connection: what was written is flushed, then the socket closes with the response
 * unfinished (no final chunk, no `[DONE]`). `destroy()` alone would drop the unflushed frames.
 */
function cut(res: ServerResponse): void {
  res.socket?.end();
}

/** A failure the connection itself must show (a cut), rather than an event. */
function isCut(event: StreamEvent): boolean {
  if (event.type !== "response.failed") return false;
  const code = failureOf(event)?.code;
  return code === "stream_interrupted" || code === "model_connection_error";
}

/** The spec's error envelope as a JSON body. */
export function envelope(type: string, message: string, code: string | null = null): string {
  return JSON.stringify({ error: { type, code, message, param: null } });
}

/**
 * Answers from `events` (a model's stream for this request):
 * - a first event that is `response.failed` carrying a `ModelHttpError` becomes that HTTP answer
 *   (its status, its body, its `Retry-After` / `retry-after-ms` / `x-should-retry` headers);
 * - a `response.failed` with code `stream_interrupted` / `model_connection_error` destroys the
 *   socket at that point (a cut connection);
 * - otherwise, streaming: `200 text/event-stream`, one write per frame, then `data: [DONE]` (a
 *   model that throws mid-stream ends it with an `error` event and `response.failed` naming it);
 *   non-streaming: the events accumulated into one `ResponseResource`, as JSON.
 */
export async function respond(
  res: ServerResponse,
  events: AsyncIterator<StreamEvent>,
  stream: boolean,
  names: ReasoningEventNames,
  signal: AbortSignal,
): Promise<void> {
  const first = await events.next();
  if (signal.aborted) return;
  if (first.done) {
    res.writeHead(500, { "content-type": "application/json" });
    res.end(envelope("server_error", "The model ended without a single event."));
    return;
  }
  const failure = first.value?.type === "response.failed" ? failureOf(first.value) : undefined;
  if (failure instanceof ModelHttpError) {
    const headers: Record<string, string> = {
      "content-type": failure.headers["content-type"] ?? "application/json",
    };
    for (const name of ["retry-after", "retry-after-ms", "x-should-retry"])
      if (failure.headers[name] !== undefined) headers[name] = failure.headers[name]!;
    res.writeHead(failure.status, headers);
    res.end(failure.body ?? envelope(failure.type, failure.message, failure.serverCode));
    return;
  }

  if (!stream) {
    const accumulator = new ResponseAccumulator();
    for (let next: IteratorResult<StreamEvent> = first; !next.done; next = await events.next()) {
      if (isCut(next.value)) return cut(res);
      accumulator.push(next.value);
    }
    if (signal.aborted) return;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(accumulator.snapshot()));
    return;
  }

  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const seen = { sequence: -1, terminal: false, response: {} as Partial<ResponseResource> };
  try {
    for (let next: IteratorResult<StreamEvent> = first; !next.done; next = await events.next()) {
      if (signal.aborted) return;
      if (isCut(next.value)) return cut(res);
      if (typeof next.value !== "object" || next.value === null || typeof next.value.type !== "string")
        throw new NotAnEvent(next.value);
      note(seen, next.value);
      // One write per frame (clients such as the compliance suite lose frames split across writes).
      if (!res.write(frame(next.value, names))) await once(res, "drain", { signal }).catch(() => undefined);
    }
  } catch (error) {
    if (signal.aborted) return;
    // The model threw after the stream began: end it as a server does, an `error` event and
    // `response.failed` naming the cause (not a dropped connection that loses the frames sent).
    if (!seen.terminal) {
      const message =
        error instanceof NotAnEvent
          ? error.message
          : `The model threw: ${error instanceof Error ? error.message : String(error)}`;
      const payload = { type: "server_error", code: "server_error", message, param: null };
      res.write(encodeSSE({ type: "error", sequence_number: seen.sequence + 1, error: payload }));
      const failure = new OpenloopError("model_failed", message, { details: { serverCode: "server_error" } });
      res.write(encodeSSE(failedEvent(failure, seen.response, seen.sequence + 2)));
    }
  }
  if (!signal.aborted) res.end(encodeSSEDone());
}

/** A model yielded a value that is not an event (an object with a string `type`). */
class NotAnEvent extends Error {
  constructor(value: unknown) {
    super(`The model yielded something that is not an event: ${JSON.stringify(value) ?? String(value)}`);
  }
}

/** What a synthesized `response.failed` must continue: the numbering, the response's id and model. */
function note(
  seen: { sequence: number; terminal: boolean; response: Partial<ResponseResource> },
  event: StreamEvent,
) {
  if (typeof event.sequence_number === "number") seen.sequence = event.sequence_number;
  if (
    event.type === "response.completed" ||
    event.type === "response.failed" ||
    event.type === "response.incomplete"
  )
    seen.terminal = true;
  const response = (event as { response?: { id?: unknown; model?: unknown } }).response;
  if (typeof response?.id === "string") seen.response.id = response.id;
  if (typeof response?.model === "string") seen.response.model = response.model;
}
