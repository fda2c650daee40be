/**
 * @module emit/client-emitter — the client's one response: sequence numbers, one append-only
 * output-index allocator, the finished items, and the lifecycle events around them.
 *
 * Everything the server sends a client for one response goes through one `ClientEmitter`, whatever
 * produced it (several model turns, hosted tools, client function calls), so numbering and output
 * indexes are the client's own, never an upstream's.
 */
import {
  createResponseResource,
  type ErrorPayload,
  type OutputItem,
  ResponseEmitter,
  type ResponseResource,
  type StreamEvent,
} from "@openloop/protocol";

/** Where events go: an SSE writer, a WebSocket, or nowhere (`null`, for a JSON answer). */
export type EventSink = ((event: StreamEvent) => void) | null;

/** An event under construction: the emitter sets `sequence_number`. */
export type Draft = { type: string; [key: string]: unknown };

/**
 * Numbers and sends one response's events.
 *
 * Contract:
 * - `start()` first, then items, then exactly one of `end()` / `fail()`; nothing after it.
 * - `sequence_number` counts up by one from 0; output indexes are allocated by `open()` /
 *   `item()` in call order and never reused, so the client's `output` only appends.
 * - the terminal event's `response.output` holds every item closed with `close()` / `item()`,
 *   in output-index order.
 * - with a `null` sink nothing is built per event (`live` is false): callers skip building deltas.
 */
export class ClientEmitter {
  #seq = 0;
  #nextIndex = 0;
  readonly #slots: (OutputItem | undefined)[] = [];
  readonly #sink: EventSink;
  #base: ResponseResource;
  #ended = false;

  constructor(base: ResponseResource, sink: EventSink) {
    this.#base = base;
    this.#sink = sink;
  }

  /** Whether events are being sent (false when answering with one JSON body). */
  get live(): boolean {
    return this.#sink !== null;
  }

  /** The response id. */
  get id(): string {
    return this.#base.id;
  }

  /** Whether `end()` or `fail()` was called. */
  get ended(): boolean {
    return this.#ended;
  }

  /** The finished items, in output-index order. */
  get output(): OutputItem[] {
    const out: OutputItem[] = [];
    for (const item of this.#slots) if (item !== undefined) out.push(item);
    return out;
  }

  /** `response.created` then `response.in_progress`, with the in-progress response. */
  start(): void {
    if (this.#sink === null) return;
    this.send({ type: "response.created", response: this.#snapshot() });
    this.send({ type: "response.in_progress", response: this.#snapshot() });
  }

  /** Numbers `draft` and sends it. */
  send(draft: Draft): void {
    if (this.#sink === null || this.#ended) return;
    draft.sequence_number = this.#seq++;
    this.#sink(draft as unknown as StreamEvent);
  }

  /** Allocates the next output index and sends `response.output_item.added` for `item`. */
  open(item: Record<string, unknown>): number {
    const output_index = this.#nextIndex++;
    this.#slots.push(undefined);
    this.send({ type: "response.output_item.added", output_index, item });
    return output_index;
  }

  /** Sends `response.output_item.done` and records `item` as the finished item at `index`. */
  close(index: number, item: OutputItem): void {
    this.#slots[index] = item;
    this.send({ type: "response.output_item.done", output_index: index, item });
  }

  /**
   * A finished item as its whole event sequence (added, parts, deltas, done), in the spec's order
   * (the protocol's `ResponseEmitter` writes it; only the numbering and the index are ours).
   */
  item(item: OutputItem): number {
    const output_index = this.#nextIndex++;
    this.#slots.push(item);
    if (this.#sink === null || this.#ended) return output_index;
    const writer = new ResponseEmitter(this.#base, { startSequence: this.#seq });
    for (const event of writer.item(item)) {
      (event as { output_index: number }).output_index = output_index;
      this.#sink(event);
    }
    this.#seq = writer.nextSequence;
    return output_index;
  }

  /** The final response: the base fields, `status`, the finished items, and `fields`. */
  finalResponse(
    status: ResponseResource["status"],
    fields: Partial<ResponseResource> = {},
  ): ResponseResource {
    return createResponseResource({
      ...this.#base,
      ...fields,
      status,
      output: this.output,
      completed_at: status === "completed" ? Math.floor(Date.now() / 1000) : null,
    });
  }

  /** The terminal event for `response` (`response.completed`, `.incomplete` or `.failed`). */
  end(response: ResponseResource): void {
    const type =
      response.status === "incomplete"
        ? "response.incomplete"
        : response.status === "failed"
          ? "response.failed"
          : "response.completed";
    this.send({ type, response });
    this.#ended = true;
  }

  /** An `error` event then `response.failed` carrying `response` (whose `error` says the same). */
  fail(error: ErrorPayload, response: ResponseResource): void {
    this.send({ type: "error", error });
    this.end(response);
  }

  #snapshot(): ResponseResource {
    return { ...this.#base, status: "in_progress", output: this.output };
  }
}
