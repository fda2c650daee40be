/**
 * An agent tool with its own `timeoutMs`: when it times out, the nested run is aborted and the
 * caller waits for it to end, so the tokens it spent so far still count in the caller's usage.
 */
import type { Usage } from "@openloop/protocol";
import { functionCall, ScriptedModel, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Agent } from "../agent/agent.js";
import type { RunEvent } from "../events/run-event.js";
import { runStream } from "../run/run-stream.js";
import { tool } from "../tools/index.js";

function usage(input: number, output: number): Usage {
  return {
    input_tokens: input,
    output_tokens: output,
    total_tokens: input + output,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens_details: { reasoning_tokens: 0 },
  };
}

describe("an agent tool that times out", () => {
  it("aborts the nested run and counts the tokens it spent (result.usage, tool_call.failed)", async () => {
    let nestedSignal: AbortSignal | undefined;
    // The specialist's tool waits until it is aborted: the caller's timeout is what ends it.
    const stall = tool({
      name: "stall",
      description: "Waits",
      parameters: z.object({}),
      execute: (_args, ctx) => {
        nestedSignal = ctx.signal;
        return new Promise((_resolve, reject) =>
          ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason), { once: true }),
        );
      },
    });
    const specialist = new Agent({
      name: "slow",
      model: new ScriptedModel([{ output: [functionCall("stall", {})], usage: usage(5, 1) }]),
      tools: [stall],
    });
    const caller = new Agent({
      name: "caller",
      model: new ScriptedModel([
        { output: [functionCall("ask", { input: "?" }, { callId: "a_1" })], usage: usage(100, 10) },
        { output: [text("It took too long.")], usage: usage(200, 20) },
      ]),
      tools: [specialist.asTool({ name: "ask", description: "Asks", timeoutMs: 20 })],
    });
    const stream = runStream(caller, "Go");
    const events: RunEvent[] = [];
    for await (const event of stream) events.push(event);
    const result = await stream.result;
    expect(result.finalOutput).toBe("It took too long.");
    const failed = events.find((e) => e.type === "tool_call.failed");
    expect(failed).toMatchObject({ callId: "a_1", code: "tool_timeout", usage: usage(5, 1) });
    expect(result.usage).toEqual(usage(305, 31));
    expect(result.usageByTurn).toEqual([usage(105, 11), usage(200, 20)]);
    expect(nestedSignal?.aborted).toBe(true);
  });
});
