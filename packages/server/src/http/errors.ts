/**
 * @module http/errors — errors as the spec's envelope, with the HTTP status they call for.
 */
import { type ErrorPayload, ModelHttpError, OpenloopError } from "@openloop/protocol";

/** An error answered as HTTP: the status, the spec's `{ error }` body, and headers. */
export interface HttpFailure {
  status: number;
  body: { error: ErrorPayload };
  headers: Record<string, string>;
}

/** Any thrown value as an `OpenloopError` (a bug of ours becomes `internal_error`, message kept). */
export function asOpenloopError(thrown: unknown): OpenloopError {
  if (thrown instanceof OpenloopError) return thrown;
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return new OpenloopError("internal_error", `Internal server error: ${message}`, { cause: thrown });
}

/** The model server's own failure, when the error is (or wraps) one. */
function upstreamOf(error: OpenloopError): ModelHttpError | undefined {
  if (error instanceof ModelHttpError) return error;
  return error.cause instanceof ModelHttpError ? error.cause : undefined;
}

/**
 * The HTTP status an error is answered with before any event was sent. Request problems are 4xx
 * (the spec's table: `invalid_request` 400, `not_found` 404, `too_many_requests` 429); an upstream
 * rate limit is passed on as 429 and an upstream 400/422 (the request as relayed was refused, such
 * as a context too long) as 400; every other model failure is the spec's `model_error`, 500.
 */
export function httpStatusOf(error: OpenloopError): number {
  switch (error.code) {
    case "invalid_request":
    case "invalid_tool_definition":
    case "previous_response_not_found":
    case "model_not_found":
    case "tool_choice_violation":
      return 400;
    case "unauthorized":
      return 401;
    case "not_found":
      return 404;
    case "payload_too_large":
      return 413;
    case "rate_limited":
      return 429;
    case "server_unavailable":
    case "aborted":
      return 503;
    default: {
      const upstream = upstreamOf(error);
      if (upstream?.status === 429) return 429;
      if (upstream?.status === 400 || upstream?.status === 422) return 400;
      return 500;
    }
  }
}

/** The spec's error `type` for an error: its own, except upstream failures, which are `model_error`. */
function typeOf(error: OpenloopError, status: number): string {
  if (status === 429) return "too_many_requests";
  if (status === 400 && upstreamOf(error) !== undefined) return "invalid_request_error";
  if (status === 500 && error.code !== "internal_error") return "model_error";
  return error.type;
}

/** The wire payload of an error: `{ type, code, message, param }`. */
export function payloadOf(error: OpenloopError, status = httpStatusOf(error)): ErrorPayload {
  return { type: typeOf(error, status), code: error.code, message: error.message, param: error.param };
}

/** An error as an HTTP answer (an upstream's `Retry-After` is passed on with a 429). */
export function httpFailure(thrown: unknown, headers: Record<string, string> = {}): HttpFailure {
  const error = asOpenloopError(thrown);
  const status = httpStatusOf(error);
  const out = { ...headers };
  const upstream = upstreamOf(error);
  const retryAfter = error.details?.retryAfterSeconds;
  if (status === 429 && typeof retryAfter === "number") out["retry-after"] = String(retryAfter);
  if (status === 429 && upstream !== undefined) {
    for (const name of ["retry-after", "retry-after-ms"]) {
      const value = upstream.headers[name];
      if (value !== undefined) out[name] = value;
    }
  }
  return { status, body: { error: payloadOf(error, status) }, headers: out };
}

/** An `HttpFailure` as a web `Response` (JSON body). */
export function failureResponse(failure: HttpFailure): Response {
  return new Response(JSON.stringify(failure.body), {
    status: failure.status,
    headers: { "content-type": "application/json", ...failure.headers },
  });
}
