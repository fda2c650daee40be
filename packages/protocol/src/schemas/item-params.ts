/**
 * @module schemas/item-params — input items: what a request's `input` holds (spec `ItemParam`).
 *
 * Messages are discriminated by `type: "message"` and then by `role`; an item reference is
 * `{ id }` with an optional `type: "item_reference"`. {@link ItemParam} is open like
 * {@link OutputItem}: output items of other types (`web_search_call`, `code_interpreter_call`,
 * `acme:thing`) are replayed verbatim as input, so they are kept as {@link ExtensionItem}s.
 */
import { z } from "zod";
import {
  type ExtensionPart,
  InputFileContentParam,
  InputImageContentParam,
  InputTextContentParam,
  InputVideoContent,
  MAX_INPUT_TEXT,
  OutputTextContentParam,
  ReasoningSummaryContentParam,
  RefusalContentParam,
} from "./content.js";
import { type ExtensionItem, ItemStatus } from "./items.js";
import { discriminatorValues, extensionMember } from "./open-union.js";

const nullableId = z.string().nullish();

export const ItemReferenceParam = z.looseObject({
  type: z.literal("item_reference").nullish(),
  id: z.string(),
});
export type ItemReferenceParam = z.infer<typeof ItemReferenceParam>;

/** Input reasoning: `content` must be null (replay `summary` and `encrypted_content` only). */
export const ReasoningItemParam = z.looseObject({
  id: nullableId,
  type: z.literal("reasoning"),
  summary: z.array(ReasoningSummaryContentParam),
  content: z.null().optional(),
  encrypted_content: z.string().nullish(),
});
export type ReasoningItemParam = z.infer<typeof ReasoningItemParam>;

/** Spec `CompactionSummaryItemParam`. */
export const CompactionItemParam = z.looseObject({
  id: nullableId,
  type: z.literal("compaction"),
  encrypted_content: z.string().max(MAX_INPUT_TEXT),
});
export type CompactionItemParam = z.infer<typeof CompactionItemParam>;

function openParts<const M extends readonly [z.ZodObject, ...z.ZodObject[]]>(members: M, what: string) {
  const known = z.discriminatedUnion("type", members);
  return z.union([known, extensionMember<ExtensionPart>(discriminatorValues(known), what)]);
}

const UserContent = openParts(
  [InputTextContentParam, InputImageContentParam, InputFileContentParam],
  "a user content part",
);
const InstructionContent = openParts([InputTextContentParam], "an input_text part");
const AssistantContent = openParts(
  [OutputTextContentParam, RefusalContentParam],
  "an assistant content part",
);
const text = z.string().max(MAX_INPUT_TEXT);

export const UserMessageItemParam = z.looseObject({
  id: nullableId,
  type: z.literal("message"),
  role: z.literal("user"),
  content: z.union([z.array(UserContent), text]),
  status: z.string().nullish(),
});
export type UserMessageItemParam = z.infer<typeof UserMessageItemParam>;

export const SystemMessageItemParam = z.looseObject({
  id: nullableId,
  type: z.literal("message"),
  role: z.literal("system"),
  content: z.union([z.array(InstructionContent), text]),
  status: z.string().nullish(),
});
export type SystemMessageItemParam = z.infer<typeof SystemMessageItemParam>;

export const DeveloperMessageItemParam = z.looseObject({
  id: nullableId,
  type: z.literal("message"),
  role: z.literal("developer"),
  content: z.union([z.array(InstructionContent), text]),
  status: z.string().nullish(),
});
export type DeveloperMessageItemParam = z.infer<typeof DeveloperMessageItemParam>;

/** An earlier assistant message replayed as input; keep its `phase` when replaying. */
export const AssistantMessageItemParam = z.looseObject({
  id: nullableId,
  type: z.literal("message"),
  role: z.literal("assistant"),
  content: z.union([z.array(AssistantContent), text]),
  phase: z.enum(["commentary", "final_answer"]).optional(),
  status: z.string().nullish(),
});
export type AssistantMessageItemParam = z.infer<typeof AssistantMessageItemParam>;

/** Any input message, discriminated by `role`. */
export const MessageItemParam = z.discriminatedUnion("role", [
  UserMessageItemParam,
  SystemMessageItemParam,
  DeveloperMessageItemParam,
  AssistantMessageItemParam,
]);
export type MessageItemParam = z.infer<typeof MessageItemParam>;

const functionName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-zA-Z0-9_-]+$/);
const callId = z.string().min(1).max(64);

export const FunctionCallItemParam = z.looseObject({
  id: nullableId,
  call_id: callId,
  type: z.literal("function_call"),
  name: functionName,
  arguments: z.string(),
  status: ItemStatus.nullish(),
});
export type FunctionCallItemParam = z.infer<typeof FunctionCallItemParam>;

/** The result of a function call, sent back to the model. */
export const FunctionCallOutputItemParam = z.looseObject({
  id: nullableId,
  call_id: callId,
  type: z.literal("function_call_output"),
  output: z.union([
    text,
    z.array(
      openParts(
        [InputTextContentParam, InputImageContentParam, InputFileContentParam, InputVideoContent],
        "a function output part",
      ),
    ),
  ]),
  status: ItemStatus.nullish(),
});
export type FunctionCallOutputItemParam = z.infer<typeof FunctionCallOutputItemParam>;

export const KnownItemParam = z.discriminatedUnion("type", [
  ItemReferenceParam,
  ReasoningItemParam,
  CompactionItemParam,
  MessageItemParam,
  FunctionCallItemParam,
  FunctionCallOutputItemParam,
]);
export type KnownItemParam = z.infer<typeof KnownItemParam>;

/** The `type`s of {@link KnownItemParam} (`item_reference`, `message`, ...). */
export const KNOWN_ITEM_PARAM_TYPES: ReadonlySet<string> = discriminatorValues(KnownItemParam);

/**
 * One input item: a known `ItemParam`, or any other object with a string `type` (an output
 * item being replayed, such as `web_search_call`), kept unchanged and typed as {@link ExtensionItem}.
 * Note the spec requires `type: "message"` on messages; the `{ role, content }` shorthand that
 * many clients send is not an `ItemParam` (normalise it before validating).
 */
export const ItemParam = z.union([
  KnownItemParam,
  extensionMember<ExtensionItem>(KNOWN_ITEM_PARAM_TYPES, "an input item"),
]);
export type ItemParam = z.infer<typeof ItemParam>;
