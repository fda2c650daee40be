/**
 * @module loop/arguments-tracker — `tool_call.arguments.delta` events, normalized.
 *
 * Servers differ: most stream `response.function_call_arguments.delta`; LM Studio sends the
 * arguments only in `.done`; some put them in `output_item.added` or only in `output_item.done`;
 * GitHub Copilot changes `item_id` on every event. The tracker follows each call by
 * `output_index` (ids taken from the item's announcement) and emits exactly the text not yet
 * emitted, so a call's deltas always add up to its final arguments.
 */
import type { EventSink } from "../events/run-event.js";

interface TrackedCall {
  itemId: string;
  callId: string;
  name: string;
  /** What has been emitted so far. */
  emitted: string;
}

type AnyEvent = { type: string; [key: string]: unknown };

export class ArgumentsTracker {
  readonly #turn: number;
  readonly #sink: EventSink;
  #calls: Map<number, TrackedCall> | undefined;

  constructor(turn: number, sink: EventSink) {
    this.#turn = turn;
    this.#sink = sink;
  }

  /** Feeds one model event (only the four kinds that concern function calls do anything). */
  observe(event: AnyEvent): void {
    switch (event.type) {
      case "response.output_item.added":
      case "response.output_item.done": {
        const item = event.item as Record<string, unknown> | null | undefined;
        if (item?.type !== "function_call") return;
        const call = this.#call(event, item);
        if (typeof item.name === "string" && item.name !== "") call.name = item.name;
        if (typeof item.call_id === "string" && item.call_id !== "") call.callId = item.call_id;
        if (typeof item.arguments === "string") this.#catchUp(event, call, item.arguments);
        return;
      }
      case "response.function_call_arguments.delta": {
        const delta = event.delta;
        if (typeof delta !== "string" || delta === "") return;
        const call = this.#call(event, undefined);
        call.emitted += delta;
        this.#emit(event, call, delta);
        return;
      }
      case "response.function_call_arguments.done": {
        if (typeof event.arguments === "string")
          this.#catchUp(event, this.#call(event, undefined), event.arguments);
        return;
      }
    }
  }

  /** Emits whatever part of `full` was not emitted yet (nothing if the server's text diverged). */
  #catchUp(event: AnyEvent, call: TrackedCall, full: string): void {
    if (full.length <= call.emitted.length || !full.startsWith(call.emitted)) return;
    const delta = full.slice(call.emitted.length);
    call.emitted = full;
    this.#emit(event, call, delta);
  }

  #emit(event: AnyEvent, call: TrackedCall, delta: string): void {
    this.#sink.push({
      type: "tool_call.arguments.delta",
      turn: this.#turn,
      outputIndex: typeof event.output_index === "number" ? event.output_index : -1,
      itemId: call.itemId,
      callId: call.callId,
      name: call.name,
      delta,
      arguments: call.emitted,
    });
  }

  #call(event: AnyEvent, item: Record<string, unknown> | undefined): TrackedCall {
    this.#calls ??= new Map();
    const index = typeof event.output_index === "number" ? event.output_index : -1;
    let call = this.#calls.get(index);
    if (call === undefined) {
      const itemId =
        typeof item?.id === "string" ? item.id : typeof event.item_id === "string" ? event.item_id : "";
      call = { itemId, callId: "", name: "", emitted: "" };
      this.#calls.set(index, call);
    }
    return call;
  }
}
