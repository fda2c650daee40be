/**
 * @module pool/worker-pool — a fixed-size pool of worker processes, one run per worker at a time.
 *
 * One run per worker means a run that takes its worker down (a catastrophic out-of-memory error,
 * a watchdog kill) takes nothing else with it. Workers start on first use, are replaced when they
 * die (behind the crash-loop breaker) and recycled after a number of runs; a run for a session is
 * pinned to the worker holding the session's isolate.
 */
import { OpenloopError } from "@openloop/protocol";
import { CrashBreaker } from "./crash-breaker.js";
import { WorkerHandle, type WorkerSpawnOptions } from "./worker-handle.js";

export interface WorkerPoolOptions {
  size: number;
  spawn: WorkerSpawnOptions;
  recycleAfterRuns: number;
  maxStartupFailures: number;
  breakerCooldownMs: number;
  /** Called when a worker dies holding sessions other than its in-flight run's: their state is gone. */
  onSessionsLost(sessions: string[]): void;
}

interface Waiter {
  pinned: WorkerHandle | null;
  resolve(worker: WorkerHandle): void;
  reject(error: Error): void;
}

/** A snapshot of one worker, for {@link Sandbox.stats}. */
export interface WorkerStats {
  pid: number | undefined;
  state: "starting" | "idle" | "busy" | "dead";
  runs: number;
  sessions: number;
}

export class WorkerPool {
  #workers = new Set<WorkerHandle>();
  #leased = new Set<WorkerHandle>();
  #waiters: Waiter[] = [];
  #spawnTimer: NodeJS.Timeout | null = null;
  #closed = false;
  #options: WorkerPoolOptions;
  #breaker: CrashBreaker;

  constructor(options: WorkerPoolOptions) {
    this.#options = options;
    this.#breaker = new CrashBreaker(options.maxStartupFailures, options.breakerCooldownMs);
  }

  /**
   * Leases a ready worker: `pinned` when it is alive (a session's worker), any worker otherwise.
   * Rejects with `sandbox_closed` after `close()`, and with `sandbox_error` while the crash-loop
   * breaker is open.
   */
  acquire(pinned: WorkerHandle | null): Promise<WorkerHandle> {
    if (this.#closed) return Promise.reject(closedError());
    if (this.#breaker.isOpen) return Promise.reject(this.#breakerError());
    return new Promise<WorkerHandle>((resolve, reject) => {
      this.#waiters.push({ pinned: pinned?.state === "dead" ? null : pinned, resolve, reject });
      this.#fill();
      this.#pump();
    });
  }

  /** Returns a leased worker; recycles it if it has served its runs and holds no session. */
  release(worker: WorkerHandle): void {
    this.#leased.delete(worker);
    if (
      worker.state === "idle" &&
      worker.runs >= this.#options.recycleAfterRuns &&
      worker.sessions.size === 0
    ) {
      this.#workers.delete(worker);
      void worker.shutdown("recycle");
      this.#fill();
    }
    this.#pump();
  }

  /** Kills every worker and fails every waiter; resolves when no child process is left. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#spawnTimer !== null) clearTimeout(this.#spawnTimer);
    for (const w of this.#waiters.splice(0)) w.reject(closedError());
    const all = [...this.#workers];
    for (const w of all) w.kill("close");
    await Promise.all(all.map((w) => w.exited));
  }

  stats(): { workers: WorkerStats[]; breakerOpen: boolean; waiting: number } {
    return {
      workers: [...this.#workers].map((w) => ({
        pid: w.pid,
        state: w.state,
        runs: w.runs,
        sessions: w.sessions.size,
      })),
      breakerOpen: this.#breaker.isOpen,
      waiting: this.#waiters.length,
    };
  }

  /** Hands idle workers to waiters, oldest waiter first. */
  #pump(): void {
    for (let i = 0; i < this.#waiters.length; ) {
      const waiter = this.#waiters[i]!;
      const worker = waiter.pinned ?? this.#pickIdle();
      if (worker !== undefined && worker.state === "idle" && !this.#leased.has(worker)) {
        this.#leased.add(worker);
        this.#waiters.splice(i, 1);
        waiter.resolve(worker);
      } else {
        i++;
      }
    }
  }

  /** An idle, unleased worker, preferring the one holding the fewest sessions. */
  #pickIdle(): WorkerHandle | undefined {
    let best: WorkerHandle | undefined;
    for (const w of this.#workers) {
      if (w.state !== "idle" || this.#leased.has(w)) continue;
      if (best === undefined || w.sessions.size < best.sessions.size) best = w;
    }
    return best;
  }

  /** Starts workers until the pool is at its size (after the breaker's delay, if any). */
  #fill(): void {
    if (this.#closed || this.#spawnTimer !== null) return;
    if (this.#workers.size >= this.#options.size) return;
    const delay = this.#breaker.nextDelayMs();
    if (delay === 0) {
      while (this.#workers.size < this.#options.size) this.#spawn();
      return;
    }
    this.#spawnTimer = setTimeout(() => {
      this.#spawnTimer = null;
      if (this.#closed) return;
      // One attempt at a time while failing: a broken environment should not fork a crowd.
      this.#spawn();
    }, delay);
  }

  #spawn(): void {
    const worker = new WorkerHandle(this.#options.spawn, (w, lost) => this.#onExit(w, lost));
    this.#workers.add(worker);
    worker.ready.then(
      () => {
        this.#breaker.recordSuccess();
        this.#fill();
        this.#pump();
      },
      (err: Error) => {
        this.#breaker.recordFailure(err.message);
        if (this.#breaker.isOpen) {
          for (const w of this.#waiters.splice(0)) w.reject(this.#breakerError());
        }
      },
    );
  }

  #onExit(worker: WorkerHandle, lostSessions: string[]): void {
    this.#workers.delete(worker);
    this.#leased.delete(worker);
    if (lostSessions.length > 0) this.#options.onSessionsLost(lostSessions);
    for (const w of this.#waiters) if (w.pinned === worker) w.pinned = null;
    if (this.#closed) return;
    // Refill now if anyone is waiting; otherwise too (a warm pool answers the next run at once),
    // unless the breaker says the environment is broken.
    if (!this.#breaker.isOpen) this.#fill();
    this.#pump();
  }

  #breakerError(): OpenloopError {
    return new OpenloopError(
      "sandbox_error",
      `Sandbox worker processes keep failing to start (${this.#breaker.consecutiveFailures} consecutive failures); ` +
        `not retrying for a while. Last error: ${this.#breaker.lastError || "(none)"}`,
      { details: { consecutiveFailures: this.#breaker.consecutiveFailures } },
    );
  }
}

function closedError(): OpenloopError {
  return new OpenloopError("sandbox_closed", "The sandbox is closed.");
}
