/**
 * @module schemas/response — `ResponseResource`, the response object (all 31 required fields).
 *
 * Real servers often omit required fields (OpenAI leaves out `presence_penalty`, xAI sends
 * `temperature: null`); the schema stays as strict as the spec, and
 * `createResponseResource(partial)` fills the gaps with spec defaults when you need a complete one.
 */
import { z } from "zod";
import { OutputItem } from "./items.js";
import { ReasoningEffortEnum, ReasoningSummaryEnum, TruncationEnum, VerbosityEnum } from "./request.js";
import { ResponseToolChoice, Tool } from "./tools.js";

/** Why a response stopped early (`max_output_tokens`, `content_filter`, ...). */
export const IncompleteDetails = z.looseObject({ reason: z.string() });
export type IncompleteDetails = z.infer<typeof IncompleteDetails>;

/** Spec `Error`: the `error` of a failed response. */
export const ResponseError = z.looseObject({ code: z.string(), message: z.string() });
export type ResponseError = z.infer<typeof ResponseError>;

/** `text.format` as a response echoes it. */
export const TextResponseFormat = z.union([
  z.looseObject({ type: z.literal("text") }),
  z.looseObject({ type: z.literal("json_object") }),
  z.looseObject({
    type: z.literal("json_schema"),
    name: z.string(),
    description: z.string().nullable(),
    // The spec's generated schema allows only null here, which no server sends: accept an object.
    schema: z.record(z.string(), z.unknown()).nullable(),
    strict: z.boolean(),
  }),
]);
export type TextResponseFormat = z.infer<typeof TextResponseFormat>;

/** Spec `TextField`. */
export const TextField = z.looseObject({ format: TextResponseFormat, verbosity: VerbosityEnum.optional() });
export type TextField = z.infer<typeof TextField>;

/** Spec `Reasoning` (the response's reasoning settings, not a reasoning item). */
export const ReasoningConfig = z.looseObject({
  effort: ReasoningEffortEnum.nullable(),
  summary: ReasoningSummaryEnum.nullable(),
});
export type ReasoningConfig = z.infer<typeof ReasoningConfig>;

export const InputTokensDetails = z.looseObject({ cached_tokens: z.int() });
export type InputTokensDetails = z.infer<typeof InputTokensDetails>;

export const OutputTokensDetails = z.looseObject({ reasoning_tokens: z.int() });
export type OutputTokensDetails = z.infer<typeof OutputTokensDetails>;

/** Token usage of one response. */
export const Usage = z.looseObject({
  input_tokens: z.int(),
  output_tokens: z.int(),
  total_tokens: z.int(),
  input_tokens_details: InputTokensDetails,
  output_tokens_details: OutputTokensDetails,
});
export type Usage = z.infer<typeof Usage>;

/**
 * Response status. The spec types it as any string; these are the values the spec's prose and
 * events use (`queued` in background mode). Other strings are accepted.
 */
export type ResponseStatus = "queued" | "in_progress" | "completed" | "failed" | "incomplete" | "cancelled";

/** The response object: every one of the spec's 31 required fields. */
export const ResponseResource = z.looseObject({
  id: z.string(),
  object: z.literal("response"),
  created_at: z.int(),
  completed_at: z.int().nullable(),
  status: z.string() as z.ZodType<ResponseStatus | (string & {})>,
  incomplete_details: IncompleteDetails.nullable(),
  model: z.string(),
  previous_response_id: z.string().nullable(),
  instructions: z.string().nullable(),
  output: z.array(OutputItem),
  error: ResponseError.nullable(),
  tools: z.array(Tool),
  tool_choice: ResponseToolChoice,
  truncation: TruncationEnum,
  parallel_tool_calls: z.boolean(),
  text: TextField,
  top_p: z.number(),
  presence_penalty: z.number(),
  frequency_penalty: z.number(),
  top_logprobs: z.int(),
  temperature: z.number(),
  reasoning: ReasoningConfig.nullable(),
  usage: Usage.nullable(),
  max_output_tokens: z.int().nullable(),
  max_tool_calls: z.int().nullable(),
  store: z.boolean(),
  background: z.boolean(),
  service_tier: z.string(),
  // The spec gives `metadata` no type at all; it must be present.
  metadata: z.unknown().refine((v) => v !== undefined, { message: "metadata is required" }),
  safety_identifier: z.string().nullable(),
  prompt_cache_key: z.string().nullable(),
});
export type ResponseResource = z.infer<typeof ResponseResource>;

/** The 31 keys the spec requires on a `ResponseResource`, in spec order. */
export const RESPONSE_REQUIRED_KEYS = Object.keys(
  ResponseResource.shape,
) as readonly (keyof ResponseResource)[];
