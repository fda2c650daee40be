/**
 * @module main — runs the `openloop` command line and turns every outcome into an exit code.
 */

import { OpenloopError } from "@openloop/core";
import { CommanderError } from "commander";
import { EXIT, type ExitCode } from "./exit-codes.js";
import { type CliIO, processIO } from "./io.js";
import { buildProgram, type Outcome } from "./program.js";

/**
 * Runs `openloop` with `args` (without the node and script paths) and resolves to the exit code.
 * Never rejects: usage problems are exit code 2 with a message on stderr, a failed run is 1.
 *
 * @example
 * ```ts
 * process.exitCode = await main(process.argv.slice(2));
 * ```
 */
export async function main(args: readonly string[], io: CliIO = processIO()): Promise<ExitCode> {
  const outcome: Outcome = { code: undefined };
  const program = buildProgram(io, outcome);
  try {
    await program.parseAsync([...args], { from: "user" });
    return outcome.code ?? EXIT.done;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version "fail" with exit code 0; every other parse failure is a usage error.
      return error.exitCode === 0 ? EXIT.done : EXIT.usage;
    }
    if (OpenloopError.is(error, "invalid_config") || OpenloopError.is(error, "invalid_run_state")) {
      io.stderr.write(`openloop: ${error.message}\n`);
      return EXIT.usage;
    }
    io.stderr.write(`openloop: ${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT.failed;
  }
}
