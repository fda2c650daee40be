import type { ItemParam } from "@openloop/protocol";
import { functionCall, ScriptedModel, text } from "@openloop/testing";
import PQueue from "p-queue";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Agent } from "../agent/agent.js";
import { run } from "../run/run.js";
import { tool } from "../tools/index.js";

/** A promise you resolve from outside. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const outputsOf = (input: unknown) =>
  (input as ItemParam[])
    .filter((item) => item.type === "function_call_output")
    .map((item) => [item.call_id, item.output]);

describe("parallel function calls", () => {
  it("run concurrently and are answered in call order whatever order they finish in", async () => {
    const started: string[] = [];
    const bothStarted = deferred();
    const gates = { first: deferred(), second: deferred() };
    const wait = tool({
      name: "wait",
      description: "Wait for a gate",
      parameters: z.object({ gate: z.enum(["first", "second"]) }),
      execute: async ({ gate }) => {
        started.push(gate);
        if (started.length === 2) bothStarted.resolve();
        await gates[gate].promise;
        return `${gate} done`;
      },
    });
    const model = new ScriptedModel([
      [functionCall("wait", { gate: "first" }), functionCall("wait", { gate: "second" })],
      [text("both done")],
    ]);
    const running = run(new Agent({ name: "p", model, tools: [wait] }), "go");
    await bothStarted.promise; // both calls are running before either finishes
    gates.second.resolve(); // the second finishes first
    await Promise.resolve();
    gates.first.resolve();
    await running;
    expect(outputsOf(model.requests[1]?.input)).toEqual([
      ["call_0_0", "first done"],
      ["call_0_1", "second done"],
    ]);
  });

  it("turn every kind of failure into an output for the model, keeping the siblings' results", async () => {
    const add = tool({
      name: "add",
      description: "Add",
      parameters: z.object({ a: z.number(), b: z.number() }),
      execute: ({ a, b }) => a + b,
    });
    const boom = tool({
      name: "boom",
      description: "Fails",
      parameters: z.object({}),
      execute: () => {
        throw new Error("disk full");
      },
    });
    const model = new ScriptedModel([
      [
        functionCall("add", { a: 1, b: 2 }),
        functionCall("boom", {}),
        functionCall("add", '{"a": 1,'),
        functionCall("add", { a: "one", b: 2 }),
        functionCall("multiply", { a: 2, b: 3 }),
        functionCall("add", { a: 5, b: 5 }),
      ],
      [text("partly done")],
    ]);
    const result = await run(new Agent({ name: "f", model, tools: [add, boom] }), "go");
    const outputs = outputsOf(model.requests[1]?.input);
    expect(outputs.map(([id]) => id)).toEqual([
      "call_0_0",
      "call_0_1",
      "call_0_2",
      "call_0_3",
      "call_0_4",
      "call_0_5",
    ]);
    expect(outputs[0]?.[1]).toBe("3");
    expect(outputs[1]?.[1]).toBe('Error: Tool "boom" failed: disk full');
    expect(outputs[2]?.[1]).toMatch(/^Error: Invalid arguments for tool "add": not valid JSON/);
    expect(outputs[3]?.[1]).toBe(
      'Error: Invalid arguments for tool "add":\n- at a: Invalid input: expected number, received string',
    );
    expect(outputs[4]?.[1]).toBe('Error: Unknown tool "multiply". Available tools: add, boom.');
    expect(outputs[5]?.[1]).toBe("10");
    expect(result.status).toBe("completed");
  });

  it("respect the agent's maxConcurrentTools and a queue shared by several runs", async () => {
    let running = 0;
    let peak = 0;
    const release: (() => void)[] = [];
    const slow = tool({
      name: "slow",
      description: "Slow",
      parameters: z.object({ n: z.number() }),
      execute: async ({ n }) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((resolve) => release.push(resolve));
        running--;
        return n;
      },
    });
    // Release whichever calls are waiting, until the runs end.
    const pump = setInterval(() => {
      for (const r of release.splice(0)) r();
    }, 1);
    try {
      const calls = [1, 2, 3, 4].map((n) => functionCall("slow", { n }));
      const perRun = new ScriptedModel([calls, [text("ok")]]);
      await run(new Agent({ name: "one", model: perRun, tools: [slow], maxConcurrentTools: 2 }), "go");
      expect(peak).toBe(2);
      expect(outputsOf(perRun.requests[1]?.input).map(([, out]) => out)).toEqual(["1", "2", "3", "4"]);

      peak = 0;
      const shared = new PQueue({ concurrency: 3 });
      const models = [1, 2, 3].map(() => new ScriptedModel([calls, [text("ok")]]));
      await Promise.all(
        models.map((model, i) =>
          run(new Agent({ name: `r${i}`, model, tools: [slow] }), "go", { toolQueue: shared }),
        ),
      );
      expect(peak).toBe(3);
    } finally {
      clearInterval(pump);
    }
  });

  it("run one at a time, in order, with parallelToolCalls: false (should the server send several anyway)", async () => {
    const order: string[] = [];
    const step = tool({
      name: "step",
      description: "A step",
      parameters: z.object({ id: z.string() }),
      execute: async ({ id }) => {
        order.push(`start ${id}`);
        await new Promise((resolve) => setImmediate(resolve));
        order.push(`end ${id}`);
        return id;
      },
    });
    const model = new ScriptedModel([
      [functionCall("step", { id: "a" }), functionCall("step", { id: "b" })],
      [text("ok")],
    ]);
    await run(new Agent({ name: "s", model, tools: [step], parallelToolCalls: false }), "go");
    expect(order).toEqual(["start a", "end a", "start b", "end b"]);
    expect(model.requests[0]?.parallel_tool_calls).toBe(false);
  });

  it("time a tool out with the agent's toolTimeoutMs and tell the model", async () => {
    const hang = tool({
      name: "hang",
      description: "Never answers",
      parameters: z.object({}),
      execute: (_args, { signal }) =>
        new Promise((_resolve, reject) => signal.addEventListener("abort", () => reject(signal.reason))),
    });
    const model = new ScriptedModel([[functionCall("hang", {})], [text("gave up")]]);
    await run(new Agent({ name: "t", model, tools: [hang], toolTimeoutMs: 20 }), "go");
    expect(outputsOf(model.requests[1]?.input)).toEqual([
      ["call_0_0", 'Error: Tool "hang" timed out after 20 ms.'],
    ]);
  });
});
