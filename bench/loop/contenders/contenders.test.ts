/**
 * Every framework under test runs every workload against the bench server and gets the scripted
 * answer (a contender that stopped early or skipped the tool would be measured as a fast one).
 * Each runs in a child process set up as the bench workers are (`check.ts`).
 */
import { describe, expect, test } from "vitest";
import { besides, runJson } from "../../support/child.js";
import { TOOL_TURNS } from "../workloads.js";
import { expectRun } from "./contender.js";
import { CONTENDERS } from "./index.js";

describe.each(CONTENDERS)("contender %s", (name) => {
  test("runs A (streamed), Aj (not streamed) and B to the scripted answer, in turn and 8 A runs at once", async () => {
    const served = await runJson<{ sequential: number; concurrent: number }>(
      besides(import.meta.url, "./check.ts"),
      [name],
    );
    // Twice: 11 requests per tool loop (10 calls, then the final message) for A and Aj, 1 for B.
    expect(served.sequential).toBe(2 * (2 * (TOOL_TURNS + 1) + 1));
    expect(served.concurrent).toBe(8 * (TOOL_TURNS + 1));
  });
});

describe("expectRun", () => {
  test("rejects a run that ended with the wrong text or the wrong number of tool calls", () => {
    const want = { text: "done", calls: 10 };
    expect(() => expectRun("x", "A", { text: "done", calls: 10 }, want)).not.toThrow();
    expect(() => expectRun("x", "A", { text: "done", calls: 20 }, want)).toThrow(/expected 10 tool calls/);
    expect(() => expectRun("x", "A", { text: "nope", calls: 10 }, want)).toThrow(/nope/);
  });
});
