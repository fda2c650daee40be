/**
 * @module sse/decode — Server-Sent Events bytes to Open Responses events.
 *
 * Framing is done by `eventsource-parser` (a spec-complete SSE parser: CR, LF and CRLF line ends,
 * multi-line `data:`, comments, frames split anywhere across reads). This module adds what Open
 * Responses needs on top: JSON payloads, `[DONE]`, the `event:` name as a fallback `type`, the
 * `response.reasoning_text.*` alias, and malformed frames reported as data instead of thrown.
 * It does not validate events against the schemas (that costs more than the rest of decoding);
 * see `parseStreamEvent` for that.
 */
import { createParser, type EventSourceMessage, type ParseError } from "eventsource-parser";
import { describeKind } from "../errors/describe-kind.js";
import { OpenloopError } from "../errors/index.js";
import type { ErrorStreamEvent, StreamEvent } from "../schemas/events.js";
import { normalizeEventType } from "./aliases.js";

/** What `decodeSSE` reads: a fetch `Response`, its body, or any async iterable of bytes or text. */
export type SSESource =
  | Response
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string>
  | Iterable<Uint8Array | string>;

export interface DecodeSSEOptions {
  /**
   * Rename `response.reasoning_text.delta` / `.done` (OpenAI, vLLM, xAI, LM Studio, DeepSeek) to
   * the spec's `response.reasoning.delta` / `.done`. The accumulator accepts both either way.
   * @default true
   */
  normalizeAliases?: boolean;
  /**
   * What a malformed frame does: data that is not JSON, JSON that is not an object with a string
   * `type` (and no `event:` name to use instead), or a line that is not an SSE field.
   * - `"yield"`: yield an `error` event (`error.code: "sse_malformed"`, `sequence_number: -1`)
   *   and go on with the next frame, so one bad frame loses nothing else.
   * - `"throw"`: after yielding every event before it, throw an `OpenloopError` with code
   *   `sse_malformed`.
   * @default "yield"
   */
  onError?: "yield" | "throw";
}

/** A malformed frame, queued in order with the good events. */
class Malformed {
  constructor(readonly error: OpenloopError) {}
}

const SNIPPET = 120;

function snippet(text: string): string {
  return JSON.stringify(text.length > SNIPPET ? `${text.slice(0, SNIPPET)}…` : text);
}

/** The `error` event a malformed frame becomes in `"yield"` mode. */
function malformedEvent(error: OpenloopError): ErrorStreamEvent {
  // -1: not a server sequence number, so gap detection ignores it.
  return { type: "error", sequence_number: -1, error: { ...error.toPayload() } };
}

/**
 * Decode an SSE stream of Open Responses events. Yields each event's parsed JSON object (with
 * `type` filled from the `event:` name when the payload lacks one). Ends at `data: [DONE]` or at
 * the end of the input, whichever comes first; a final frame missing its blank line is still
 * delivered. Never throws for bad input in the default `"yield"` mode.
 *
 * @example
 * const res = await fetch(url, { method: "POST", body, headers });
 * for await (const event of decodeSSE(res)) if (event.type === "response.output_text.delta") write(event.delta);
 */
export async function* decodeSSE(
  source: SSESource,
  options: DecodeSSEOptions = {},
): AsyncGenerator<StreamEvent, void, undefined> {
  const normalize = options.normalizeAliases !== false;
  const throwOnError = options.onError === "throw";
  const queue: (StreamEvent | Malformed)[] = [];
  let done = false;

  const onEvent = (message: EventSourceMessage): void => {
    if (done) return;
    const data = message.data;
    if (data.length <= 12 && data.trim() === "[DONE]") {
      done = true;
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(data);
    } catch (error) {
      queue.push(
        new Malformed(
          new OpenloopError("sse_malformed", `SSE data is not JSON: ${snippet(data)}`, { cause: error }),
        ),
      );
      return;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      queue.push(
        new Malformed(new OpenloopError("sse_malformed", `SSE data is not a JSON object: ${snippet(data)}`)),
      );
      return;
    }
    const event = value as { type?: unknown };
    if (typeof event.type !== "string") {
      if (message.event === undefined) {
        queue.push(
          new Malformed(
            new OpenloopError(
              "sse_malformed",
              `SSE event has no string \`type\` and no \`event:\` name: ${snippet(data)}`,
            ),
          ),
        );
        return;
      }
      event.type = message.event;
    }
    if (normalize) event.type = normalizeEventType(event.type as string);
    queue.push(event as StreamEvent);
  };
  const onError = (error: ParseError): void => {
    // A bad `retry:` value is harmless; anything else means a line that is not SSE at all.
    if (done || error.type === "invalid-retry") return;
    const line = error.line ?? "";
    queue.push(
      new Malformed(
        new OpenloopError("sse_malformed", `Not an SSE line: ${snippet(line)}`, { cause: error }),
      ),
    );
  };
  const parser = createParser({ onEvent, onError });

  let first = true;
  for await (let text of textChunks(source)) {
    if (first && text !== "") {
      first = false;
      // TextDecoder drops a byte-order mark from bytes; do the same for text sources.
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    parser.feed(text);
    for (const entry of queue) {
      if (entry instanceof Malformed) {
        if (throwOnError) throw entry.error;
        yield malformedEvent(entry.error);
      } else {
        yield entry;
      }
    }
    queue.length = 0;
    if (done) return;
  }
}

/**
 * The source as text chunks, decoding UTF-8 across chunk boundaries, then a blank line so that a
 * last frame lacking its own (a server closing early) is delivered. Cancels the body on early exit.
 */
async function* textChunks(source: SSESource): AsyncGenerator<string, void, undefined> {
  const decoder = new TextDecoder();
  if (isResponse(source)) {
    if (source.body !== null) yield* readStream(source.body, decoder);
  } else if (isReadableStream(source)) {
    yield* readStream(source, decoder);
  } else if (typeof source === "string") {
    // A string is iterable too, but char by char: take it as one chunk.
    yield source;
  } else if (!isIterable(source)) {
    throw new OpenloopError(
      "invalid_config",
      "decodeSSE(): Expected `source` to be a fetch Response, a ReadableStream<Uint8Array> or an " +
        `(async) iterable of Uint8Array or string chunks, got ${describeKind(source)}`,
    );
  } else {
    for await (const chunk of source) {
      yield typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    }
  }
  const rest = decoder.decode();
  if (rest !== "") yield rest;
  yield "\n\n";
}

/**
 * A fetch `Response`, also one whose class is not this realm's global `Response` (server frameworks
 * such as @hono/node-server replace the global, so `fetch`'s responses fail `instanceof Response`).
 */
function isResponse(value: unknown): value is Response {
  if (value instanceof Response) return true;
  const v = value as Partial<Response> | null;
  return (
    typeof v === "object" &&
    v !== null &&
    "body" in v &&
    typeof v.headers?.get === "function" &&
    typeof v.status === "number" &&
    (v.body === null || isReadableStream(v.body))
  );
}

function isIterable(value: unknown): value is AsyncIterable<unknown> | Iterable<unknown> {
  return (
    typeof value === "object" && value !== null && (Symbol.asyncIterator in value || Symbol.iterator in value)
  );
}

function isReadableStream(value: unknown): value is ReadableStream<Uint8Array> {
  return typeof (value as ReadableStream | undefined)?.getReader === "function";
}

async function* readStream(
  stream: ReadableStream<Uint8Array>,
  decoder: TextDecoder,
): AsyncGenerator<string, void, undefined> {
  const reader = stream.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      yield decoder.decode(value, { stream: true });
    }
  } finally {
    // Stopped early ([DONE], a break in the consumer): close the connection instead of leaking it.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
