/**
 * @module emit/turn-forwarder — one model turn's events, re-sent to the client as they arrive.
 *
 * Each model turn numbers its own output from 0; the client sees one response whose indexes only
 * append. The forwarder maps the turn's indexes onto the client's, puts the item's own id in every
 * `item_id` (some servers change it per event), and repairs what real servers leave out so the
 * client's stream is exactly the spec's: a part is added before its deltas (Ollama sends summary
 * deltas without `reasoning_summary_part.added`), every open part and item is closed, and an item
 * the stream never announced is sent whole at the end of the turn.
 *
 * Function calls are not forwarded: the loop decides what each one is (a hosted tool it runs, a
 * client tool the client runs, a call `tool_choice` refuses), and the run mapper presents it then.
 */
import type {
  EventDraft as Draft,
  OutputItem,
  ResponseResource,
  ResponseWriter,
  StreamEvent,
} from "@openloop/protocol";
import {
  builtItem,
  builtPart,
  emptied,
  idOf,
  idPrefix,
  impliedItem,
  isUrlCitation,
  openShape,
  PART_OF,
  type PartState,
  withId,
} from "./item-shapes.js";

/** What became of one model output item. */
interface Slot {
  /** `live`: forwarded; `call`: a function call (the mapper presents it); `held`: shown later. */
  kind: "live" | "call" | "held";
  clientIndex: number;
  id: string;
  type: string;
  /** The item as `output_item.added` showed it. */
  shape: Record<string, unknown>;
  /** Parts by key: a content index, or -1 - a summary index. */
  parts: Map<number, PartState>;
  /** Keys of the parts still open. */
  open: Set<number>;
  done: boolean;
}

type Ev = Record<string, unknown> & { type: string };

/** Forwards one model turn. Create one per turn; call `push` per event, then `finish` or `abort`. */
export class TurnForwarder {
  readonly #emitter: ResponseWriter;
  readonly #hold: boolean;
  readonly #slots = new Map<number, Slot>();

  /**
   * @param hold Show nothing while the turn streams: the turn's `tool_choice` forces a call, and
   *   an answer without one is retried, so the client must not see it. `finish` returns the items
   *   to show once the loop has decided.
   */
  constructor(emitter: ResponseWriter, hold: boolean) {
    this.#emitter = emitter;
    this.#hold = hold;
  }

  /** One model event. Lifecycle, error and unknown events are the loop's business: dropped. */
  push(event: StreamEvent): void {
    const e = event as unknown as Ev;
    const index = e.output_index;
    if (typeof index !== "number") return;
    if (e.type === "response.output_item.added") {
      if (!this.#slots.has(index)) this.#announce(index, e.item as Record<string, unknown>);
      return;
    }
    let slot = this.#slots.get(index);
    if (slot === undefined) {
      const implied = impliedItem(e.type);
      if (implied === undefined) return;
      slot = this.#announce(index, {
        type: implied,
        ...(implied === "message" ? { role: "assistant" } : {}),
      });
    }
    if (slot.kind !== "live" || slot.done) return;
    if (e.type === "response.output_item.done") {
      this.#close(slot, e.item as Record<string, unknown>);
      return;
    }
    if (!this.#emitter.live) return;
    this.#forwardPart(slot, e);
  }

  /**
   * The turn is over and `response` is its accumulated result. Closes what is still open (with the
   * response's version of the item), sends items the stream never announced, and returns the
   * turn's function calls by `call_id` and, for a held turn, the other items to show.
   */
  finish(response: ResponseResource): { calls: Map<string, OutputItem>; held: OutputItem[] } {
    const calls = new Map<string, OutputItem>();
    const held: OutputItem[] = [];
    const byId = new Map<string, Slot>();
    for (const slot of this.#slots.values()) byId.set(slot.id, slot);
    const output = response.output;
    for (let i = 0; i < output.length; i++) {
      const item = output[i]!;
      if (item.type === "function_call") {
        calls.set((item as { call_id: string }).call_id, item);
        continue;
      }
      if (this.#hold) {
        held.push(item);
        continue;
      }
      // Matched by id: a terminal response may leave items out, so positions can differ.
      const id = idOf(item);
      const at = this.#slots.get(i);
      const slot =
        id !== undefined ? byId.get(id) : at !== undefined && at.type === item.type ? at : undefined;
      if (slot === undefined)
        this.#emitter.item(withId(item, id ?? this.#emitter.newId(idPrefix(item.type))));
      else if (slot.kind === "live" && !slot.done) this.#close(slot, item as Record<string, unknown>);
    }
    // Items the stream announced that the response lost: closed as they stand.
    for (const slot of this.#slots.values()) {
      if (slot.kind === "live" && !slot.done) this.#close(slot, undefined);
    }
    return { calls, held };
  }

  /** The turn failed: items still open are closed as `incomplete`, so the stream stays well-formed. */
  abort(): void {
    for (const slot of this.#slots.values()) {
      if (slot.kind === "live" && !slot.done) this.#close(slot, undefined);
    }
  }

  #announce(index: number, item: Record<string, unknown>): Slot {
    const type = typeof item?.type === "string" ? item.type : "message";
    const kind = type === "function_call" ? "call" : this.#hold ? "held" : "live";
    const id = idOf(item) ?? this.#emitter.newId(idPrefix(type));
    const shape = openShape(item, type, id);
    const slot: Slot = {
      kind,
      clientIndex: -1,
      id,
      type,
      shape,
      parts: new Map(),
      open: new Set(),
      done: false,
    };
    this.#slots.set(index, slot);
    if (kind === "live") slot.clientIndex = this.#emitter.openItem(shape);
    return slot;
  }

  #forwardPart(slot: Slot, e: Ev): void {
    const t = e.type;
    const summary = t.startsWith("response.reasoning_summary");
    const position = summary ? e.summary_index : e.content_index;
    if (typeof position !== "number") return;
    const key = summary ? -1 - position : position;
    const out: Draft = { type: t, item_id: slot.id, output_index: slot.clientIndex };
    if (summary) out.summary_index = position;
    else out.content_index = position;
    switch (t) {
      case "response.content_part.added":
      case "response.reasoning_summary_part.added":
        if (slot.parts.has(key)) return;
        // Announced empty, as the spec's order has it: its text and annotations follow in events.
        out.part = emptied(e.part as Record<string, unknown>);
        slot.parts.set(key, { part: out.part as Record<string, unknown>, chunks: [] });
        slot.open.add(key);
        this.#emitter.write(out);
        return;
      case "response.content_part.done":
      case "response.reasoning_summary_part.done": {
        const state = this.#ensurePart(slot, key, position, summary, e.part as Record<string, unknown>);
        if (!slot.open.delete(key)) return;
        state.final = e.part as Record<string, unknown>;
        out.part = e.part;
        this.#emitter.write(out);
        return;
      }
      case "response.output_text.delta":
      case "response.refusal.delta":
      case "response.reasoning.delta":
      case "response.reasoning_text.delta":
      case "response.reasoning_summary_text.delta":
        this.#ensurePart(slot, key, position, summary, PART_OF[t]).chunks.push(String(e.delta));
        out.type = t === "response.reasoning_text.delta" ? "response.reasoning.delta" : t;
        out.delta = e.delta;
        if (e.logprobs !== undefined) out.logprobs = e.logprobs;
        this.#emitter.write(out);
        return;
      case "response.output_text.done":
      case "response.reasoning.done":
      case "response.reasoning_text.done":
      case "response.reasoning_summary_text.done":
        this.#ensurePart(slot, key, position, summary, PART_OF[t]);
        out.type = t === "response.reasoning_text.done" ? "response.reasoning.done" : t;
        out.text = e.text;
        if (e.logprobs !== undefined) out.logprobs = e.logprobs;
        this.#emitter.write(out);
        return;
      case "response.refusal.done":
        this.#ensurePart(slot, key, position, summary, PART_OF[t]);
        out.refusal = e.refusal;
        this.#emitter.write(out);
        return;
      case "response.output_text.annotation.added":
        // The spec's annotation event knows URL citations only; others (file citations) reach the
        // client in the part's and the item's final content, which the spec leaves open.
        if (!isUrlCitation(e.annotation)) return;
        this.#ensurePart(slot, key, position, summary, PART_OF[t]);
        out.annotation_index = e.annotation_index;
        out.annotation = e.annotation;
        this.#emitter.write(out);
        return;
      default:
      // Vendor part events (vLLM's `response.reasoning_part.*`): the standard ones cover them.
    }
  }

  /** Sends the `*_part.added` a server skipped, so the client never sees a delta of an unknown part. */
  #ensurePart(
    slot: Slot,
    key: number,
    position: number,
    summary: boolean,
    part: Record<string, unknown> | undefined,
  ): PartState {
    const known = slot.parts.get(key);
    if (known !== undefined) return known;
    const shape = summary
      ? { type: "summary_text", text: "" }
      : part === undefined
        ? { type: "output_text", text: "", annotations: [] }
        : emptied(part);
    const state: PartState = { part: shape, chunks: [] };
    slot.parts.set(key, state);
    slot.open.add(key);
    const draft: Draft = summary
      ? { type: "response.reasoning_summary_part.added", summary_index: position, part: shape }
      : { type: "response.content_part.added", content_index: position, part: shape };
    draft.item_id = slot.id;
    draft.output_index = slot.clientIndex;
    this.#emitter.write(draft);
    return state;
  }

  /**
   * Closes open parts, then the item: with `given` (the model's own final item) when there is one,
   * else with what the client was sent (an item cut short: status `incomplete`).
   */
  #close(slot: Slot, given: Record<string, unknown> | undefined): void {
    const item = (given === undefined ? builtItem(slot) : { ...given, id: slot.id }) as Record<
      string,
      unknown
    >;
    if (item.status === undefined || item.status === "in_progress") item.status = "completed";
    for (const key of slot.open) {
      const summary = key < 0;
      const position = summary ? -1 - key : key;
      const list = (summary ? item.summary : item.content) as Record<string, unknown>[] | undefined;
      const part = list?.[position] ?? builtPart(slot.parts.get(key)!);
      this.#emitter.write(
        summary
          ? {
              type: "response.reasoning_summary_part.done",
              item_id: slot.id,
              output_index: slot.clientIndex,
              summary_index: position,
              part,
            }
          : {
              type: "response.content_part.done",
              item_id: slot.id,
              output_index: slot.clientIndex,
              content_index: position,
              part,
            },
      );
    }
    slot.open.clear();
    slot.done = true;
    this.#emitter.closeItem(slot.clientIndex, item as OutputItem);
  }
}
