/**
 * @module schemas/events — the 24 streaming events of the spec, plus OpenAI's five
 * `code_interpreter_call` events, as one open union {@link StreamEvent}.
 *
 * Any other object with a string `type` (vendor events such as `response.mcp_call.in_progress`,
 * vLLM's `response.reasoning_part.added`, slug-prefixed `acme:trace`) is a valid
 * {@link ExtensionEvent}: kept and passed through unchanged. Statically it is typed with a
 * `` `${string}:${string}` `` type so that `switch (event.type)` narrows the known members.
 */
import { z } from "zod";
import { Annotation, ContentPart, LogProb } from "./content.js";
import { ErrorPayload } from "./errors.js";
import { OutputItem } from "./items.js";
import { discriminatorValues, type ExtensionType, extensionMember } from "./open-union.js";
import { ResponseResource } from "./response.js";

const seq = z.int();

function lifecycle<T extends string>(type: T) {
  return z.looseObject({ type: z.literal(type), sequence_number: seq, response: ResponseResource });
}

export const ResponseCreatedEvent = lifecycle("response.created");
export type ResponseCreatedEvent = z.infer<typeof ResponseCreatedEvent>;
export const ResponseQueuedEvent = lifecycle("response.queued");
export type ResponseQueuedEvent = z.infer<typeof ResponseQueuedEvent>;
export const ResponseInProgressEvent = lifecycle("response.in_progress");
export type ResponseInProgressEvent = z.infer<typeof ResponseInProgressEvent>;
export const ResponseCompletedEvent = lifecycle("response.completed");
export type ResponseCompletedEvent = z.infer<typeof ResponseCompletedEvent>;
export const ResponseFailedEvent = lifecycle("response.failed");
export type ResponseFailedEvent = z.infer<typeof ResponseFailedEvent>;
export const ResponseIncompleteEvent = lifecycle("response.incomplete");
export type ResponseIncompleteEvent = z.infer<typeof ResponseIncompleteEvent>;

function itemEvent<T extends string>(type: T) {
  return z.looseObject({
    type: z.literal(type),
    sequence_number: seq,
    output_index: z.int(),
    item: OutputItem.nullable(),
  });
}

export const OutputItemAddedEvent = itemEvent("response.output_item.added");
export type OutputItemAddedEvent = z.infer<typeof OutputItemAddedEvent>;
export const OutputItemDoneEvent = itemEvent("response.output_item.done");
export type OutputItemDoneEvent = z.infer<typeof OutputItemDoneEvent>;

/** Fields every event about a part of an item carries. */
const at = { sequence_number: seq, item_id: z.string(), output_index: z.int() };
const inContent = { ...at, content_index: z.int() };
const inSummary = { ...at, summary_index: z.int() };

export const ReasoningSummaryPartAddedEvent = z.looseObject({
  type: z.literal("response.reasoning_summary_part.added"),
  ...inSummary,
  part: ContentPart,
});
export type ReasoningSummaryPartAddedEvent = z.infer<typeof ReasoningSummaryPartAddedEvent>;
export const ReasoningSummaryPartDoneEvent = z.looseObject({
  type: z.literal("response.reasoning_summary_part.done"),
  ...inSummary,
  part: ContentPart,
});
export type ReasoningSummaryPartDoneEvent = z.infer<typeof ReasoningSummaryPartDoneEvent>;

export const ContentPartAddedEvent = z.looseObject({
  type: z.literal("response.content_part.added"),
  ...inContent,
  part: ContentPart,
});
export type ContentPartAddedEvent = z.infer<typeof ContentPartAddedEvent>;
export const ContentPartDoneEvent = z.looseObject({
  type: z.literal("response.content_part.done"),
  ...inContent,
  part: ContentPart,
});
export type ContentPartDoneEvent = z.infer<typeof ContentPartDoneEvent>;

export const OutputTextDeltaEvent = z.looseObject({
  type: z.literal("response.output_text.delta"),
  ...inContent,
  delta: z.string(),
  logprobs: z.array(LogProb).optional(),
  obfuscation: z.string().optional(),
});
export type OutputTextDeltaEvent = z.infer<typeof OutputTextDeltaEvent>;
export const OutputTextDoneEvent = z.looseObject({
  type: z.literal("response.output_text.done"),
  ...inContent,
  text: z.string(),
  logprobs: z.array(LogProb).optional(),
});
export type OutputTextDoneEvent = z.infer<typeof OutputTextDoneEvent>;

export const RefusalDeltaEvent = z.looseObject({
  type: z.literal("response.refusal.delta"),
  ...inContent,
  delta: z.string(),
});
export type RefusalDeltaEvent = z.infer<typeof RefusalDeltaEvent>;
export const RefusalDoneEvent = z.looseObject({
  type: z.literal("response.refusal.done"),
  ...inContent,
  refusal: z.string(),
});
export type RefusalDoneEvent = z.infer<typeof RefusalDoneEvent>;

/** Raw reasoning text. OpenAI, vLLM and xAI name it `response.reasoning_text.delta`; see `decodeSSE`. */
export const ReasoningDeltaEvent = z.looseObject({
  type: z.literal("response.reasoning.delta"),
  ...inContent,
  delta: z.string(),
  obfuscation: z.string().optional(),
});
export type ReasoningDeltaEvent = z.infer<typeof ReasoningDeltaEvent>;
export const ReasoningDoneEvent = z.looseObject({
  type: z.literal("response.reasoning.done"),
  ...inContent,
  text: z.string(),
});
export type ReasoningDoneEvent = z.infer<typeof ReasoningDoneEvent>;

export const ReasoningSummaryTextDeltaEvent = z.looseObject({
  type: z.literal("response.reasoning_summary_text.delta"),
  ...inSummary,
  delta: z.string(),
  obfuscation: z.string().optional(),
});
export type ReasoningSummaryTextDeltaEvent = z.infer<typeof ReasoningSummaryTextDeltaEvent>;
export const ReasoningSummaryTextDoneEvent = z.looseObject({
  type: z.literal("response.reasoning_summary_text.done"),
  ...inSummary,
  text: z.string(),
});
export type ReasoningSummaryTextDoneEvent = z.infer<typeof ReasoningSummaryTextDoneEvent>;

export const OutputTextAnnotationAddedEvent = z.looseObject({
  type: z.literal("response.output_text.annotation.added"),
  ...inContent,
  annotation_index: z.int(),
  annotation: Annotation.nullable(),
});
export type OutputTextAnnotationAddedEvent = z.infer<typeof OutputTextAnnotationAddedEvent>;

export const FunctionCallArgumentsDeltaEvent = z.looseObject({
  type: z.literal("response.function_call_arguments.delta"),
  ...at,
  delta: z.string(),
  obfuscation: z.string().optional(),
});
export type FunctionCallArgumentsDeltaEvent = z.infer<typeof FunctionCallArgumentsDeltaEvent>;
export const FunctionCallArgumentsDoneEvent = z.looseObject({
  type: z.literal("response.function_call_arguments.done"),
  ...at,
  arguments: z.string(),
});
export type FunctionCallArgumentsDoneEvent = z.infer<typeof FunctionCallArgumentsDoneEvent>;

/** Spec `ErrorStreamingEvent`. Always followed by `response.failed` on a conforming server. */
export const ErrorStreamEvent = z.looseObject({
  type: z.literal("error"),
  sequence_number: seq,
  error: ErrorPayload,
});
export type ErrorStreamEvent = z.infer<typeof ErrorStreamEvent>;

// ---------------------------------------------------------------- OpenAI hosted code tool

function codeEvent<T extends string>(type: T) {
  return z.looseObject({ type: z.literal(type), ...at });
}
export const CodeInterpreterCallInProgressEvent = codeEvent("response.code_interpreter_call.in_progress");
export type CodeInterpreterCallInProgressEvent = z.infer<typeof CodeInterpreterCallInProgressEvent>;
export const CodeInterpreterCallInterpretingEvent = codeEvent("response.code_interpreter_call.interpreting");
export type CodeInterpreterCallInterpretingEvent = z.infer<typeof CodeInterpreterCallInterpretingEvent>;
export const CodeInterpreterCallCompletedEvent = codeEvent("response.code_interpreter_call.completed");
export type CodeInterpreterCallCompletedEvent = z.infer<typeof CodeInterpreterCallCompletedEvent>;
export const CodeInterpreterCallCodeDeltaEvent = z.looseObject({
  type: z.literal("response.code_interpreter_call_code.delta"),
  ...at,
  delta: z.string(),
  obfuscation: z.string().optional(),
});
export type CodeInterpreterCallCodeDeltaEvent = z.infer<typeof CodeInterpreterCallCodeDeltaEvent>;
export const CodeInterpreterCallCodeDoneEvent = z.looseObject({
  type: z.literal("response.code_interpreter_call_code.done"),
  ...at,
  code: z.string(),
});
export type CodeInterpreterCallCodeDoneEvent = z.infer<typeof CodeInterpreterCallCodeDoneEvent>;

// ---------------------------------------------------------------- the union

/** The 24 event schemas the spec defines, by `type`. */
export const SPEC_EVENT_SCHEMAS = [
  ResponseCreatedEvent,
  ResponseQueuedEvent,
  ResponseInProgressEvent,
  ResponseCompletedEvent,
  ResponseFailedEvent,
  ResponseIncompleteEvent,
  OutputItemAddedEvent,
  OutputItemDoneEvent,
  ReasoningSummaryPartAddedEvent,
  ReasoningSummaryPartDoneEvent,
  ContentPartAddedEvent,
  ContentPartDoneEvent,
  OutputTextDeltaEvent,
  OutputTextDoneEvent,
  RefusalDeltaEvent,
  RefusalDoneEvent,
  ReasoningDeltaEvent,
  ReasoningDoneEvent,
  ReasoningSummaryTextDeltaEvent,
  ReasoningSummaryTextDoneEvent,
  OutputTextAnnotationAddedEvent,
  FunctionCallArgumentsDeltaEvent,
  FunctionCallArgumentsDoneEvent,
  ErrorStreamEvent,
] as const;

export const KnownStreamEvent = z.discriminatedUnion("type", [
  ...SPEC_EVENT_SCHEMAS,
  CodeInterpreterCallInProgressEvent,
  CodeInterpreterCallCodeDeltaEvent,
  CodeInterpreterCallCodeDoneEvent,
  CodeInterpreterCallInterpretingEvent,
  CodeInterpreterCallCompletedEvent,
]);
export type KnownStreamEvent = z.infer<typeof KnownStreamEvent>;

/** The `type`s of {@link KnownStreamEvent}. */
export const KNOWN_EVENT_TYPES: ReadonlySet<string> = discriminatorValues(KnownStreamEvent);

/**
 * An event of a type this version does not know. The spec requires extension events to be
 * slug-prefixed (`acme:trace_event`) and to carry `sequence_number`; at runtime any unknown type
 * is accepted (vendor events are often unprefixed) and typed as this.
 */
export type ExtensionEvent = { type: ExtensionType; sequence_number?: number; [key: string]: unknown };

/** Any streaming event: a known event, or an {@link ExtensionEvent} kept unchanged. */
export const StreamEvent = z.union([
  KnownStreamEvent,
  extensionMember<ExtensionEvent>(KNOWN_EVENT_TYPES, "an event"),
]);
export type StreamEvent = z.infer<typeof StreamEvent>;

/** True when `event` is one of the known events (so `switch (event.type)` covers it). */
export function isKnownEvent(event: { type: string }): event is KnownStreamEvent {
  return KNOWN_EVENT_TYPES.has(event.type);
}
