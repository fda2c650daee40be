/** Every way a run stops, each with a readable reason and the items produced so far. */
import { functionCall, ScriptedModel, type ScriptTurn, stall, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Agent } from "../agent/agent.js";
import type { AgentOptions } from "../agent/options.js";
import { RunError } from "../errors/run-error.js";
import { run } from "../run/run.js";
import { tool } from "../tools/index.js";

function setup(script: ScriptTurn[], options: Partial<AgentOptions> = {}) {
  const calls: string[] = [];
  const count = tool({
    name: "count",
    description: "Count",
    parameters: z.object({ n: z.number() }),
    execute: ({ n }) => {
      calls.push(`count ${n}`);
      return n + 1;
    },
  });
  const finish = tool({
    name: "finish",
    description: "Final answer",
    parameters: z.object({ answer: z.string() }),
    execute: ({ answer }) => {
      calls.push(`finish ${answer}`);
      return answer.toUpperCase();
    },
  });
  const model = new ScriptedModel(script);
  return { model, calls, agent: new Agent({ name: "stop", model, tools: [count, finish], ...options }) };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected the run to fail");
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(RunError);
      return error as RunError;
    },
  );

const counting = (turns: number): ScriptTurn[] =>
  Array.from({ length: turns }, (_, i) => [functionCall("count", { n: i })]);

describe("budgets", () => {
  it("maxTurns: fails with max_turns_exceeded, keeping every item and tool result", async () => {
    const { agent, calls, model } = setup(counting(5), { maxTurns: 3 });
    const error = await failure(run(agent, "count"));
    expect(error.code).toBe("max_turns_exceeded");
    expect(error.message).toBe("The run reached maxTurns (3) without a final answer.");
    expect(error.result.status).toBe("failed");
    expect(error.result.stopReason).toEqual({ code: "max_turns_exceeded", message: error.message });
    expect(error.result.turns).toBe(3);
    expect(model.requests).toHaveLength(3);
    expect(calls).toEqual(["count 0", "count 1", "count 2"]);
    expect(error.result.items.filter((item) => item.type === "function_call_output")).toHaveLength(3);
  });

  it("maxTurns can be raised per run", async () => {
    const { agent } = setup([...counting(3), [text("done")]], { maxTurns: 2 });
    expect((await run(agent, "count", { maxTurns: 4 })).finalOutput).toBe("done");
  });

  it("maxToolCalls: a response whose calls would go over the limit fails the run, none of them runs", async () => {
    const { agent, calls } = setup(
      [
        [functionCall("count", { n: 1 }), functionCall("count", { n: 2 })],
        [functionCall("count", { n: 3 }), functionCall("count", { n: 4 })],
      ],
      { maxToolCalls: 3 },
    );
    const error = await failure(run(agent, "count"));
    expect(error.code).toBe("budget_exceeded");
    expect(error.message).toBe("Running 2 more tool calls would exceed maxToolCalls (3; 2 ran already).");
    expect(error.details).toMatchObject({ budget: "tool_calls", limit: 3, used: 2 });
    expect(calls).toEqual(["count 1", "count 2"]);
    // The unrun calls are in the items, without outputs: nothing pretends they ran.
    expect(error.result.items.map((item) => item.type)).toEqual([
      "function_call",
      "function_call",
      "function_call_output",
      "function_call_output",
      "function_call",
      "function_call",
    ]);
  });

  it("maxTokens: once the budget is reached the next request is not sent", async () => {
    const { agent, model } = setup(
      [
        { output: [functionCall("count", { n: 1 })], usage: { input_tokens: 60, output_tokens: 10 } },
        { output: [functionCall("count", { n: 2 })], usage: { input_tokens: 80, output_tokens: 10 } },
        [text("never")],
      ],
      { maxTokens: 150 },
    );
    const error = await failure(run(agent, "count"));
    expect(error.code).toBe("budget_exceeded");
    expect(error.message).toBe("The run used 160 tokens, reaching maxTokens (150), before a final answer.");
    expect(model.requests).toHaveLength(2);
    expect(error.result.usage.total_tokens).toBe(160);
  });

  it("maxTokens never throws a final answer away", async () => {
    const { agent } = setup(
      [{ output: [text("big answer")], usage: { input_tokens: 500, output_tokens: 500 } }],
      {
        maxTokens: 10,
      },
    );
    expect((await run(agent, "hi")).finalOutput).toBe("big answer");
  });

  it("timeoutMs: the wall-clock budget aborts a hanging request and fails with budget_exceeded", async () => {
    const { agent } = setup([[functionCall("count", { n: 1 })], stall(2)], { timeoutMs: 50 });
    const error = await failure(run(agent, "count"));
    expect(error.code).toBe("budget_exceeded");
    expect(error.message).toBe("The run exceeded its time budget (timeoutMs: 50).");
    expect(error.result.status).toBe("failed");
    expect(error.result.items.map((item) => item.type)).toEqual(["function_call", "function_call_output"]);
  });
});

describe("loop detection", () => {
  it("fails with loop_detected when the same call repeats threshold times in a row; that call does not run", async () => {
    const same: ScriptTurn[] = Array.from({ length: 5 }, () => [functionCall("count", { n: 7 })]);
    const { agent, calls } = setup(same);
    const error = await failure(run(agent, "count"));
    expect(error.code).toBe("loop_detected");
    expect(error.message).toBe(
      'The model called "count" with the same arguments 3 times in a row ({"n":7}); the last call was not run.',
    );
    expect(calls).toEqual(["count 7", "count 7"]);
  });

  it("counts only identical calls in a row, is configurable, and can be turned off", async () => {
    const alternating: ScriptTurn[] = [0, 1, 0, 1, 0].map((n) => [functionCall("count", { n })]);
    const ok = setup([...alternating, [text("done")]]);
    expect((await run(ok.agent, "go")).status).toBe("completed");

    const same: ScriptTurn[] = Array.from({ length: 4 }, () => [functionCall("count", { n: 1 })]);
    const lenient = setup([...same, [text("done")]], { loopDetection: { threshold: 5 } });
    expect((await run(lenient.agent, "go")).status).toBe("completed");
    const off = setup([...same, [text("done")]], { loopDetection: false });
    expect((await run(off.agent, "go")).status).toBe("completed");
  });
});

describe("stopWhen", () => {
  it("stops the run (status stopped, resolved) when the predicate says so", async () => {
    const seen: number[] = [];
    const { agent } = setup([...counting(5), [text("done")]], {
      stopWhen: ({ turn, toolCalls, items, usage, response }) => {
        seen.push(turn);
        expect(items.length).toBeGreaterThan(0);
        expect(usage.total_tokens).toBe(0);
        expect(response.id).toBe(`resp_${turn - 1}`);
        return toolCalls >= 2;
      },
    });
    const result = await run(agent, "count");
    expect(result.status).toBe("stopped");
    expect(result.stopReason).toEqual({ code: "stop_when", message: "stopWhen returned true after turn 2." });
    expect(result.turns).toBe(2);
    expect(seen).toEqual([1, 2]);
    expect(result.finalOutput).toBe("");
  });

  it("receives the run's context", async () => {
    const { agent } = setup(counting(3), {
      stopWhen: ({ runContext }) => (runContext as { stopNow: boolean }).stopNow,
    });
    expect((await run(agent, "count", { context: { stopNow: true } })).turns).toBe(1);
  });
});

describe("toolUseBehavior", () => {
  it("stop_on_first_tool: the first call's output is the final output, the model is not called again", async () => {
    const { agent, model } = setup(
      [[functionCall("finish", { answer: "yes" }), functionCall("count", { n: 1 })], [text("never")]],
      { toolUseBehavior: "stop_on_first_tool" },
    );
    const result = await run(agent, "go");
    expect(result.status).toBe("stopped");
    expect(result.finalOutput).toBe("YES");
    expect(result.stopReason.code).toBe("stop_on_first_tool");
    expect(model.requests).toHaveLength(1);
    expect(result.items.map((item) => item.type)).toEqual([
      "function_call",
      "function_call",
      "function_call_output",
      "function_call_output",
    ]);
  });

  it("stopAtTools: stops only once a named tool ran", async () => {
    const { agent, model } = setup(
      [[functionCall("count", { n: 1 })], [functionCall("finish", { answer: "done" })], [text("never")]],
      { toolUseBehavior: { stopAtTools: ["finish"] } },
    );
    const result = await run(agent, "go");
    expect(result.finalOutput).toBe("DONE");
    expect(result.stopReason).toEqual({
      code: "stop_at_tools",
      message: 'toolUseBehavior stopAtTools: "finish" ran (call_1_0); its output is the final output.',
    });
    expect(model.requests).toHaveLength(2);
  });
});
