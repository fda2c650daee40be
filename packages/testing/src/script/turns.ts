/**
 * @module script/turns — what one request of a script answers: a response, or a failure.
 */
import { type CreateResponseBody, type ErrorPayload, OpenloopError, type Usage } from "@openloop/protocol";
import { type ScriptItem, text } from "./items.js";

/** A failure a turn ends in. Built by {@link httpError}, {@link failMidStream}, {@link cutConnection}, {@link stall}. */
export type ScriptFailure =
  | {
      kind: "http";
      status: number;
      /** An object is sent as JSON, a string as is (it may be non-JSON or empty). */
      body?: string | Record<string, unknown>;
      headers?: Record<string, string>;
    }
  | { kind: "error"; afterEvents: number; error: Partial<ErrorPayload> & { message: string } }
  | { kind: "cut"; afterEvents: number }
  | { kind: "stall"; afterEvents: number };

/** One scripted response, with its options. */
export interface ScriptResponse {
  /** The output items, in order (see `text`, `reasoning`, `functionCall`, `refusal`). */
  output?: readonly ScriptItem[];
  /**
   * `incomplete` ends the stream with `response.incomplete` (reason `incompleteReason`), the last
   * item marked `incomplete` as the spec requires. @default "completed"
   */
  status?: "completed" | "incomplete";
  /** @default "max_output_tokens" */
  incompleteReason?: string;
  /** Token usage to report; `total_tokens` and the details default from the rest. */
  usage?: Partial<Usage>;
  /** Wait this long before the first event (time to first byte). */
  delayMs?: number;
  /** Wait this long between events. */
  eventDelayMs?: number;
  /** Longest text / arguments delta, in UTF-16 code units; by default one delta per text. */
  chunkSize?: number;
  /** The response id; by default `resp_<n>`. */
  id?: string;
  /** How the turn fails instead of completing. */
  failure?: ScriptFailure;
}

/**
 * One turn of a script: the items of a response, a {@link ScriptResponse} with options, or a
 * function of the request (and its 0-based index) returning either, to answer based on what the
 * caller sent.
 */
export type ScriptTurn =
  | readonly ScriptItem[]
  | ScriptResponse
  | ((request: CreateResponseBody, index: number) => ScriptTurn | Promise<ScriptTurn>);

const defaultPartial = (): ScriptItem[] => [text("This answer is cut short by a scripted failure.")];

/**
 * The server answers with an HTTP error: `status`, the spec's error envelope (or `body`: an
 * object sent as JSON, a string sent verbatim, so non-JSON and empty bodies can be tested), and
 * `Retry-After` when `retryAfter` is given (a number of seconds, or a header value such as an
 * HTTP date). `retryAfterMs` sends OpenAI's `retry-after-ms` header.
 *
 * `ScriptedModel` reports it as the `response.failed` the HTTP model would end with (a
 * `ModelHttpError`, code `model_http_error`, or `not_open_responses` / `previous_response_not_found`
 * as the HTTP model decides); `startMockServer` answers with the status itself.
 */
export function httpError(
  status: number,
  body?: string | Record<string, unknown>,
  options: { retryAfter?: number | string; retryAfterMs?: number; headers?: Record<string, string> } = {},
): ScriptResponse {
  // A 2xx "error" would be a success to an HTTP client and a failure to ScriptedModel: refuse it.
  if (!Number.isInteger(status) || status < 400 || status > 599)
    throw new OpenloopError(
      "invalid_config",
      `httpError(${String(status)}): the status must be an HTTP error status, an integer from 400 to 599`,
    );
  const headers: Record<string, string> = { ...options.headers };
  if (options.retryAfter !== undefined) headers["retry-after"] = String(options.retryAfter);
  if (options.retryAfterMs !== undefined) headers["retry-after-ms"] = String(options.retryAfterMs);
  return {
    failure: body === undefined ? { kind: "http", status, headers } : { kind: "http", status, body, headers },
  };
}

/**
 * The response starts, then the server reports an error in the stream after `afterEvents` events:
 * an `error` event, then `response.failed` (what the spec's "Errors" section prescribes).
 * `output` is what was being streamed (a short text by default).
 */
export function failMidStream(
  afterEvents: number,
  error: Partial<ErrorPayload> & { message?: string } = {},
  output: readonly ScriptItem[] = defaultPartial(),
): ScriptResponse {
  return {
    output,
    failure: {
      kind: "error",
      afterEvents,
      error: {
        type: "server_error",
        code: "server_error",
        ...error,
        message: error.message ?? "Scripted failure.",
      },
    },
  };
}

/**
 * The connection drops after `afterEvents` events, with no terminal event. Over HTTP the socket is
 * destroyed; in-process the stream ends as the HTTP model reports a cut: `response.failed` with code
 * `stream_interrupted` (or `model_connection_error` when `afterEvents` is 0).
 */
export function cutConnection(
  afterEvents: number,
  output: readonly ScriptItem[] = defaultPartial(),
): ScriptResponse {
  return { output, failure: { kind: "cut", afterEvents } };
}

/**
 * The server sends `afterEvents` events and then nothing, holding the connection open until the
 * caller gives up (abort or timeout): for testing timeouts and cancellation without relying on timing.
 */
export function stall(afterEvents = 0, output: readonly ScriptItem[] = defaultPartial()): ScriptResponse {
  return { output, failure: { kind: "stall", afterEvents } };
}
