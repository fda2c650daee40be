/**
 * @module run/execute — one run from start to end, shared by `run` and `runStream`: the run's
 * signal (caller's signal + time budget), preparation, the loop, and cleanup.
 */
import { setMaxListeners } from "node:events";
import { OpenloopError } from "@openloop/protocol";
import type { Agent } from "../agent/agent.js";
import type { RunError } from "../errors/run-error.js";
import type { EventSink } from "../events/run-event.js";
import { failRun } from "../loop/finish.js";
import { runLoop } from "../loop/run-loop.js";
import { timeoutError } from "../stop/budgets.js";
import { armTimer } from "../timer/arm-timer.js";
import { checkRunOptions } from "./check-options.js";
import { followSignal } from "./follow-signal.js";
import type { RunOptions } from "./options.js";
import { freshData, prepareRun, type RunInput } from "./prepare.js";
import type { RunResult } from "./result.js";

/**
 * Runs to the end: resolves with the result (completed, interrupted, stopped), rejects with a
 * `RunError` (failed, aborted). `controller` is the run's own; aborting it cancels the run.
 */
export async function executeRun(
  agent: Agent<never, unknown>,
  input: RunInput,
  options: RunOptions<unknown>,
  sink: EventSink,
  controller: AbortController,
): Promise<RunResult<unknown>> {
  // Every running tool and queued call listens to the run's signal (and removes its listener when
  // done): many parallel calls are not a leak, so no MaxListenersExceededWarning for them.
  setMaxListeners(0, controller.signal);
  let unfollow: (() => void) | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    let ctx: Awaited<ReturnType<typeof prepareRun>>;
    try {
      const external = checkRunOptions(options).signal;
      if (external !== undefined) unfollow = followSignal(external, controller);
      ctx = await prepareRun(agent, input, options, sink, controller.signal);
    } catch (error) {
      // Nothing ran: fail with an empty result so every rejection is a RunError.
      const name = typeof agent?.name === "string" ? agent.name : "";
      const data = freshData(name, [], null, {
        enabled: false,
        previousResponseId: null,
        sentItems: 0,
        fellBack: false,
        fromOutside: false,
      });
      throw failRun({ data, startedAt: performance.now(), sink }, error);
    }
    const { timeoutMs } = ctx.budgets;
    if (timeoutMs !== undefined) {
      const remaining = timeoutMs - ctx.data.elapsedMs;
      const budget = timeoutError(timeoutMs);
      if (remaining <= 0) controller.abort(budget);
      else timer = armTimer(remaining, () => controller.abort(budget));
    }
    const outcome = await runLoop(ctx);
    if (!outcome.ok) throw outcome.error;
    return outcome.result;
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    unfollow?.();
  }
}

/** The reason a stream's run is aborted with when its consumer stops reading. */
export function cancelledByConsumer(): OpenloopError {
  return new OpenloopError("aborted", "The run was cancelled: the stream's consumer stopped reading.");
}

export type { RunError };
