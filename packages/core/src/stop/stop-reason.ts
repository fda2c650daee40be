/**
 * @module stop/stop-reason — why a run ended, readable by people and switchable by code.
 */
import type { OpenloopErrorCode } from "@openloop/protocol";

/**
 * Why a run ended:
 * - `completed`: the model answered with no function call left to run;
 * - `interrupted`: calls wait for approval (see `RunState`);
 * - `stop_when`: the agent's `stopWhen` predicate returned true;
 * - `stop_on_first_tool` / `stop_at_tools`: the agent's `toolUseBehavior` ended the run after a tool ran;
 * - any failure code (`max_turns_exceeded`, `budget_exceeded`, `loop_detected`, `aborted`, ...):
 *   the run failed with a `RunError` of that code.
 */
export type StopCode =
  | "completed"
  | "interrupted"
  | "stop_when"
  | "stop_on_first_tool"
  | "stop_at_tools"
  | OpenloopErrorCode;

/** Why a run ended: a code to switch on and a sentence to show. */
export interface StopReason {
  code: StopCode;
  message: string;
}

/** Statuses of a finished run. `run()` resolves for the first three and rejects for the others. */
export type RunStatus = "completed" | "interrupted" | "stopped" | "failed" | "aborted";
