/**
 * @module model — the `Model` contract: anything that turns a request into Open Responses events.
 */
import type { CreateResponseBody, StreamEvent } from "@openloop/protocol";

/** Per-request options the loop passes to a model. */
export interface ModelRequestOptions {
  /** Cancels the request. After an abort the stream ends with `response.failed` (code `aborted`). */
  signal?: AbortSignal;
}

/**
 * What a backend can take. Every field is optional; an absent field means "assume the spec":
 * the loop sends the spec's request and enforces the result client-side anyway.
 * The loop adapts its requests to these (e.g. filters the tool list instead of sending
 * `allowed_tools` when `allowedTools` is false).
 */
export interface ModelCapabilities {
  /** Accepts `tool_choice: { type: "allowed_tools", ... }`. @default true */
  allowedTools?: boolean;
  /** Honours `tool_choice: "required"` and the specific-function form. @default true */
  toolChoiceRequired?: boolean;
  /** Accepts `text.format: { type: "json_schema" }`. @default true */
  jsonSchemaOutput?: boolean;
  /** Keeps responses and accepts `previous_response_id`. @default true */
  previousResponseId?: boolean;
  /** Accepts `strict: true` on function tools. @default true */
  strictTools?: boolean;
  /** Can return several function calls in one response. @default true */
  parallelToolCalls?: boolean;
  /**
   * Accepts replayed reasoning items that carry no `encrypted_content` (summary only).
   * When false, the loop drops such items on stateless replay instead of sending an orphan.
   * @default false
   */
  reasoningReplay?: boolean;
  /** Accepts `input_image` content. @default true */
  images?: boolean;
}

/**
 * A model: turns a `CreateResponseBody` into a stream of Open Responses events.
 *
 * Contract:
 * - `stream()` returns an async iterable of spec events for ONE response, in spec order, ending with
 *   exactly one terminal event (`response.completed`, `response.incomplete` or `response.failed`).
 * - Failures are data. Once `stream()` has returned, iteration never throws for transport or server
 *   failures: the stream ends with `response.failed` (optionally preceded by an `error` event). Build
 *   it with {@link failedEvent} so the typed error travels with it ({@link failureOf} reads it back).
 *   Only programmer errors (invalid arguments to `stream()`) may throw.
 * - Aborting `options.signal` ends the stream promptly with `response.failed` whose error code is
 *   `aborted`; the model releases its connection and listeners.
 * - The model does not retry once any event has been yielded (a silent retry would duplicate output);
 *   it ends the stream with `response.failed` code `stream_interrupted` instead.
 * - Events are yielded as received; unknown event types are passed through unchanged.
 */
export interface Model {
  stream(request: CreateResponseBody, options: ModelRequestOptions): AsyncIterable<StreamEvent>;
  /** What the backend can take; see {@link ModelCapabilities}. */
  readonly capabilities?: ModelCapabilities;
  /** A human-readable name such as `"openai:gpt-5"`, used in errors and logs. */
  readonly name?: string;
}
