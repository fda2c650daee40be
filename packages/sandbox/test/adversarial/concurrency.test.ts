// Adversarial: a catastrophic run among parallel ones. One run per worker means the crash takes
// only its own worker down; the other runs finish and the pool refills.
import { afterAll, describe, expect, it } from "vitest";
import { Sandbox } from "../../src/index.js";
import { expectPoolAnswers } from "../support/pool.js";

const N = 2;
const sandbox = new Sandbox({ workers: N, limits: { memoryMb: 64 } });
afterAll(() => sandbox.close());

describe("concurrency", () => {
  it(`2×${N} parallel runs with one catastrophic among them: the others finish, the pool refills`, async () => {
    await sandbox.warmUp();
    const pidsBefore = sandbox.stats().workers.map((w) => w.pid);
    const work = (i: number) =>
      `let s = 0; for (let k = 0; k < 2e6; k++) s += k % ${i + 2}; console.log('run ${i}'); s`;
    const codes = [work(0), "new Array(1e8).fill(0)", work(1), work(2)];
    const results = await Promise.all(codes.map((code) => sandbox.run(code)));

    expect(results.map((r) => r.status)).toEqual(["ok", "oom", "ok", "ok"]);
    for (const i of [0, 1, 2]) {
      const r = results[i === 0 ? 0 : i + 1]!;
      let s = 0;
      for (let k = 0; k < 2e6; k++) s += k % (i + 2);
      expect(r.result?.json).toBe(String(s));
      expect(r.stdout).toBe(`run ${i}\n`);
    }

    // The pool refills to N workers, one of them new.
    await sandbox.warmUp();
    const after = sandbox.stats().workers;
    expect(after).toHaveLength(N);
    expect(after.every((w) => w.state === "idle")).toBe(true);
    expect(after.map((w) => w.pid).filter((pid) => !pidsBefore.includes(pid))).toHaveLength(1);
    const parallel = await Promise.all(Array.from({ length: 2 * N }, (_, i) => sandbox.run(`${i} * 2`)));
    expect(parallel.map((r) => r.result?.json)).toEqual(["0", "2", "4", "6"]);
    await expectPoolAnswers(sandbox);
  });
});
