/**
 * @module @openloop/protocol — Open Responses (spec 2026-04-24) types as zod schemas, SSE
 * decode/encode, and the event→response accumulator. Imports nothing else of openloop.
 */

// Rebuilding responses.
export { accumulate } from "./accumulate/accumulate.js";
export { ResponseAccumulator, type SequenceGap } from "./accumulate/accumulator.js";
// Writing events: one response as a spec-ordered stream, incrementally or from finished items.
export * from "./emit/index.js";
export * from "./errors/index.js";
export { createResponseResource } from "./resource/create-response-resource.js";
export { outputText } from "./resource/output-text.js";
export * from "./schemas/compact.js";
// Schemas: each name is both a zod schema (value) and its inferred type.
export * from "./schemas/content.js";
export * from "./schemas/errors.js";
export * from "./schemas/events.js";
export * from "./schemas/item-params.js";
export * from "./schemas/items.js";
export { normalizeInput } from "./schemas/normalize.js";
export type { ExtensionType } from "./schemas/open-union.js";
export {
  describeZodError,
  parseCreateResponseBody,
  parseItemParam,
  parseOutputItem,
  parseResponseResource,
  parseStreamEvent,
  validateStreamEvent,
  zodErrorParam,
} from "./schemas/parse.js";
export * from "./schemas/request.js";
export * from "./schemas/response.js";
export * from "./schemas/tools.js";
export { normalizeEventType } from "./sse/aliases.js";
// Wire.
export { type DecodeSSEOptions, decodeSSE, type SSESource } from "./sse/decode.js";
export { encodeSSE, encodeSSEDone } from "./sse/encode.js";
export { DEFAULT_MAX_SSE_EVENT_LENGTH, SSEEventLimit } from "./sse/event-limit.js";
