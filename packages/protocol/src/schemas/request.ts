/**
 * @module schemas/request — `CreateResponseBody`, the body of `POST /responses`.
 */
import { z } from "zod";
import { MAX_INPUT_TEXT } from "./content.js";
import { ItemParam } from "./item-params.js";
import { ToolChoice, ToolParam } from "./tools.js";

/** Extra output a client may ask for. */
export const IncludeEnum = z.enum(["reasoning.encrypted_content", "message.output_text.logprobs"]);
export type IncludeEnum = z.infer<typeof IncludeEnum>;

/** Up to 16 string values of up to 512 characters. */
export const MetadataParam = z
  .record(z.string(), z.string().max(512))
  .refine((m) => Object.keys(m).length <= 16, {
    message: "metadata holds at most 16 keys",
  });
export type MetadataParam = z.infer<typeof MetadataParam>;

export const VerbosityEnum = z.enum(["low", "medium", "high"]);
export type VerbosityEnum = z.infer<typeof VerbosityEnum>;

/** `text.format` in a request: plain text, or a JSON Schema the output must follow. */
export const TextFormatParam = z.union([
  z.looseObject({ type: z.literal("text") }),
  z.looseObject({
    type: z.literal("json_schema"),
    name: z.string().optional(),
    description: z.string().optional(),
    schema: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullish(),
  }),
]);
export type TextFormatParam = z.infer<typeof TextFormatParam>;

export const TextParam = z.looseObject({
  format: TextFormatParam.nullish(),
  verbosity: VerbosityEnum.optional(),
});
export type TextParam = z.infer<typeof TextParam>;

export const StreamOptionsParam = z.looseObject({ include_obfuscation: z.boolean().optional() });
export type StreamOptionsParam = z.infer<typeof StreamOptionsParam>;

export const ReasoningEffortEnum = z.enum(["none", "low", "medium", "high", "xhigh"]);
export type ReasoningEffortEnum = z.infer<typeof ReasoningEffortEnum>;

export const ReasoningSummaryEnum = z.enum(["concise", "detailed", "auto"]);
export type ReasoningSummaryEnum = z.infer<typeof ReasoningSummaryEnum>;

export const ReasoningParam = z.looseObject({
  effort: ReasoningEffortEnum.nullish(),
  summary: ReasoningSummaryEnum.nullish(),
});
export type ReasoningParam = z.infer<typeof ReasoningParam>;

export const TruncationEnum = z.enum(["auto", "disabled"]);
export type TruncationEnum = z.infer<typeof TruncationEnum>;

export const ServiceTierEnum = z.enum(["auto", "default", "flex", "priority"]);
export type ServiceTierEnum = z.infer<typeof ServiceTierEnum>;

/**
 * The body of `POST /responses`. Every field is optional in the spec; `input` is a string or a
 * list of {@link ItemParam}s.
 */
export const CreateResponseBody = z.looseObject({
  model: z.string().nullish(),
  input: z.union([z.string().max(MAX_INPUT_TEXT), z.array(ItemParam)]).nullish(),
  previous_response_id: z.string().nullish(),
  include: z.array(IncludeEnum).optional(),
  tools: z.array(ToolParam).nullish(),
  tool_choice: ToolChoice.nullish(),
  metadata: MetadataParam.nullish(),
  text: TextParam.nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  presence_penalty: z.number().nullish(),
  frequency_penalty: z.number().nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  stream: z.boolean().optional(),
  stream_options: StreamOptionsParam.nullish(),
  background: z.boolean().optional(),
  max_output_tokens: z.int().min(16).nullish(),
  max_tool_calls: z.int().min(1).nullish(),
  reasoning: ReasoningParam.nullish(),
  safety_identifier: z.string().max(64).nullish(),
  prompt_cache_key: z.string().max(64).nullish(),
  truncation: TruncationEnum.optional(),
  instructions: z.string().nullish(),
  store: z.boolean().optional(),
  service_tier: ServiceTierEnum.optional(),
  top_logprobs: z.int().min(0).max(20).nullish(),
});
export type CreateResponseBody = z.infer<typeof CreateResponseBody>;

/**
 * A `response.create` message of the WebSocket transport (2026-04-24): a `CreateResponseBody`
 * with `type: "response.create"`, where `stream`, `stream_options` and `background` are not allowed
 * (a WebSocket response always streams).
 */
export const WebSocketResponseCreateEvent = CreateResponseBody.extend({
  type: z.literal("response.create"),
  stream: z.never().optional(),
  stream_options: z.never().optional(),
  background: z.never().optional(),
});
export type WebSocketResponseCreateEvent = z.infer<typeof WebSocketResponseCreateEvent>;
