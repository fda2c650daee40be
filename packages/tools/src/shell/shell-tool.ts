/** `shell`: run a bash command in the workspace. */
import { tool } from "@openloop/core";
import { OpenloopError } from "@openloop/protocol";
import { z } from "zod";
import { commandApproval } from "../approval/index.js";
import type { ApprovalPolicy } from "../approval/policy.js";
import { toolError } from "../errors.js";
import { resolveDirectory } from "../files/resolve-dir.js";
import type { Workspace } from "../workspace/index.js";
import { scrubbedEnv } from "./env.js";
import { type CommandResult, runCommand } from "./run-command.js";

/** Options of {@link shellTool} (and `codingTools({ shell })`). */
export interface ShellOptions {
  /**
   * Time a command may run when the call does not say, in milliseconds.
   * @default 120_000
   */
  timeoutMs?: number;
  /**
   * The most a call may ask for with `timeout_ms`.
   * @default 600_000
   */
  maxTimeoutMs?: number;
  /**
   * Output kept per command (stdout and stderr together): the first and the last half.
   * @default 51_200
   */
  maxOutputBytes?: number;
  /**
   * Names of parent environment variables to pass on, besides PATH, HOME, USER, LOGNAME, LANG,
   * LC_ALL, LC_CTYPE, TZ and TMPDIR.
   * @default []
   * @example ["GOPATH", "JAVA_HOME"]
   */
  passEnv?: readonly string[];
  /**
   * Variables to set in every command's environment (after the passed ones).
   * @default {}
   */
  env?: Readonly<Record<string, string>>;
  /**
   * Time between SIGTERM and SIGKILL when a command is stopped, in milliseconds.
   * @default 2_000
   */
  killGraceMs?: number;
}

/** Options of {@link shellTool}. */
export interface ShellToolOptions extends ShellOptions {
  workspace: Workspace;
  /**
   * Which calls wait for a human; allow-list patterns match the command.
   * @default "always"
   */
  approval?: ApprovalPolicy;
}

/**
 * `shell`: runs `bash -c <command>` with its working directory inside the workspace, a scrubbed
 * environment, a timeout that kills the command's whole process group, and its output (stdout and
 * stderr interleaved) cut to its start and end. The result ends with the exit code.
 *
 * Not a sandbox: the command runs with your user's rights and can reach anything they can. The
 * jail covers the file tools; the shell gets approval instead.
 */
export function shellTool(options: ShellToolOptions) {
  const { workspace, approval = "always" } = options;
  const timeoutMs = positive(options.timeoutMs ?? 120_000, "shell.timeoutMs");
  const maxTimeoutMs = positive(Math.max(options.maxTimeoutMs ?? 600_000, timeoutMs), "shell.maxTimeoutMs");
  const maxOutputBytes = positive(options.maxOutputBytes ?? 50 * 1024, "shell.maxOutputBytes");
  const killGraceMs = positive(options.killGraceMs ?? 2_000, "shell.killGraceMs");
  const env = scrubbedEnv(process.env, options.passEnv, options.env);
  const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
  return tool({
    name: "shell",
    description:
      "Run a bash command in the workspace and get its output (stdout and stderr together) and exit code. " +
      `Commands time out after ${seconds(timeoutMs)} unless timeout_ms says otherwise (at most ` +
      `${seconds(maxTimeoutMs)}); processes they leave running are stopped when they end. Long output ` +
      "is cut to its start and end. There is no input: use non-interactive flags (e.g. -y).",
    parameters: z.object({
      command: z.string().min(1).describe('The bash command to run, e.g. "npm test" or "git diff --stat".'),
      cwd: z
        .string()
        .optional()
        .describe('The directory to run in, relative to the workspace root (default ".").'),
      timeout_ms: z
        .int()
        .min(1)
        .optional()
        .describe(`Time limit in milliseconds (default ${timeoutMs}, at most ${maxTimeoutMs}).`),
    }),
    needsApproval: commandApproval(approval),
    // Our own timer stops the command first (and reports its output); this is a backstop.
    timeoutMs: maxTimeoutMs + killGraceMs + 5_000,
    execute: async ({ command, cwd = ".", timeout_ms }, ctx) => {
      const dir = await resolveDirectory(workspace, cwd);
      const limit = Math.min(timeout_ms ?? timeoutMs, maxTimeoutMs);
      let result: CommandResult;
      try {
        result = await runCommand(command, {
          cwd: dir,
          env,
          timeoutMs: limit,
          maxOutputBytes,
          killGraceMs,
          signal: ctx.signal,
        });
      } catch (error) {
        if (ctx.signal.aborted) throw error;
        throw toolError(`Could not run the command: ${(error as Error).message}`, { command }, error);
      }
      return render(result, limit, maxTimeoutMs);
    },
  });
}

function render(result: CommandResult, limitMs: number, maxTimeoutMs: number): string {
  const output = result.totalBytes === 0 ? "(no output)" : result.text.replace(/\n$/, "");
  let status: string;
  if (result.timedOut) {
    const more =
      limitMs < maxTimeoutMs ? ` Pass a larger timeout_ms (at most ${maxTimeoutMs}) if it needs longer.` : "";
    status = `[Timed out after ${limitMs} ms: the command and the processes it started were stopped.${more}]`;
  } else if (result.exitSignal !== null) {
    status = `[Killed by ${result.exitSignal}]`;
  } else {
    status = `[Exit code ${result.exitCode}]`;
  }
  const left = result.outputLeftOpen
    ? "\n[The output was cut off when the command exited: a process it started outside its process group " +
      "(setsid, a daemon) still holds it open and was not stopped. Redirect such a process's output " +
      "(cmd > log 2>&1 &) to keep it readable.]"
    : "";
  return `${output}\n${status}${left}`;
}

function positive(value: number, name: string): number {
  if (typeof value !== "number" || !(value > 0) || !Number.isFinite(value)) {
    throw new OpenloopError(
      "invalid_config",
      `Expected \`${name}\` to be a finite number above 0, got \`${String(value)}\` (${typeof value})`,
    );
  }
  return value;
}
