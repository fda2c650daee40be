/**
 * @module emit/parts — the events of one content or summary part: added, deltas, done.
 *
 * One engine for every part type the spec streams (`output_text`, `refusal`, `reasoning_text`,
 * `summary_text`); the tables below hold what differs between them.
 */
import type { EventDraft } from "./lifecycle.js";
import { finalPart, type OpenPart } from "./open-items.js";

/** What the part functions write to (a `ResponseWriter`). */
interface Writes {
  write(event: EventDraft): void;
}

/** The item a part belongs to. */
type Owner = { readonly id: string; readonly index: number };

/** The delta and done events of each part type, and the field its done event carries. */
const EVENTS: Record<string, { delta: string; done: string; field: "text" | "refusal" }> = {
  output_text: { delta: "response.output_text.delta", done: "response.output_text.done", field: "text" },
  refusal: { delta: "response.refusal.delta", done: "response.refusal.done", field: "refusal" },
  reasoning_text: { delta: "response.reasoning.delta", done: "response.reasoning.done", field: "text" },
  summary_text: {
    delta: "response.reasoning_summary_text.delta",
    done: "response.reasoning_summary_text.done",
    field: "text",
  },
};

/**
 * Appends a new part of `type` to `parts` and announces it (`content_part.added`, or
 * `reasoning_summary_part.added` when `summary`), as `announced` or else empty.
 */
export function startPart(
  w: Writes,
  owner: Owner,
  parts: OpenPart[],
  summary: boolean,
  type: string,
  announced?: Record<string, unknown>,
): OpenPart {
  const part: OpenPart = { type, text: "", annotations: [] };
  parts.push(part);
  const event = at(owner, parts, summary);
  event.type = summary ? "response.reasoning_summary_part.added" : "response.content_part.added";
  event.part = announced ?? emptyPart(type);
  w.write(event);
  return part;
}

/** Appends `delta` to `part` (the last of `parts`) and writes its delta event. The hot path: one object. */
export function partDelta(
  w: Writes,
  owner: Owner,
  parts: OpenPart[],
  summary: boolean,
  part: OpenPart,
  delta: string,
): void {
  part.text += delta;
  const type = EVENTS[part.type]!.delta;
  const position = parts.length - 1;
  w.write(
    summary
      ? {
          type,
          sequence_number: 0,
          item_id: owner.id,
          output_index: owner.index,
          summary_index: position,
          delta,
        }
      : {
          type,
          sequence_number: 0,
          item_id: owner.id,
          output_index: owner.index,
          content_index: position,
          delta,
        },
  );
}

/**
 * Closes `part` (the last of `parts`): its annotations, its `…done` event with the full text, then
 * `*_part.done` with `final` or the part as streamed.
 */
export function endPart(
  w: Writes,
  owner: Owner,
  parts: OpenPart[],
  summary: boolean,
  part: OpenPart,
  final: Record<string, unknown> | undefined,
): void {
  const events = EVENTS[part.type]!;
  part.annotations.forEach((annotation, annotation_index) => {
    const event = at(owner, parts, summary);
    event.type = "response.output_text.annotation.added";
    event.annotation_index = annotation_index;
    event.annotation = annotation;
    w.write(event);
  });
  const done = at(owner, parts, summary);
  done.type = events.done;
  done[events.field] = part.text;
  w.write(done);
  const closed = at(owner, parts, summary);
  closed.type = summary ? "response.reasoning_summary_part.done" : "response.content_part.done";
  closed.part = final ?? finalPart(part);
  w.write(closed);
}

/** A draft at the last part's position (`type` and `sequence_number` first, as the spec lists them). */
function at(owner: Owner, parts: OpenPart[], summary: boolean): EventDraft {
  const position = parts.length - 1;
  return summary
    ? { type: "", sequence_number: 0, item_id: owner.id, output_index: owner.index, summary_index: position }
    : { type: "", sequence_number: 0, item_id: owner.id, output_index: owner.index, content_index: position };
}

/** A part as `*_part.added` announces it: empty. */
function emptyPart(type: string): Record<string, unknown> {
  if (type === "refusal") return { type, refusal: "" };
  if (type === "output_text") return { type, text: "", annotations: [] };
  return { type, text: "" };
}
