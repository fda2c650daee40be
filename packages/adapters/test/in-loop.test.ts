/**
 * The agent loop over the adapters, end to end: multi-turn sessions with parallel tool calls and
 * reasoning against scripted Chat Completions and Anthropic servers on 127.0.0.1 (real HTTP),
 * including 429/500 retries and a stream cut mid-way. What the backend receives on the second turn
 * is checked: the reasoning the backend needs back, the calls and their results by id, in order.
 */
import { Agent, RunError, run, tool } from "@openloop/core";
import { afterEach, describe, expect, it } from "vitest";
import { anthropicMessages } from "../src/anthropic-messages/model.js";
import { chatCompletions } from "../src/chat-completions/model.js";
import { anthropicEvents, chatChunks, type FakeServer, type Reply, startFakeServer } from "./fake-server.js";

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(replies: Reply[]): Promise<FakeServer> {
  server = await startFakeServer(replies);
  return server;
}

const calls: string[] = [];
const operands = {
  type: "object",
  properties: { a: { type: "number" }, b: { type: "number" } },
  required: ["a", "b"],
  additionalProperties: false,
} as const;
type Operands = { a: number; b: number };
const tools = [
  tool({
    name: "add",
    description: "Add two numbers",
    parameters: operands,
    execute: (args) => {
      const { a, b } = args as Operands;
      calls.push("add");
      return String(a + b);
    },
  }),
  tool({
    name: "multiply",
    description: "Multiply two numbers",
    parameters: operands,
    execute: (args) => {
      const { a, b } = args as Operands;
      calls.push("multiply");
      return String(a * b);
    },
  }),
];

const parallelCalls = [
  { id: "call_add", name: "add", arguments: '{"a":2,"b":3}' },
  { id: "call_mul", name: "multiply", arguments: '{"a":2,"b":3}' },
];

// biome-ignore lint/suspicious/noExplicitAny: request bodies as the fake server received them
type Json = Record<string, any>;

describe("the loop over chatCompletions()", () => {
  const turnOne = {
    frames: chatChunks({ reasoning: "Both tools, at once.", text: "Working on it.", calls: parallelCalls }),
  };
  const turnTwo = { frames: chatChunks({ reasoning: "5 and 6.", text: "2 + 3 = 5 and 2 × 3 = 6." }) };

  it("runs a two-turn session with parallel calls, sending reasoning and results back by call id", async () => {
    calls.length = 0;
    const s = await serve([turnOne, turnTwo]);
    const agent = new Agent({
      name: "math",
      instructions: "Use the tools.",
      model: chatCompletions({ baseURL: `${s.url}/v1`, model: "m" }),
      tools,
    });
    const result = await run(agent, "Add and multiply 2 and 3.");
    expect(result.status).toBe("completed");
    expect(result.finalOutput).toBe("2 + 3 = 5 and 2 × 3 = 6.");
    expect(result.turns).toBe(2);
    expect(calls.sort()).toEqual(["add", "multiply"]);
    expect(result.items.map((item) => item.type)).toEqual([
      "reasoning",
      "message",
      "function_call",
      "function_call",
      "function_call_output",
      "function_call_output",
      "reasoning",
      "message",
    ]);
    const second = s.requests[1]!.body as Json;
    expect(second.messages).toEqual([
      { role: "system", content: "Use the tools." },
      { role: "user", content: "Add and multiply 2 and 3." },
      {
        role: "assistant",
        reasoning_content: "Both tools, at once.",
        content: "Working on it.",
        tool_calls: [
          { id: "call_add", type: "function", function: { name: "add", arguments: '{"a":2,"b":3}' } },
          { id: "call_mul", type: "function", function: { name: "multiply", arguments: '{"a":2,"b":3}' } },
        ],
      },
      { role: "tool", tool_call_id: "call_add", content: "5" },
      { role: "tool", tool_call_id: "call_mul", content: "6" },
    ]);
    expect(second.tools.map((t: Json) => t.function.name)).toEqual(["add", "multiply"]);
  });

  it("retries a 429 and a 500 before each turn's stream", async () => {
    const s = await serve([
      {
        status: 429,
        headers: { "retry-after-ms": "1" },
        json: { error: { message: "rate limited", code: "rate_limit_exceeded" } },
      },
      turnOne,
      { status: 500, headers: { "retry-after": "0" }, json: { error: { message: "internal" } } },
      turnTwo,
    ]);
    const agent = new Agent({ name: "math", model: chatCompletions({ baseURL: s.url, model: "m" }), tools });
    const result = await run(agent, "Add and multiply 2 and 3.");
    expect(result.finalOutput).toBe("2 + 3 = 5 and 2 × 3 = 6.");
    expect(s.requests).toHaveLength(4);
  });

  it("fails the run with stream_interrupted when the second turn's stream is cut, keeping the first turn", async () => {
    const s = await serve([turnOne, { ...turnTwo, cutAfter: 5 }]);
    const agent = new Agent({ name: "math", model: chatCompletions({ baseURL: s.url, model: "m" }), tools });
    const error = await run(agent, "Add and multiply 2 and 3.").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunError);
    expect(error).toMatchObject({ code: "stream_interrupted" });
    const partial = (error as RunError).result;
    expect(partial.items.filter((item) => item.type === "function_call_output")).toHaveLength(2);
    expect(s.requests).toHaveLength(2);
  });
});

describe("the loop over anthropicMessages()", () => {
  const turnOne = {
    frames: anthropicEvents({
      thinking: { text: "Both tools, at once.", signature: "sig-turn-1" },
      text: "Working on it.",
      calls: parallelCalls,
    }),
    eventLines: true,
    done: false,
  };
  const turnTwo = {
    frames: anthropicEvents({ text: "2 + 3 = 5 and 2 × 3 = 6." }),
    eventLines: true,
    done: false,
  };

  it("runs a two-turn session with parallel tool_use, replaying the signed thinking block verbatim", async () => {
    const s = await serve([turnOne, turnTwo]);
    const model = anthropicMessages({ baseURL: `${s.url}/v1`, apiKey: "k", model: "claude" });
    const agent = new Agent({
      name: "math",
      instructions: "Use the tools.",
      model,
      tools,
      reasoning: { effort: "low" },
    });
    const result = await run(agent, "Add and multiply 2 and 3.");
    expect(result.finalOutput).toBe("2 + 3 = 5 and 2 × 3 = 6.");
    const second = s.requests[1]!.body as Json;
    expect(second.system).toBe("Use the tools.");
    expect(second.thinking).toEqual({ type: "enabled", budget_tokens: 2048 });
    expect(second.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "Add and multiply 2 and 3." }] },
      {
        role: "assistant",
        content: [
          { type: "thinking", thinking: "Both tools, at once.", signature: "sig-turn-1" },
          { type: "text", text: "Working on it." },
          { type: "tool_use", id: "call_add", name: "add", input: { a: 2, b: 3 } },
          { type: "tool_use", id: "call_mul", name: "multiply", input: { a: 2, b: 3 } },
        ],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "call_add", content: "5" },
          { type: "tool_result", tool_use_id: "call_mul", content: "6" },
        ],
      },
    ]);
  });

  it("continues a tool-using conversation with an agent that has no tools (tools defined for the history, none callable)", async () => {
    const s = await serve([turnOne, turnTwo, { ...turnTwo, frames: anthropicEvents({ text: "Summary." }) }]);
    const model = anthropicMessages({ baseURL: s.url, model: "claude" });
    const question = { role: "user", content: "Add and multiply 2 and 3." } as const;
    const first = await run(new Agent({ name: "math", model, tools }), [question]);
    const writer = new Agent({ name: "writer", instructions: "Summarize.", model });
    const result = await run(writer, [
      question,
      ...first.items,
      { role: "user", content: "Summarize that." },
    ]);
    expect(result.finalOutput).toBe("Summary.");
    const third = s.requests[2]!.body as Json;
    expect(third.tools).toEqual([
      expect.objectContaining({ name: "add", input_schema: expect.any(Object) }),
      expect.objectContaining({ name: "multiply", input_schema: expect.any(Object) }),
    ]);
    expect(third.tool_choice).toEqual({ type: "none" });
    expect(third.messages[1].content.filter((b: Json) => b.type === "tool_use")).toHaveLength(2);
  });

  it("retries an overloaded 529 and a 500, then completes", async () => {
    const s = await serve([
      {
        status: 529,
        headers: { "retry-after": "0" },
        json: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } },
      },
      turnOne,
      {
        status: 500,
        headers: { "retry-after": "0" },
        json: { type: "error", error: { type: "api_error", message: "Internal" } },
      },
      turnTwo,
    ]);
    const agent = new Agent({
      name: "math",
      model: anthropicMessages({ baseURL: s.url, model: "claude" }),
      tools,
    });
    const result = await run(agent, "Add and multiply 2 and 3.");
    expect(result.finalOutput).toBe("2 + 3 = 5 and 2 × 3 = 6.");
    expect(s.requests).toHaveLength(4);
  });

  it("fails the run with stream_interrupted when a stream is cut mid-way", async () => {
    const s = await serve([{ ...turnOne, cutAfter: 6 }]);
    const agent = new Agent({
      name: "math",
      model: anthropicMessages({ baseURL: s.url, model: "claude" }),
      tools,
    });
    const error = await run(agent, "Add and multiply 2 and 3.").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "stream_interrupted" });
    expect(s.requests).toHaveLength(1);
  });
});

describe("one conversation across wires", () => {
  it("moves a conversation with Kimi-style call ids (`functions.add:0`) from a Chat Completions backend to Anthropic", async () => {
    const kimiCalls = [
      { id: "functions.add:0", name: "add", arguments: '{"a":2,"b":3}' },
      { id: "functions.multiply:1", name: "multiply", arguments: '{"a":2,"b":3}' },
    ];
    const s = await serve([
      { frames: chatChunks({ calls: kimiCalls }) },
      { frames: chatChunks({ text: "5 and 6." }) },
      { frames: anthropicEvents({ text: "Still 5 and 6." }), eventLines: true, done: false },
    ]);
    const question = { role: "user", content: "Add and multiply 2 and 3." } as const;
    const chat = new Agent({
      name: "kimi",
      model: chatCompletions({ baseURL: s.url, model: "kimi-k2" }),
      tools,
    });
    const first = await run(chat, [question]);
    const claude = new Agent({
      name: "claude",
      model: anthropicMessages({ baseURL: s.url, model: "claude" }),
      tools,
    });
    const second = await run(claude, [question, ...first.items, { role: "user", content: "Sure?" }]);
    expect(second.finalOutput).toBe("Still 5 and 6.");
    const messages = (s.requests[2]!.body as Json).messages as Json[];
    const uses = messages[1]!.content.filter((b: Json) => b.type === "tool_use").map((b: Json) => b.id);
    const results = messages[2]!.content
      .filter((b: Json) => b.type === "tool_result")
      .map((b: Json) => b.tool_use_id);
    expect(uses).toHaveLength(2);
    expect(results).toEqual(uses);
    for (const id of uses) expect(id).toMatch(/^[a-zA-Z0-9_-]+$/);
  });
});
