/**
 * @module io — the streams and environment a command works with (the process's, or a test's).
 */
import type { Readable, Writable } from "node:stream";

/** An output stream, with what a terminal adds when it is one. */
export type Output = Writable & { isTTY?: boolean; columns?: number };

/** An input stream, with what a terminal adds when it is one. */
export type Input = Readable & { isTTY?: boolean };

/** Where a command reads and writes. */
export interface CliIO {
  stdout: Output;
  stderr: Output;
  stdin: Input;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

/** The running process's streams and environment. */
export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  };
}
