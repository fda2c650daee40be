import { describe, expect, test } from "vitest";
import type { ContenderName } from "./contenders/index.js";
import { type LoopBenchResult, pairedRatio, type WorkerResult } from "./loop.bench.js";

/** A worker result with only the concurrent throughput filled in (the rest is not read here). */
const worker = (contender: ContenderName, runsPerSec: number) =>
  ({ contender, concurrent: { runsPerSec } }) as unknown as WorkerResult;

describe("pairedRatio", () => {
  test("is the median of each round's own ratio, so a busy round is compared with itself", () => {
    // The machine got busier every round: openloop is twice as fast as the peer in each.
    const loop: LoopBenchResult = {
      rounds: 3,
      concurrency: 100,
      contenders: {},
      raw: [
        [worker("openloop", 100), worker("agents", 50)],
        [worker("agents", 20), worker("openloop", 40)],
        [worker("openloop", 10), worker("agents", 5)],
      ],
    };
    expect(pairedRatio(loop, "openloop", "agents", "runsPerSecN")).toBe(2);
  });

  test("falls back to the ratio of the medians without raw results", () => {
    const summary = { runsPerSecN: 30 } as never;
    const loop = {
      rounds: 1,
      concurrency: 100,
      raw: [],
      contenders: { openloop: { ...(summary as object), runsPerSecN: 90 }, agents: summary },
    } as unknown as LoopBenchResult;
    expect(pairedRatio(loop, "openloop", "agents", "runsPerSecN")).toBe(3);
  });
});
