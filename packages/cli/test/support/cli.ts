/**
 * Runs the `openloop` binary as a user would: a child process (`node --conditions=source --import
 * tsx packages/cli/src/bin.ts ...`), with only the environment the test gives it.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const bin = fileURLToPath(new URL("../../src/bin.ts", import.meta.url));
const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/** The repository root. */
export const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));

/** How a CLI process ended. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runCli}. */
export interface RunCliOptions {
  /** Environment variables besides PATH (nothing else leaks in from the test's environment). */
  env?: Record<string, string>;
  cwd?: string;
  /** Written to stdin, which is then closed (stdin is a pipe: never a TTY). */
  input?: string;
}

/** Starts `openloop ...args` and returns the child process (for long-running commands such as serve). */
export function spawnCli(
  args: readonly string[],
  options: Omit<RunCliOptions, "input"> = {},
): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ["--conditions=source", "--import", tsx, bin, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { PATH: process.env.PATH ?? "", ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
}

/** Runs `openloop ...args` to its end. */
export function runCli(args: readonly string[], options: RunCliOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, options);
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

/** Parses JSONL output: one JSON value per non-empty line. */
export function parseLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
