/**
 * @module emit/finished-item — a finished output item as the writer calls that stream it.
 */
import type { Annotation } from "../schemas/content.js";
import type { OutputItem } from "../schemas/items.js";
import { chunkText } from "./chunk.js";
import type { ResponseWriter } from "./response-writer.js";

type Part = { type: string; text?: unknown; refusal?: unknown; annotations?: unknown };
type AnyItem = OutputItem & Record<string, unknown>;

const str = (value: unknown): string => (typeof value === "string" ? value : "");

/**
 * Writes `item`'s lifecycle on `w`, one writer call per step, pausing (`yield`) after each, so a
 * caller that hands events out lazily can stop between any two: `output_item.added` with the item
 * emptied and `in_progress`, then per part `*_part.added` (emptied), deltas of at most `chunkSize`,
 * `…done` and `*_part.done` with the part as given, then `output_item.done` with the item as given.
 * Items without streamable content (`function_call_output`, extensions) are added, then done.
 */
export function* itemSteps(
  w: ResponseWriter,
  item: OutputItem,
  chunkSize: number,
): Generator<void, void, undefined> {
  const it = item as AnyItem;
  switch (it.type) {
    case "message": {
      const msg = w.openMessage({ ...it, status: "in_progress", content: [] });
      yield;
      for (const part of (it.content ?? []) as Part[]) {
        if (part.type === "output_text") {
          const announced: Record<string, unknown> = { ...part, text: "", annotations: [] };
          if ("logprobs" in part) announced.logprobs = [];
          w.openPart(msg, "output_text", announced);
          yield;
          for (const delta of chunkText(str(part.text), chunkSize)) {
            w.textDelta(msg, delta);
            yield;
          }
          if (Array.isArray(part.annotations)) w.annotate(msg, part.annotations as Annotation[]);
        } else if (part.type === "refusal") {
          w.openPart(msg, "refusal", { ...part, type: "refusal", refusal: "" });
          yield;
          for (const delta of chunkText(str(part.refusal), chunkSize)) {
            w.refusalDelta(msg, delta);
            yield;
          }
        } else {
          w.addPart(msg, part);
          yield;
          continue;
        }
        w.closePart(msg, part);
        yield;
      }
      w.close(msg, { item });
      break;
    }
    case "function_call": {
      const call = w.openCall(str(it.call_id), str(it.name), { ...it, status: "in_progress", arguments: "" });
      yield;
      for (const delta of chunkText(str(it.arguments), chunkSize)) {
        w.callDelta(call, delta);
        yield;
      }
      w.close(call, { item });
      break;
    }
    case "reasoning": {
      const added: Record<string, unknown> = { ...it, summary: [] };
      if (Array.isArray(it.content)) added.content = [];
      const rs = w.openReasoning(added);
      yield;
      for (const kind of ["content", "summary"] as const) {
        for (const part of (it[kind] ?? []) as Part[]) {
          w.openReasoningPart(rs, kind, { ...part, text: "" });
          yield;
          for (const delta of chunkText(str(part.text), chunkSize)) {
            if (kind === "summary") w.summaryDelta(rs, delta);
            else w.reasoningDelta(rs, delta);
            yield;
          }
          w.closeReasoningPart(rs, kind, part);
          yield;
        }
      }
      w.close(rs, { item });
      break;
    }
    default: {
      const index = w.openItem(typeof it.status === "string" ? { ...it, status: "in_progress" } : it);
      yield;
      w.closeItem(index, item);
    }
  }
  yield;
}
