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
import {
  createParser,
  type EventSourceMessage,
  type EventSourceParser,
  type ParseError,
} from "eventsource-parser";
import { describeKind } from "../errors/describe-kind.js";
import { OpenloopError } from "../errors/index.js";
import type { ErrorStreamEvent, StreamEvent } from "../schemas/events.js";
import { normalizeEventType } from "./aliases.js";
import { DEFAULT_MAX_SSE_EVENT_LENGTH, SSEEventLimit } from "./event-limit.js";
import { textChunks } from "./text-chunks.js";

/** What `decodeSSE` reads: a fetch `Response`, its body, or any async iterable of bytes or text. */
export type SSESource =
  | Response
  | ReadableStream<Uint8Array>
  | ReadableStream<string>
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
  /**
   * The most characters one event may take, counted from the end of the previous event (its
   * `data:` lines, comments and field names included; UTF-16 code units, which for ASCII are
   * bytes). A server that goes past it (a `data:` line that never ends) would otherwise make the
   * decoder buffer without end: instead it stops reading, cancels the source and reports an
   * error with code `stream_interrupted`: as an `error` event (`sequence_number: -1`) that ends the
   * stream in `"yield"` mode, thrown in `"throw"` mode. The events before it are delivered first.
   * `Infinity` turns the bound off.
   * @default 33554432 (32 Mi)
   */
  maxEventLength?: number;
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
 * delivered. Never throws for bad input in the default `"yield"` mode. Stopping early (`break`,
 * `return()`) cancels the source.
 *
 * @example
 * const res = await fetch(url, { method: "POST", body, headers });
 * for await (const event of decodeSSE(res)) if (event.type === "response.output_text.delta") write(event.delta);
 */
export function decodeSSE(
  source: SSESource,
  options: DecodeSSEOptions = {},
): AsyncGenerator<StreamEvent, void, undefined> {
  checkOptions(options);
  const limit = new SSEEventLimit(options.maxEventLength ?? DEFAULT_MAX_SSE_EVENT_LENGTH, "decodeSSE()");
  return new SSEEvents(source, options, limit);
}

/** A misspelt option would otherwise be ignored in silence (`onError: "raise"` meant "throw"). */
function checkOptions(options: unknown): asserts options is DecodeSSEOptions {
  const bad = (what: string, got: unknown) =>
    new OpenloopError(
      "invalid_config",
      `decodeSSE(): Expected ${what}, got ${typeof got === "string" ? JSON.stringify(got) : describeKind(got)}`,
    );
  if (typeof options !== "object" || options === null) throw bad("`options` to be an object", options);
  const { onError, normalizeAliases } = options as Record<string, unknown>;
  if (onError !== undefined && onError !== "yield" && onError !== "throw")
    throw bad('`onError` to be "yield" or "throw"', onError);
  if (normalizeAliases !== undefined && typeof normalizeAliases !== "boolean")
    throw bad("`normalizeAliases` to be a boolean", normalizeAliases);
}

type Entry = StreamEvent | Malformed;

const end = (): IteratorReturnResult<void> => ({ value: undefined, done: true });

/**
 * The events of one SSE source, as an async iterator written by hand rather than an `async
 * function*`: an async generator's `yield` costs several promise turns per event, which on a
 * stream of small deltas was a third of the decoding time (see `bench/`). Here an event that is
 * already parsed is handed out with one resolved promise; only reading the next chunk is async.
 * Behaves as the generator did: calls to `next()` are served in order, the source is cancelled on
 * `[DONE]`, `return()`, `throw()` and a thrown malformed frame, and a finished iterator stays
 * finished.
 */
class SSEEvents implements AsyncGenerator<StreamEvent, void, undefined> {
  readonly #queue: Entry[] = [];
  #head = 0;
  readonly #parser: EventSourceParser;
  readonly #chunks: AsyncGenerator<string, void, undefined>;
  readonly #throwOnError: boolean;
  readonly #limit: SSEEventLimit;
  #first = true;
  /** `data: [DONE]` arrived: deliver what is queued, then stop. */
  #sawDone = false;
  /** The source is exhausted (`flushed`) or let go (`closed`). */
  #state: "open" | "flushed" | "closed" = "open";
  /** The slow `next()` in flight, so that later calls wait their turn. */
  #busy: Promise<IteratorResult<StreamEvent, void>> | undefined;

  constructor(source: SSESource, options: DecodeSSEOptions, limit: SSEEventLimit) {
    this.#limit = limit;
    this.#throwOnError = options.onError === "throw";
    const normalize = options.normalizeAliases !== false;
    const queue = this.#queue;
    const onEvent = (message: EventSourceMessage): void => {
      if (this.#sawDone) return;
      const data = message.data;
      if (data.length <= 12 && data.trim() === "[DONE]") {
        this.#sawDone = true;
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
          new Malformed(
            new OpenloopError("sse_malformed", `SSE data is not a JSON object: ${snippet(data)}`),
          ),
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
      if (this.#sawDone || error.type === "invalid-retry") return;
      const line = error.line ?? "";
      queue.push(
        new Malformed(
          new OpenloopError("sse_malformed", `Not an SSE line: ${snippet(line)}`, { cause: error }),
        ),
      );
    };
    this.#parser = createParser({ onEvent, onError });
    this.#chunks = textChunks(source);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<StreamEvent, void>> {
    // The hot path: an event parsed from a chunk already read.
    if (this.#busy === undefined && this.#head < this.#queue.length) {
      const entry = this.#queue[this.#head]!;
      if (!(entry instanceof Malformed)) {
        this.#head++;
        return Promise.resolve({ value: entry, done: false });
      }
    }
    return this.#serialize(() => this.#slowNext());
  }

  async return(): Promise<IteratorResult<StreamEvent, void>> {
    return this.#serialize(async () => {
      await this.#close();
      return end();
    });
  }

  async throw(error: unknown): Promise<IteratorResult<StreamEvent, void>> {
    await this.return();
    throw error;
  }

  /** Runs `step` after any slow call in flight, and makes later calls wait for it. */
  #serialize(
    step: () => Promise<IteratorResult<StreamEvent, void>>,
  ): Promise<IteratorResult<StreamEvent, void>> {
    const previous = this.#busy;
    const current = previous === undefined ? step() : previous.then(step, step);
    this.#busy = current;
    const settle = () => {
      if (this.#busy === current) this.#busy = undefined;
    };
    current.then(settle, settle);
    return current;
  }

  async #slowNext(): Promise<IteratorResult<StreamEvent, void>> {
    for (;;) {
      if (this.#head < this.#queue.length) {
        const entry = this.#queue[this.#head++]!;
        if (!(entry instanceof Malformed)) return { value: entry, done: false };
        if (!this.#throwOnError) return { value: malformedEvent(entry.error), done: false };
        await this.#close();
        throw entry.error;
      }
      this.#queue.length = 0;
      this.#head = 0;
      if (this.#sawDone || this.#state !== "open") {
        await this.#close();
        return end();
      }
      let step: IteratorResult<string, void>;
      try {
        step = await this.#chunks.next();
      } catch (error) {
        // The source failed (a network error): it is finished already; so is this iterator.
        this.#state = "closed";
        throw error;
      }
      if (step.done) {
        // Deliver a last frame that lacks its terminating blank line (a server closing early).
        this.#parser.feed("\n\n");
        this.#state = "flushed";
        continue;
      }
      let text = step.value;
      if (this.#first && text !== "") {
        this.#first = false;
        // The UTF-8 decoder keeps a byte-order mark; text sources may carry one too: drop it once.
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      if (this.#limit.add(text)) {
        // Deliver the events this chunk completes, then end with the error (and let go of the source).
        const boundary = this.#limit.boundary;
        if (boundary > 0) this.#parser.feed(text.slice(0, boundary));
        this.#queue.push(new Malformed(this.#limit.error()));
        this.#sawDone = true;
        continue;
      }
      this.#parser.feed(text);
    }
  }

  /** Lets go of the source (cancelling a fetch body) and ends the iteration for good. */
  async #close(): Promise<void> {
    this.#queue.length = 0;
    this.#head = 0;
    this.#sawDone = true;
    if (this.#state === "closed") return;
    this.#state = "closed";
    await this.#chunks.return();
  }
}
