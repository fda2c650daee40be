/**
 * @module commands/serve/serve — `openloop serve`: the Open Responses server of `@openloop/server`
 * (its own flags, parsed by `serveCommand`), running until SIGINT or SIGTERM drains it.
 */
import { SERVE_USAGE, serveCommand } from "@openloop/server";
import { EXIT, type ExitCode } from "../../exit-codes.js";
import type { CliIO } from "../../io.js";

/** Options of {@link serveCli}, for tests. */
export interface ServeOptions {
  /** Resolves when the server should stop. @default the first SIGINT or SIGTERM */
  stopped?: Promise<unknown>;
}

function firstSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals): void => {
      process.removeListener("SIGINT", on);
      process.removeListener("SIGTERM", on);
      // A second Ctrl-C while draining ends the process at once.
      process.once("SIGINT", () => process.exit(EXIT.failed));
      resolve(signal);
    };
    process.on("SIGINT", on);
    process.on("SIGTERM", on);
  });
}

/**
 * Starts the server with `args` (the flags after `serve`), says where it listens on stderr, and
 * serves until stopped; then responses in flight finish and it resolves with 0. Bad flags reject
 * with an `invalid_config` error (exit code 2, the message lists the flags).
 */
export async function serveCli(
  args: readonly string[],
  io: CliIO,
  options: ServeOptions = {},
): Promise<ExitCode> {
  if (args.includes("--help") || args.includes("-h")) {
    io.stdout.write(SERVE_USAGE);
    return EXIT.done;
  }
  const stopped = options.stopped ?? firstSignal();
  const { url, close } = await serveCommand(args, io.env);
  io.stderr.write(`openloop server listening on ${url}\n`);
  await stopped;
  io.stderr.write("openloop server: draining responses in flight…\n");
  await close();
  io.stderr.write("openloop server: stopped.\n");
  return EXIT.done;
}
