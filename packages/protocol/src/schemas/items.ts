/**
 * @module schemas/items — output items: what a response's `output` holds.
 *
 * The spec's `ItemField` members (`message`, `function_call`, `function_call_output`, `reasoning`,
 * `compaction`) plus OpenAI's hosted `code_interpreter_call` (our server emits it and the `openai`
 * SDK knows it). {@link OutputItem} is open: any other object with a string `type` is kept verbatim
 * as an {@link ExtensionItem}, because the loop replays output items exactly as received.
 */
import { z } from "zod";
import {
  ContentPart,
  InputFileContent,
  InputImageContent,
  InputTextContent,
  MessageContentPart,
} from "./content.js";
import { discriminatorValues, type ExtensionType, extensionMember } from "./open-union.js";

/** `in_progress` | `completed` | `incomplete`: the item lifecycle (spec "Items are state machines"). */
export const ItemStatus = z.enum(["in_progress", "completed", "incomplete"]);
export type ItemStatus = z.infer<typeof ItemStatus>;

export const MessageRole = z.enum(["user", "assistant", "system", "developer"]);
export type MessageRole = z.infer<typeof MessageRole>;

/** Spec `Message`. `phase` (2026-04-24) tells commentary from the final answer. */
export const Message = z.looseObject({
  type: z.literal("message"),
  id: z.string(),
  status: ItemStatus,
  role: MessageRole,
  content: z.array(MessageContentPart),
  phase: z.enum(["commentary", "final_answer"]).optional(),
});
export type Message = z.infer<typeof Message>;

/** Spec `FunctionCall`: `arguments` is the JSON text the model wrote (it may be invalid JSON). */
export const FunctionCall = z.looseObject({
  type: z.literal("function_call"),
  id: z.string(),
  call_id: z.string(),
  name: z.string(),
  arguments: z.string(),
  status: ItemStatus,
});
export type FunctionCall = z.infer<typeof FunctionCall>;

const KnownFunctionOutputPart = z.discriminatedUnion("type", [
  InputTextContent,
  InputImageContent,
  InputFileContent,
]);

/** Spec `FunctionCallOutput`: a string, or input content parts. */
export const FunctionCallOutput = z.looseObject({
  type: z.literal("function_call_output"),
  id: z.string(),
  call_id: z.string(),
  output: z.union([
    z.string(),
    z.array(
      z.union([
        KnownFunctionOutputPart,
        extensionMember<{ type: ExtensionType; [key: string]: unknown }>(
          discriminatorValues(KnownFunctionOutputPart),
          "a function output part",
        ),
      ]),
    ),
  ]),
  status: ItemStatus,
});
export type FunctionCallOutput = z.infer<typeof FunctionCallOutput>;

/**
 * Spec `ReasoningBody`: any of raw `content`, `summary` parts and opaque `encrypted_content`.
 * Replay it verbatim (same `id`, same order) when `store` is false.
 */
export const Reasoning = z.looseObject({
  type: z.literal("reasoning"),
  id: z.string(),
  content: z.array(ContentPart).optional(),
  summary: z.array(ContentPart),
  encrypted_content: z.string().optional(),
});
export type Reasoning = z.infer<typeof Reasoning>;

/** Spec `CompactionBody` (2026-04-24): an opaque summary of earlier context. */
export const Compaction = z.looseObject({
  type: z.literal("compaction"),
  id: z.string(),
  encrypted_content: z.string(),
  created_by: z.string().optional(),
});
export type Compaction = z.infer<typeof Compaction>;

/** One output of a `code_interpreter_call`: console logs or an image (OpenAI's shape). */
export const CodeInterpreterOutput = z.union([
  z.looseObject({ type: z.literal("logs"), logs: z.string() }),
  z.looseObject({ type: z.literal("image"), url: z.string() }),
]);
export type CodeInterpreterOutput = z.infer<typeof CodeInterpreterOutput>;

/**
 * A hosted code run (OpenAI's `code_interpreter_call`; not in the Open Responses spec, but the
 * `openai` SDK knows it, and it is what our server's code runner emits).
 */
export const CodeInterpreterCall = z.looseObject({
  type: z.literal("code_interpreter_call"),
  id: z.string(),
  status: z.enum(["in_progress", "completed", "incomplete", "interpreting", "failed"]),
  // Optional because xAI sends this item type with `arguments` instead of `code`.
  code: z.string().nullish(),
  container_id: z.string().optional(),
  outputs: z.array(CodeInterpreterOutput).nullish(),
});
export type CodeInterpreterCall = z.infer<typeof CodeInterpreterCall>;

/**
 * An output item of a type this version does not know (`acme:search_result`, and at runtime
 * unprefixed vendor types such as `web_search_call` or `mcp_call` too). Kept and replayed verbatim.
 */
export type ExtensionItem = { type: ExtensionType; id?: string; status?: string; [key: string]: unknown };

export const KnownOutputItem = z.discriminatedUnion("type", [
  Message,
  FunctionCall,
  FunctionCallOutput,
  Reasoning,
  Compaction,
  CodeInterpreterCall,
]);
export type KnownOutputItem = z.infer<typeof KnownOutputItem>;

/** The `type`s of {@link KnownOutputItem}. */
export const KNOWN_OUTPUT_ITEM_TYPES: ReadonlySet<string> = discriminatorValues(KnownOutputItem);

/**
 * An item in `response.output` or an `output_item.*` event: a known item, or an
 * {@link ExtensionItem} (any other object with a string `type`, kept unchanged).
 */
export const OutputItem = z.union([
  KnownOutputItem,
  extensionMember<ExtensionItem>(KNOWN_OUTPUT_ITEM_TYPES, "an output item"),
]);
export type OutputItem = z.infer<typeof OutputItem>;

/** True when `item` is one of the known output items (so `switch (item.type)` covers it). */
export function isKnownItem(item: { type: string }): item is KnownOutputItem {
  return KNOWN_OUTPUT_ITEM_TYPES.has(item.type);
}
