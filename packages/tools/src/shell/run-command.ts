/**
 * Runs one `bash -c` command in its own process group, so that a timeout or an abort can stop it
 * together with everything it started.
 */
import { spawn } from "node:child_process";
import { HeadTailBuffer, type KeptOutput } from "./output-buffer.js";

export interface RunCommandOptions {
  cwd: string;
  env: Record<string, string>;
  timeoutMs: number;
  /** Output kept (stdout and stderr interleaved as they arrive): its start and its end. */
  maxOutputBytes: number;
  /**
   * Time between SIGTERM and SIGKILL when the command is stopped; also how long, once the command
   * has exited, its output may stay open (held by a process that left its process group).
   */
  killGraceMs: number;
  signal: AbortSignal;
}

export interface CommandResult extends KeptOutput {
  /** The exit code, or `null` when a signal ended the command. */
  exitCode: number | null;
  exitSignal: NodeJS.Signals | null;
  timedOut: boolean;
  /**
   * The command exited but something it started outside its process group (`setsid`, a daemon)
   * still held the output open, so reading stopped after the grace period. That process still runs.
   */
  outputLeftOpen: boolean;
}

/**
 * Resolves when the command and its output are done. Whatever the command left running in its
 * process group when it exits is killed (it would hold the output pipes open). Rejects with the
 * spawn error (missing `bash`, bad `cwd`), or with `signal.reason` once an aborted command is
 * stopped.
 */
export function runCommand(command: string, options: RunCommandOptions): Promise<CommandResult> {
  const { signal } = options;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<CommandResult>((resolve, reject) => {
    const output = new HeadTailBuffer(options.maxOutputBytes);
    // `exec 2>&1` first: one pipe for both streams keeps their lines in the order they were
    // written. (stderr is still read, for a syntax error bash reports before running anything.)
    const child = spawn("bash", ["-c", `exec 2>&1; ${command}`], {
      cwd: options.cwd,
      env: options.env,
      detached: true, // a new process group, led by bash: `kill(-pid)` reaches all it starts
      stdio: ["ignore", "pipe", "pipe"],
    });
    let timedOut = false;
    let outputLeftOpen = false;
    let graceTimer: NodeJS.Timeout | undefined;
    let drainTimer: NodeJS.Timeout | undefined;
    const killGroup = (sig: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, sig);
      } catch {
        // ESRCH: the group is already gone.
      }
    };
    const stop = () => {
      killGroup("SIGTERM");
      graceTimer ??= setTimeout(() => killGroup("SIGKILL"), options.killGraceMs);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, options.timeoutMs);
    const onAbort = () => stop();
    signal.addEventListener("abort", onAbort, { once: true });
    const cleanUp = () => {
      clearTimeout(timer);
      clearTimeout(graceTimer);
      clearTimeout(drainTimer);
      signal.removeEventListener("abort", onAbort);
    };
    child.stdout.on("data", (chunk: Buffer) => output.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => output.push(chunk));
    // A pipe error ends that stream ('close' still follows); unheard, it would crash the process.
    child.stdout.on("error", () => {});
    child.stderr.on("error", () => {});
    child.on("exit", () => {
      killGroup("SIGKILL");
      // What the group held is closed now. A process that escaped the group (`setsid cmd &`) may
      // hold the pipes open for as long as it runs: stop reading then, rather than wait for it.
      drainTimer = setTimeout(() => {
        outputLeftOpen = true;
        child.stdout.destroy();
        child.stderr.destroy();
      }, options.killGraceMs);
    });
    child.on("error", (error) => {
      cleanUp();
      killGroup("SIGKILL");
      reject(error);
    });
    child.on("close", (exitCode, exitSignal) => {
      cleanUp();
      if (signal.aborted) reject(signal.reason);
      else resolve({ ...output.read(), exitCode, exitSignal, timedOut, outputLeftOpen });
    });
  });
}
