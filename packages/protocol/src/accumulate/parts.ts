/**
 * @module accumulate/parts — the mutable item and part objects the accumulator builds in place.
 *
 * Internal. Items are plain objects shaped like the spec's; deltas append to one string slot
 * (`part.text += delta`), which V8 keeps as a rope, so building a long text is linear.
 */
import type { OutputItem } from "../schemas/items.js";

/** A built item: any output item, with its fields writable. */
export type MutableItem = Record<string, unknown> & { type: string };
export type MutablePart = Record<string, unknown> & { type: string };

/** Which kind of item an event implies, for items that arrive without `output_item.added`. */
export type ItemKind = "message" | "function_call" | "reasoning" | "code_interpreter_call";

/** A stand-in for an item whose `output_item.added` never came (a resumed stream). */
export function placeholderItem(kind: ItemKind, id: string): MutableItem {
  switch (kind) {
    case "message":
      return { type: "message", id, status: "in_progress", role: "assistant", content: [] };
    case "function_call":
      return { type: "function_call", id, call_id: "", name: "", arguments: "", status: "in_progress" };
    case "reasoning":
      return { type: "reasoning", id, summary: [] };
    case "code_interpreter_call":
      return { type: "code_interpreter_call", id, status: "in_progress", code: "", outputs: null };
  }
}

/** A fresh part of the given type, empty. */
export function emptyPart(type: string): MutablePart {
  switch (type) {
    case "output_text":
      return { type, text: "", annotations: [] };
    case "refusal":
      return { type, refusal: "" };
    default:
      return { type, text: "" };
  }
}

/** How far past the end of a list an event's index may point (a gap a skipped event could leave). */
export const MAX_INDEX_GAP = 1024;

/**
 * The slot an event's index names in a list of `length` entries: `fallback` when the event has no
 * numeric index; undefined when the index is not an integer from 0 to `length + MAX_INDEX_GAP`. A
 * negative or fractional index would file the value under a key no one reads (lost), and a huge
 * one would make a sparse array whose JSON is gigabytes long (`JSON.stringify` of a snapshot with
 * `content_index: 1e9` brought Node down).
 */
export function slot(value: unknown, length: number, fallback = 0): number | undefined {
  if (typeof value !== "number") return fallback;
  return Number.isInteger(value) && value >= 0 && value <= length + MAX_INDEX_GAP ? value : undefined;
}

function listOf(item: MutableItem, key: "content" | "summary"): unknown[] {
  let list = item[key] as unknown[] | null | undefined;
  if (!Array.isArray(list)) {
    list = [];
    item[key] = list;
  }
  return list;
}

/**
 * The part at `rawIndex` (an event's `content_index` / `summary_index`; missing means 0) of the
 * item's `key` array (`content` or `summary`), created empty with `type` when the server skipped
 * the `*_part.added` event (Ollama does for summaries). Undefined for an index out of range (see
 * {@link slot}).
 */
export function partAt(
  item: MutableItem,
  key: "content" | "summary",
  rawIndex: unknown,
  type: string,
): MutablePart | undefined {
  const list = listOf(item, key) as MutablePart[];
  const index = slot(rawIndex, list.length);
  if (index === undefined) return undefined;
  let part = list[index];
  if (part === undefined) {
    part = emptyPart(type);
    list[index] = part;
  }
  return part;
}

/**
 * Put `part` at `rawIndex` of the item's `key` array (a copy: events stay as the server sent
 * them). False, changing nothing, for an index out of range (see {@link slot}).
 */
export function setPart(
  item: MutableItem,
  key: "content" | "summary",
  rawIndex: unknown,
  part: unknown,
): boolean {
  const list = listOf(item, key);
  const index = slot(rawIndex, list.length);
  if (index === undefined) return false;
  list[index] = { ...(part as object) };
  return true;
}

/**
 * A deep copy of an item the server sent, so building on it never changes the event. Items are
 * JSON (parsed from the wire, or built like it), so plain objects and arrays are copied and every
 * other value is kept as it is: `structuredClone` did the same at several times the cost, and it
 * runs on every `output_item.added`.
 */
export function copyItem(item: OutputItem): MutableItem {
  return copyJson(item) as MutableItem;
}

function copyJson(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = copyJson(value[i]);
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const key in value) out[key] = copyJson((value as Record<string, unknown>)[key]);
  return out;
}

/** Drop holes left by indexes that were never filled. */
export function compact(items: readonly (MutableItem | undefined)[]): OutputItem[] {
  const out: OutputItem[] = [];
  for (const item of items) if (item !== undefined) out.push(item as OutputItem);
  return out;
}

/**
 * The terminal response's output, plus what the stream built beyond it: some servers send
 * `response.completed` with an empty (or short) `output`, and a built item must not be lost.
 */
export function mergeOutput(given: readonly unknown[], built: OutputItem[]): OutputItem[] {
  if (built.length <= given.length) return given as OutputItem[];
  const ids = new Set(given.map((item) => (item as { id?: unknown }).id));
  return (given as OutputItem[]).concat(
    built.slice(given.length).filter((item) => !ids.has((item as { id?: unknown }).id)),
  );
}

/** `value` if it is a string, else "" (a missing or null field starts empty). */
export function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}
