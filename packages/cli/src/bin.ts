#!/usr/bin/env node
/**
 * @module bin — the `openloop` executable.
 */
import { main } from "./main.js";

// A reader that goes away (`openloop run --json | head -1`) makes the next write fail with EPIPE,
// emitted as an 'error' event that would crash the process mid-run. The run goes on to its end
// instead (tools finish, the state and `--output` are written, the exit code says how it ended);
// what it would have printed has nowhere to go.
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});

const code = await main(process.argv.slice(2));
process.exitCode = code;
// Whatever still holds the event loop (a keep-alive socket, a slow worker) must not keep a finished
// command alive; the timer is unref'd, so it never delays a clean exit.
setTimeout(() => process.exit(code), 2000).unref();
