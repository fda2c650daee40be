/**
 * Regression: `setTimeout` fires after 1 ms for delays above 2^31-1 ms, so a tool's `timeoutMs`,
 * the agent's `toolTimeoutMs` or the run's `timeoutMs` set "very long" (`2 ** 31`,
 * `Number.MAX_SAFE_INTEGER`) used to time out at once.
 */
import { functionCall, ScriptedModel, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Agent } from "../agent/agent.js";
import { run } from "../run/run.js";
import { tool } from "../tools/index.js";
import { armTimer, MAX_TIMER_MS } from "./arm-timer.js";

/** A tool that answers after a few milliseconds: longer than an overflowed timer's 1 ms. */
const slow = (timeoutMs?: number) =>
  tool({
    name: "slow",
    description: "Answers after a moment",
    parameters: z.object({}),
    timeoutMs,
    execute: () => new Promise<string>((resolve) => setTimeout(() => resolve("done"), 30)),
  });

const script = () => new ScriptedModel([[functionCall("slow", {})], [text("ok")]]);

describe("timeouts longer than setTimeout can hold", () => {
  it("arm no timer (they mean: no limit)", () => {
    expect(armTimer(MAX_TIMER_MS + 1, () => undefined)).toBeUndefined();
    expect(armTimer(Number.POSITIVE_INFINITY, () => undefined)).toBeUndefined();
    const timer = armTimer(MAX_TIMER_MS, () => undefined);
    expect(timer).toBeDefined();
    clearTimeout(timer);
  });

  it("never time a tool out at once (a tool's timeoutMs, the agent's toolTimeoutMs)", async () => {
    const own = await run(new Agent({ name: "a", model: script(), tools: [slow(2 ** 31)] }), "go");
    expect(own.items[1]).toMatchObject({ type: "function_call_output", output: "done" });
    const agentWide = new Agent({
      name: "b",
      model: script(),
      tools: [slow()],
      toolTimeoutMs: Number.MAX_SAFE_INTEGER,
    });
    expect((await run(agentWide, "go")).items[1]).toMatchObject({ output: "done" });
  });

  it("never end a run's time budget at once", async () => {
    const agent = new Agent({
      name: "c",
      model: script(),
      tools: [slow()],
      timeoutMs: Number.MAX_SAFE_INTEGER,
    });
    const result = await run(agent, "go");
    expect(result.status).toBe("completed");
    expect(result.finalOutput).toBe("ok");
  });
});
