/**
 * @module model/failure — failures as data: the `response.failed` event every model ends a broken
 * stream with, carrying the typed error alongside for the loop.
 */
import {
  createResponseResource,
  OpenloopError,
  type ResponseFailedEvent,
  type ResponseResource,
} from "@openloop/protocol";

// The typed error rides beside the event, not inside it: the event stays a plain spec object that can
// be serialized and validated, while in-process consumers get status codes, headers and causes.
const failures = new WeakMap<object, OpenloopError>();

/**
 * Builds the terminal `response.failed` event for `error`.
 * `partial` is the response as far as it got (its `output` is kept); `sequenceNumber` continues the
 * stream's numbering.
 */
export function failedEvent(
  error: OpenloopError,
  partial?: Partial<ResponseResource>,
  sequenceNumber = 0,
): ResponseFailedEvent {
  const response = createResponseResource({
    ...partial,
    status: "failed",
    completed_at: null,
    error: { code: error.code, message: error.message },
  });
  const event = { type: "response.failed", sequence_number: sequenceNumber, response } as ResponseFailedEvent;
  failures.set(event, error);
  failures.set(response, error);
  return event;
}

/**
 * The typed error behind a `response.failed` event (or its `response`).
 * For a failure that came over the wire (no in-process error attached), rebuilds an
 * {@link OpenloopError} with code `model_failed` from the spec `Error` object, keeping the server's
 * code in `details.serverCode`. Returns `undefined` for anything that is not a failure.
 */
export function failureOf(eventOrResponse: unknown): OpenloopError | undefined {
  if (typeof eventOrResponse !== "object" || eventOrResponse === null) return undefined;
  const attached = failures.get(eventOrResponse);
  if (attached) return attached;
  const record = eventOrResponse as { type?: unknown; response?: unknown; status?: unknown; error?: unknown };
  const response = record.type === "response.failed" ? record.response : record;
  if (typeof response !== "object" || response === null) return undefined;
  const attachedToResponse = failures.get(response);
  if (attachedToResponse) return attachedToResponse;
  const { status, error } = response as { status?: unknown; error?: unknown };
  if (status !== "failed") return undefined;
  const e = (error ?? {}) as { code?: unknown; message?: unknown };
  const serverCode = typeof e.code === "string" ? e.code : null;
  const message = typeof e.message === "string" && e.message ? e.message : "The model reported a failure.";
  return new OpenloopError(knownCode(serverCode) ?? "model_failed", message, {
    details: { serverCode },
  });
}

// Codes a remote openloop server (or a model reporting our own codes) may send back: keep their meaning.
function knownCode(code: string | null): OpenloopError["code"] | undefined {
  switch (code) {
    case "stream_interrupted":
    case "aborted":
    case "model_timeout":
    case "model_http_error":
    case "model_connection_error":
    case "previous_response_not_found":
    case "not_open_responses":
      return code;
    default:
      return undefined;
  }
}
