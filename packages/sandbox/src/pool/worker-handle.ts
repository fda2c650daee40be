/**
 * @module pool/worker-handle — one forked worker process, seen from the parent, with its watchdog.
 *
 * The watchdog is the last line of defence, for when the worker cannot enforce limits itself
 * (an isolate stuck where nothing can interrupt it, a catastrophic error that hangs): the parent
 * kills the process at the run's deadline + grace, or as soon as its resident memory passes the
 * cap. A dead worker settles its in-flight run with a status saying why.
 */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { deathReport, faultDone, type KillReason } from "./fault-report.js";
import {
  type DoneMessage,
  type ParentMessage,
  parseWorkerMessage,
  type RunRequestMessage,
  type ToolResultMessage,
} from "./messages.js";
import { CAN_READ_RSS, readRss } from "./rss.js";

const WORKER_PATH = fileURLToPath(new URL("../worker/main.mjs", import.meta.url));
const STDERR_TAIL_CHARS = 4096;
const RSS_POLL_MS = 100;
const EXIT_WAIT_MS = 1000;

/** How a worker is started. */
export interface WorkerSpawnOptions {
  /** The isolates' heap limit (every isolate of the worker gets the same). */
  memoryMb: number;
  /** Node flags: always `--no-node-snapshot` and a heap cap; more from `SandboxOptions.execArgv`. */
  execArgv: readonly string[];
  maxRssBytes: number;
  killGraceMs: number;
}

type ToolAnswer = Omit<ToolResultMessage, "t" | "id" | "call">;

/** What the handle needs from the run it carries out. */
export interface RunHooks {
  /** Answers a tool call of the run; never rejects. */
  onToolCall(call: number, name: string, args: string): Promise<ToolAnswer>;
}

interface InFlight {
  request: RunRequestMessage;
  hooks: RunHooks;
  resolve(done: DoneMessage): void;
  deadlineTimer: NodeJS.Timeout;
  graceTimer: NodeJS.Timeout | null;
}

/** A forked worker. States: starting → idle ⇄ busy → dead. */
export class WorkerHandle {
  readonly sessions = new Set<string>();
  /** Resolves when the worker is ready; rejects if it dies first (a start-up failure). */
  readonly ready: Promise<void>;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
  runs = 0;
  #state: "starting" | "idle" | "busy" | "dead" = "starting";
  #child: ChildProcess;
  #stderr = "";
  #inFlight: InFlight | null = null;
  #killReason: KillReason | null = null;
  /** Set once the worker is being shut down or killed: from then on it must stay referenced. */
  #stopping = false;
  #reportedRss = 0;
  #rssTimer: NodeJS.Timeout | null = null;
  #options: WorkerSpawnOptions;
  #onExit: (worker: WorkerHandle, lostSessions: string[]) => void;

  constructor(
    options: WorkerSpawnOptions,
    /** `lostSessions`: sessions the worker held besides the in-flight run's (which reports its own loss). */
    onExit: (worker: WorkerHandle, lostSessions: string[]) => void,
  ) {
    this.#options = options;
    this.#onExit = onExit;
    const execArgv = ["--no-node-snapshot", ...options.execArgv];
    // An empty environment: sandboxed code must not be one bug away from the host's secrets.
    // (Windows needs SystemRoot to load its own DLLs; nothing else is passed.)
    const env: NodeJS.ProcessEnv = {};
    if (process.platform === "win32" && process.env.SystemRoot) env.SystemRoot = process.env.SystemRoot;
    const args = [`--memory-mb=${options.memoryMb}`];
    if (!CAN_READ_RSS) args.push("--rss-heartbeat");
    this.#child = fork(WORKER_PATH, args, {
      execArgv,
      env,
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      serialization: "json",
    });
    this.#child.stderr?.setEncoding("utf8");
    this.#child.stderr?.on("data", (chunk: string) => {
      this.#stderr = (this.#stderr + chunk).slice(-STDERR_TAIL_CHARS);
    });
    let readyResolve!: () => void;
    let readyReject!: (err: Error) => void;
    this.ready = new Promise<void>((resolve, reject) => {
      readyResolve = resolve;
      readyReject = reject;
    });
    this.ready.catch(() => {}); // observed by the pool; never an unhandled rejection
    this.exited = new Promise<void>((resolve) => {
      this.#child.once("exit", (code, signal) => {
        const wasStarting = this.#state === "starting";
        this.#state = "dead";
        this.#stopRssWatch();
        // Killed on purpose while starting (close, recycle) is no start-up failure: `ready` then
        // simply never settles.
        if (wasStarting && !this.#stopping) {
          readyReject(
            new Error(`worker exited during start-up (${signal ?? `code ${code}`}): ${this.stderrTail()}`),
          );
        }
        this.#settleOnExit(code, signal);
        const lost = [...this.sessions];
        this.sessions.clear();
        this.#onExit(this, lost);
        resolve();
      });
    });
    this.#child.on("error", () => {
      // Spawn failures also emit "exit" (or never start): the exit handler does the bookkeeping.
    });
    this.#child.on("message", (raw) => {
      const msg = parseWorkerMessage(raw);
      if (msg === null) return this.kill("protocol");
      switch (msg.t) {
        case "ready":
          if (this.#state === "starting" && !this.#stopping) {
            this.#state = "idle";
            this.#setRef(false);
            readyResolve();
          }
          return;
        case "rss":
          this.#reportedRss = msg.rss;
          return;
        case "tool-call":
          return this.#onToolCall(msg.id, msg.call, msg.name, msg.args);
        case "done":
          return this.#onDone(msg);
      }
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }
  get state(): "starting" | "idle" | "busy" | "dead" {
    return this.#state;
  }
  /** The last few KB the worker wrote to stderr (V8 and isolated-vm report fatal errors there). */
  stderrTail(): string {
    return this.#stderr.trim();
  }

  /** Runs one cell; resolves with the worker's report, or with a fault if the worker died. */
  run(request: RunRequestMessage, hooks: RunHooks): Promise<DoneMessage> {
    if (this.#state === "dead") {
      // Died between being leased and being used (killed from outside, say): the run crashed.
      const message = "The worker process died before the run started.";
      return Promise.resolve(faultDone(request.id, "crashed", "SandboxError", message));
    }
    if (this.#state !== "idle") throw new Error(`worker is ${this.#state}, not idle`); // a pool bug
    this.#state = "busy";
    this.runs++;
    this.#setRef(true);
    if (request.session !== null) this.sessions.add(request.session);
    return new Promise<DoneMessage>((resolve) => {
      this.#inFlight = {
        request,
        hooks,
        resolve,
        deadlineTimer: setTimeout(() => this.kill("deadline"), request.timeoutMs + this.#options.killGraceMs),
        graceTimer: null,
      };
      this.#startRssWatch();
      this.#send(request);
    });
  }

  /** Asks the worker to abort the run `id`; kills the worker if it has not stopped after the grace. */
  cancel(id: string): void {
    const f = this.#inFlight;
    if (f === null || f.request.id !== id || f.graceTimer !== null) return;
    this.#send({ t: "cancel", id });
    f.graceTimer = setTimeout(() => this.kill("abort"), this.#options.killGraceMs);
  }

  /** Discards a session's state in the worker. */
  dropSession(session: string): void {
    if (!this.sessions.delete(session)) return;
    this.#send({ t: "drop-session", session });
  }

  /** Asks the worker to exit; kills it if it is still there after a second. */
  async shutdown(reason: KillReason = "recycle"): Promise<void> {
    if (this.#state === "dead") return this.exited;
    this.#stopping = true;
    this.#setRef(true);
    this.#send({ t: "exit" });
    const timer = setTimeout(() => this.kill(reason), EXIT_WAIT_MS);
    await this.exited;
    clearTimeout(timer);
  }

  /** SIGKILL, recording why (which decides the in-flight run's status). */
  kill(reason: KillReason): void {
    if (this.#state === "dead") return;
    this.#killReason ??= reason;
    this.#stopping = true;
    this.#setRef(true); // whoever awaits `exited` must see the exit, even from an idle worker
    this.#child.kill("SIGKILL");
  }

  #send(message: ParentMessage): void {
    if (this.#state === "dead" || !this.#child.connected) return;
    try {
      this.#child.send(message);
    } catch {
      this.kill("protocol");
    }
  }

  #onToolCall(id: string, call: number, name: string, args: string): void {
    const f = this.#inFlight;
    if (f === null || f.request.id !== id) return; // a call of a run that is over: never answered
    // `onToolCall` never rejects by contract; should it ever, the code still gets an answer (a
    // lost one would hold the run until its deadline) and the host no unhandled rejection.
    void f.hooks
      .onToolCall(call, name, args)
      .catch((): ToolAnswer => ({ kind: "e", payload: `tools.${name} failed inside the sandbox host.` }))
      .then((answer) => {
        if (this.#inFlight === f) this.#send({ t: "tool-result", id, call, ...answer });
      });
  }

  #onDone(msg: DoneMessage): void {
    const f = this.#inFlight;
    if (f === null || f.request.id !== msg.id) return;
    this.#finish(f, msg);
    if (this.#state === "busy") {
      this.#state = "idle";
      this.#setRef(false);
    }
  }

  #finish(f: InFlight, msg: DoneMessage): void {
    clearTimeout(f.deadlineTimer);
    if (f.graceTimer) clearTimeout(f.graceTimer);
    this.#inFlight = null;
    this.#stopRssWatch();
    if (msg.stateLost && f.request.session !== null) this.sessions.delete(f.request.session);
    f.resolve(msg);
  }

  /** Settles the in-flight run of a worker that died, with a status saying what killed it. */
  #settleOnExit(code: number | null, signal: NodeJS.Signals | null): void {
    const f = this.#inFlight;
    if (f === null) return;
    this.#finish(
      f,
      deathReport(f.request.id, {
        killReason: this.#killReason,
        stderr: this.stderrTail(),
        exit: signal ?? `exit code ${code}`,
        maxRssMb: Math.round(this.#options.maxRssBytes / 2 ** 20),
      }),
    );
  }

  #startRssWatch(): void {
    if (this.#rssTimer !== null) return;
    const cap = this.#options.maxRssBytes;
    const pid = this.#child.pid;
    this.#rssTimer = setInterval(() => {
      if (!CAN_READ_RSS) {
        if (this.#reportedRss > cap) this.kill("rss");
        return;
      }
      if (pid === undefined) return;
      void readRss(pid).then((rss) => {
        if (rss !== null && rss > cap && this.#inFlight !== null) this.kill("rss");
      });
    }, RSS_POLL_MS);
  }

  #stopRssWatch(): void {
    if (this.#rssTimer !== null) clearInterval(this.#rssTimer);
    this.#rssTimer = null;
  }

  /**
   * An idle worker must not keep the host process alive; a busy or stopping one must. (A "ready"
   * or "done" message already on its way when the worker is killed must not unreference it again:
   * the host would exit before it sees the exit, leaving `close()` pending for ever.)
   */
  #setRef(ref: boolean): void {
    if (!ref && this.#stopping) return;
    const channel = this.#child.channel as { ref?: () => void; unref?: () => void } | undefined;
    const stderr = this.#child.stderr as { ref?: () => void; unref?: () => void } | null;
    if (ref) {
      this.#child.ref();
      channel?.ref?.();
      stderr?.ref?.();
    } else {
      this.#child.unref();
      channel?.unref?.();
      stderr?.unref?.();
    }
  }
}
