/**
 * @module run/run — `run(agent, input)`: the loop to its end, as one promise.
 */
import type { Agent } from "../agent/agent.js";
import { NO_EVENTS } from "../events/run-event.js";
import { executeRun } from "./execute.js";
import type { RunOptions } from "./options.js";
import type { RunInput } from "./prepare.js";
import type { RunResult } from "./result.js";

/**
 * Runs `agent` on `input` (a string, input items, or a `RunState` to resume) until the model gives
 * its final answer, calls wait for approval, or the agent's rules stop it.
 *
 * Resolves with a {@link RunResult} whose `status` is `completed`, `interrupted` or `stopped`.
 * Rejects with a `RunError` (`code`: `model_http_error`, `stream_interrupted`, `model_failed`,
 * `response_incomplete`, `empty_response`, `tool_choice_violation`, `max_turns_exceeded`,
 * `budget_exceeded`, `loop_detected`, `aborted`, `invalid_request`, `invalid_run_state`, ...) whose
 * `result` holds everything done so far.
 *
 * @example
 * ```ts
 * const result = await run(agent, "What's the weather in Paris?", { context: { user: "ada" } });
 * console.log(result.finalOutput, result.usage.total_tokens);
 * ```
 */
export function run<TContext, TOutput = string>(
  agent: Agent<TContext, TOutput>,
  input: RunInput,
  options: RunOptions<TContext> = {},
): Promise<RunResult<TOutput>> {
  return executeRun(
    agent as unknown as Agent<never, unknown>,
    input,
    options as RunOptions<unknown>,
    NO_EVENTS,
    new AbortController(),
  ) as Promise<RunResult<TOutput>>;
}
