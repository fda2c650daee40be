/**
 * @module schemas/errors — the spec's error payload and the HTTP error envelope.
 */
import { z } from "zod";

/**
 * Spec `ErrorPayload`: `{ type, code, message, param }` (`code`/`param` nullable; optional
 * `headers`). The body of an `error` stream event and of the HTTP error envelope.
 */
export const ErrorPayload = z.looseObject({
  type: z.string(),
  code: z.string().nullable(),
  message: z.string(),
  param: z.string().nullable(),
  headers: z.record(z.string(), z.string()).optional(),
});
export type ErrorPayload = z.infer<typeof ErrorPayload>;

/** A non-2xx HTTP body: `{ "error": { "message", "type", "param", "code" } }`. */
export const ErrorEnvelope = z.looseObject({ error: ErrorPayload });
export type ErrorEnvelope = z.infer<typeof ErrorEnvelope>;

/** An error message of the WebSocket transport (2026-04-24): the HTTP status and the error. */
export const WebSocketErrorEvent = z.looseObject({
  type: z.literal("error"),
  status: z.int(),
  error: z.looseObject({
    type: z.string().optional(),
    code: z.string(),
    message: z.string(),
    param: z.string().nullish(),
  }),
});
export type WebSocketErrorEvent = z.infer<typeof WebSocketErrorEvent>;
