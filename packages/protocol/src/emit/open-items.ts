/**
 * @module emit/open-items — the items a `ResponseWriter` has open, and their final form.
 */
import type { Annotation } from "../schemas/content.js";
import type { OutputItem } from "../schemas/items.js";

/** The status an item closes with. */
export type ClosedStatus = "completed" | "incomplete";

/**
 * A content or summary part being streamed: its text so far and the annotations announced when it
 * closes (an annotation's span may only be known then).
 */
export interface OpenPart {
  /** `output_text`, `refusal`, `reasoning_text` or `summary_text`. */
  readonly type: string;
  text: string;
  readonly annotations: Annotation[];
}

/** An assistant `message` being streamed. */
export interface OpenMessage {
  readonly kind: "message";
  readonly index: number;
  readonly id: string;
  /** Every part so far, by `content_index`. */
  readonly parts: OpenPart[];
  /** The part deltas go to, or `null`. */
  part: OpenPart | null;
}

/** A `reasoning` item being streamed: raw `reasoning_text` parts, then summary parts. */
export interface OpenReasoning {
  readonly kind: "reasoning";
  readonly index: number;
  readonly id: string;
  /** The raw reasoning text so far, every content part joined. */
  text: string;
  readonly content: OpenPart[];
  part: OpenPart | null;
  readonly summary: OpenPart[];
  summaryPart: OpenPart | null;
}

/** A `function_call` item being streamed. */
export interface OpenCall {
  readonly kind: "call";
  readonly index: number;
  readonly id: string;
  readonly callId: string;
  readonly name: string;
  args: string;
}

/** Any other item (a provider's `acme:thing`), announced whole and closed with a status. */
export interface OpenExtension {
  readonly kind: "extension";
  readonly index: number;
  readonly id: string;
  item: Record<string, unknown>;
}

export type OpenItem = OpenMessage | OpenReasoning | OpenCall | OpenExtension;

/** A finished part as it appears in the item and in its `*_part.done` event. */
export function finalPart(part: OpenPart): Record<string, unknown> {
  if (part.type === "refusal") return { type: "refusal", refusal: part.text };
  if (part.type === "output_text")
    return { type: "output_text", text: part.text, annotations: part.annotations };
  return { type: part.type, text: part.text };
}

/** The item an open item closes as: what was streamed, with `status` (and reasoning's `encrypted_content`). */
export function finalItem(item: OpenItem, status: ClosedStatus, encryptedContent?: string): OutputItem {
  switch (item.kind) {
    case "message":
      return {
        type: "message",
        id: item.id,
        status,
        role: "assistant",
        content: item.parts.map(finalPart),
      } as OutputItem;
    case "reasoning": {
      const out: Record<string, unknown> = {
        type: "reasoning",
        id: item.id,
        summary: item.summary.map(finalPart),
      };
      if (item.content.length > 0) out.content = item.content.map(finalPart);
      if (encryptedContent !== undefined) out.encrypted_content = encryptedContent;
      return out as OutputItem;
    }
    case "call":
      return {
        type: "function_call",
        id: item.id,
        call_id: item.callId,
        name: item.name,
        arguments: item.args,
        status,
      } as OutputItem;
    case "extension":
      return { ...item.item, status } as OutputItem;
  }
}
