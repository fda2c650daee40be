/**
 * Agents as tools with the scripted model: the nested run's own turns, its output as the
 * caller's function_call_output, its events in the caller's stream, shared context, signal and
 * queue, failures the calling model reads.
 */
import type { FunctionCallOutputItemParam, ItemParam } from "@openloop/protocol";
import { functionCall, ScriptedModel, text } from "@openloop/testing";
import PQueue from "p-queue";
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { Agent } from "../agent/agent.js";
import { RunError } from "../errors/run-error.js";
import type { AgentEvent, RunEvent } from "../events/run-event.js";
import { run } from "../run/run.js";
import { runStream } from "../run/run-stream.js";
import { executeToolCalls, type FunctionTool, type ToolContext, tool } from "../tools/index.js";

const outputsOf = (model: ScriptedModel, turn: number) =>
  ((model.requests[turn]?.input ?? []) as ItemParam[]).filter(
    (i): i is FunctionCallOutputItemParam => i.type === "function_call_output",
  );

describe("agent.asTool", () => {
  it("runs the agent as a tool: its own turns, its final text as the call's output", async () => {
    const lookup = tool({
      name: "lookup",
      description: "Look a fact up",
      parameters: z.object({ topic: z.string() }),
      execute: ({ topic }) => `${topic}: 8,849 m`,
    });
    const specialistModel = new ScriptedModel([
      [functionCall("lookup", { topic: "Everest" })],
      [text("Everest is 8,849 m high.")],
    ]);
    const specialist = new Agent({ name: "researcher", model: specialistModel, tools: [lookup] });
    const research = specialist.asTool({ name: "research", description: "Finds facts" });
    expectTypeOf(research).toEqualTypeOf<FunctionTool<{ input: string }, unknown>>();
    expect(research.parameters).toEqual({
      type: "object",
      properties: { input: { type: "string", description: 'What to ask the "researcher" agent, in full.' } },
      required: ["input"],
      additionalProperties: false,
    });

    const model = new ScriptedModel([
      [functionCall("research", { input: "How high is Everest?" })],
      [text("8,849 metres.")],
    ]);
    const result = await run(new Agent({ name: "boss", model, tools: [research] }), "Everest?");
    expect(result.finalOutput).toBe("8,849 metres.");
    expect(result.turns).toBe(2); // the nested run's turns are its own
    expect(specialistModel.requests[0]?.input).toEqual([
      { type: "message", role: "user", content: "How high is Everest?" },
    ]);
    expect(outputsOf(model, 1)).toEqual([
      { type: "function_call_output", call_id: "call_0_0", output: "Everest is 8,849 m high." },
    ]);
  });

  it("sends a structured output as JSON, and takes structured input", async () => {
    const specialist = new Agent({
      name: "pricer",
      model: new ScriptedModel([[text('{"sku":"A1","cents":1299}')]]),
      output: z.object({ sku: z.string(), cents: z.number() }),
    });
    const price = specialist.asTool({
      name: "price",
      description: "Prices an item",
      input: z.object({ sku: z.string(), currency: z.enum(["EUR", "USD"]) }),
      toInput: ({ sku, currency }) => `Price ${sku} in ${currency}`,
    });
    expectTypeOf(price).toEqualTypeOf<FunctionTool<{ sku: string; currency: "EUR" | "USD" }, unknown>>();
    const model = new ScriptedModel([
      [functionCall("price", { sku: "A1", currency: "EUR" })],
      [text("12.99")],
    ]);
    await run(new Agent({ name: "shop", model, tools: [price] }), "Price of A1?");
    expect(outputsOf(model, 1)[0]).toMatchObject({ output: '{"sku":"A1","cents":1299}' });
    const nestedModel = specialist.model as ScriptedModel;
    expect(nestedModel.requests[0]?.input).toEqual([
      { type: "message", role: "user", content: "Price A1 in EUR" },
    ]);
  });

  it("surfaces the nested run's events in the caller's stream, tagged with the agent's name", async () => {
    const specialist = new Agent({
      name: "writer",
      model: new ScriptedModel([{ output: [text("A haiku.")], chunkSize: 3 }]),
    });
    const model = new ScriptedModel([[functionCall("write", { input: "A haiku" })], [text("Done.")]]);
    const events: RunEvent[] = [];
    for await (const event of runStream(
      new Agent({
        name: "editor",
        model,
        tools: [specialist.asTool({ name: "write", description: "Writes" })],
      }),
      "Write",
    ))
      events.push(event);

    const nested = events.filter((e): e is AgentEvent => e.type === "agent.event");
    expect(nested.every((e) => e.agent === "writer" && e.callId === "call_0_0" && e.turn === 1)).toBe(true);
    const inner = nested.map((e) => e.event.type);
    expect(inner[0]).toBe("run.started");
    expect(inner.at(-1)).toBe("run.completed");
    expect(inner.filter((t) => t === "response.output_text.delta")).toHaveLength(3);
    // Between the call's start and its completion in the caller's stream.
    const types = events.map((e) => e.type);
    const first = types.indexOf("agent.event");
    expect(types.lastIndexOf("tool_call.started", first)).toBeGreaterThan(-1);
    expect(types.indexOf("tool_call.completed")).toBeGreaterThan(types.lastIndexOf("agent.event"));
  });

  it("shares the caller's context and shared tool queue (concurrency 1 does not deadlock)", async () => {
    const seen: string[] = [];
    const whoami = tool({
      name: "whoami",
      description: "The user",
      parameters: z.object({}),
      execute: (_args, { runContext }: ToolContext<{ user: string }>) => {
        seen.push(runContext.user);
        return runContext.user;
      },
    });
    const specialist = new Agent<{ user: string }>({
      name: "inner",
      model: new ScriptedModel([[functionCall("whoami")], [text("You are ada.")]]),
      tools: [whoami],
    });
    const model = new ScriptedModel([
      [functionCall("ask", { input: "Who am I?" }), functionCall("whoami")],
      [text("ada")],
    ]);
    const agent = new Agent<{ user: string }>({
      name: "outer",
      model,
      tools: [specialist.asTool({ name: "ask", description: "Asks inner" }), whoami],
    });
    const queue = new PQueue({ concurrency: 1 });
    const result = await run(agent, "Who am I?", { context: { user: "ada" }, toolQueue: queue });
    expect(result.finalOutput).toBe("ada");
    expect(seen).toEqual(["ada", "ada"]);
    expect(outputsOf(model, 1).map((o) => o.output)).toEqual(["You are ada.", "ada"]);
  });

  it("shares the caller's AbortSignal: aborting the caller aborts the nested run's tools", async () => {
    const controller = new AbortController();
    let nestedSignal: AbortSignal | undefined;
    const hang = tool({
      name: "hang",
      description: "Never returns",
      parameters: z.object({}),
      execute: (_args, { signal }) =>
        new Promise<string>((_resolve, reject) => {
          nestedSignal = signal;
          signal.addEventListener("abort", () => reject(signal.reason));
          controller.abort(new Error("user stop"));
        }),
    });
    const specialist = new Agent({
      name: "inner",
      model: new ScriptedModel([[functionCall("hang")]]),
      tools: [hang],
    });
    const model = new ScriptedModel([[functionCall("delegate", { input: "go" })]]);
    const agent = new Agent({
      name: "outer",
      model,
      tools: [specialist.asTool({ name: "delegate", description: "Delegates" })],
    });
    const error = (await run(agent, "go", { signal: controller.signal }).catch(
      (e: unknown) => e,
    )) as RunError;
    expect(error).toBeInstanceOf(RunError);
    expect(error.code).toBe("aborted");
    expect(nestedSignal?.aborted).toBe(true);
  });

  it("tells the calling model when the nested run fails", async () => {
    const specialist = new Agent({
      name: "inner",
      model: new ScriptedModel([[functionCall("x")], [functionCall("x")], [functionCall("x")]]),
      maxTurns: 2,
    });
    const model = new ScriptedModel([[functionCall("delegate", { input: "go" })], [text("It failed.")]]);
    const agent = new Agent({
      name: "outer",
      model,
      tools: [specialist.asTool({ name: "delegate", description: "Delegates" })],
    });
    const result = await run(agent, "go");
    expect(result.finalOutput).toBe("It failed.");
    expect(outputsOf(model, 1)[0]?.output).toBe(
      'Error: Tool "delegate" failed: The run reached maxTurns (2) without a final answer.',
    );
  });

  it("refuses to pause outside a run (executeToolCalls) with approval_required", async () => {
    const guarded = tool({
      name: "guarded",
      description: "Needs approval",
      parameters: z.object({}),
      needsApproval: true,
      execute: () => "ran",
    });
    const specialist = new Agent({
      name: "inner",
      model: new ScriptedModel([[functionCall("guarded")]]),
      tools: [guarded],
    });
    const { results } = await executeToolCalls(
      [{ call_id: "c1", name: "delegate", arguments: '{"input":"go"}' }],
      { tools: [specialist.asTool({ name: "delegate", description: "Delegates" })] },
    );
    expect(results[0]?.ok).toBe(false);
    expect(results[0]?.error?.cause).toMatchObject({ code: "approval_required" });
  });

  it("validates its definition like any tool", () => {
    const agent = new Agent({ name: "inner", model: new ScriptedModel([]) });
    expect(() => agent.asTool({ name: "has space", description: "x" })).toThrow(/Invalid tool "has space"/);
    expect(() => agent.asTool({ name: "ok", description: "" })).toThrow(/description is required/);
  });
});
