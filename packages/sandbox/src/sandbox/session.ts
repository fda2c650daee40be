/**
 * @module sandbox/session — a persistent context across runs (notebook semantics).
 *
 * A session's state is an isolate living in one worker process. Cells of a session run one after
 * another on that worker, see each other's globals, and may re-declare `const`/`let`/`class`.
 * State can be lost — the worker died, the session idled past its TTL or was evicted — and the
 * next cell says so (`session.previousStateLost`), so a model can be told to rebuild it.
 */
import type { WorkerHandle } from "../pool/worker-handle.js";
import type { RunResult, SessionInfo } from "./result.js";
import type { RunOptions } from "./run-options.js";

let keySeq = 0;
/** Worker-side keys are never reused, even across sessions with the same id. */
function nextKey(): string {
  return `state-${++keySeq}`;
}

/** Why a session's state went away (see {@link SessionInfo.previousStateLost}). */
export type StateLossReason = NonNullable<SessionInfo["previousStateLost"]>;

/** Bookkeeping of one session, owned by the Sandbox. */
export class SessionState {
  /** The worker holding the state; `null` when there is no state. */
  worker: WorkerHandle | null = null;
  /** Cells run on the current state. */
  cells = 0;
  /** Why the last state was lost, reported once by the next cell. */
  lost: StateLossReason | null = null;
  /** The key of the current state inside the worker; a new one whenever the state is discarded. */
  key = nextKey();
  /** Runs of this session, chained so cells execute in order. */
  tail: Promise<unknown> = Promise.resolve();
  busy = 0;
  ttlTimer: NodeJS.Timeout | null = null;
  closed = false;
  readonly id: string;

  constructor(id: string) {
    this.id = id;
  }

  /** Forgets the current state (the worker is told separately); `reason` is reported next cell. */
  discard(reason: StateLossReason | null): void {
    this.worker = null;
    this.cells = 0;
    this.key = nextKey();
    this.lost = reason;
  }
}

/** What a {@link SandboxSession} needs from its Sandbox. */
export interface SessionHost {
  runInSession(state: SessionState, code: string, options: RunOptions): Promise<RunResult>;
  resetSession(state: SessionState, reason: StateLossReason | null): void;
  closeSession(state: SessionState): void;
}

/**
 * A handle on a session. Get one with `sandbox.session(id)`; the same id gives the same session.
 *
 * @example
 * const s = sandbox.session("conversation-42");
 * await s.run("const rows = [1, 2, 3]");
 * (await s.run("rows.length")).result?.json; // "3"
 */
export class SandboxSession {
  readonly #state: SessionState;
  readonly #host: SessionHost;

  /** @internal Created by `Sandbox.session()`. */
  constructor(state: SessionState, host: SessionHost) {
    this.#state = state;
    this.#host = host;
  }

  /** The session id (the one given to `sandbox.session(id)`, or a generated UUID). */
  get id(): string {
    return this.#state.id;
  }

  /** Runs a cell in this session's context, after any earlier cell has finished. */
  run(code: string, options: RunOptions = {}): Promise<RunResult> {
    return this.#host.runInSession(this.#state, code, options);
  }

  /** Discards the state: the next cell starts clean (and reports no loss: you asked for it). */
  async reset(): Promise<void> {
    await this.#state.tail.catch(() => {});
    this.#host.resetSession(this.#state, null);
  }

  /** Discards the state and forgets the session; `run` on this handle then rejects with `sandbox_closed`. */
  close(): void {
    this.#host.closeSession(this.#state);
  }
}
