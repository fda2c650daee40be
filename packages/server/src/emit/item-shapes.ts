/**
 * @module emit/item-shapes — items and parts as the client is shown them: announced empty, closed
 * with what was sent, ids filled in where a server left them out.
 */
import type { OutputItem } from "@openloop/protocol";

/** A content (or summary) part the client has been told about. */
export interface PartState {
  /** The part as announced (text emptied). */
  part: Record<string, unknown>;
  /** Its deltas so far (kept so a part cut short can still be closed with what was sent). */
  chunks: string[];
  /** The part as its `*_part.done` gave it. */
  final?: Record<string, unknown>;
}

/** The id prefix for an item of `type` a server sent without an id (the writer issues the id). */
export function idPrefix(type: string): string {
  return type === "message" ? "msg" : type === "reasoning" ? "rs" : "item";
}

/** The part a delta event implies when its `content_part.added` never came. */
export const PART_OF: Record<string, Record<string, unknown>> = {
  "response.output_text.delta": { type: "output_text", text: "", annotations: [] },
  "response.output_text.done": { type: "output_text", text: "", annotations: [] },
  "response.output_text.annotation.added": { type: "output_text", text: "", annotations: [] },
  "response.refusal.delta": { type: "refusal", refusal: "" },
  "response.refusal.done": { type: "refusal", refusal: "" },
  "response.reasoning.delta": { type: "reasoning_text", text: "" },
  "response.reasoning.done": { type: "reasoning_text", text: "" },
  "response.reasoning_text.delta": { type: "reasoning_text", text: "" },
  "response.reasoning_text.done": { type: "reasoning_text", text: "" },
};

/** The item a part event implies when the stream never announced the item. */
export function impliedItem(type: string): string | undefined {
  if (type.startsWith("response.reasoning")) return "reasoning";
  if (type.startsWith("response.function_call_arguments")) return "function_call";
  if (type.startsWith("response.output_text") || type.startsWith("response.refusal")) return "message";
  if (type.startsWith("response.content_part")) return "message";
  return undefined;
}

/** A part as far as it got: its announced shape with the text of its deltas. */
export function builtPart(state: PartState): Record<string, unknown> {
  if (state.final !== undefined) return state.final;
  const text = state.chunks.join("");
  const part = { ...state.part };
  if (part.type === "refusal") part.refusal = text;
  else part.text = text;
  return part;
}

/** The item as the client was sent it, for an item the model never finished. */
export function builtItem(slot: {
  shape: Record<string, unknown>;
  type: string;
  parts: Map<number, PartState>;
}): Record<string, unknown> {
  const item: Record<string, unknown> = { ...slot.shape, status: "incomplete" };
  const content: Record<string, unknown>[] = [];
  const summary: Record<string, unknown>[] = [];
  const keys = [...slot.parts.keys()].sort((a, b) => a - b);
  for (const key of keys) {
    if (key < 0) summary[-1 - key] = builtPart(slot.parts.get(key)!);
    else content[key] = builtPart(slot.parts.get(key)!);
  }
  if (slot.type === "message" || content.length > 0) item.content = content.filter((p) => p !== undefined);
  if (slot.type === "reasoning") item.summary = summary.filter((p) => p !== undefined);
  return item;
}

/** The item as `output_item.added` shows it: empty content, status `in_progress`, our id. */
export function openShape(item: Record<string, unknown>, type: string, id: string): Record<string, unknown> {
  const shape: Record<string, unknown> = { ...item, type, id, status: "in_progress" };
  if (type === "message") {
    shape.content = [];
    if (shape.role === undefined) shape.role = "assistant";
  } else if (type === "reasoning") {
    shape.summary = [];
    if (Array.isArray(item.content)) shape.content = [];
  }
  return shape;
}

/** A complete URL citation, the one annotation the spec's `annotation.added` event describes. */
export function isUrlCitation(annotation: unknown): boolean {
  const a = annotation as Record<string, unknown> | null;
  return (
    a?.type === "url_citation" &&
    typeof a.url === "string" &&
    typeof a.title === "string" &&
    typeof a.start_index === "number" &&
    typeof a.end_index === "number"
  );
}

/** A part with its text emptied, for a `*_part.added` that announces it before its deltas. */
export function emptied(part: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...part };
  if (typeof out.text === "string") out.text = "";
  if (typeof out.refusal === "string") out.refusal = "";
  if (Array.isArray(out.annotations)) out.annotations = [];
  return out;
}

/** The item's own id, if it has a usable one. */
export function idOf(item: Record<string, unknown> | OutputItem | undefined): string | undefined {
  const id = (item as { id?: unknown } | undefined)?.id;
  return typeof id === "string" && id !== "" ? id : undefined;
}

/** `item` with `id` set (a copy only when it differs). */
export function withId(item: OutputItem, id: string): OutputItem {
  const current = (item as { id?: unknown }).id;
  return current === id ? ({ ...item } as OutputItem) : ({ ...item, id } as OutputItem);
}
