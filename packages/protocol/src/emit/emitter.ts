/**
 * @module emit/emitter — output items to spec-ordered streaming events.
 *
 * Pure spec logic: numbering, output indexes, content and summary parts, deltas and the terminal
 * event, in the order the spec's "Items are streamable" section prescribes. Used by the test doubles
 * (`@openloop/testing`), by models that receive a whole response at once (non-streaming mode) and
 * by servers that stream items they already hold.
 */
import { createResponseResource } from "../resource/create-response-resource.js";
import type { ErrorPayload } from "../schemas/errors.js";
import type { StreamEvent } from "../schemas/events.js";
import type { OutputItem } from "../schemas/items.js";
import type { ResponseResource } from "../schemas/response.js";
import { chunkText } from "./chunk.js";

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

type Part = { type: string; text?: unknown; refusal?: unknown; annotations?: unknown };
type AnyItem = OutputItem & Record<string, unknown>;

/** The lifecycle event that ends a response with this status. */
function terminalType(status: string): "response.completed" | "response.incomplete" | "response.failed" {
  if (status === "incomplete") return "response.incomplete";
  if (status === "failed" || status === "cancelled") return "response.failed";
  return "response.completed";
}

/**
 * Writes one response as spec events, item by item, numbering them as it goes.
 *
 * Call {@link start} once, {@link item} for each output item in order, then {@link end} (or
 * {@link fail}). The generators number events lazily, as they are pulled, so a consumer that stops
 * pulling (to simulate a cut connection) leaves the numbering where it stopped.
 *
 * Contract (for the test doubles and servers that share it):
 * - the events it yields validate against the spec's OpenAPI document and follow its ordering
 *   rules: `sequence_number` counts up by one from `startSequence`, output indexes append, every
 *   part is added before its deltas and closed after its `.done` event, `item_id` is the item's id;
 * - it never copies or validates per delta, and never mutates the items it is given;
 * - `end()` and `fail()` produce the only terminal event; call one of them once, last.
 *
 * @example
 * const emitter = new ResponseEmitter({ model: "m" }, { chunkSize: 4 });
 * const events = [...emitter.start(), ...emitter.item(message), emitter.end()];
 */
export class ResponseEmitter {
  #seq: number;
  readonly #chunkSize: number;
  readonly #base: ResponseResource;
  readonly #done: OutputItem[] = [];
  #outputIndex = 0;

  /**
   * @param response The response's fields (id, model, echoed request settings); `status`,
   *   `output`, `usage` and the completion fields are set by the emitter.
   */
  constructor(
    response: Partial<ResponseResource> | Record<string, unknown> = {},
    options: ResponseEmitterOptions = {},
  ) {
    this.#seq = options.startSequence ?? 0;
    this.#chunkSize = options.chunkSize ?? Number.POSITIVE_INFINITY;
    this.#base = createResponseResource({
      ...response,
      status: "in_progress",
      output: [],
      usage: null,
      error: null,
      incomplete_details: null,
      completed_at: null,
    });
  }

  /** The `sequence_number` the next event will carry. */
  get nextSequence(): number {
    return this.#seq;
  }

  /** The response id. */
  get id(): string {
    return this.#base.id;
  }

  /** The items whose `output_item.done` has been emitted, in order. */
  get output(): readonly OutputItem[] {
    return this.#done;
  }

  /** The response as it stands: status `in_progress`, with the finished items. */
  snapshot(): ResponseResource {
    return { ...this.#base, output: [...this.#done] };
  }

  /** `response.created` then `response.in_progress`, each with the in-progress response. */
  *start(): Generator<StreamEvent, void, undefined> {
    yield { type: "response.created", sequence_number: this.#seq++, response: this.snapshot() };
    yield { type: "response.in_progress", sequence_number: this.#seq++, response: this.snapshot() };
  }

  /**
   * The events of one finished output item: `output_item.added` (the item with empty content and
   * status `in_progress`), its parts and deltas, then `output_item.done` with the item as given.
   */
  *item(item: OutputItem): Generator<StreamEvent, void, undefined> {
    const output_index = this.#outputIndex++;
    const it = item as AnyItem;
    const item_id = typeof it.id === "string" ? it.id : "";
    switch (it.type) {
      case "message":
        yield this.#added(output_index, { ...it, status: "in_progress", content: [] });
        yield* this.#messageParts(item_id, output_index, (it.content ?? []) as Part[]);
        break;
      case "function_call": {
        yield this.#added(output_index, { ...it, status: "in_progress", arguments: "" });
        const args = typeof it.arguments === "string" ? it.arguments : "";
        for (const delta of chunkText(args, this.#chunkSize))
          yield {
            type: "response.function_call_arguments.delta",
            sequence_number: this.#seq++,
            item_id,
            output_index,
            delta,
          };
        yield {
          type: "response.function_call_arguments.done",
          sequence_number: this.#seq++,
          item_id,
          output_index,
          arguments: args,
        };
        break;
      }
      case "reasoning": {
        const added: Record<string, unknown> = { ...it, summary: [] };
        if (Array.isArray(it.content)) added.content = [];
        yield this.#added(output_index, added);
        yield* this.#reasoningContent(item_id, output_index, (it.content ?? []) as Part[]);
        yield* this.#reasoningSummary(item_id, output_index, (it.summary ?? []) as Part[]);
        break;
      }
      default:
        // Items without streamable content (function_call_output, compaction, extensions): added, done.
        yield this.#added(
          output_index,
          typeof it.status === "string" ? { ...it, status: "in_progress" } : it,
        );
    }
    this.#done.push(item);
    yield { type: "response.output_item.done", sequence_number: this.#seq++, output_index, item };
  }

  /**
   * The terminal event: `response.completed`, `response.incomplete` or `response.failed`, chosen
   * by `final.status` (default `completed`). Its response carries every emitted item unless
   * `final.output` is given.
   */
  end(final: Partial<ResponseResource> = {}): StreamEvent {
    const status = final.status ?? "completed";
    const response = createResponseResource({
      ...this.#base,
      ...final,
      status,
      output: final.output ?? [...this.#done],
      completed_at:
        final.completed_at !== undefined
          ? final.completed_at
          : status === "completed"
            ? Math.floor(Date.now() / 1000)
            : null,
    });
    return { type: terminalType(status), sequence_number: this.#seq++, response } as StreamEvent;
  }

  /**
   * An error while streaming, as the spec's "Errors" section says: an `error` event, then
   * `response.failed` whose `error` is `{ code, message }` and whose output is the finished items.
   */
  *fail(error: Partial<ErrorPayload> & { message: string }): Generator<StreamEvent, void, undefined> {
    const payload: ErrorPayload = {
      type: error.type ?? "server_error",
      code: error.code ?? null,
      message: error.message,
      param: error.param ?? null,
    };
    yield { type: "error", sequence_number: this.#seq++, error: payload };
    yield this.end({
      status: "failed",
      error: { code: payload.code ?? payload.type, message: payload.message },
    });
  }

  #added(output_index: number, item: Record<string, unknown>): StreamEvent {
    return {
      type: "response.output_item.added",
      sequence_number: this.#seq++,
      output_index,
      item: item as OutputItem,
    };
  }

  *#messageParts(
    item_id: string,
    output_index: number,
    parts: Part[],
  ): Generator<StreamEvent, void, undefined> {
    for (let content_index = 0; content_index < parts.length; content_index++) {
      const part = parts[content_index]!;
      const at = { item_id, output_index, content_index };
      if (part.type === "output_text") {
        const text = typeof part.text === "string" ? part.text : "";
        const emptyPart: Record<string, unknown> = { ...part, text: "", annotations: [] };
        if ("logprobs" in part) emptyPart.logprobs = [];
        yield {
          type: "response.content_part.added",
          sequence_number: this.#seq++,
          ...at,
          part: emptyPart,
        } as StreamEvent;
        for (const delta of chunkText(text, this.#chunkSize))
          yield { type: "response.output_text.delta", sequence_number: this.#seq++, ...at, delta };
        const annotations = Array.isArray(part.annotations) ? part.annotations : [];
        for (let annotation_index = 0; annotation_index < annotations.length; annotation_index++)
          yield {
            type: "response.output_text.annotation.added",
            sequence_number: this.#seq++,
            ...at,
            annotation_index,
            annotation: annotations[annotation_index],
          };
        yield { type: "response.output_text.done", sequence_number: this.#seq++, ...at, text };
      } else if (part.type === "refusal") {
        const refusal = typeof part.refusal === "string" ? part.refusal : "";
        yield {
          type: "response.content_part.added",
          sequence_number: this.#seq++,
          ...at,
          part: { ...part, type: "refusal", refusal: "" },
        };
        for (const delta of chunkText(refusal, this.#chunkSize))
          yield { type: "response.refusal.delta", sequence_number: this.#seq++, ...at, delta };
        yield { type: "response.refusal.done", sequence_number: this.#seq++, ...at, refusal };
      } else {
        // A part with no delta events of its own (an extension part): added whole, then done.
        yield {
          type: "response.content_part.added",
          sequence_number: this.#seq++,
          ...at,
          part,
        } as StreamEvent;
      }
      yield { type: "response.content_part.done", sequence_number: this.#seq++, ...at, part } as StreamEvent;
    }
  }

  *#reasoningContent(
    item_id: string,
    output_index: number,
    parts: Part[],
  ): Generator<StreamEvent, void, undefined> {
    for (let content_index = 0; content_index < parts.length; content_index++) {
      const part = parts[content_index]!;
      const at = { item_id, output_index, content_index };
      const text = typeof part.text === "string" ? part.text : "";
      yield {
        type: "response.content_part.added",
        sequence_number: this.#seq++,
        ...at,
        part: { ...part, text: "" },
      } as StreamEvent;
      for (const delta of chunkText(text, this.#chunkSize))
        yield { type: "response.reasoning.delta", sequence_number: this.#seq++, ...at, delta };
      yield { type: "response.reasoning.done", sequence_number: this.#seq++, ...at, text };
      yield { type: "response.content_part.done", sequence_number: this.#seq++, ...at, part } as StreamEvent;
    }
  }

  *#reasoningSummary(
    item_id: string,
    output_index: number,
    parts: Part[],
  ): Generator<StreamEvent, void, undefined> {
    for (let summary_index = 0; summary_index < parts.length; summary_index++) {
      const part = parts[summary_index]!;
      const at = { item_id, output_index, summary_index };
      const text = typeof part.text === "string" ? part.text : "";
      yield {
        type: "response.reasoning_summary_part.added",
        sequence_number: this.#seq++,
        ...at,
        part: { ...part, text: "" },
      } as StreamEvent;
      for (const delta of chunkText(text, this.#chunkSize))
        yield { type: "response.reasoning_summary_text.delta", sequence_number: this.#seq++, ...at, delta };
      yield { type: "response.reasoning_summary_text.done", sequence_number: this.#seq++, ...at, text };
      yield {
        type: "response.reasoning_summary_part.done",
        sequence_number: this.#seq++,
        ...at,
        part,
      } as StreamEvent;
    }
  }
}
