/**
 * @module emit/emitter — finished output items to spec-ordered streaming events, pulled one by one.
 *
 * A thin convenience over {@link ResponseWriter} for producers that hold whole items: the test
 * doubles (`@openloop/testing`) and `responseEvents` (a non-streaming response replayed as events).
 */
import type { ErrorPayload } from "../schemas/errors.js";
import type { StreamEvent } from "../schemas/events.js";
import type { OutputItem } from "../schemas/items.js";
import type { ResponseResource } from "../schemas/response.js";
import { itemSteps } from "./finished-item.js";
import { ResponseWriter } from "./response-writer.js";

export interface ResponseEmitterOptions {
  /**
   * The longest delta, in UTF-16 code units: longer texts and function arguments are split into
   * several delta events. By default each text is sent as one delta.
   * @default Infinity
   */
  chunkSize?: number;
  /** The first `sequence_number`. @default 0 */
  startSequence?: number;
}

/**
 * Writes one response as spec events, item by item, numbering them as they are pulled.
 *
 * Call {@link start} once, {@link item} for each output item in order, then {@link end} (or
 * {@link fail}). A consumer that stops pulling (to simulate a cut connection) leaves the numbering
 * and the finished items where it stopped; what it never pulled is dropped by the next call.
 *
 * Contract: the events are {@link ResponseWriter}'s (spec-valid, spec-ordered); `end()` and
 * `fail()` produce the only terminal event; call one of them once, last.
 *
 * @example
 * const emitter = new ResponseEmitter({ model: "m" }, { chunkSize: 4 });
 * const events = [...emitter.start(), ...emitter.item(message), emitter.end()];
 */
export class ResponseEmitter {
  readonly #w: ResponseWriter;
  readonly #chunkSize: number;

  /**
   * @param response The response's fields (id, model, echoed request settings); `status`,
   *   `output`, `usage` and the completion fields are set by the emitter.
   */
  constructor(
    response: Partial<ResponseResource> | Record<string, unknown> = {},
    options: ResponseEmitterOptions = {},
  ) {
    this.#chunkSize = options.chunkSize ?? Number.POSITIVE_INFINITY;
    this.#w = new ResponseWriter(response, { startSequence: options.startSequence });
  }

  /** The `sequence_number` the next event will carry. */
  get nextSequence(): number {
    return this.#w.nextSequence;
  }

  /** The response id. */
  get id(): string {
    return this.#w.id;
  }

  /** The items whose `output_item.done` has been pulled, in order. */
  get output(): readonly OutputItem[] {
    return this.#w.output;
  }

  /** The response as it stands: status `in_progress`, with the finished items. */
  snapshot(): ResponseResource {
    return this.#w.snapshot();
  }

  /** `response.created` then `response.in_progress`, each with the in-progress response. */
  *start(): Generator<StreamEvent, void, undefined> {
    this.#w.discard();
    this.#w.start();
    yield* this.#w.take();
  }

  /**
   * The events of one finished output item: `output_item.added` (the item with empty content and
   * status `in_progress`), its parts and deltas, then `output_item.done` with the item as given.
   */
  *item(item: OutputItem): Generator<StreamEvent, void, undefined> {
    this.#w.discard();
    for (const _ of itemSteps(this.#w, item, this.#chunkSize)) yield* this.#w.take();
  }

  /**
   * The terminal event: `response.completed`, `response.incomplete` or `response.failed`, chosen
   * by `final.status` (default `completed`). Its response carries every emitted item unless
   * `final.output` is given.
   */
  end(final: Partial<ResponseResource> = {}): StreamEvent {
    this.#w.discard();
    this.#w.end(final);
    return [...this.#w.take()][0]!;
  }

  /**
   * An error while streaming, as the spec's "Errors" section says: an `error` event, then
   * `response.failed` whose `error` is `{ code, message }` and whose output is the finished items.
   */
  *fail(error: Partial<ErrorPayload> & { message: string }): Generator<StreamEvent, void, undefined> {
    this.#w.discard();
    this.#w.fail(error);
    yield* this.#w.take();
  }
}
