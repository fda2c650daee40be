/**
 * Regression: 11+ tool calls running or queued at once each listen to the run's AbortSignal, which
 * made Node print "MaxListenersExceededWarning: Possible EventTarget memory leak detected". The
 * listeners are removed as calls finish, so it is not a leak and must not warn.
 */
import { functionCall, ScriptedModel, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Agent } from "../agent/agent.js";
import { tool } from "../tools/index.js";
import { run } from "./run.js";

describe("many parallel calls", () => {
  it("emit no MaxListenersExceededWarning", async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on("warning", onWarning);
    try {
      const slow = tool({
        name: "slow",
        description: "Slow",
        parameters: z.object({ i: z.number() }),
        execute: async ({ i }) => {
          await new Promise((resolve) => setImmediate(resolve));
          return i;
        },
      });
      const calls = Array.from({ length: 40 }, (_, i) => functionCall("slow", { i }));
      const model = new ScriptedModel([calls, [text("ok")]]);
      const agent = new Agent({ name: "many", model, tools: [slow], maxConcurrentTools: 4 });
      const result = await run(agent, "go", { signal: new AbortController().signal });
      expect(result.status).toBe("completed");
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });
});
