/**
 * @module sandbox/result — what a run resolves to.
 *
 * A run never throws for anything the code does: every fault of the code (an exception, a
 * timeout, a memory bomb, a crash of the process running it, an abort) is a {@link RunResult}
 * whose `status` says which.
 */

/**
 * How a run ended.
 * - `ok`: the code completed; `result` holds the last expression's value.
 * - `error`: the code threw (or had a syntax error, or a promise rejection nobody handled).
 * - `timeout`: the wall-clock deadline passed (running, awaiting, or waiting on a tool).
 * - `oom`: the isolate hit its memory limit, or its worker passed the RSS cap.
 * - `crashed`: the worker process died for another reason.
 * - `aborted`: the run's AbortSignal fired (or the sandbox was closed) before it finished.
 */
export type RunStatus = "ok" | "error" | "timeout" | "oom" | "crashed" | "aborted";

/** The value of the cell's last expression. */
export interface RunValue {
  /** JSON text of the value (bigints as strings, cycles as "[Circular]"); `null` when the value has no JSON form (a function, a symbol) or its JSON exceeded `maxResultChars`. */
  json: string | null;
  /** A readable one-line rendering in the style of Node's `util.inspect`, at most `maxResultChars` long. */
  preview: string;
  /** `typeof` the value, except `"array"` and `"null"`. */
  type: string;
}

/** An error, as text: thrown by the code, or describing why the sandbox stopped it. */
export interface RunError {
  /** `TypeError`, `SyntaxError`, … for the code's own errors; `TimeoutError`, `MemoryLimitError`, `AbortError`, `SandboxError` or `ToolError` for the sandbox's. */
  name: string;
  message: string;
  /** The stack inside the sandbox (`cell-N.js:line:col` frames), when there is one. */
  stack: string | null;
}

/** Measurements of one run. */
export interface RunStats {
  /** Time spent waiting for a free worker. */
  queuedMs: number;
  /** CPU time the isolate spent on this run; `null` when the isolate did not survive it. */
  cpuMs: number | null;
  /** Heap in use by the isolate after the run, in bytes; `null` when it did not survive. */
  heapBytes: number | null;
  /** Tool calls made by the code. */
  toolCalls: number;
  /** The worker process that ran the code. */
  workerPid: number | null;
}

/** Where a session cell stands; present on results of session runs only. */
export interface SessionInfo {
  id: string;
  /** 1-based number of this cell within the current state (1 = it started from a clean state). */
  cell: number;
  /**
   * Why the state earlier cells built is gone, when it is and this cell therefore started clean:
   * the worker died (`crashed`, `oom`, `timeout`, `aborted`), the session sat idle past its TTL
   * (`expired`), or it was pushed out by newer sessions (`evicted`). `null` otherwise (including
   * after an explicit `reset()`).
   */
  previousStateLost: "crashed" | "oom" | "timeout" | "aborted" | "expired" | "evicted" | null;
  /** True when this run's own failure discarded the session's state: the next cell starts clean. */
  stateLost: boolean;
}

/** What `Sandbox.run` resolves to. */
export interface RunResult {
  status: RunStatus;
  /** `console.log`/`info`/`debug`/`dir` output; head and tail kept past `maxOutputChars`. */
  stdout: string;
  /** `console.warn`/`error`/`trace`/`assert` output; head and tail kept past `maxOutputChars`. */
  stderr: string;
  /** The last expression's value; `null` when it was `undefined` or the run did not complete. */
  result: RunValue | null;
  /** Set when `status` is not `ok`. */
  error: RunError | null;
  /** Which parts were cut to their limits. */
  truncated: { stdout: boolean; stderr: boolean; result: boolean };
  stats: RunStats;
  /** Wall-clock time from the `run` call to its result, queueing included. */
  durationMs: number;
  /** Present for session runs. */
  session?: SessionInfo;
}

/** A result for a run that never reached a worker (bad code size, syntax error, early abort). */
export function earlyResult(
  status: RunStatus,
  error: RunError,
  startedAt: number,
  session?: SessionInfo,
): RunResult {
  const result: RunResult = {
    status,
    stdout: "",
    stderr: "",
    result: null,
    error,
    truncated: { stdout: false, stderr: false, result: false },
    stats: { queuedMs: 0, cpuMs: null, heapBytes: null, toolCalls: 0, workerPid: null },
    durationMs: performance.now() - startedAt,
  };
  if (session) result.session = session;
  return result;
}
