/**
 * @module emit/lifecycle — one response's event sequence: numbering, delivery, output indexes, the
 * finished items, and the lifecycle and terminal events around them.
 */
import { createResponseResource } from "../resource/create-response-resource.js";
import type { ErrorPayload } from "../schemas/errors.js";
import type { StreamEvent } from "../schemas/events.js";
import type { OutputItem } from "../schemas/items.js";
import type { ResponseResource } from "../schemas/response.js";
import { IdSource } from "./ids.js";

/** An event before the writer numbers it: its `type` and fields; `sequence_number` is set on delivery. */
export type EventDraft = { type: string; [key: string]: unknown };

/** Where a writer's events go; see {@link ResponseWriterOptions.sink}. */
export type EventSink = (event: StreamEvent) => void;

export interface ResponseWriterOptions {
  /** The first `sequence_number`. @default 0 */
  startSequence?: number;
  /**
   * Where events go.
   * - a function: each event as it is written, numbered (a server's SSE writer, an array);
   * - `null`: events are numbered and the finished items kept, but nothing is sent (a JSON answer);
   *   `live` is false, so callers can skip building deltas;
   * - absent: events wait in a queue, and {@link ResponseLifecycle.take} numbers them as they are
   *   pulled, so a consumer that stops pulling leaves the numbering where it stopped.
   * @default undefined (queued)
   */
  sink?: EventSink | null;
  /**
   * The longest delta, in UTF-16 code units, when `item()` streams a finished item: longer texts
   * and function arguments are split into several delta events.
   * @default Infinity
   */
  chunkSize?: number;
}

type TerminalType = "response.completed" | "response.incomplete" | "response.failed";

/** The lifecycle event that ends a response with this status. */
function terminalType(status: string): TerminalType {
  if (status === "incomplete") return "response.incomplete";
  if (status === "failed" || status === "cancelled") return "response.failed";
  return "response.completed";
}

/**
 * The part of a {@link ResponseWriter} that knows nothing of item kinds: it numbers and delivers
 * events, allocates output indexes (append-only, never reused), keeps each item as its
 * `output_item.done` delivered it, and writes `response.created`, `response.in_progress` and the one
 * terminal event. Nothing is written after the terminal event.
 */
export class ResponseLifecycle {
  #seq: number;
  readonly #sink: EventSink | null | undefined;
  readonly #queue: StreamEvent[] = [];
  #head = 0;
  readonly #ids = new IdSource();
  readonly #base: ResponseResource;
  /** Finished items by output index; `undefined` while the item is open. */
  readonly #slots: (OutputItem | undefined)[] = [];
  #ended = false;

  /**
   * @param response The response's fields (id, model, echoed request settings); `status`,
   *   `output`, `usage`, `error`, `incomplete_details` and `completed_at` are the writer's. Without
   *   an `id`, the response gets `resp_<random>`.
   */
  constructor(
    response: Partial<ResponseResource> | Record<string, unknown> = {},
    options: ResponseWriterOptions = {},
  ) {
    this.#seq = options.startSequence ?? 0;
    this.#sink = options.sink;
    this.#base = createResponseResource({
      ...response,
      id: (response as { id?: unknown }).id ?? this.#ids.response(),
      status: "in_progress",
      output: [],
      usage: null,
      error: null,
      incomplete_details: null,
      completed_at: null,
    });
  }

  /** The `sequence_number` the next delivered event will carry. */
  get nextSequence(): number {
    return this.#seq;
  }

  /** The response id. */
  get id(): string {
    return this.#base.id;
  }

  /** True once the terminal event has been written. */
  get ended(): boolean {
    return this.#ended;
  }

  /** False when events go nowhere (`sink: null`): callers may skip building deltas. */
  get live(): boolean {
    return this.#sink !== null;
  }

  /** The finished items (their `output_item.done` delivered), in output-index order. */
  get output(): OutputItem[] {
    const out: OutputItem[] = [];
    for (const item of this.#slots) if (item !== undefined) out.push(item);
    return out;
  }

  /** A fresh item id sharing the response's random base: `<prefix>_<base><n>`. */
  newId(prefix: string): string {
    return this.#ids.item(prefix);
  }

  /** The model name a backend reported, echoed by later snapshots and the terminal response. */
  setModel(model: string): void {
    if (model) this.#base.model = model;
  }

  /** The response as it stands: status `in_progress`, with the finished items. */
  snapshot(): ResponseResource {
    return { ...this.#base, output: this.output };
  }

  /**
   * The final response (not written): the base fields, then `final`; `status` defaults to
   * `completed`, `output` to the finished items, `completed_at` to now for a completed response
   * and `null` otherwise.
   */
  response(final: Partial<ResponseResource> = {}): ResponseResource {
    const status = final.status ?? "completed";
    return createResponseResource({
      ...this.#base,
      ...final,
      status,
      output: final.output ?? this.output,
      completed_at:
        final.completed_at !== undefined
          ? final.completed_at
          : status === "completed"
            ? Math.floor(Date.now() / 1000)
            : null,
    });
  }

  /** `response.created` then `response.in_progress`, each with the in-progress response. */
  start(): void {
    this.write({ type: "response.created", sequence_number: 0, response: this.snapshot() });
    this.write({ type: "response.in_progress", sequence_number: 0, response: this.snapshot() });
  }

  /**
   * Writes any event (a hosted tool's events, an extension's); the writer sets its
   * `sequence_number`. Ignored once the terminal event is written.
   */
  write(event: EventDraft): void {
    if (this.#ended) return;
    const e = event as unknown as StreamEvent;
    if (this.#sink === undefined) {
      this.#queue.push(e);
      return;
    }
    this.#deliver(e);
    this.#sink?.(e);
  }

  /** The queued events (no `sink`), each numbered as it is pulled. */
  *take(): Generator<StreamEvent, void, undefined> {
    const queue = this.#queue;
    while (this.#head < queue.length) {
      const event = queue[this.#head++]!;
      this.#deliver(event);
      yield event;
    }
    queue.length = 0;
    this.#head = 0;
  }

  /** Drops queued events nobody pulled: they are never numbered, and their items never finished. */
  discard(): void {
    this.#queue.length = 0;
    this.#head = 0;
  }

  /** Allocates the next output index and writes `response.output_item.added` with `item` as given. */
  openItem(item: Record<string, unknown>): number {
    const output_index = this.#slots.length;
    this.#slots.push(undefined);
    this.write({ type: "response.output_item.added", sequence_number: 0, output_index, item });
    return output_index;
  }

  /** Writes `response.output_item.done`; once delivered, `item` is the finished item at `index`. */
  closeItem(index: number, item: OutputItem): void {
    this.write({ type: "response.output_item.done", sequence_number: 0, output_index: index, item });
  }

  /** Writes the terminal event for `response` (`response.completed`, `.incomplete` or `.failed`, by its status). */
  terminal(response: ResponseResource): void {
    this.write({ type: terminalType(response.status), sequence_number: 0, response });
    this.#ended = true;
  }

  /** The terminal event for {@link response}`(final)`. */
  end(final: Partial<ResponseResource> = {}): void {
    this.terminal(this.response(final));
  }

  /**
   * An error while streaming, as the spec's "Errors" section says: an `error` event (`type`
   * defaults to `server_error`), then `response.failed` — `response` when given, else the finished
   * items with `error: { code, message }`.
   */
  fail(error: Partial<ErrorPayload> & { message: string }, response?: ResponseResource): void {
    const payload: ErrorPayload = {
      ...error,
      type: error.type ?? "server_error",
      code: error.code ?? null,
      message: error.message,
      param: error.param ?? null,
    };
    this.write({ type: "error", sequence_number: 0, error: payload });
    this.terminal(
      response ??
        this.response({
          status: "failed",
          error: { code: payload.code ?? payload.type, message: payload.message },
        }),
    );
  }

  #deliver(event: StreamEvent): void {
    (event as { sequence_number: number }).sequence_number = this.#seq++;
    if (event.type === "response.output_item.done")
      this.#slots[event.output_index] = event.item as OutputItem;
  }
}
