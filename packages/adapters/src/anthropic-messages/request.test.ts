import type { CreateResponseBody } from "@openloop/protocol";
import { describe, expect, it } from "vitest";
import { encodeReasoningBlob } from "../shared/reasoning-blob.js";
import { toAnthropicRequest } from "./request.js";

const weather = {
  type: "function" as const,
  name: "weather",
  description: "Weather for a city",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  strict: true,
};
const time = { type: "function" as const, name: "time", parameters: { type: "object", properties: {} } };

function request(body: CreateResponseBody, options: Partial<Parameters<typeof toAnthropicRequest>[1]> = {}) {
  return toAnthropicRequest(body, { model: "claude", ...options });
}

describe("toAnthropicRequest: settings", () => {
  it("sends a default max_tokens (the API requires one) and the request's own when set", () => {
    expect(request({ input: "Hi" })).toMatchObject({ model: "claude", max_tokens: 4096, stream: true });
    expect(request({ input: "Hi", max_output_tokens: 500 }).max_tokens).toBe(500);
    expect(request({ input: "Hi" }, { maxTokens: 1000 }).max_tokens).toBe(1000);
  });

  it("hoists instructions, system and developer messages into `system`", () => {
    const r = request({
      instructions: "Be brief.",
      input: [
        { type: "message", role: "developer", content: "Use metric units." },
        { type: "message", role: "user", content: "Hi" },
      ],
    });
    expect(r.system).toBe("Be brief.\n\nUse metric units.");
    expect(r.messages).toEqual([{ role: "user", content: [{ type: "text", text: "Hi" }] }]);
  });

  it("maps tools to input_schema tools (dropping strict, which the API refuses)", () => {
    expect(request({ input: "x", tools: [weather] }).tools).toEqual([
      { name: "weather", description: "Weather for a city", input_schema: weather.parameters },
    ]);
  });

  it.each([
    ["auto", { type: "auto" }],
    ["required", { type: "any" }],
    ["none", { type: "none" }],
    [
      { type: "function", name: "time" },
      { type: "tool", name: "time" },
    ],
  ] as const)("maps tool_choice %j", (choice, expected) => {
    expect(request({ input: "x", tools: [weather, time], tool_choice: choice }).tool_choice).toEqual(
      expected,
    );
  });

  it("applies allowed_tools by filtering the tools and sending its mode", () => {
    const r = request({
      input: "x",
      tools: [weather, time],
      tool_choice: {
        type: "allowed_tools",
        tools: [{ type: "function", name: "weather" }],
        mode: "required",
      },
    });
    expect(r.tools?.map((t) => t.name)).toEqual(["weather"]);
    expect(r.tool_choice).toEqual({ type: "any" });
  });

  it("maps parallel_tool_calls: false to disable_parallel_tool_use", () => {
    expect(request({ input: "x", tools: [weather], parallel_tool_calls: false }).tool_choice).toEqual({
      type: "auto",
      disable_parallel_tool_use: true,
    });
  });

  it("turns reasoning.effort into a thinking budget, raising max_tokens above it and dropping temperature", () => {
    const r = request({ input: "x", reasoning: { effort: "high" }, temperature: 0.3 });
    expect(r.thinking).toEqual({ type: "enabled", budget_tokens: 16_384 });
    expect(r.max_tokens).toBe(16_384 + 4096);
    expect(r.temperature).toBeUndefined();
    expect(
      request({ input: "x", reasoning: { effort: "low" } }, { thinkingBudgets: { low: 1024 } }).thinking,
    ).toEqual({
      type: "enabled",
      budget_tokens: 1024,
    });
    expect(
      request({ input: "x", reasoning: { effort: "high" } }, { thinking: false }).thinking,
    ).toBeUndefined();
    // "minimal" (sent by OpenAI clients, outside the spec's enum) thinks as "low" does, not with no budget.
    const minimal = { input: "x", reasoning: { effort: "minimal" } } as unknown as CreateResponseBody;
    expect(request(minimal).thinking).toEqual({ type: "enabled", budget_tokens: 2048 });
  });

  it("turns thinking off while the tool calls being answered came without a thinking block (the API 400s otherwise)", () => {
    const signed = encodeReasoningBlob("anthropic-messages", {
      block: { type: "thinking", thinking: "Look it up.", signature: "sig" },
    });
    const history = (reasoning: boolean) => [
      { type: "message" as const, role: "user" as const, content: "Weather in Paris?" },
      ...(reasoning
        ? [{ type: "reasoning" as const, id: "rs_1", summary: [], encrypted_content: signed }]
        : []),
      {
        type: "function_call" as const,
        call_id: "functions.weather:0",
        name: "weather",
        arguments: '{"city":"Paris"}',
      },
      { type: "function_call_output" as const, call_id: "functions.weather:0", output: "Sunny" },
    ];
    // Calls another backend made (or made while thinking was off): thinking must stay off, even if configured.
    for (const options of [{}, { thinking: { type: "enabled", budget_tokens: 2000 } } as const]) {
      const r = request(
        { input: history(false), tools: [weather], reasoning: { effort: "low" }, temperature: 0.2 },
        options,
      );
      expect(r.thinking).toBeUndefined();
      expect(r.temperature).toBe(0.2);
    }
    // The same exchange with its signed thinking block replayed first: thinking stays on.
    expect(
      request({ input: history(true), tools: [weather], reasoning: { effort: "low" } }).thinking,
    ).toEqual({
      type: "enabled",
      budget_tokens: 2048,
    });
    // Once answered, a new user message starts a new exchange: no requirement, thinking on.
    const next = [
      ...history(false),
      { type: "message" as const, role: "assistant" as const, content: "Sunny." },
      { type: "message" as const, role: "user" as const, content: "And Rome?" },
    ];
    expect(request({ input: next, tools: [weather], reasoning: { effort: "low" } }).thinking).toBeDefined();
  });

  it("asks for auto instead of a forced tool while thinking (the API refuses both together)", () => {
    const r = request({
      input: "x",
      tools: [weather],
      tool_choice: "required",
      reasoning: { effort: "low" },
    });
    expect(r.tool_choice).toEqual({ type: "auto" });
  });
});

describe("toAnthropicRequest: input items", () => {
  it("maps images (base64 and URL) and PDF documents to blocks", () => {
    const r = request({
      input: [
        {
          type: "message",
          role: "user",
          content: [
            { type: "input_text", text: "Compare" },
            { type: "input_image", image_url: "data:image/jpeg;base64,AAAA" },
            { type: "input_image", image_url: "https://x/y.png" },
            { type: "input_file", file_data: "data:application/pdf;base64,BBBB" },
          ],
        },
      ],
    });
    expect(r.messages[0]!.content).toEqual([
      { type: "text", text: "Compare" },
      { type: "image", source: { type: "base64", media_type: "image/jpeg", data: "AAAA" } },
      { type: "image", source: { type: "url", url: "https://x/y.png" } },
      { type: "document", source: { type: "base64", media_type: "application/pdf", data: "BBBB" } },
    ]);
  });

  it("alternates turns: thinking, text and tool_use in one assistant turn, tool results in the next user turn", () => {
    const thinking = encodeReasoningBlob("anthropic-messages", {
      block: { type: "thinking", thinking: "Check both.", signature: "sig" },
    });
    const r = request({
      input: [
        { type: "message", role: "user", content: "Weather and time?" },
        { type: "reasoning", id: "rs_1", summary: [], encrypted_content: thinking },
        { type: "message", role: "assistant", content: [{ type: "output_text", text: "Looking." }] },
        { type: "function_call", call_id: "toolu_1", name: "weather", arguments: '{"city":"Oslo"}' },
        { type: "function_call", call_id: "toolu_2", name: "time", arguments: "" },
        { type: "function_call_output", call_id: "toolu_1", output: "cold" },
        { type: "function_call_output", call_id: "toolu_2", output: [{ type: "input_text", text: "noon" }] },
      ],
    });
    expect(r.messages.slice(1)).toEqual([
      {
        role: "assistant",
        content: [
          { type: "thinking", thinking: "Check both.", signature: "sig" },
          { type: "text", text: "Looking." },
          { type: "tool_use", id: "toolu_1", name: "weather", input: { city: "Oslo" } },
          { type: "tool_use", id: "toolu_2", name: "time", input: {} },
        ],
      },
      {
        role: "user",
        content: [
          { type: "tool_result", tool_use_id: "toolu_1", content: "cold" },
          { type: "tool_result", tool_use_id: "toolu_2", content: [{ type: "text", text: "noon" }] },
        ],
      },
    ]);
  });

  it("sends call ids other backends minted (Kimi's `functions.add:0`) in the form Anthropic accepts, keeping pairs matched", () => {
    const r = request({
      input: [
        { type: "function_call", call_id: "functions.add:0", name: "add", arguments: "{}" },
        { type: "function_call", call_id: "functions.add_0", name: "add", arguments: "{}" },
        { type: "function_call", call_id: "toolu_01AbC-d_e", name: "add", arguments: "{}" },
        { type: "function_call_output", call_id: "functions.add:0", output: "1" },
        { type: "function_call_output", call_id: "functions.add_0", output: "2" },
        { type: "function_call_output", call_id: "toolu_01AbC-d_e", output: "3" },
      ],
    });
    const uses = r.messages[0]!.content.map((b) => b.id as string);
    const results = r.messages[1]!.content.map((b) => b.tool_use_id as string);
    expect(results).toEqual(uses);
    for (const id of uses) expect(id).toMatch(/^[a-zA-Z0-9_-]+$/);
    expect(new Set(uses).size).toBe(3);
    // Both clean to functions_add_0; the hash of the original keeps them apart.
    expect(uses[0]).toMatch(/^functions_add_0_[0-9a-f]{8}$/);
    expect(uses[1]).toMatch(/^functions_add_0_[0-9a-f]{8}$/);
    expect(uses[2]).toBe("toolu_01AbC-d_e");
  });

  it("keeps arguments that are not JSON visible to the model instead of losing them", () => {
    const r = request({ input: [{ type: "function_call", call_id: "t", name: "f", arguments: "{oops" }] });
    expect(r.messages[0]!.content[0]).toMatchObject({ input: { _raw_arguments: "{oops" } });
  });

  it("replays redacted thinking and hosted-tool blocks verbatim, and drops other providers' reasoning", () => {
    const redacted = encodeReasoningBlob("anthropic-messages", {
      block: { type: "redacted_thinking", data: "opaque" },
    });
    const block = { type: "server_tool_use", id: "srvtoolu_1", name: "web_search", input: { query: "q" } };
    const r = request({
      input: [
        { type: "message", role: "user", content: "Search" },
        { type: "reasoning", id: "rs_1", summary: [], encrypted_content: redacted },
        { type: "reasoning", id: "rs_2", summary: [], encrypted_content: "gAAAA-openai" },
        { type: "anthropic:server_tool_use", id: "ext_1", status: "completed", block },
      ] as CreateResponseBody["input"],
    });
    expect(r.messages[1]).toEqual({
      role: "assistant",
      content: [{ type: "redacted_thinking", data: "opaque" }, block],
    });
  });

  it("puts tool_result blocks first in a user turn, before a message typed between the call and its output", () => {
    const r = request({
      input: [
        { type: "message", role: "user", content: "Weather?" },
        { type: "function_call", call_id: "toolu_1", name: "weather", arguments: '{"city":"Oslo"}' },
        { type: "message", role: "user", content: "In Celsius, please." },
        { type: "function_call_output", call_id: "toolu_1", output: "-3" },
      ],
    });
    expect(r.messages[2]).toEqual({
      role: "user",
      content: [
        { type: "tool_result", tool_use_id: "toolu_1", content: "-3" },
        { type: "text", text: "In Celsius, please." },
      ],
    });
  });

  it("leaves out empty text, which the API refuses as a block, in user turns and tool results", () => {
    const r = request({
      input: [
        { type: "message", role: "user", content: "" },
        {
          type: "message",
          role: "user",
          content: [
            { type: "input_text", text: "" },
            { type: "input_text", text: "Hi" },
          ],
        },
        { type: "function_call", call_id: "toolu_1", name: "f", arguments: "{}" },
        { type: "function_call_output", call_id: "toolu_1", output: [{ type: "input_text", text: "" }] },
      ],
    });
    expect(r.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "Hi" }] },
      { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name: "f", input: {} }] },
      { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: [] }] },
    ]);
  });

  it("refuses previous_response_id with an invalid_request error naming the parameter", () => {
    expect(() => request({ input: "x", previous_response_id: "resp_1" })).toThrow(
      expect.objectContaining({ code: "invalid_request", param: "previous_response_id" }),
    );
  });
});

/** Regression: Anthropic answers 400 "Requests which include `tool_use` or `tool_result` blocks must define tools". */
describe("toAnthropicRequest: a history with tool calls but no tools to offer", () => {
  const history: CreateResponseBody["input"] = [
    { type: "message", role: "user", content: "Weather in Oslo, then a summary." },
    { type: "function_call", call_id: "toolu_1", name: "weather", arguments: '{"city":"Oslo"}' },
    { type: "function_call", call_id: "toolu_2", name: "lookup", arguments: "{}" },
    { type: "function_call_output", call_id: "toolu_1", output: "-3" },
    { type: "function_call_output", call_id: "toolu_2", output: "n/a" },
    { type: "message", role: "user", content: "Now summarize, no more tools." },
  ];

  it("defines the tools allowed_tools filtered out, and asks for tool_choice none", () => {
    const r = request({
      input: history,
      tools: [weather, time],
      tool_choice: { type: "allowed_tools", tools: [], mode: "auto" },
    });
    expect(r.tools).toEqual([
      { name: "weather", description: "Weather for a city", input_schema: weather.parameters },
      {
        name: "lookup",
        description: "Used earlier in this conversation; not available now.",
        input_schema: { type: "object", properties: {} },
      },
    ]);
    expect(r.tool_choice).toEqual({ type: "none" });
    // The history itself is kept: the model still sees what it called and what came back.
    expect(r.messages[1]!.content.map((b) => b.type)).toEqual(["tool_use", "tool_use"]);
  });

  it("defines stubs when the request has no tools at all (an agent without tools continuing a conversation)", () => {
    const r = request({ input: history, reasoning: { effort: "low" }, parallel_tool_calls: false });
    expect(r.tools?.map((t) => t.name)).toEqual(["weather", "lookup"]);
    expect(r.tool_choice).toEqual({ type: "none" });
  });

  it("defines a stub for a history of tool_result blocks alone", () => {
    const r = request({
      input: [{ type: "function_call_output", call_id: "toolu_9", output: "done" }],
    });
    expect(r.tools).toEqual([expect.objectContaining({ name: "unavailable_tool" })]);
    expect(r.tool_choice).toEqual({ type: "none" });
  });

  it("sends no tools for a history without tool blocks", () => {
    const r = request({ input: "Hi", tool_choice: { type: "allowed_tools", tools: [], mode: "auto" } });
    expect(r.tools).toBeUndefined();
    expect(r.tool_choice).toBeUndefined();
  });
});
