// A host process that dies (SIGKILL, from the test) while its workers are running code: one stuck
// in a synchronous loop, one awaiting for ever. Run by worker-pool.test.ts, which checks that the
// workers do not outlive it. It prints the workers' pids once both runs have started.
import { Sandbox } from "../../src/index.js";

const sandbox = new Sandbox({ workers: 2 });
await sandbox.warmUp();
void sandbox.run("while (true) {}", { timeoutMs: 30_000 });
void sandbox.run("await new Promise(() => {})", { timeoutMs: 30_000 });
while (sandbox.stats().workers.some((w) => w.state !== "busy")) await new Promise((r) => setTimeout(r, 10));
process.stdout.write(
  `${sandbox
    .stats()
    .workers.map((w) => w.pid)
    .join(",")}\n`,
);
setInterval(() => {}, 1000); // wait to be killed
