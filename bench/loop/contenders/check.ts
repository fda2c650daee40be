/**
 * @module bench/loop/contenders/check — child-process entry that runs one contender through
 * every workload against a bench server of its own (in this process: nothing is timed) and prints
 * how many requests the server answered. Used by the tests, in the same environment the bench
 * workers run in (see `support/child.ts`).
 *
 * Usage: check.ts <contender>
 */
import { startBenchServer } from "../mock-server.js";
import { CONTENDERS, type ContenderName, loadContender } from "./index.js";

const name = process.argv[2] as ContenderName;
if (!CONTENDERS.includes(name)) throw new Error(`usage: check.ts <${CONTENDERS.join("|")}>`);
const server = await startBenchServer();
try {
  const contender = await loadContender(name, server.url);
  for (let i = 0; i < 2; i++) {
    await contender.a();
    await contender.aj();
    await contender.b();
  }
  const sequential = server.served;
  // Concurrent runs of one contender must not mix their conversations up.
  await Promise.all(Array.from({ length: 8 }, () => contender.a()));
  process.stdout.write(`${JSON.stringify({ sequential, concurrent: server.served - sequential })}\n`);
} finally {
  await server.close();
}
