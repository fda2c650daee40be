/**
 * @module loop/finish — turning the working state into a `RunResult` (and a `RunError`).
 */
import { OpenloopError } from "@openloop/protocol";
import { RunError } from "../errors/run-error.js";
import type { RunResult } from "../run/result.js";
import type { RunItem, RunStateData } from "../state/data.js";
import { RunState } from "../state/run-state.js";
import type { StopReason } from "../stop/stop-reason.js";
import { sumUsage } from "../usage/usage.js";
import type { LoopContext } from "./context.js";

/** What ending a run needs of its context. */
type Ending = Pick<LoopContext, "data" | "startedAt" | "sink">;

/** Ends the run with `status`; the context's data becomes the result's state. */
export function finishRun(
  ctx: Ending,
  status: RunStateData["status"] & RunResult["status"],
  stopReason: StopReason,
  finalOutput: unknown,
): RunResult<unknown> {
  const { data } = ctx;
  data.status = status;
  data.stopReason = stopReason;
  data.finalOutput = finalOutput;
  data.elapsedMs += performance.now() - ctx.startedAt;
  const state = new RunState(data);
  const last = data.responses[data.responses.length - 1];
  return {
    status,
    finalOutput,
    items: visibleItems(data),
    responses: data.responses,
    usage: sumUsage(data.usageByTurn),
    usageByTurn: data.usageByTurn,
    turns: data.turns,
    interruptions: status === "interrupted" ? state.pendingApprovals : [],
    stopReason,
    lastResponseId: last?.id,
    state,
  };
}

/** Fails the run: a `RunError` carrying the partial result, announced with `run.failed`. */
export function failRun(ctx: Ending, thrown: unknown): RunError<unknown> {
  const error = asOpenloopError(thrown);
  const status = error.code === "aborted" ? "aborted" : "failed";
  const result = finishRun(ctx, status, { code: error.code, message: error.message }, undefined);
  const runError = new RunError<unknown>(error, result);
  ctx.sink.push({ type: "run.failed", error: runError });
  return runError;
}

/**
 * The transcript as the result shows it: the state's items, then the outputs a paused or failed
 * turn already produced (they join the transcript for good once the whole turn is answered).
 */
function visibleItems(data: RunStateData): readonly RunItem[] {
  const pending = data.pending;
  if (pending === null) return data.items;
  const held = pending.outputs.filter((output) => output !== null);
  return held.length === 0 ? data.items : data.items.concat(held);
}

function asOpenloopError(thrown: unknown): OpenloopError {
  if (thrown instanceof OpenloopError) return thrown;
  const why = thrown instanceof Error ? thrown.message : String(thrown);
  // User code called by the loop (instructions, stopWhen) threw, or a bug of ours.
  return new OpenloopError("internal_error", `The run failed: ${why}`, { cause: thrown });
}
