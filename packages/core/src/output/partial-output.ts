/**
 * @module output/partial-output — the final answer's JSON as it streams: each text delta of a
 * structured-output run yields an `output.partial` event with a best-effort parse of the text so far.
 */
import { Allow, parse } from "partial-json";
import type { EventSink } from "../events/run-event.js";
import { unfence } from "./parse-output.js";

// Strings, arrays and objects may be cut short; a number is shown only once complete, so a value
// never flickers from 1 to 12 to 123.
const ALLOW = Allow.ALL & ~Allow.NUM;

/**
 * A best-effort parse of incomplete JSON text (`{"title": "Du` → `{ title: "Du" }`), tolerating an
 * opening code fence. `undefined` while there is nothing to show, or when the text is not JSON
 * (prose, say): partial values are for display, the final value is validated separately.
 */
export function parsePartialJson(text: string): unknown {
  const body = unfence(text);
  let i = 0;
  while (i < body.length && body.charCodeAt(i) <= 32) i++;
  const first = body.charCodeAt(i);
  // Only objects and arrays: a final answer is an object, and anything else is not one yet.
  if (first !== 123 /* { */ && first !== 91 /* [ */) return undefined;
  try {
    return parse(body, ALLOW);
  } catch {
    return undefined;
  }
}

/**
 * At most this many characters are parsed per character received. Each parse reads the whole text
 * so far, so parsing on every delta would cost O(n²) for an answer of n characters (seconds of CPU
 * for a 25 KB answer in 4-character deltas); with this budget it stays O(n), and an answer shorter
 * than the budget times its deltas' size (about 1 KB for 4-character deltas) still gets a value
 * per delta.
 */
export const PARSE_BUDGET = 256;

/**
 * Follows one response's `response.output_text.delta` events. Text is kept per output item (by
 * `output_index`, which stays stable when a server changes `item_id` mid-stream), appended with
 * `+=` (V8 ropes make that linear), and parsed as often as {@link PARSE_BUDGET} allows: on every
 * delta while the text is short, then whenever enough new text paid for reading it all again.
 */
export class PartialOutputTracker {
  readonly #turn: number;
  readonly #sink: EventSink;
  readonly #texts = new Map<number, { text: string; credit: number }>();

  constructor(turn: number, sink: EventSink) {
    this.#turn = turn;
    this.#sink = sink;
  }

  observe(event: { output_index: number; item_id: string; delta: string }): void {
    let entry = this.#texts.get(event.output_index);
    if (entry === undefined) {
      entry = { text: "", credit: 0 };
      this.#texts.set(event.output_index, entry);
    }
    entry.text += event.delta;
    if (event.delta === "") return;
    entry.credit += event.delta.length * PARSE_BUDGET;
    const text = entry.text;
    if (entry.credit < text.length) return;
    entry.credit -= text.length;
    const value = parsePartialJson(text);
    if (value === undefined) return;
    this.#sink.push({
      type: "output.partial",
      turn: this.#turn,
      outputIndex: event.output_index,
      itemId: event.item_id,
      text,
      value,
    });
  }
}
