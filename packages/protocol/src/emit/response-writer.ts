/**
 * @module emit/response-writer — one response written incrementally as spec events.
 *
 * The one writer every producer of Open Responses events shares: adapters translating another wire
 * (items opened, deltas as they arrive, closed, then the terminal event), servers re-emitting a run
 * to their client, and `ResponseEmitter` / `responseEvents` for items already finished.
 */
import type { Annotation } from "../schemas/content.js";
import type { OutputItem } from "../schemas/items.js";
import { itemSteps } from "./finished-item.js";
import { ResponseLifecycle, type ResponseWriterOptions } from "./lifecycle.js";
import {
  type ClosedStatus,
  finalItem,
  type OpenCall,
  type OpenExtension,
  type OpenItem,
  type OpenMessage,
  type OpenPart,
  type OpenReasoning,
} from "./open-items.js";
import { endPart, partDelta, startPart } from "./parts.js";

/**
 * Writes one response as spec events, incrementally.
 *
 * Open an item (`openMessage`, `openReasoning`, `openCall`, `openExtension`, or `openItem` for
 * anything), stream its parts and deltas, `close` it, then end with `end` / `fail` / `terminal`.
 * `item(finished)` writes a finished item's whole lifecycle. Per delta it allocates one event and
 * appends to one string: no copies, no validation.
 *
 * Contract (for adapters, servers and test doubles that share it):
 * - the events validate against the spec's OpenAPI document and follow its ordering rules:
 *   `sequence_number` counts up by one from `startSequence`, output indexes append, every part is
 *   added before its deltas and closed (`…done`, then `*_part.done`) before the next part opens or
 *   the item closes, `item_id` is the item's id, annotations are announced when their part closes;
 * - the terminal response's `output` is every finished item, in output-index order; an item still
 *   open at a failure is left out (what streamed of it is in its deltas);
 * - nothing is written after the terminal event; it never mutates the items it is given.
 *
 * @example
 * const events: StreamEvent[] = [];
 * const writer = new ResponseWriter({ model: "m" }, { sink: (event) => events.push(event) });
 * writer.start();
 * const message = writer.openMessage();
 * writer.textDelta(message, "Hel");
 * writer.textDelta(message, "lo");
 * writer.close(message);
 * writer.end({ usage: null });
 */
export class ResponseWriter extends ResponseLifecycle {
  readonly #open: OpenItem[] = [];
  readonly #chunkSize: number;

  constructor(
    response: ConstructorParameters<typeof ResponseLifecycle>[0] = {},
    options: ResponseWriterOptions = {},
  ) {
    super(response, options);
    this.#chunkSize = options.chunkSize ?? Number.POSITIVE_INFINITY;
  }

  // ---------------------------------------------------------------- items

  /** Opens an assistant message (`shape`: the item as announced, by default empty with a fresh `msg_` id). */
  openMessage(shape?: Record<string, unknown>): OpenMessage {
    const id = shape === undefined ? this.newId("msg") : idOf(shape);
    const item = shape ?? { type: "message", id, status: "in_progress", role: "assistant", content: [] };
    return this.#track({ kind: "message", index: this.openItem(item), id, parts: [], part: null });
  }

  /** Opens a reasoning item (`shape`: the item as announced, by default `{ type, id, summary: [] }`). */
  openReasoning(shape?: Record<string, unknown>): OpenReasoning {
    const id = shape === undefined ? this.newId("rs") : idOf(shape);
    const item = shape ?? { type: "reasoning", id, summary: [] };
    const index = this.openItem(item);
    return this.#track({
      kind: "reasoning",
      index,
      id,
      text: "",
      content: [],
      part: null,
      summary: [],
      summaryPart: null,
    });
  }

  /** Opens a function call (`shape`: the item as announced, by default with empty arguments). */
  openCall(callId: string, name: string, shape?: Record<string, unknown>): OpenCall {
    const id = shape === undefined ? this.newId("fc") : idOf(shape);
    const item = shape ?? {
      type: "function_call",
      id,
      call_id: callId,
      name,
      arguments: "",
      status: "in_progress",
    };
    return this.#track({ kind: "call", index: this.openItem(item), id, callId, name, args: "" });
  }

  /** Opens a provider item (`type` slug-prefixed, e.g. `anthropic:server_tool_use`), in progress. */
  openExtension(type: string, fields: Record<string, unknown>): OpenExtension {
    const id = this.newId("ext");
    const item = { type, id, status: "in_progress", ...fields };
    return this.#track({ kind: "extension", index: this.openItem(item), id, item });
  }

  /**
   * Closes an open item: its open parts (a call's `function_call_arguments.done`), then
   * `output_item.done` with `options.item`, or else the item as streamed with `status` (default
   * `completed`; reasoning takes `encryptedContent`). Closing an item twice does nothing.
   */
  close(
    item: OpenItem,
    options: { status?: ClosedStatus; encryptedContent?: string; item?: OutputItem } = {},
  ): void {
    const at = this.#open.indexOf(item);
    if (at === -1) return;
    this.#open.splice(at, 1);
    if (item.kind === "message") this.closePart(item);
    else if (item.kind === "reasoning") {
      this.closeReasoningPart(item, "content");
      this.closeReasoningPart(item, "summary");
    } else if (item.kind === "call") {
      this.write({
        type: "response.function_call_arguments.done",
        sequence_number: 0,
        item_id: item.id,
        output_index: item.index,
        arguments: item.args,
      });
    }
    const status = options.status ?? "completed";
    this.closeItem(item.index, options.item ?? finalItem(item, status, options.encryptedContent));
  }

  /** Closes every open item in output order; the last one takes `lastStatus` (the one cut short). */
  closeAll(lastStatus: ClosedStatus = "completed"): void {
    while (this.#open.length > 0) {
      this.close(this.#open[0]!, { status: this.#open.length === 1 ? lastStatus : "completed" });
    }
  }

  /**
   * A finished item's whole lifecycle: `output_item.added` (empty content, status `in_progress`),
   * its parts and deltas (split by `chunkSize`), then `output_item.done` with the item as given.
   */
  item(item: OutputItem): void {
    for (const _ of itemSteps(this, item, this.#chunkSize));
  }

  // ---------------------------------------------------------------- message parts

  /** Starts a new part of `type` in the message (closing the open one); `announced` is the part as `content_part.added` shows it. */
  openPart(
    msg: OpenMessage,
    type: "output_text" | "refusal" = "output_text",
    announced?: Record<string, unknown>,
  ): void {
    this.closePart(msg);
    msg.part = startPart(this, msg, msg.parts, false, type, announced);
  }

  /** Appends text to the message's open `output_text` part, opening one if needed. */
  textDelta(msg: OpenMessage, delta: string): void {
    partDelta(this, msg, msg.parts, false, this.#messagePart(msg, "output_text"), delta);
  }

  /** Appends refusal text to the message's open `refusal` part, opening one if needed. */
  refusalDelta(msg: OpenMessage, delta: string): void {
    partDelta(this, msg, msg.parts, false, this.#messagePart(msg, "refusal"), delta);
  }

  /** Adds annotations to the open `output_text` part; they are announced when the part closes. */
  annotate(msg: OpenMessage, annotations: readonly Annotation[]): void {
    this.#messagePart(msg, "output_text").annotations.push(...annotations);
  }

  /** Closes the message's open part, if any: annotations, `…done`, `content_part.done` (`final`, or the part as streamed). */
  closePart(msg: OpenMessage, final?: Record<string, unknown>): void {
    const part = msg.part;
    if (part === null) return;
    msg.part = null;
    endPart(this, msg, msg.parts, false, part, final);
  }

  /** A part without deltas of its own (an extension part): `content_part.added` and `.done`, whole. */
  addPart(msg: OpenMessage, part: Record<string, unknown>): void {
    this.closePart(msg);
    const content_index = msg.parts.length;
    msg.parts.push({ type: String(part.type), text: "", annotations: [] });
    const at = { item_id: msg.id, output_index: msg.index, content_index };
    this.write({ type: "response.content_part.added", sequence_number: 0, ...at, part });
    this.write({ type: "response.content_part.done", sequence_number: 0, ...at, part });
  }

  // ---------------------------------------------------------------- reasoning parts

  /** Appends raw reasoning text (`response.reasoning.delta`), opening a `reasoning_text` part if needed. */
  reasoningDelta(rs: OpenReasoning, delta: string): void {
    rs.part ??= startPart(this, rs, rs.content, false, "reasoning_text");
    rs.text += delta;
    partDelta(this, rs, rs.content, false, rs.part, delta);
  }

  /** Appends summary text (`response.reasoning_summary_text.delta`), opening a summary part if needed. */
  summaryDelta(rs: OpenReasoning, delta: string): void {
    rs.summaryPart ??= startPart(this, rs, rs.summary, true, "summary_text");
    partDelta(this, rs, rs.summary, true, rs.summaryPart, delta);
  }

  /** Starts a new raw (`content`) or `summary` part, closing the open one of that kind. */
  openReasoningPart(
    rs: OpenReasoning,
    kind: "content" | "summary",
    announced?: Record<string, unknown>,
  ): void {
    this.closeReasoningPart(rs, kind);
    if (kind === "summary") rs.summaryPart = startPart(this, rs, rs.summary, true, "summary_text", announced);
    else rs.part = startPart(this, rs, rs.content, false, "reasoning_text", announced);
  }

  /** Closes the open raw (`content`) or `summary` part, if any. */
  closeReasoningPart(rs: OpenReasoning, kind: "content" | "summary", final?: Record<string, unknown>): void {
    const summary = kind === "summary";
    const part = summary ? rs.summaryPart : rs.part;
    if (part === null) return;
    if (summary) rs.summaryPart = null;
    else rs.part = null;
    endPart(this, rs, summary ? rs.summary : rs.content, summary, part, final);
  }

  // ---------------------------------------------------------------- function calls

  /** Appends to the call's arguments (`response.function_call_arguments.delta`). */
  callDelta(call: OpenCall, delta: string): void {
    call.args += delta;
    this.write({
      type: "response.function_call_arguments.delta",
      sequence_number: 0,
      item_id: call.id,
      output_index: call.index,
      delta,
    });
  }

  // ---------------------------------------------------------------- internals

  #track<T extends OpenItem>(item: T): T {
    this.#open.push(item);
    return item;
  }

  #messagePart(msg: OpenMessage, type: "output_text" | "refusal"): OpenPart {
    if (msg.part?.type !== type) this.openPart(msg, type);
    return msg.part!;
  }
}

function idOf(shape: Record<string, unknown>): string {
  return typeof shape.id === "string" ? shape.id : "";
}
