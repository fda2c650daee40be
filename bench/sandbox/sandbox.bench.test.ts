/** The sandbox benchmark measures what it says, and only runs that gave the right answer (no timing is asserted). */
import { describe, expect, test } from "vitest";
import { besides, runJson } from "../support/child.js";
import { CODE, EXPECTED, expectBareAnswer, expectSandboxAnswer } from "./check.js";
import type { SandboxBenchResult } from "./result.js";

const ok = { status: "ok", result: { json: String(EXPECTED) }, error: null };

describe("the sandbox benchmark", () => {
  test("refuses to measure a run that failed or computed something else", () => {
    expect(() => expectSandboxAnswer(ok)).not.toThrow();
    expect(() =>
      expectSandboxAnswer({ status: "error", result: null, error: { message: "SyntaxError: x" } }),
    ).toThrow(/got error SyntaxError: x/);
    expect(() => expectSandboxAnswer({ ...ok, result: { json: "1" } })).toThrow(
      /expected status ok and 499500/,
    );
    expect(() => expectBareAnswer(EXPECTED)).not.toThrow();
    expect(() => expectBareAnswer(undefined)).toThrow(/bare isolated-vm eval/);
  });

  test("runs every case beside bare isolated-vm and reports each comparison", async () => {
    const result = await runJson<SandboxBenchResult>(besides(import.meta.url, "./sandbox.bench.ts"), [
      "--quick",
    ]);
    expect(result).toMatchObject({ benchmark: "sandbox", code: CODE, parallelThroughput: { runs: 20 } });
    for (const cmp of [result.coldRun, result.warmRun, result.warmSessionCell]) {
      for (const t of [cmp.sandboxMs, cmp.floorMs]) expect(t.p95).toBeGreaterThanOrEqual(t.median);
      expect(cmp.ratio).toBeCloseTo(cmp.sandboxMs.median / cmp.floorMs.median, 2);
    }
    const p = result.parallelThroughput;
    expect(p.ratio).toBeCloseTo(p.sandboxRunsPerSec / p.floorRunsPerSec, 2);
  }, 120_000);
});
