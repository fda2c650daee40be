/**
 * @module sandbox/session-registry — the Sandbox's sessions: ordering of cells, LRU eviction,
 * idle expiry, and the bookkeeping of lost state.
 */
import { invalidConfig } from "../options/options.js";
import type { RunResult } from "./result.js";
import { type RunOptions, validateRunOptions } from "./run-options.js";
import { SandboxSession, type SessionHost, SessionState, type StateLossReason } from "./session.js";
import { watchAbort } from "./shared-abort.js";

export interface SessionRegistryOptions {
  maxSessions: number;
  sessionTtlMs: number;
  /** Runs one cell of `state` (validation, queueing, execution): the Sandbox's own run. */
  run(code: string, options: RunOptions, state: SessionState): Promise<RunResult>;
  /** The error for one more waiting cell when the queue is full (`waiting` already wait behind their session), or `null`. */
  queueFull(waiting: number): Error | null;
  /** The error for a run on a closed session or sandbox. */
  closedError(): Error;
  /**
   * The result of a cell that waited behind an earlier cell and will not run: its signal aborted
   * (`signal`), or its session or the sandbox was closed meanwhile (`closed`).
   */
  abortedWhileWaiting(state: SessionState, startedAt: number, why: "signal" | "closed"): RunResult;
}

export class SessionRegistry {
  readonly #sessions = new Map<string, SessionState>();
  readonly #options: SessionRegistryOptions;
  readonly #host: SessionHost;
  #waiting = 0;
  #closed = false;

  constructor(options: SessionRegistryOptions) {
    this.#options = options;
    this.#host = {
      runInSession: (state, code, opts) => this.#runCell(state, code, opts),
      resetSession: (state, reason) => this.#discard(state, reason),
      closeSession: (state) => {
        this.#discard(state, null);
        state.closed = true;
        this.#sessions.delete(state.id);
      },
    };
  }

  /** Cells waiting behind an earlier cell of their session. */
  get waiting(): number {
    return this.#waiting;
  }

  get size(): number {
    return this.#sessions.size;
  }

  /** The handle of session `id`, created on first use. */
  handle(id: string): SandboxSession {
    let state = this.#sessions.get(id);
    if (state === undefined) {
      state = new SessionState(id);
      this.#sessions.set(id, state);
      this.#evictBeyondLimit();
    }
    return new SandboxSession(state, this.#host);
  }

  /** Bystanders: sessions held by a worker that died running someone else's code. */
  markLost(keys: readonly string[]): void {
    for (const state of this.#sessions.values()) {
      if (state.worker !== null && keys.includes(state.key)) state.discard("crashed");
    }
  }

  /** Forgets every session (the workers holding their state are being killed). */
  close(): void {
    this.#closed = true;
    for (const s of this.#sessions.values()) if (s.ttlTimer) clearTimeout(s.ttlTimer);
    this.#sessions.clear();
  }

  #runCell(state: SessionState, code: string, options: RunOptions): Promise<RunResult> {
    if (state.closed || this.#closed) return Promise.reject(this.#options.closedError());
    if (typeof options !== "object" || options === null) {
      return Promise.reject(invalidConfig("options", "an object", options));
    }
    try {
      validateRunOptions(options); // now, not when the cell's turn comes
    } catch (err) {
      return Promise.reject(err);
    }
    // A cell waiting behind an earlier cell of its session counts against the queue bound too.
    const full = state.busy > 0 ? this.#options.queueFull(this.#waiting) : null;
    if (full !== null) return Promise.reject(full);
    const waits = state.busy > 0;
    state.busy++;
    // Re-insert: the Map's order is the LRU order used for eviction. (An evicted session's handle
    // brings it back, and its next cell reports the eviction.)
    this.#sessions.delete(state.id);
    this.#sessions.set(state.id, state);
    this.#evictBeyondLimit();
    if (waits) this.#waiting++;
    if (state.ttlTimer) clearTimeout(state.ttlTimer);
    const startedAt = performance.now();
    const previous = state.tail;
    // A cell waiting for its turn still answers its signal at once (it then never runs).
    const turn = waits && options.signal ? waitTurn(previous, options.signal) : previous.then(() => true);
    const next = turn.then((go) => {
      if (waits) this.#waiting--;
      if (!go) return this.#options.abortedWhileWaiting(state, startedAt, "signal");
      // Accepted before a close(): it resolves `aborted` like a queued run, and must not bring
      // a closed session's state back to life in a worker.
      if (state.closed || this.#closed) {
        return this.#options.abortedWhileWaiting(state, startedAt, "closed");
      }
      return this.#options.run(code, options, state);
    });
    // Later cells wait for the earlier ones even when this one gave up waiting.
    state.tail = Promise.all([previous, next.catch(() => {})]);
    return next.finally(() => {
      state.busy--;
      if (state.busy === 0 && !state.closed && !this.#closed) {
        state.ttlTimer = setTimeout(() => this.#discard(state, "expired"), this.#options.sessionTtlMs);
        state.ttlTimer.unref();
      }
    });
  }

  #discard(state: SessionState, reason: StateLossReason | null): void {
    if (state.ttlTimer) clearTimeout(state.ttlTimer);
    state.ttlTimer = null;
    const hadState = state.worker !== null;
    state.worker?.dropSession(state.key);
    // A reset (reason null) clears any loss to report; otherwise an earlier loss stays reported.
    state.discard(reason === null ? null : hadState ? reason : state.lost);
  }

  #evictBeyondLimit(): void {
    for (const state of this.#sessions.values()) {
      if (this.#sessions.size <= this.#options.maxSessions) return;
      if (state.busy > 0) continue;
      this.#discard(state, "evicted");
      this.#sessions.delete(state.id);
    }
  }
}

/** Resolves `true` when `previous` has settled (the cell's turn), `false` if `signal` aborts first. */
function waitTurn(previous: Promise<unknown>, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise<boolean>((resolve) => {
    const stop = watchAbort(signal, () => resolve(false));
    void previous.then(() => {
      stop();
      resolve(true);
    });
  });
}
