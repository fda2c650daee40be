/**
 * @module shared/open-items — the items a `ResponseWriter` has open, and their final form.
 */
import type { Annotation, OutputItem } from "@openloop/protocol";

export type ItemStatus = "completed" | "incomplete";

export interface TextPart {
  type: "output_text" | "refusal";
  text: string;
  annotations: Annotation[];
}

/** An assistant `message` being streamed. */
export interface OpenMessage {
  readonly kind: "message";
  readonly index: number;
  readonly id: string;
  readonly parts: TextPart[];
  part: TextPart | null;
}

/** A `reasoning` item being streamed (raw text as one `reasoning_text` part). */
export interface OpenReasoning {
  readonly kind: "reasoning";
  readonly index: number;
  readonly id: string;
  text: string;
  hasPart: boolean;
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

/** A provider item (`anthropic:server_tool_use`, ...) kept as an extension item. */
export interface OpenExtension {
  readonly kind: "extension";
  readonly index: number;
  readonly id: string;
  item: Record<string, unknown>;
}

export type OpenItem = OpenMessage | OpenReasoning | OpenCall | OpenExtension;

/** A finished part as it appears in the item and in `content_part.done`. */
export function finalPart(part: TextPart): Record<string, unknown> {
  return part.type === "refusal"
    ? { type: "refusal", refusal: part.text }
    : { type: "output_text", text: part.text, annotations: part.annotations };
}

export function finalItem(item: OpenItem, status: ItemStatus, encryptedContent?: string): OutputItem {
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
      const out: Record<string, unknown> = { type: "reasoning", id: item.id, summary: [] };
      if (item.hasPart) out.content = [{ type: "reasoning_text", text: item.text }];
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
      return { ...item.item, status: status === "completed" ? "completed" : "incomplete" } as OutputItem;
  }
}
