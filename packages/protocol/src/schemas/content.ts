/**
 * @module schemas/content — content parts, annotations and log probabilities.
 *
 * Two families, as in the spec: the shapes servers send inside output items and events
 * (`OutputTextContent`, `SummaryTextContent`, ...) and the `*Param` shapes clients send inside input
 * items. Every object keeps keys the schema does not list (`z.looseObject`), and every union of parts
 * or annotations is open (see `open-union.ts`).
 */
import { z } from "zod";
import { discriminatorValues, type ExtensionType, extensionMember } from "./open-union.js";

/** A content part or annotation of a type this version does not know; kept verbatim. */
export type ExtensionPart = { type: ExtensionType; [key: string]: unknown };

// ---------------------------------------------------------------- log probabilities

export const TopLogProb = z.looseObject({
  token: z.string(),
  logprob: z.number(),
  bytes: z.array(z.int()),
});
export type TopLogProb = z.infer<typeof TopLogProb>;

export const LogProb = z.looseObject({
  token: z.string(),
  logprob: z.number(),
  bytes: z.array(z.int()),
  top_logprobs: z.array(TopLogProb),
});
export type LogProb = z.infer<typeof LogProb>;

// ---------------------------------------------------------------- annotations

/** `url_citation` (spec `UrlCitationBody`): the only annotation the spec defines. */
export const UrlCitation = z.looseObject({
  type: z.literal("url_citation"),
  url: z.string(),
  start_index: z.int(),
  end_index: z.int(),
  title: z.string(),
});
export type UrlCitation = z.infer<typeof UrlCitation>;

const KnownAnnotation = z.discriminatedUnion("type", [UrlCitation]);
/**
 * An annotation on `output_text`. Open: OpenAI's `file_citation` and `container_file_citation`
 * are kept as {@link ExtensionPart}s.
 */
export const Annotation = z.union([
  KnownAnnotation,
  extensionMember<ExtensionPart>(discriminatorValues(KnownAnnotation), "an annotation"),
]);
export type Annotation = z.infer<typeof Annotation>;

// ---------------------------------------------------------------- parts servers send

export const InputTextContent = z.looseObject({ type: z.literal("input_text"), text: z.string() });
export type InputTextContent = z.infer<typeof InputTextContent>;

export const OutputTextContent = z.looseObject({
  type: z.literal("output_text"),
  text: z.string(),
  annotations: z.array(Annotation),
  logprobs: z.array(LogProb).optional(),
});
export type OutputTextContent = z.infer<typeof OutputTextContent>;

export const TextContent = z.looseObject({ type: z.literal("text"), text: z.string() });
export type TextContent = z.infer<typeof TextContent>;

export const SummaryTextContent = z.looseObject({ type: z.literal("summary_text"), text: z.string() });
export type SummaryTextContent = z.infer<typeof SummaryTextContent>;

export const ReasoningTextContent = z.looseObject({ type: z.literal("reasoning_text"), text: z.string() });
export type ReasoningTextContent = z.infer<typeof ReasoningTextContent>;

export const RefusalContent = z.looseObject({ type: z.literal("refusal"), refusal: z.string() });
export type RefusalContent = z.infer<typeof RefusalContent>;

export const ImageDetail = z.enum(["low", "high", "auto"]);
export type ImageDetail = z.infer<typeof ImageDetail>;

export const InputImageContent = z.looseObject({
  type: z.literal("input_image"),
  image_url: z.string().nullable(),
  detail: ImageDetail,
});
export type InputImageContent = z.infer<typeof InputImageContent>;

export const InputFileContent = z.looseObject({
  type: z.literal("input_file"),
  filename: z.string().optional(),
  file_url: z.string().optional(),
});
export type InputFileContent = z.infer<typeof InputFileContent>;

export const InputVideoContent = z.looseObject({ type: z.literal("input_video"), video_url: z.string() });
export type InputVideoContent = z.infer<typeof InputVideoContent>;

const contentPartMembers = [
  InputTextContent,
  OutputTextContent,
  TextContent,
  SummaryTextContent,
  ReasoningTextContent,
  RefusalContent,
  InputImageContent,
  InputFileContent,
] as const;

const KnownContentPart = z.discriminatedUnion("type", [...contentPartMembers]);
/** A part in reasoning `content`/`summary` and in `content_part.*` / `reasoning_summary_part.*` events. */
export const ContentPart = z.union([
  KnownContentPart,
  extensionMember<ExtensionPart>(discriminatorValues(KnownContentPart), "a content part"),
]);
export type ContentPart = z.infer<typeof ContentPart>;

const KnownMessageContentPart = z.discriminatedUnion("type", [...contentPartMembers, InputVideoContent]);
/** A part in a `message` item's `content` (the {@link ContentPart}s plus `input_video`). */
export const MessageContentPart = z.union([
  KnownMessageContentPart,
  extensionMember<ExtensionPart>(discriminatorValues(KnownMessageContentPart), "a message content part"),
]);
export type MessageContentPart = z.infer<typeof MessageContentPart>;

// ---------------------------------------------------------------- parts clients send (input items)

/** 10 MiB: the spec's `maxLength` on input text. */
const MAX_TEXT = 10_485_760;

export const InputTextContentParam = z.looseObject({
  type: z.literal("input_text"),
  text: z.string().max(MAX_TEXT),
});
export type InputTextContentParam = z.infer<typeof InputTextContentParam>;

export const InputImageContentParam = z.looseObject({
  type: z.literal("input_image"),
  image_url: z.string().max(20_971_520).nullish(),
  detail: ImageDetail.nullish(),
});
export type InputImageContentParam = z.infer<typeof InputImageContentParam>;

export const InputFileContentParam = z.looseObject({
  type: z.literal("input_file"),
  filename: z.string().nullish(),
  file_data: z.string().max(33_554_432).nullish(),
  file_url: z.string().nullish(),
});
export type InputFileContentParam = z.infer<typeof InputFileContentParam>;

export const UrlCitationParam = z.looseObject({
  type: z.literal("url_citation"),
  start_index: z.int().min(0),
  end_index: z.int().min(0),
  url: z.string(),
  title: z.string(),
});
export type UrlCitationParam = z.infer<typeof UrlCitationParam>;

export const OutputTextContentParam = z.looseObject({
  type: z.literal("output_text"),
  text: z.string().max(MAX_TEXT),
  annotations: z.array(UrlCitationParam).optional(),
});
export type OutputTextContentParam = z.infer<typeof OutputTextContentParam>;

export const RefusalContentParam = z.looseObject({
  type: z.literal("refusal"),
  refusal: z.string().max(MAX_TEXT),
});
export type RefusalContentParam = z.infer<typeof RefusalContentParam>;

export const ReasoningSummaryContentParam = z.looseObject({
  type: z.literal("summary_text"),
  text: z.string().max(MAX_TEXT),
});
export type ReasoningSummaryContentParam = z.infer<typeof ReasoningSummaryContentParam>;

/** The 10 MiB cap the spec puts on input strings, for other schemas. */
export const MAX_INPUT_TEXT = MAX_TEXT;
