/**
 * @module errors/run-error — the error a failed run rejects with, carrying what it did so far.
 */
import { OpenloopError, type OpenloopErrorCode } from "@openloop/protocol";
import type { RunResult } from "../run/result.js";

/**
 * A run that failed: `code` says why (`model_http_error`, `stream_interrupted`, `model_failed`,
 * `response_incomplete`, `tool_choice_violation`, `max_turns_exceeded`, `budget_exceeded`,
 * `loop_detected`, `aborted`, `invalid_request`, `invalid_run_state`, ...), `cause` is the
 * underlying error (a `ModelHttpError` keeps the HTTP status), and `result` is the partial
 * {@link RunResult}: every item produced so far, every completed tool result, usage, and a
 * `state` that `run(agent, result.state)` can resume from.
 *
 * @example
 * ```ts
 * try {
 *   await run(agent, "Plan my trip");
 * } catch (error) {
 *   if (error instanceof RunError && error.code === "max_turns_exceeded") {
 *     console.log(error.result.items.length, "items before giving up");
 *   }
 * }
 * ```
 */
export class RunError<TOutput = string> extends OpenloopError {
  override readonly name = "RunError";
  /** The run as far as it got. */
  readonly result: RunResult<TOutput>;

  constructor(error: OpenloopError, result: RunResult<TOutput>) {
    super(error.code as OpenloopErrorCode, error.message, {
      type: error.type,
      param: error.param,
      details: error.details,
      // The underlying error itself when it carries more (an HTTP status, a stack); else its cause.
      cause: error.constructor === OpenloopError ? (error.cause ?? undefined) : error,
    });
    this.result = result;
  }
}
