/**
 * @module bench/loop/server-main — child-process entry of the bench server: prints
 * `{"url": …}` on one stdout line, then serves until its stdin closes (the parent went away) or
 * it gets SIGTERM.
 */
import { startBenchServer } from "./mock-server.js";

const server = await startBenchServer();
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
const stop = () => {
  void server.close().then(() => process.exit(0));
};
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.resume();
process.on("SIGTERM", stop);
