/**
 * @module sandbox/execute — one prepared run on one leased worker, turned into a {@link RunResult}.
 */
import { type SandboxTool, ToolDispatcher } from "../code-mode/dispatcher.js";
import type { SandboxLimits } from "../options/options.js";
import type { WorkerHandle } from "../pool/worker-handle.js";
import type { RunResult } from "./result.js";
import type { RunOptions } from "./run-options.js";
import type { SessionState } from "./session.js";

/** A run that passed validation and the cell transform, waiting for a worker. */
export interface PreparedRun {
  id: string;
  /** The cell as written (the worker transforms it: see worker/cell-transform.mjs). */
  code: string;
  limits: SandboxLimits;
  tools: readonly SandboxTool[];
  options: RunOptions;
  startedAt: number;
  session: SessionState | null;
  callIdPrefix: string;
}

/** Runs `run` on `worker` (leased by the caller) and updates the session's bookkeeping. */
export async function executeOnWorker(
  worker: WorkerHandle,
  run: PreparedRun,
  memoryMb: number,
): Promise<RunResult> {
  const { limits, session, options } = run;
  const queuedMs = performance.now() - run.startedAt;
  const dispatcher = new ToolDispatcher(run.tools, limits, {
    signal: options.signal,
    runContext: options.context,
    callIdPrefix: run.callIdPrefix,
  });
  const onAbort = () => worker.cancel(run.id);
  options.signal?.addEventListener("abort", onAbort, { once: true });

  const previousStateLost = session?.lost ?? null;
  if (session !== null) {
    session.worker = worker;
    session.lost = null;
  }
  const cellNumber = (session?.cells ?? 0) + 1;
  const done = await worker.run(
    {
      t: "run",
      id: run.id,
      code: run.code,
      filename: `cell-${cellNumber}.js`,
      session: session?.key ?? null,
      timeoutMs: limits.timeoutMs,
      config: JSON.stringify({
        token: run.id,
        tools: dispatcher.names,
        limits: {
          maxOutputChars: limits.maxOutputChars,
          maxResultChars: limits.maxResultChars,
          maxToolCalls: limits.maxToolCalls,
          maxToolArgsChars: limits.maxToolArgsChars,
          // Strings longer than this are described rather than read (see isolate/inspect.js).
          hugeStringChars: Math.floor((memoryMb * 2 ** 20) / 4),
        },
      }),
    },
    { onToolCall: (_call, name, args) => dispatcher.call(name, args) },
  );
  options.signal?.removeEventListener("abort", onAbort);
  dispatcher.close();

  const result: RunResult = {
    status: done.status,
    stdout: done.stdout,
    stderr: done.stderr,
    result: done.result,
    error: done.error,
    truncated: done.truncated,
    stats: {
      queuedMs,
      cpuMs: done.cpuMs,
      heapBytes: done.heapBytes,
      toolCalls: dispatcher.calls,
      workerPid: worker.pid ?? null,
    },
    durationMs: performance.now() - run.startedAt,
  };
  if (session !== null) {
    // The worker says whether it had the state; trust "fresh" over our own count. (State can be
    // lost unseen, e.g. a session evicted from the registry whose worker then died.)
    const cell = done.fresh ? 1 : cellNumber;
    const lostUnseen = done.fresh && cellNumber > 1 && previousStateLost === null;
    result.session = {
      id: session.id,
      cell,
      previousStateLost: lostUnseen ? "crashed" : previousStateLost,
      stateLost: done.stateLost,
    };
    if (done.stateLost)
      session.discard(done.status === "ok" || done.status === "error" ? "crashed" : done.status);
    else session.cells = cell;
  }
  return result;
}
