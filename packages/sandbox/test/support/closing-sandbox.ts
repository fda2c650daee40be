// A program whose only work is a Sandbox: `close()` must resolve (and the program go on) even
// though idle workers hold no reference on the event loop. Run by worker-pool.test.ts.
import { Sandbox } from "../../src/index.js";

const sandbox = new Sandbox({ workers: 2 });
const r = await sandbox.run("6 * 7");
await sandbox.close();
process.stdout.write(`${r.result?.json} closed\n`);
