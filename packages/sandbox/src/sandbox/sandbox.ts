/**
 * @module sandbox/sandbox — `Sandbox`: run untrusted JavaScript in isolates inside worker processes.
 */
import { randomUUID } from "node:crypto";
import { OpenloopError } from "@openloop/protocol";
import PQueue from "p-queue";
import type { SandboxTool } from "../code-mode/dispatcher.js";
import {
  invalidConfig,
  type ResolvedSandboxOptions,
  resolveLimits,
  resolveSandboxOptions,
  type SandboxLimits,
  type SandboxOptions,
  validateTools,
} from "../options/options.js";
import { WorkerPool, type WorkerStats } from "../pool/worker-pool.js";
import { executeOnWorker, type PreparedRun } from "./execute.js";
import { earlyResult, type RunResult, type SessionInfo } from "./result.js";
import { type RunOptions, validateRunOptions } from "./run-options.js";
import type { SandboxSession, SessionState } from "./session.js";
import { SessionRegistry } from "./session-registry.js";
import { followSignal } from "./shared-abort.js";

/** A snapshot of the sandbox, for monitoring. */
export interface SandboxStats {
  workers: WorkerStats[];
  /** Runs waiting for a worker. */
  queued: number;
  /** Runs executing now. */
  running: number;
  sessions: number;
  /** True while workers keep failing to start and runs fail fast. */
  breakerOpen: boolean;
}

/**
 * Runs JavaScript written by a model (or anyone untrusted) so that nothing it does can read the
 * host, hang the caller or take the process down: each run gets a fresh V8 isolate (isolated-vm)
 * inside a pool of forked worker processes with an empty environment, under a wall-clock
 * deadline, a memory limit and output limits. Faults of the code are results, never exceptions.
 *
 * @example
 * const sandbox = new Sandbox({ limits: { timeoutMs: 2000 } });
 * const r = await sandbox.run("const xs = [3, 1, 2]; console.log('sorting'); xs.sort()");
 * r.status;          // "ok"
 * r.stdout;          // "sorting\n"
 * r.result?.json;    // "[1,2,3]"
 * await sandbox.close();
 */
export class Sandbox {
  readonly #options: ResolvedSandboxOptions;
  readonly #pool: WorkerPool;
  readonly #queue: PQueue;
  readonly #sessions: SessionRegistry;
  #closed = false;
  #closing: Promise<void> | null = null;
  #seq = 0;

  constructor(options: SandboxOptions = {}) {
    this.#options = resolveSandboxOptions(options);
    const o = this.#options;
    this.#queue = new PQueue({ concurrency: o.workers });
    this.#pool = new WorkerPool({
      size: o.workers,
      spawn: {
        memoryMb: o.limits.memoryMb,
        // The worker's own heap holds only bounded copies of outputs and messages; isolates have theirs.
        execArgv: [`--max-old-space-size=${64 + o.limits.memoryMb}`, ...o.execArgv],
        maxRssBytes: o.maxWorkerRssMb * 2 ** 20,
        killGraceMs: o.killGraceMs,
      },
      recycleAfterRuns: o.recycleAfterRuns,
      maxStartupFailures: o.maxStartupFailures,
      breakerCooldownMs: o.breakerCooldownMs,
      onSessionsLost: (keys) => this.#sessions.markLost(keys),
    });
    this.#sessions = new SessionRegistry({
      maxSessions: o.maxSessions,
      sessionTtlMs: o.sessionTtlMs,
      run: (code, opts, state) => this.#run(code, opts, state),
      queueFull: (waiting) =>
        waiting + this.#queue.size >= o.maxQueue
          ? queueFullError(waiting + this.#queue.size, o.maxQueue)
          : null,
      closedError,
      abortedWhileWaiting: (state, startedAt, why) =>
        earlyResult(
          "aborted",
          why === "signal" ? abortError() : this.#closed ? closedAbortError() : sessionClosedError(),
          startedAt,
          sessionInfo(state, false),
        ),
    });
  }

  /**
   * Runs `code` in a fresh context and resolves with what happened. Rejects only for problems of
   * the caller or the environment, never of the code: `invalid_config` (bad options),
   * `sandbox_closed`, `sandbox_queue_full`, `sandbox_error` (workers cannot start).
   */
  run(code: string, options: RunOptions = {}): Promise<RunResult> {
    return this.#run(code, options, null);
  }

  /**
   * The session `id` (created on first use; a random UUID when `id` is omitted): runs in it share
   * one persistent context. See {@link SandboxSession}.
   */
  session(id: string = randomUUID()): SandboxSession {
    if (typeof id !== "string" || id === "") throw invalidConfig("id", "a non-empty string", id);
    if (this.#closed) throw closedError();
    return this.#sessions.handle(id);
  }

  /** The default limits of runs (the options' `limits` with defaults filled in). */
  get limits(): Readonly<SandboxLimits> {
    return this.#options.limits;
  }

  /** The tools code can call by default. */
  get tools(): readonly SandboxTool[] {
    return this.#options.tools;
  }

  /** Starts every worker now, so the first run does not pay for process start-up (~100 ms). */
  async warmUp(): Promise<void> {
    const leases = await Promise.all(
      Array.from({ length: this.#options.workers }, () => this.#pool.acquire(null)),
    );
    for (const w of leases) this.#pool.release(w);
  }

  stats(): SandboxStats {
    const pool = this.#pool.stats();
    return {
      workers: pool.workers,
      queued: this.#queue.size + this.#sessions.waiting,
      running: this.#queue.pending,
      sessions: this.#sessions.size,
      breakerOpen: pool.breakerOpen,
    };
  }

  /**
   * Stops everything: queued and running runs resolve `aborted`, later calls reject with
   * `sandbox_closed`, and every worker process is gone when the promise resolves.
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#closed = true;
      this.#sessions.close();
      await this.#pool.close();
      await this.#queue.onIdle();
    })();
    return this.#closing;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #run(code: string, options: RunOptions, session: SessionState | null): Promise<RunResult> {
    const startedAt = performance.now();
    const prepared = this.#prepare(code, options, startedAt, session);
    if ("status" in prepared) return prepared;
    if (this.#queue.pending >= this.#options.workers && this.#queue.size >= this.#options.maxQueue) {
      throw queueFullError(this.#queue.size, this.#options.maxQueue);
    }
    // The queue, the worker and the tool dispatcher listen to a signal of the run's own: many runs
    // sharing the caller's signal then add one listener to it, not three each.
    const follow = options.signal === undefined ? null : followSignal(options.signal);
    const signal = follow?.signal;
    if (signal !== undefined) prepared.options = { ...options, signal };
    try {
      return await this.#queue.add(() => this.#execute(prepared), signal ? { signal } : {});
    } catch (err) {
      if (signal?.aborted && !OpenloopError.is(err)) {
        return earlyResult("aborted", abortError(), startedAt, sessionInfo(session, false));
      }
      throw err;
    } finally {
      follow?.detach();
    }
  }

  /** Validates and transforms; returns a result instead when the run cannot start. */
  #prepare(
    code: string,
    options: RunOptions,
    startedAt: number,
    session: SessionState | null,
  ): PreparedRun | RunResult {
    if (this.#closed) throw closedError();
    if (typeof code !== "string") throw invalidConfig("code", "a string", code);
    if (typeof options !== "object" || options === null) throw invalidConfig("options", "an object", options);
    validateRunOptions(options);
    const limits = resolveLimits(
      this.#options.limits,
      { ...options.limits, ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }) },
      "options.limits",
    );
    const tools = options.tools ?? this.#options.tools;
    if (options.tools !== undefined) validateTools(options.tools, "options.tools");
    const info = () => sessionInfo(session, false);
    const bytes = Buffer.byteLength(code, "utf8");
    if (bytes > limits.maxCodeBytes) {
      const message = `The code is ${bytes} bytes; the limit is ${limits.maxCodeBytes}.`;
      return earlyResult("error", { name: "CodeTooLargeError", message, stack: null }, startedAt, info());
    }
    if (options.signal?.aborted) return earlyResult("aborted", abortError(), startedAt, info());
    const id = `run-${++this.#seq}`;
    return {
      id,
      code, // transformed in the worker: the host never parses code it did not write
      limits,
      tools,
      options,
      startedAt,
      session,
      callIdPrefix: options.callId ?? id,
    };
  }

  async #execute(run: PreparedRun): Promise<RunResult> {
    const { session, startedAt } = run;
    if (this.#closed)
      return earlyResult("aborted", closedAbortError(), startedAt, sessionInfo(session, false));
    let worker: Awaited<ReturnType<WorkerPool["acquire"]>>;
    try {
      worker = await this.#pool.acquire(session?.worker ?? null);
    } catch (err) {
      if (OpenloopError.is(err, "sandbox_closed")) {
        return earlyResult("aborted", closedAbortError(), startedAt, sessionInfo(session, false));
      }
      throw err;
    }
    try {
      if (run.options.signal?.aborted) {
        return earlyResult("aborted", abortError(), startedAt, sessionInfo(session, false));
      }
      // Closed while this cell waited for a worker: running it would give the closed session a
      // state in the worker that nobody would ever drop (and keep the worker from recycling).
      if (session?.closed) {
        return earlyResult("aborted", sessionClosedError(), startedAt, sessionInfo(session, false));
      }
      return await executeOnWorker(worker, run, this.#options.limits.memoryMb);
    } finally {
      this.#pool.release(worker);
    }
  }
}

function sessionInfo(session: SessionState | null, stateLost: boolean): SessionInfo | undefined {
  if (session === null) return undefined;
  return { id: session.id, cell: session.cells, previousStateLost: session.lost, stateLost };
}

function abortError() {
  return { name: "AbortError", message: "The run was aborted.", stack: null };
}

function closedAbortError() {
  return { name: "AbortError", message: "The sandbox was closed.", stack: null };
}

function sessionClosedError() {
  return { name: "AbortError", message: "The session was closed.", stack: null };
}

function closedError(): OpenloopError {
  return new OpenloopError("sandbox_closed", "The sandbox is closed.");
}

function queueFullError(waiting: number, maxQueue: number): OpenloopError {
  return new OpenloopError(
    "sandbox_queue_full",
    `The sandbox queue is full: ${waiting} runs are waiting (maxQueue ${maxQueue}).`,
  );
}
