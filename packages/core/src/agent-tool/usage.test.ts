/**
 * An agent tool's token usage counts in the caller's: `result.usage`, the caller's turn in
 * `usageByTurn`, the `maxTokens` budget, and `tool_call.completed` / `tool_call.failed` events.
 */
import type { Usage } from "@openloop/protocol";
import { functionCall, ScriptedModel, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Agent } from "../agent/agent.js";
import type { RunError } from "../errors/run-error.js";
import type { RunEvent } from "../events/run-event.js";
import { run } from "../run/run.js";
import { runStream } from "../run/run-stream.js";
import { RunState } from "../state/run-state.js";
import { tool } from "../tools/index.js";

const lookup = tool({
  name: "lookup",
  description: "Look up",
  parameters: z.object({}),
  execute: () => "42",
});

function usage(input: number, output: number, cached = 0, reasoning = 0): Usage {
  return {
    input_tokens: input,
    output_tokens: output,
    total_tokens: input + output,
    input_tokens_details: { cached_tokens: cached },
    output_tokens_details: { reasoning_tokens: reasoning },
  };
}

/** A specialist using 5+1 then 7+3 tokens (12 in, 4 out; 2 cached, 2 reasoning). */
function researcher(options: { maxTurns?: number; approve?: boolean } = {}) {
  const find = tool({
    name: "find",
    description: "Find",
    parameters: z.object({}),
    needsApproval: options.approve === true,
    execute: () => "found",
  });
  return new Agent({
    name: "researcher",
    model: new ScriptedModel([
      { output: [functionCall("find", {}, { callId: "f_1" })], usage: usage(5, 1, 2, 0) },
      { output: [text("The answer is 42.")], usage: usage(7, 3, 0, 2) },
    ]),
    tools: [find, lookup],
    maxTurns: options.maxTurns,
  });
}

/** A caller using 100+10 (its call to the specialist), then 200+20 (its answer). */
function caller(specialist: Agent, options: { maxTokens?: number } = {}) {
  return new Agent({
    name: "caller",
    model: new ScriptedModel([
      { output: [functionCall("research", { input: "what?" }, { callId: "r_1" })], usage: usage(100, 10) },
      { output: [text("42, says research.")], usage: usage(200, 20) },
    ]),
    tools: [specialist.asTool({ name: "research", description: "Researches" })],
    maxTokens: options.maxTokens,
  });
}

describe("agent tool usage", () => {
  it("adds the nested run's tokens to the caller's usage and to the turn that called it", async () => {
    const result = await run(caller(researcher()), "Ask research");
    expect(result.usage).toEqual(usage(312, 34, 2, 2));
    expect(result.usageByTurn).toEqual([usage(112, 14, 2, 2), usage(200, 20)]);
    expect(result.state.toJSON()).toMatchObject({ usageByTurn: [usage(112, 14, 2, 2), usage(200, 20)] });
  });

  it("shows the nested usage on tool_call.completed, so the stream's usages add up to the result's", async () => {
    const stream = runStream(caller(researcher()), "Ask research");
    const events: RunEvent[] = [];
    for await (const event of stream) events.push(event);
    const result = await stream.result;
    const done = events.find((e) => e.type === "tool_call.completed" && e.callId === "r_1");
    expect(done).toMatchObject({ type: "tool_call.completed", usage: usage(12, 4, 2, 2) });
    const turns = events.filter((e) => e.type === "turn.completed").map((e) => e.usage);
    expect(turns).toEqual([usage(100, 10), usage(200, 20)]);
    const nestedFind = events.find((e) => e.type === "agent.event" && e.event.type === "tool_call.completed");
    expect(nestedFind).toBeDefined();
    expect((nestedFind as { event: { usage?: Usage } }).event.usage).toBeUndefined();
    let input = 0;
    let total = 0;
    for (const e of events) {
      const u =
        e.type === "turn.completed" ? e.usage : e.type === "tool_call.completed" ? e.usage : undefined;
      input += u?.input_tokens ?? 0;
      total += u?.total_tokens ?? 0;
    }
    expect({ input, total }).toEqual({ input: 312, total: 346 });
    expect(result.usage.total_tokens).toBe(346);
  });

  it("counts a failed nested run's tokens, shown on tool_call.failed", async () => {
    const stream = runStream(caller(researcher({ maxTurns: 1 })), "Ask research");
    const events: RunEvent[] = [];
    for await (const event of stream) events.push(event);
    const result = await stream.result;
    const failed = events.find((e) => e.type === "tool_call.failed");
    expect(failed).toMatchObject({ callId: "r_1", code: "tool_error", usage: usage(5, 1, 2, 0) });
    expect(result.usage).toEqual(usage(305, 31, 2, 0));
  });

  it("counts nested tokens against the caller's maxTokens", async () => {
    // 110 of the caller's own + 16 of the specialist's: over 120 before the caller's second turn.
    const error = (await run(caller(researcher(), { maxTokens: 120 }), "Ask research").catch(
      (e: unknown) => e,
    )) as RunError<unknown>;
    expect(error.code).toBe("budget_exceeded");
    expect(error.details).toMatchObject({ budget: "tokens", limit: 120, used: 126 });
    expect(error.result.usage).toEqual(usage(112, 14, 2, 2));
    expect(error.result.turns).toBe(1);
  });

  it("counts a nested run that paused for approval once, when it ends after the resume", async () => {
    const agent = caller(researcher({ approve: true }));
    const paused = await run(agent, "Ask research");
    expect(paused.status).toBe("interrupted");
    expect(paused.usage).toEqual(usage(100, 10));
    const state = RunState.fromJSON(JSON.stringify(paused.state), agent);
    state.approve(state.pendingApprovals[0]!);
    const done = await run(agent, state);
    expect(done.status).toBe("completed");
    expect(done.usage).toEqual(usage(312, 34, 2, 2));
    expect(done.usageByTurn).toEqual([usage(112, 14, 2, 2), usage(200, 20)]);
  });

  it("counts a specialist's own specialists, two levels down", async () => {
    const middle = new Agent({
      name: "middle",
      model: new ScriptedModel([
        { output: [functionCall("research", { input: "deeper" }, { callId: "d_1" })], usage: usage(30, 3) },
        { output: [text("Deep answer: 42.")], usage: usage(40, 4) },
      ]),
      tools: [researcher().asTool({ name: "research", description: "Researches" })],
    });
    const result = await run(caller(middle), "Ask research");
    // caller 300+30, middle 70+7, researcher 12+4.
    expect(result.usage).toEqual(usage(382, 41, 2, 2));
  });
});
