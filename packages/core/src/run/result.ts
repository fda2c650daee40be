/**
 * @module run/result — what a run returns.
 */
import type { ResponseResource, Usage } from "@openloop/protocol";
import type { RunItem } from "../state/data.js";
import type { PendingApproval, RunState } from "../state/run-state.js";
import type { RunStatus, StopReason } from "../stop/stop-reason.js";

/**
 * The outcome of `run()` (and `runStream().result`), and the partial outcome a `RunError` carries.
 *
 * `run()` resolves with `status` `completed` (a final answer), `interrupted` (calls await approval:
 * see `interruptions` and `state`) or `stopped` (the agent's `stopWhen` or `toolUseBehavior` ended
 * it); it rejects with a `RunError` whose `result.status` is `failed` or `aborted`.
 */
export interface RunResult<TOutput = string> {
  readonly status: RunStatus;
  /**
   * The answer: the last response's text for `completed` and `stopWhen` stops, the tool's output
   * for `toolUseBehavior` stops; `undefined` when interrupted or failed. For an agent with an
   * `output` schema, the parsed and validated value (typed from the schema).
   */
  readonly finalOutput: TOutput | undefined;
  /**
   * Everything the run generated, in order: the model's output items (reasoning, messages, function
   * calls, hosted tool calls) exactly as received, the `function_call_output` items the loop
   * answered with, and any `tool_choice` correction messages. Input items are not included.
   */
  readonly items: readonly RunItem[];
  /** Every response received, in order (a failed turn's partial response included). */
  readonly responses: readonly ResponseResource[];
  /**
   * Tokens used, summed over every turn (cached and reasoning details included), agents called
   * as tools (`agent.asTool()`) included: a nested run's tokens count once it ends.
   */
  readonly usage: Usage;
  /**
   * Tokens used by each turn (`usageByTurn[0]` is turn 1): its response's, plus those of the
   * nested runs its agent-tool calls ran.
   */
  readonly usageByTurn: readonly Usage[];
  /** Model responses received. */
  readonly turns: number;
  /** Calls waiting for approval (empty unless `status` is `interrupted`). */
  readonly interruptions: readonly PendingApproval[];
  /** Why the run ended, as a code and a sentence. */
  readonly stopReason: StopReason;
  /** The id of the last response (for `previousResponseId` chaining). */
  readonly lastResponseId: string | undefined;
  /** Resumable, serializable state (`JSON.stringify(result.state)`; `run(agent, result.state)`). */
  readonly state: RunState;
}
