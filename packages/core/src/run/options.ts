/**
 * @module run/options — per-run options of `run` and `runStream`.
 */
import type PQueue from "p-queue";
import type { HistoryPolicy } from "../session/history.js";
import type { Session } from "../session/session.js";

/** Options of one run. */
export interface RunOptions<TContext = unknown> {
  /**
   * Your own value (a user, a database handle, ...), passed to every tool as `ctx.runContext`, to
   * `instructions` and `stopWhen`. Not sent to the model.
   * @default undefined
   */
  context?: TContext;
  /**
   * Cancels the run: the model request and every running tool see it abort; the run fails with
   * `aborted`, keeping every tool result completed before. One signal may serve any number of
   * concurrent runs (they share one listener on it: no `MaxListenersExceededWarning`).
   */
  signal?: AbortSignal;
  /**
   * Overrides the agent's `maxTurns` for this run.
   * @default the agent's `maxTurns`
   */
  maxTurns?: number;
  /**
   * A `PQueue` shared by many runs, to cap tool calls across all of them (each run still has its
   * own limit, the agent's `maxConcurrentTools`).
   * @example new PQueue({ concurrency: 8 })
   */
  toolQueue?: PQueue;
  /**
   * Continue a conversation the server stored: the first request carries this
   * `previous_response_id` (with `store: true` on the agent). The run's input is the new turn only.
   * @default undefined
   */
  previousResponseId?: string;
  /**
   * The conversation this run continues: its stored items are replayed before `input` (under
   * `history`), and the run appends its own, one completed turn at a time (`input` with the first).
   * With a `RunState` as input, the state already holds the history: nothing is read, and what the
   * session does not hold yet is written as turns complete. See docs/sessions.md.
   * @example new MemorySession()
   */
  session?: Session;
  /**
   * How much of the session's history to replay (`keepLastTurns(n)`, `tokenBudget(n)`, or your
   * own). Never splits a call from its output, or a reasoning item from the item after it.
   * @default everything
   */
  history?: HistoryPolicy;
}
