/**
 * @module exit-codes — what `openloop` exits with, so scripts and CI can branch on the outcome.
 */
import { OpenloopError, RunError, type RunResult } from "@openloop/core";

/**
 * The process exit codes of `openloop`:
 * - `0` done: the run completed with a final answer;
 * - `1` failed: the model or the run failed (the message says why);
 * - `2` usage: bad flags, or no model server configured (the message says what to set);
 * - `3` approval: calls wait for a decision; the state is saved to a file to resume from;
 * - `4` stopped: a budget (turns, tokens, time, tool calls) or loop detection ended the run.
 */
export const EXIT = {
  done: 0,
  failed: 1,
  usage: 2,
  approval: 3,
  stopped: 4,
} as const;

/** One of {@link EXIT}'s values. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Run error codes that mean "a limit ended the run" rather than "something broke". */
const STOP_CODES: ReadonlySet<string> = new Set(["max_turns_exceeded", "budget_exceeded", "loop_detected"]);

/** The exit code for a finished run (`result`) or a failed one (`error`). */
export function exitCodeFor(outcome: RunResult | unknown): ExitCode {
  if (outcome instanceof RunError) return STOP_CODES.has(outcome.code) ? EXIT.stopped : EXIT.failed;
  if (outcome instanceof OpenloopError) return outcome.code === "invalid_config" ? EXIT.usage : EXIT.failed;
  const result = outcome as RunResult | undefined;
  if (result?.status === "completed" || result?.status === "stopped") return EXIT.done;
  if (result?.status === "interrupted") return EXIT.approval;
  return EXIT.failed;
}

/** True for a run error that {@link exitCodeFor} maps to {@link EXIT.stopped}. */
export function isStopCode(code: string): boolean {
  return STOP_CODES.has(code);
}

/**
 * A usage problem: bad flags, a missing model, nothing configured. Exits with {@link EXIT.usage}.
 * An `OpenloopError` with code `invalid_config`, so the one error hierarchy holds.
 */
export function usageError(message: string, details?: Record<string, unknown>): OpenloopError {
  return new OpenloopError("invalid_config", message, details === undefined ? {} : { details });
}
