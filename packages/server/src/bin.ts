/**
 * @module bin — a start script until the `openloop` CLI lands:
 * `node --conditions=source --import tsx packages/server/src/bin.ts --base-url http://127.0.0.1:8080/v1 --model qwen3`
 */
import { OpenloopError } from "@openloop/protocol";
import { SERVE_USAGE, serveCommand } from "./serve-command.js";

const argv = process.argv.slice(2);
if (argv.includes("--help") || argv.includes("-h")) {
  process.stdout.write(SERVE_USAGE);
  process.exit(0);
}
try {
  const { url, close } = await serveCommand(argv);
  process.stderr.write(`openloop server listening on ${url}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1); // a second Ctrl-C: do not wait for the drain
    stopping = true;
    process.stderr.write("openloop server: draining responses in flight…\n");
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} catch (error) {
  process.stderr.write(`openloop serve: ${OpenloopError.is(error) ? error.message : String(error)}\n`);
  process.exit(2);
}
