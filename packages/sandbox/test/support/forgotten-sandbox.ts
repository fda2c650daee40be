// A program that uses a Sandbox and never closes it: it must still exit on its own, because idle
// workers do not keep the host process alive. Run by worker-pool.test.ts.
import { Sandbox } from "../../src/index.js";

const sandbox = new Sandbox({ workers: 1 });
const r = await sandbox.run("6 * 7");
process.stdout.write(`${r.result?.json}\n`);
