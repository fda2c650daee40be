/**
 * @module errors — the one error hierarchy of openloop.
 *
 * Every error openloop raises or reports is an {@link OpenloopError} whose `code` says what
 * happened. Subclasses exist only where they carry extra data (an HTTP status, a partial result);
 * code that handles errors switches on `code`, never on the message.
 */

/**
 * What went wrong, as a stable machine-readable string. Grouped by where it arises.
 * New codes may be added in minor versions; match with a default branch.
 */
export type OpenloopErrorCode =
  // wire / protocol
  | "sse_malformed" // an SSE frame whose data is not JSON, or not an event object
  | "invalid_event" // an event that does not match the spec where the spec is strict
  | "invalid_request" // a request body that fails validation
  | "invalid_response" // a response body that is not a ResponseResource
  // model transport
  | "model_http_error" // the server answered with a non-2xx status
  | "model_connection_error" // could not connect / connection reset before the first byte
  | "model_timeout" // no first byte, or no event for too long
  | "stream_interrupted" // the stream ended or broke after events had flowed, with no terminal event
  | "model_failed" // the model ended the response with `response.failed` / an `error` event
  | "response_incomplete" // the model ended the response with `response.incomplete`
  | "not_open_responses" // the server does not seem to speak Open Responses (e.g. 404 on /responses)
  | "previous_response_not_found"
  // loop
  | "tool_choice_violation"
  | "empty_response" // a completed response with no answer: no message, no tool call (empty, or reasoning only)
  | "max_turns_exceeded"
  | "budget_exceeded"
  | "loop_detected"
  | "aborted"
  | "invalid_tool_definition"
  | "tool_error"
  | "tool_timeout"
  | "invalid_tool_arguments"
  | "unknown_tool"
  | "output_validation_error"
  | "refusal"
  | "invalid_run_state"
  | "approval_required"
  | "session_error" // a conversation Session failed to read or store items
  // sandbox
  | "sandbox_error"
  | "sandbox_queue_full"
  | "sandbox_closed"
  // workspace tools (@openloop/tools)
  | "path_outside_workspace" // a path, or a symlink on it, leads outside the workspace root
  // serving (answers of an Open Responses server such as @openloop/server)
  | "model_not_found" // the request's `model` is not one the server routes
  | "not_found" // no such route
  | "unauthorized" // a missing or wrong API key
  | "payload_too_large" // a request body over the size limit
  | "rate_limited" // too many requests in flight; retry after a while
  | "server_unavailable" // the server is shutting down
  | "websocket_connection_limit_reached" // a WebSocket connection reached its time limit
  // configuration and everything else
  | "invalid_config"
  | "internal_error";

/** The spec's error payload shape (`ErrorPayload`): what goes on the wire. */
export interface ErrorPayloadShape {
  type: string;
  code: string | null;
  message: string;
  param: string | null;
}

export interface OpenloopErrorOptions {
  /** The spec error `type` this maps to on the wire (default derived from the code). */
  type?: string;
  /** The request parameter at fault, when there is one. */
  param?: string | null;
  /** The underlying error. */
  cause?: unknown;
  /** Free-form structured detail (kept out of the message so messages stay readable). */
  details?: Record<string, unknown>;
}

/** The base of every openloop error. Switch on `code`. */
export class OpenloopError extends Error {
  override readonly name: string = "OpenloopError";
  readonly code: OpenloopErrorCode;
  readonly type: string;
  readonly param: string | null;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: OpenloopErrorCode, message: string, options: OpenloopErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.type = options.type ?? defaultTypeFor(code);
    this.param = options.param ?? null;
    this.details = options.details;
  }

  /** The spec's `{ type, code, param, message }` envelope body for this error. */
  toPayload(): ErrorPayloadShape {
    return { type: this.type, code: this.code, param: this.param, message: this.message };
  }

  /** True when `value` is an OpenloopError (optionally with the given code), across realms too. */
  static is<C extends OpenloopErrorCode>(value: unknown, code?: C): value is OpenloopError & { code: C } {
    if (!(value instanceof Error)) return false;
    const c = (value as { code?: unknown }).code;
    if (!(value instanceof OpenloopError) && typeof c !== "string") return false;
    return code === undefined ? value instanceof OpenloopError : c === code;
  }
}

function defaultTypeFor(code: OpenloopErrorCode): string {
  switch (code) {
    case "invalid_request":
    case "invalid_tool_definition":
    case "invalid_config":
    case "previous_response_not_found":
    case "invalid_run_state":
    case "model_not_found":
    case "unauthorized":
    case "payload_too_large":
    case "websocket_connection_limit_reached":
      return "invalid_request_error";
    case "not_found":
      return "not_found";
    case "rate_limited":
      return "too_many_requests";
    case "model_http_error":
    case "model_connection_error":
    case "model_timeout":
    case "stream_interrupted":
    case "not_open_responses":
      return "api_error";
    default:
      return "server_error";
  }
}
