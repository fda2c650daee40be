/** The measuring helpers drive runs the way they say (no timing is asserted: that is bench/'s job). */
import { describe, expect, test } from "vitest";
import { concurrent, sequential } from "./measure.js";

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("sequential", () => {
  test("never starts a run before the previous one finished, and reports one entry per measured run", async () => {
    let inFlight = 0;
    let most = 0;
    let calls = 0;
    const result = await sequential(
      "t",
      async () => {
        calls++;
        inFlight++;
        most = Math.max(most, inFlight);
        await tick();
        await tick();
        inFlight--;
      },
      { time: 20, iterations: 5, warmupTime: 5, warmupIterations: 2 },
    );
    expect(most).toBe(1);
    expect(result.runs).toBeGreaterThanOrEqual(5);
    expect(calls).toBeGreaterThanOrEqual(result.runs + 2); // warm-up runs are not measured
    expect(result.cpuMs).toBeGreaterThanOrEqual(0);
    expect(result.runsPerSec).toBeCloseTo(1000 / result.latencyMs);
  });
});

describe("concurrent", () => {
  test("keeps exactly `concurrency` runs in flight until `total` measured runs are done (after one unmeasured pass)", async () => {
    let inFlight = 0;
    let most = 0;
    let calls = 0;
    const result = await concurrent(
      async () => {
        calls++;
        inFlight++;
        most = Math.max(most, inFlight);
        await tick();
        inFlight--;
      },
      10,
      35,
    );
    expect(most).toBe(10);
    expect(calls).toBe(10 + 35);
    expect(result).toMatchObject({ concurrency: 10, runs: 35 });
  });
});
