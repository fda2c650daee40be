/** @module @openloop/protocol — Open Responses types (zod), SSE decode/encode and the event→response accumulator. */
export * from "./errors/index.js";
