import { functionCall, reasoning, ScriptedModel, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Agent } from "../agent/agent.js";
import { RunError } from "../errors/run-error.js";
import { tool } from "../tools/index.js";
import { run } from "./run.js";

const add = tool({
  name: "add",
  description: "Add two numbers",
  parameters: z.object({ a: z.number(), b: z.number() }),
  execute: ({ a, b }) => a + b,
});

describe("run: a plain answer", () => {
  it("completes with the text, one turn, and the string input sent as a user message", async () => {
    const model = new ScriptedModel([
      { output: [text("Hello!")], usage: { input_tokens: 7, output_tokens: 2 } },
    ]);
    const result = await run(new Agent({ name: "greeter", model, instructions: "Be brief." }), "Hi");
    expect(result.status).toBe("completed");
    expect(result.finalOutput).toBe("Hello!");
    expect(result.turns).toBe(1);
    expect(result.stopReason).toEqual({
      code: "completed",
      message: "The model gave its final answer in turn 1.",
    });
    expect(result.interruptions).toEqual([]);
    expect(result.lastResponseId).toBe("resp_0");
    expect(result.usage.total_tokens).toBe(9);
    expect(model.requests[0]).toMatchObject({
      instructions: "Be brief.",
      store: false,
      include: ["reasoning.encrypted_content"],
      input: [{ type: "message", role: "user", content: "Hi" }],
    });
    // No tools: neither `tools` nor `tool_choice` is sent (servers reject a tool_choice without tools).
    expect(model.requests[0]).not.toHaveProperty("tools");
    expect(model.requests[0]).not.toHaveProperty("tool_choice");
  });

  it("takes input items, including the { role, content } shorthand", async () => {
    const model = new ScriptedModel([[text("ok")]]);
    await run(new Agent({ name: "a", model }), [
      { role: "developer", content: "Answer in French." } as never,
      { type: "message", role: "user", content: [{ type: "input_text", text: "Hello" }] },
    ]);
    expect(model.requests[0]?.input).toEqual([
      { type: "message", role: "developer", content: "Answer in French." },
      { type: "message", role: "user", content: [{ type: "input_text", text: "Hello" }] },
    ]);
  });

  it("rejects invalid input with a RunError (invalid_request) before calling the model", async () => {
    const model = new ScriptedModel([[text("never")]]);
    const agent = new Agent({ name: "a", model });
    const error = await run(agent, [{ type: "message", role: "user" } as never]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunError);
    expect((error as RunError).code).toBe("invalid_request");
    expect((error as RunError).message).toMatch(/^Invalid input: /);
    expect((error as RunError).result.status).toBe("failed");
    expect((error as RunError).result.items).toEqual([]);
    const notInput = await run(agent, 42 as never).catch((e: unknown) => e);
    expect((notInput as RunError).message).toBe(
      "Invalid input: expected a string, an array of items or a RunState, got number.",
    );
    expect(model.requests).toHaveLength(0);
  });

  it("rejects invalid run options with a RunError (invalid_config) naming the option, before calling the model", async () => {
    const model = new ScriptedModel([[text("never")]]);
    const agent = new Agent({ name: "a", model });
    const failure = (options: unknown) =>
      run(agent, "Hi", options as never).then(
        () => expect.unreachable("the run should fail"),
        (error: unknown) => {
          expect(error).toBeInstanceOf(RunError);
          expect((error as RunError).code).toBe("invalid_config");
          expect((error as RunError).result.status).toBe("failed");
          return (error as RunError).message;
        },
      );
    expect(await failure({ signal: "stop" })).toBe(
      'Expected `signal` to be an AbortSignal, got `"stop"` (string)',
    );
    expect(await failure({ toolQueue: { concurrency: 2 } })).toBe(
      'Expected `toolQueue` to be a PQueue (new PQueue({ concurrency })), got `{"concurrency":2}` (object)',
    );
    expect(await failure({ previousResponseId: 42 })).toBe(
      "Expected `previousResponseId` to be a response id (a non-empty string), got `42` (number)",
    );
    expect(await failure(null)).toBe("Expected the run's options to be an object, got `null` (null)");
    expect(model.requests).toHaveLength(0);
  });
});

describe("run: tools", () => {
  it("runs the calls, answers them, and returns everything generated in order", async () => {
    const model = new ScriptedModel([
      {
        output: [
          reasoning({ summary: "Two sums.", encrypted: "enc-1" }),
          functionCall("add", { a: 1, b: 2 }),
          functionCall("add", { a: 3, b: 4 }),
        ],
        usage: { input_tokens: 10, output_tokens: 5, output_tokens_details: { reasoning_tokens: 3 } },
      },
      {
        output: [text("3 and 7")],
        usage: { input_tokens: 30, output_tokens: 4, input_tokens_details: { cached_tokens: 8 } },
      },
    ]);
    const result = await run(new Agent({ name: "calc", model, tools: [add] }), "Add 1+2 and 3+4");
    expect(result.finalOutput).toBe("3 and 7");
    expect(result.turns).toBe(2);
    expect(result.items.map((item) => item.type)).toEqual([
      "reasoning",
      "function_call",
      "function_call",
      "function_call_output",
      "function_call_output",
      "message",
    ]);
    expect(result.items.slice(3, 5)).toMatchObject([
      { type: "function_call_output", call_id: "call_0_1", output: "3" },
      { type: "function_call_output", call_id: "call_0_2", output: "7" },
    ]);
    expect(result.responses.map((r) => r.id)).toEqual(["resp_0", "resp_1"]);
    expect(result.usageByTurn.map((u) => u.total_tokens)).toEqual([15, 34]);
    expect(result.usage).toEqual({
      input_tokens: 40,
      output_tokens: 9,
      total_tokens: 49,
      input_tokens_details: { cached_tokens: 8 },
      output_tokens_details: { reasoning_tokens: 3 },
    });
    expect(model.requests[0]?.tools).toEqual([
      {
        type: "function",
        name: "add",
        description: "Add two numbers",
        parameters: add.parameters,
        strict: true,
      },
    ]);
  });

  it("gives every tool the run's context, its call id and a signal", async () => {
    const seen: unknown[] = [];
    const whoami = tool({
      name: "whoami",
      description: "The current user",
      parameters: z.object({}),
      execute: (_args, ctx: { runContext: { user: string }; callId: string; signal: AbortSignal }) => {
        seen.push([ctx.runContext.user, ctx.callId, ctx.signal instanceof AbortSignal]);
        return ctx.runContext.user;
      },
    });
    const model = new ScriptedModel([
      [functionCall("whoami", {}), functionCall("whoami", {})],
      [functionCall("whoami", {})],
      [text("You are ada.")],
    ]);
    const agent = new Agent<{ user: string }>({
      name: "ctx",
      model,
      tools: [whoami],
      instructions: ({ runContext }) => `The user is ${runContext.user}.`,
      loopDetection: false,
    });
    await run(agent, "who am I?", { context: { user: "ada" } });
    expect(seen).toEqual([
      ["ada", "call_0_0", true],
      ["ada", "call_0_1", true],
      ["ada", "call_1_0", true],
    ]);
    expect(model.requests[0]?.instructions).toBe("The user is ada.");
  });

  it("returns content parts from a tool as the spec's function_call_output array", async () => {
    const chart = tool({
      name: "chart",
      description: "Draw a chart",
      parameters: z.object({}),
      execute: () => [
        { type: "input_text" as const, text: "A chart" },
        { type: "input_image" as const, image_url: "data:image/png;base64,iVBORw0KGgo=" },
      ],
    });
    const model = new ScriptedModel([[functionCall("chart", {})], [text("Here it is.")]]);
    await run(new Agent({ name: "c", model, tools: [chart] }), "chart");
    expect(model.requests[1]?.input).toContainEqual({
      type: "function_call_output",
      call_id: "call_0_0",
      output: [
        { type: "input_text", text: "A chart" },
        { type: "input_image", image_url: "data:image/png;base64,iVBORw0KGgo=" },
      ],
    });
  });

  it("sends hosted tools as given and replays their output items untouched", async () => {
    const search = { type: "web_search", search_context_size: "low" };
    const call = {
      type: "web_search_call",
      id: "ws_1",
      status: "completed",
      action: { type: "search", query: "q" },
    };
    const model = new ScriptedModel([[call, text("Found it.")]]);
    const result = await run(new Agent({ name: "s", model, tools: [search] }), "search");
    expect(model.requests[0]?.tools).toEqual([search]);
    expect(result.items[0]).toEqual(call);
    expect(result.finalOutput).toBe("Found it.");
  });
});
