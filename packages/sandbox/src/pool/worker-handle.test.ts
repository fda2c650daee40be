import { describe, expect, it } from "vitest";
import { WorkerHandle } from "./worker-handle.js";

const spawnOptions = { memoryMb: 16, execArgv: [], maxRssBytes: 512 * 2 ** 20, killGraceMs: 100 };

describe("WorkerHandle", () => {
  it("reports a run on a worker that died after it was leased as crashed, without throwing", async () => {
    const lost: string[][] = [];
    const worker = new WorkerHandle(spawnOptions, (_w, sessions) => lost.push(sessions));
    await worker.ready;
    process.kill(worker.pid!, "SIGKILL"); // killed from outside, e.g. by an operator
    await worker.exited;
    expect(worker.state).toBe("dead");
    const done = await worker.run(
      {
        t: "run",
        id: "r1",
        code: "(async () => {})",
        filename: "cell-1.js",
        session: null,
        timeoutMs: 1000,
        config: "{}",
      },
      { onToolCall: async () => ({ kind: "e", payload: "unused" }) },
    );
    expect(done).toMatchObject({ status: "crashed", error: { name: "SandboxError" } });
    expect(lost).toEqual([[]]);
  });

  it("rejects `ready` when the worker cannot start, with its stderr", async () => {
    const worker = new WorkerHandle(
      { ...spawnOptions, execArgv: ["--require=/nonexistent/preload.cjs"] },
      () => {},
    );
    await expect(worker.ready).rejects.toThrow(/worker exited during start-up .*Cannot find module/s);
  });
});
