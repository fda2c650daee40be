/**
 * @module shared/response-writer — builds the spec's event sequence for one response.
 *
 * Adapters translate a backend's stream into calls on a {@link ResponseWriter}; the writer owns
 * everything the spec asks of the sequence: `response.created` first, `sequence_number`s, item ids,
 * `output_item.added` before any part, `content_part.added` before deltas, `.done` events carrying
 * the full text, and exactly one terminal event with the complete response.
 */
import { failedEvent } from "@openloop/core";
import type {
  Annotation,
  CreateResponseBody,
  ErrorPayload,
  OpenloopError,
  OutputItem,
  ResponseResource,
  StreamEvent,
  Usage,
} from "@openloop/protocol";
import { IdSource } from "./ids.js";
import {
  finalItem,
  finalPart,
  type ItemStatus,
  type OpenCall,
  type OpenExtension,
  type OpenItem,
  type OpenMessage,
  type OpenReasoning,
  type TextPart,
} from "./open-items.js";
import { responseBase } from "./response-base.js";

/**
 * Writes one response's events into {@link ResponseWriter.events}; the caller drains that array
 * after each call (`yield* events; events.length = 0`). Per delta it allocates one event and appends
 * to one string: no copies, no validation.
 */
export class ResponseWriter {
  /** Events written and not yet drained by the caller. */
  readonly events: StreamEvent[] = [];
  readonly #ids = new IdSource();
  readonly #base: ResponseResource;
  readonly #output: OutputItem[] = [];
  readonly #open: OpenItem[] = [];
  #seq = 0;
  #ended = false;

  constructor(request: CreateResponseBody, model: string) {
    this.#base = responseBase(request, this.#ids.response(), model);
  }

  /** True once a terminal event has been written. */
  get ended(): boolean {
    return this.#ended;
  }

  /** The backend's model name (e.g. `gpt-4o-mini-2024-07-18`), echoed by the terminal response. */
  setModel(model: string): void {
    if (model) this.#base.model = model;
  }

  /** `response.created` and `response.in_progress`. */
  start(): void {
    const response = this.#snapshot("in_progress");
    this.#push({ type: "response.created", sequence_number: this.#seq++, response });
    this.#push({ type: "response.in_progress", sequence_number: this.#seq++, response });
  }

  // ---------------------------------------------------------------- messages

  openMessage(): OpenMessage {
    const msg: OpenMessage = {
      kind: "message",
      index: this.#output.length,
      id: this.#ids.item("msg"),
      parts: [],
      part: null,
    };
    this.#added(msg, { type: "message", id: msg.id, status: "in_progress", role: "assistant", content: [] });
    return msg;
  }

  /** Starts a new `output_text` part in the message (closing the open one), for wires with text blocks. */
  openText(msg: OpenMessage): void {
    this.closePart(msg);
    this.#part(msg, "output_text");
  }

  /** Appends text to the message's open `output_text` part, opening one if needed. */
  textDelta(msg: OpenMessage, delta: string): void {
    const part = this.#part(msg, "output_text");
    part.text += delta;
    this.#push({
      type: "response.output_text.delta",
      sequence_number: this.#seq++,
      item_id: msg.id,
      output_index: msg.index,
      content_index: msg.parts.length - 1,
      delta,
    });
  }

  /** Appends refusal text to the message's open `refusal` part, opening one if needed. */
  refusalDelta(msg: OpenMessage, delta: string): void {
    const part = this.#part(msg, "refusal");
    part.text += delta;
    this.#push({
      type: "response.refusal.delta",
      sequence_number: this.#seq++,
      item_id: msg.id,
      output_index: msg.index,
      content_index: msg.parts.length - 1,
      delta,
    });
  }

  /** Adds annotations to the open `output_text` part; they are announced when the part closes. */
  annotate(msg: OpenMessage, annotations: readonly Annotation[]): void {
    this.#part(msg, "output_text").annotations.push(...annotations);
  }

  /** Closes the message's open part (`…done` and `content_part.done`), if any. */
  closePart(msg: OpenMessage): void {
    const part = msg.part;
    if (part === null) return;
    msg.part = null;
    const at = { item_id: msg.id, output_index: msg.index, content_index: msg.parts.length - 1 };
    if (part.type === "refusal") {
      this.#push({ type: "response.refusal.done", sequence_number: this.#seq++, ...at, refusal: part.text });
    } else {
      part.annotations.forEach((annotation, annotation_index) => {
        this.#push({
          type: "response.output_text.annotation.added",
          sequence_number: this.#seq++,
          ...at,
          annotation_index,
          annotation,
        });
      });
      this.#push({ type: "response.output_text.done", sequence_number: this.#seq++, ...at, text: part.text });
    }
    this.#push({
      type: "response.content_part.done",
      sequence_number: this.#seq++,
      ...at,
      part: finalPart(part),
    });
  }

  // ---------------------------------------------------------------- reasoning

  openReasoning(): OpenReasoning {
    const rs: OpenReasoning = {
      kind: "reasoning",
      index: this.#output.length,
      id: this.#ids.item("rs"),
      text: "",
      hasPart: false,
    };
    this.#added(rs, { type: "reasoning", id: rs.id, summary: [] });
    return rs;
  }

  /** Appends raw reasoning text (a `reasoning_text` content part, `response.reasoning.delta`). */
  reasoningDelta(rs: OpenReasoning, delta: string): void {
    const at = { item_id: rs.id, output_index: rs.index, content_index: 0 };
    if (!rs.hasPart) {
      rs.hasPart = true;
      this.#push({
        type: "response.content_part.added",
        sequence_number: this.#seq++,
        ...at,
        part: { type: "reasoning_text", text: "" },
      });
    }
    rs.text += delta;
    this.#push({ type: "response.reasoning.delta", sequence_number: this.#seq++, ...at, delta });
  }

  // ---------------------------------------------------------------- function calls

  openCall(callId: string, name: string): OpenCall {
    const call: OpenCall = {
      kind: "call",
      index: this.#output.length,
      id: this.#ids.item("fc"),
      callId,
      name,
      args: "",
    };
    this.#added(call, {
      type: "function_call",
      id: call.id,
      call_id: callId,
      name,
      arguments: "",
      status: "in_progress",
    });
    return call;
  }

  callDelta(call: OpenCall, delta: string): void {
    if (delta === "") return;
    call.args += delta;
    this.#push({
      type: "response.function_call_arguments.delta",
      sequence_number: this.#seq++,
      item_id: call.id,
      output_index: call.index,
      delta,
    });
  }

  // ---------------------------------------------------------------- extension items

  /** Adds a provider item (`type` slug-prefixed, e.g. `anthropic:server_tool_use`), in progress. */
  openExtension(type: string, fields: Record<string, unknown>): OpenExtension {
    const id = this.#ids.item("ext");
    const ext: OpenExtension = {
      kind: "extension",
      index: this.#output.length,
      id,
      item: { type, id, status: "in_progress", ...fields },
    };
    this.#added(ext, ext.item);
    return ext;
  }

  // ---------------------------------------------------------------- closing

  /**
   * Closes an open item (`output_item.done` with the full item). Reasoning takes its
   * `encrypted_content`; messages and calls take their status.
   */
  close(item: OpenItem, options: { status?: ItemStatus; encryptedContent?: string } = {}): void {
    const at = this.#open.indexOf(item);
    if (at === -1) return;
    this.#open.splice(at, 1);
    const status = options.status ?? "completed";
    if (item.kind === "message") this.closePart(item);
    if (item.kind === "reasoning" && item.hasPart) {
      const where = { item_id: item.id, output_index: item.index, content_index: 0 };
      this.#push({
        type: "response.reasoning.done",
        sequence_number: this.#seq++,
        ...where,
        text: item.text,
      });
      this.#push({
        type: "response.content_part.done",
        sequence_number: this.#seq++,
        ...where,
        part: { type: "reasoning_text", text: item.text },
      });
    }
    if (item.kind === "call") {
      this.#push({
        type: "response.function_call_arguments.done",
        sequence_number: this.#seq++,
        item_id: item.id,
        output_index: item.index,
        arguments: item.args,
      });
    }
    const final = finalItem(item, status, options.encryptedContent);
    this.#output[item.index] = final;
    this.#push({
      type: "response.output_item.done",
      sequence_number: this.#seq++,
      output_index: item.index,
      item: final,
    });
  }

  /** Closes every open item in output order; the last one takes `lastStatus`. */
  closeAll(lastStatus: ItemStatus = "completed"): void {
    while (this.#open.length > 0) {
      const item = this.#open[0]!;
      this.close(item, { status: this.#open.length === 1 ? lastStatus : "completed" });
    }
  }

  /** `response.completed`, after closing open items. */
  complete(usage: Usage | null): void {
    if (this.#ended) return;
    this.closeAll();
    this.#terminal("response.completed", { status: "completed", usage });
  }

  /** `response.incomplete` with `reason` (`max_output_tokens`, `content_filter`), after closing open items. */
  incomplete(reason: string, usage: Usage | null): void {
    if (this.#ended) return;
    this.closeAll("incomplete");
    this.#terminal("response.incomplete", { status: "incomplete", incomplete_details: { reason }, usage });
  }

  /**
   * Ends the response with `response.failed` carrying `error` (read back with `failureOf`), preceded
   * by an `error` event when the backend itself reported the error (`serverError`). The failed
   * response's `output` holds the items that were done; what streamed of an unfinished item is in
   * its deltas (the accumulator keeps it).
   */
  fail(error: OpenloopError, serverError?: ErrorPayload, usage: Usage | null = null): void {
    if (this.#ended) return;
    this.#ended = true;
    if (serverError) this.#push({ type: "error", sequence_number: this.#seq++, error: serverError });
    const open = new Set(this.#open.map((item) => item.index));
    const output = this.#output.filter((_, index) => !open.has(index));
    this.#open.length = 0;
    this.#push(failedEvent(error, { ...this.#base, output, usage }, this.#seq++));
  }

  // ---------------------------------------------------------------- internals

  #push(event: unknown): void {
    this.events.push(event as StreamEvent);
  }

  #added(open: OpenItem, item: Record<string, unknown>): void {
    this.#open.push(open);
    // Reserve the slot so indexes only append; the final item replaces the placeholder on close.
    this.#output.push(item as OutputItem);
    this.#push({
      type: "response.output_item.added",
      sequence_number: this.#seq++,
      output_index: open.index,
      item,
    });
  }

  #part(msg: OpenMessage, type: TextPart["type"]): TextPart {
    if (msg.part?.type === type) return msg.part;
    this.closePart(msg);
    const part: TextPart = { type, text: "", annotations: [] };
    msg.parts.push(part);
    msg.part = part;
    this.#push({
      type: "response.content_part.added",
      sequence_number: this.#seq++,
      item_id: msg.id,
      output_index: msg.index,
      content_index: msg.parts.length - 1,
      part: type === "refusal" ? { type, refusal: "" } : { type, text: "", annotations: [] },
    });
    return part;
  }

  #snapshot(status: string): ResponseResource {
    return { ...this.#base, status, output: this.#output.slice() };
  }

  #terminal(type: "response.completed" | "response.incomplete", fields: Partial<ResponseResource>): void {
    this.#ended = true;
    const response = {
      ...this.#snapshot(fields.status as string),
      ...fields,
      completed_at: Math.floor(Date.now() / 1000),
    };
    this.#push({ type, sequence_number: this.#seq++, response });
  }
}
