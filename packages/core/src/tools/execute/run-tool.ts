/**
 * Runs one tool under its timeout and the run's signal. The tool gets its own signal, aborted
 * with a reason on timeout or run abort; the call settles at that moment even if the tool ignores
 * its signal (its late result or rejection is swallowed), so a stuck tool cannot stall the batch.
 * The one exception is an agent tool's timeout: the call settles (as a timeout) when its nested run,
 * aborted, has ended, so that the tokens it spent count in the caller's usage.
 * Listeners and timers are removed when the call settles (no leak across many calls).
 */

import { armTimer } from "../../timer/arm-timer.js";
import type { AnyFunctionTool } from "../types.js";
import { type CallError, timedOut } from "./call-errors.js";
import { CALL_LINK } from "./call-link.js";

export type Settled =
  | { kind: "ok"; value: unknown }
  | { kind: "threw"; error: unknown }
  | { kind: "timeout"; error: CallError }
  | { kind: "aborted"; reason: unknown };

export function runTool(
  tool: AnyFunctionTool,
  args: unknown,
  callId: string,
  runContext: unknown,
  runSignal: AbortSignal | undefined,
  timeoutMs: number,
  link?: unknown,
): Promise<Settled> {
  return new Promise<Settled>((resolve) => {
    // The tool's signal is made when the tool first reads it: most tools never do, and an
    // AbortController per call showed in the loop's profile. One read after the call was
    // stopped gets a signal that is already aborted, with the same reason.
    let controller: AbortController | undefined;
    let stopped: { reason: unknown } | undefined;
    const abort = (reason: unknown) => {
      stopped = { reason };
      controller?.abort(reason);
    };
    const signal = (): AbortSignal => {
      if (controller === undefined) {
        controller = new AbortController();
        if (stopped !== undefined) controller.abort(stopped.reason);
      }
      return controller.signal;
    };
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    /** Set when the call timed out but waits for a nested run to end (see the timer below). */
    let timeout: CallError | undefined;
    let running: PromiseLike<unknown> | undefined;
    const onRunAbort = () => {
      abort(runSignal?.reason);
      finish({ kind: "aborted", reason: runSignal?.reason });
    };
    const finish = (outcome: Settled) => {
      if (settled) return;
      settled = true;
      if (timeout !== undefined && outcome.kind !== "aborted") outcome = { kind: "timeout", error: timeout };
      if (timer !== undefined) clearTimeout(timer);
      runSignal?.removeEventListener("abort", onRunAbort);
      resolve(outcome);
    };
    if (runSignal?.aborted) {
      finish({ kind: "aborted", reason: runSignal.reason });
      return;
    }
    runSignal?.addEventListener("abort", onRunAbort, { once: true });
    timer = armTimer(timeoutMs, () => {
      const error = timedOut(tool.name, timeoutMs);
      abort(error);
      // An agent tool (`link`): its nested run is ours, honours the abort and ends promptly (a run
      // settles on abort even when its model or tools ignore it). Wait for that, so the tokens it
      // spent are reported (`link.usage`) before the call settles; the outcome stays the timeout.
      if (link !== undefined && running !== undefined) {
        timeout = error;
        return;
      }
      finish({ kind: "timeout", error });
    });
    let result: unknown;
    try {
      const ctx = {
        get signal() {
          return signal();
        },
        callId,
        runContext,
      };
      if (link !== undefined) (ctx as { [CALL_LINK]?: unknown })[CALL_LINK] = link;
      result = tool.execute(args, ctx);
    } catch (error) {
      finish({ kind: "threw", error });
      return;
    }
    if (isPromiseLike(result)) {
      running = result;
      result.then(
        (value) => finish({ kind: "ok", value }),
        (error: unknown) => finish({ kind: "threw", error }),
      );
    } else {
      finish({ kind: "ok", value: result });
    }
  });
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
