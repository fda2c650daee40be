/**
 * @module accumulate/accumulator — rebuild a `ResponseResource` from its stream of events.
 */
import { createResponseResource } from "../resource/create-response-resource.js";
import type { ErrorPayload } from "../schemas/errors.js";
import type { StreamEvent } from "../schemas/events.js";
import type { OutputItem } from "../schemas/items.js";
import type { ResponseResource } from "../schemas/response.js";
import {
  compact,
  copyItem,
  type ItemKind,
  type MutableItem,
  type MutablePart,
  mergeOutput,
  partAt,
  placeholderItem,
  setPart,
  slot,
  str,
} from "./parts.js";

/** Two consecutive events whose `sequence_number`s are not consecutive. */
export interface SequenceGap {
  /** The number that should have come next. */
  expected: number;
  /** The number that came. */
  received: number;
}

/** Loosely-typed view of an event: the accumulator reads fields by name, whatever the type. */
type AnyEvent = Record<string, unknown> & { type: string };

const TERMINAL = new Set(["response.completed", "response.failed", "response.incomplete"]);

/**
 * Builds a `ResponseResource` from streaming events, one `push` at a time. Cheap per delta (text
 * is appended to one string slot; nothing is validated or copied per delta). Tolerates what real
 * servers do: `response.queued`; no `response.created` (a resumed stream); deltas without their
 * `*_part.added` (Ollama); function arguments only in the `.done` event (LM Studio); an item id
 * that changes on every event (GitHub Copilot: items are matched by `output_index`); both
 * `response.reasoning.*` and `response.reasoning_text.*`; and `sequence_number` gaps (recorded
 * in {@link gaps}, not fatal).
 *
 * The terminal event's `response` is authoritative, except that an item the stream built and the
 * terminal response lacks is kept (some servers send `response.completed` with an empty `output`).
 *
 * @example
 * const acc = new ResponseAccumulator();
 * for await (const event of decodeSSE(res)) acc.push(event);
 * const response = acc.snapshot();
 */
export class ResponseAccumulator {
  #base: Record<string, unknown> | undefined;
  #terminal: Record<string, unknown> | undefined;
  #fallback: Record<string, unknown> | undefined;
  #status = "in_progress";
  #items: (MutableItem | undefined)[] = [];
  #sealed: boolean[] = [];
  #byId = new Map<string, number>();
  #lastSeq = -1;
  #gaps: SequenceGap[] = [];
  #warnings: string[] = [];
  #errors: ErrorPayload[] = [];

  /** `sequence_number` gaps seen so far (the stream went on; something may be missing). */
  get gaps(): readonly SequenceGap[] {
    return this.#gaps;
  }

  /** Human-readable notes about anything odd that was tolerated (gaps included). */
  get warnings(): readonly string[] {
    return this.#warnings;
  }

  /** The payloads of `error` events, in order (including the decoder's `sse_malformed` ones). */
  get errors(): readonly ErrorPayload[] {
    return this.#errors;
  }

  /** The response status: from the latest lifecycle event, `failed` after a server `error` event. */
  get status(): string {
    return this.#status;
  }

  /** True once a terminal event (`response.completed` / `.failed` / `.incomplete`) arrived. */
  get done(): boolean {
    return this.#terminal !== undefined;
  }

  /**
   * The output items as built from the events alone, ignoring the terminal response's `output`
   * (an `output_item.done` item replaces the item built from deltas).
   */
  get output(): OutputItem[] {
    return compact(this.#items);
  }

  /** Apply one event. Never throws; unknown events are ignored, and so (with a warning) is a non-object. */
  push(event: StreamEvent): void {
    if (typeof event !== "object" || event === null) {
      this.#warnings.push(`not an event, ignored: ${String(event)}`);
      return;
    }
    const ev = event as unknown as AnyEvent;
    const seq = ev.sequence_number;
    if (typeof seq === "number" && seq >= 0) {
      if (this.#lastSeq >= 0 && seq !== this.#lastSeq + 1) {
        this.#gaps.push({ expected: this.#lastSeq + 1, received: seq });
        this.#warnings.push(`sequence gap: expected ${this.#lastSeq + 1}, got ${seq} (${ev.type})`);
      }
      this.#lastSeq = seq;
    }
    if (this.#terminal !== undefined) {
      this.#warnings.push(`event after the terminal event ignored: ${ev.type}`);
      return;
    }
    switch (ev.type) {
      case "response.output_text.delta":
        this.#appendText(ev, "content", "output_text", "message");
        return;
      case "response.function_call_arguments.delta": {
        const item = this.#item(ev, "function_call");
        if (item !== undefined)
          item.arguments = (typeof item.arguments === "string" ? item.arguments : "") + str(ev.delta);
        return;
      }
      case "response.reasoning_summary_text.delta":
        this.#appendText(ev, "summary", "summary_text", "reasoning");
        return;
      case "response.reasoning.delta":
      case "response.reasoning_text.delta":
        this.#appendText(ev, "content", "reasoning_text", "reasoning");
        return;
      case "response.refusal.delta": {
        const item = this.#item(ev, "message");
        if (item === undefined) return;
        const part = this.#part(ev, item, "content", "refusal");
        if (part !== undefined) part.refusal = str(part.refusal) + str(ev.delta);
        return;
      }
      case "response.code_interpreter_call_code.delta": {
        const item = this.#item(ev, "code_interpreter_call");
        if (item !== undefined) item.code = str(item.code) + str(ev.delta);
        return;
      }
      case "response.created":
      case "response.queued":
      case "response.in_progress":
        this.#lifecycle(ev);
        return;
      case "response.completed":
      case "response.failed":
      case "response.incomplete":
        this.#lifecycle(ev);
        return;
      case "response.output_item.added":
      case "response.output_item.done":
        this.#putItem(ev);
        return;
      case "response.content_part.added":
      case "response.content_part.done":
        this.#putPart(ev, "content", "message");
        return;
      case "response.reasoning_summary_part.added":
      case "response.reasoning_summary_part.done":
        this.#putPart(ev, "summary", "reasoning");
        return;
      case "response.output_text.done":
        this.#setText(ev, "content", "output_text", "message", "text");
        return;
      case "response.reasoning.done":
      case "response.reasoning_text.done":
        this.#setText(ev, "content", "reasoning_text", "reasoning", "text");
        return;
      case "response.reasoning_summary_text.done":
        this.#setText(ev, "summary", "summary_text", "reasoning", "text");
        return;
      case "response.refusal.done":
        this.#setText(ev, "content", "refusal", "message", "refusal");
        return;
      case "response.function_call_arguments.done": {
        const item = this.#item(ev, "function_call");
        if (item !== undefined && typeof ev.arguments === "string") item.arguments = ev.arguments;
        return;
      }
      case "response.output_text.annotation.added": {
        const item = this.#item(ev, "message");
        if (item === undefined || ev.annotation == null) return;
        const part = this.#part(ev, item, "content", "output_text");
        if (part === undefined) return;
        if (!Array.isArray(part.annotations)) part.annotations = [];
        const annotations = part.annotations as unknown[];
        const at = slot(ev.annotation_index, annotations.length);
        if (at === undefined) this.#outOfRange(ev, "annotation_index");
        else annotations[at] = ev.annotation;
        return;
      }
      case "response.code_interpreter_call_code.done": {
        const item = this.#item(ev, "code_interpreter_call");
        if (item !== undefined && typeof ev.code === "string") item.code = ev.code;
        return;
      }
      case "response.code_interpreter_call.in_progress":
      case "response.code_interpreter_call.interpreting":
      case "response.code_interpreter_call.completed": {
        const item = this.#item(ev, "code_interpreter_call");
        if (item !== undefined) item.status = ev.type.slice("response.code_interpreter_call.".length);
        return;
      }
      case "error":
        this.#error(ev);
        return;
      default:
        // Extension and vendor events: passed through by the caller, nothing to build here.
        return;
    }
  }

  /**
   * The response as known now: every one of the 31 required fields (defaults filled), `status`,
   * and `output`. The returned object is new; its items are shared with the accumulator.
   */
  snapshot(): ResponseResource {
    // Without any lifecycle event, invent the id and timestamps once so snapshots agree.
    if (this.#terminal === undefined && this.#base === undefined) this.#fallback ??= createResponseResource();
    const base = this.#terminal ?? this.#base ?? this.#fallback ?? {};
    const built = compact(this.#items);
    const output =
      this.#terminal !== undefined && Array.isArray(base.output) ? mergeOutput(base.output, built) : built;
    // Not `{ ...base, status, output }`: that builds a second full-size copy first (every turn).
    const response = createResponseResource(base);
    response.status = this.#status as ResponseResource["status"];
    response.output = output;
    if (this.#terminal === undefined && response.error === null) {
      const failure = this.#errors.find((e) => e.code !== "sse_malformed");
      if (failure !== undefined)
        response.error = { code: failure.code ?? failure.type, message: failure.message };
    }
    return response;
  }

  #lifecycle(ev: AnyEvent): void {
    const response = ev.response;
    if (typeof response === "object" && response !== null) {
      if (TERMINAL.has(ev.type)) this.#terminal = response as Record<string, unknown>;
      else this.#base = response as Record<string, unknown>;
      const status = (response as { status?: unknown }).status;
      if (typeof status === "string") {
        this.#status = status;
        return;
      }
    } else if (TERMINAL.has(ev.type)) {
      this.#terminal = {};
    }
    this.#status = ev.type === "response.created" ? "in_progress" : ev.type.slice("response.".length);
  }

  #error(ev: AnyEvent): void {
    const payload = ev.error as ErrorPayload | undefined;
    if (typeof payload !== "object" || payload === null) return;
    this.#errors.push(payload);
    // Our decoder's own marker for a bad frame is not the server failing the response.
    if (payload.code !== "sse_malformed") this.#status = "failed";
  }

  #putItem(ev: AnyEvent): void {
    const item = ev.item as OutputItem | null | undefined;
    if (typeof item !== "object" || item === null) return;
    const index = slot(ev.output_index, this.#items.length, this.#items.length);
    if (index === undefined) {
      this.#outOfRange(ev, "output_index");
      return;
    }
    const done = ev.type === "response.output_item.done";
    // `done` is authoritative and final; `added` is a starting point we build on, so copy it.
    this.#items[index] = done ? (item as unknown as MutableItem) : copyItem(item);
    this.#sealed[index] = done;
    const id = (item as { id?: unknown }).id;
    if (typeof id === "string") this.#byId.set(id, index);
  }

  #putPart(ev: AnyEvent, key: "content" | "summary", kind: ItemKind): void {
    const item = this.#item(ev, kind);
    if (item === undefined || typeof ev.part !== "object" || ev.part === null) return;
    const field = key === "content" ? "content_index" : "summary_index";
    if (!setPart(item, key, ev[field], ev.part)) this.#outOfRange(ev, field);
  }

  /** The part an event is about (see `partAt`); undefined, with a warning, for an index out of range. */
  #part(
    ev: AnyEvent,
    item: MutableItem,
    key: "content" | "summary",
    partType: string,
  ): MutablePart | undefined {
    const field = key === "content" ? "content_index" : "summary_index";
    const part = partAt(item, key, ev[field], partType);
    if (part === undefined) this.#outOfRange(ev, field);
    return part;
  }

  /** An event whose index is negative, fractional or far past the end: ignored, with a warning. */
  #outOfRange(ev: AnyEvent, field: string): void {
    this.#warnings.push(`${ev.type} with ${field} ${String(ev[field])} ignored: not an index in range`);
  }

  #appendText(ev: AnyEvent, key: "content" | "summary", partType: string, kind: ItemKind): void {
    const item = this.#item(ev, kind);
    if (item === undefined) return;
    const part = this.#part(ev, item, key, partType);
    if (part !== undefined) part.text = str(part.text) + str(ev.delta);
  }

  #setText(
    ev: AnyEvent,
    key: "content" | "summary",
    partType: string,
    kind: ItemKind,
    field: "text" | "refusal",
  ): void {
    const item = this.#item(ev, kind);
    const value = ev[field];
    if (item === undefined || typeof value !== "string") return;
    const part = this.#part(ev, item, key, partType);
    if (part !== undefined) part[field] = value;
  }

  /**
   * The item an event is about: by `output_index` (ids may change per event), else by `item_id`;
   * a placeholder of `kind` when the stream never announced it. Undefined for a finished item.
   */
  #item(ev: AnyEvent, kind: ItemKind): MutableItem | undefined {
    let index: number | undefined;
    if (typeof ev.output_index === "number") {
      index = slot(ev.output_index, this.#items.length);
      if (index === undefined) {
        this.#outOfRange(ev, "output_index");
        return undefined;
      }
    } else if (typeof ev.item_id === "string") index = this.#byId.get(ev.item_id);
    if (index === undefined) index = this.#items.length;
    if (this.#sealed[index] === true) {
      this.#warnings.push(`${ev.type} after output_item.done for output_index ${index} ignored`);
      return undefined;
    }
    let item = this.#items[index];
    if (item === undefined) {
      item = placeholderItem(kind, typeof ev.item_id === "string" ? ev.item_id : "");
      this.#items[index] = item;
      if (typeof ev.item_id === "string") this.#byId.set(ev.item_id, index);
    }
    return item;
  }
}
