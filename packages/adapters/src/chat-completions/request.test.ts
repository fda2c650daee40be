import { type CreateResponseBody, OpenloopError } from "@openloop/protocol";
import { fixturePath, loadCassette } from "@openloop/protocol/fixtures";
import { describe, expect, it } from "vitest";
import { encodeReasoningBlob } from "../shared/reasoning-blob.js";
import { toChatRequest } from "./request.js";

const weather = {
  type: "function" as const,
  name: "weather",
  description: "Weather for a city",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  strict: true,
};
const time = { type: "function" as const, name: "time", parameters: { type: "object", properties: {} } };

function request(body: CreateResponseBody, options: Partial<Parameters<typeof toChatRequest>[1]> = {}) {
  return toChatRequest(body, { model: "m", ...options });
}

describe("toChatRequest: settings", () => {
  it("sends instructions as the first system message and a string input as a user message", () => {
    const r = request({ instructions: "Be brief.", input: "Hi" });
    expect(r.messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "Hi" },
    ]);
    expect(r).toMatchObject({ model: "m", stream: true, stream_options: { include_usage: true } });
  });

  it("maps tools to functions with strict passed through, and parallel_tool_calls", () => {
    const r = request({ input: "x", tools: [weather, time], parallel_tool_calls: false });
    expect(r.tools).toEqual([
      {
        type: "function",
        function: {
          name: "weather",
          description: "Weather for a city",
          parameters: weather.parameters,
          strict: true,
        },
      },
      { type: "function", function: { name: "time", parameters: { type: "object", properties: {} } } },
    ]);
    expect(r.parallel_tool_calls).toBe(false);
  });

  it.each([
    ["auto", "auto"],
    ["none", "none"],
    ["required", "required"],
    [
      { type: "function", name: "time" },
      { type: "function", function: { name: "time" } },
    ],
  ] as const)("maps tool_choice %j", (choice, expected) => {
    expect(request({ input: "x", tools: [weather, time], tool_choice: choice }).tool_choice).toEqual(
      expected,
    );
  });

  it("applies allowed_tools by filtering the tool list and sending its mode", () => {
    const r = request({
      input: "x",
      tools: [weather, time],
      tool_choice: { type: "allowed_tools", tools: [{ type: "function", name: "time" }], mode: "required" },
    });
    expect(r.tools?.map((t) => (t.function as { name: string }).name)).toEqual(["time"]);
    expect(r.tool_choice).toBe("required");
  });

  it("sends no tool_choice when there are no tools (servers refuse one alone)", () => {
    expect(request({ input: "x", tool_choice: "none" }).tool_choice).toBeUndefined();
    const emptied = request({
      input: "x",
      tools: [weather],
      tool_choice: { type: "allowed_tools", tools: [{ type: "function", name: "missing" }], mode: "auto" },
    });
    expect(emptied.tools).toBeUndefined();
    expect(emptied.tool_choice).toBeUndefined();
  });

  it("puts max_output_tokens where the backend wants it", () => {
    expect(request({ input: "x", max_output_tokens: 100 }).max_tokens).toBe(100);
    const r = request({ input: "x", max_output_tokens: 100 }, { maxTokensField: "max_completion_tokens" });
    expect(r).toMatchObject({ max_completion_tokens: 100 });
    expect(r.max_tokens).toBeUndefined();
  });

  it("maps text.format json_schema to response_format as the recorded OpenAI request has it", () => {
    const recorded = loadCassette(
      fixturePath(
        "chat-completions",
        "TestOpenAIObjectGeneration__openai-gpt-4o__complex_object_streaming.yaml",
      ),
    )[0]!.requestBody as { response_format: { json_schema: Record<string, unknown> } };
    const { name, description, schema, strict } = recorded.response_format.json_schema as Record<
      string,
      never
    >;
    const r = request({
      input: "x",
      text: { format: { type: "json_schema", name, description, schema, strict } },
    });
    expect(r.response_format).toEqual(recorded.response_format);
  });

  it("sends reasoning effort, sampling settings and extra body fields", () => {
    const r = request(
      { input: "x", reasoning: { effort: "high" }, temperature: 0.2, top_p: 0.9 },
      { extraBody: { chat_template_kwargs: { thinking: true } } },
    );
    expect(r).toMatchObject({
      reasoning_effort: "high",
      temperature: 0.2,
      top_p: 0.9,
      chat_template_kwargs: { thinking: true },
    });
    expect(
      request({ input: "x", reasoning: { effort: "high" } }, { sendReasoningEffort: false }).reasoning_effort,
    ).toBeUndefined();
  });

  it("asks for a JSON body when not streaming", () => {
    const r = request({ input: "x" }, { stream: false });
    expect(r.stream).toBe(false);
    expect(r.stream_options).toBeUndefined();
  });
});

describe("toChatRequest: input items", () => {
  it("maps images and files in user content to chat parts", () => {
    const r = request({
      input: [
        {
          type: "message",
          role: "user",
          content: [
            { type: "input_text", text: "What is this?" },
            { type: "input_image", image_url: "data:image/png;base64,AAAA", detail: "low" },
            { type: "input_file", filename: "a.pdf", file_data: "data:application/pdf;base64,BBBB" },
          ],
        },
      ],
    });
    expect(r.messages[0]).toEqual({
      role: "user",
      content: [
        { type: "text", text: "What is this?" },
        { type: "image_url", image_url: { url: "data:image/png;base64,AAAA", detail: "low" } },
        { type: "file", file: { filename: "a.pdf", file_data: "data:application/pdf;base64,BBBB" } },
      ],
    });
  });

  it("joins consecutive function calls into one assistant message and answers them with tool messages", () => {
    const r = request({
      input: [
        { type: "message", role: "user", content: "Weather and time?" },
        { type: "function_call", call_id: "c1", name: "weather", arguments: '{"city":"Oslo"}' },
        { type: "function_call", call_id: "c2", name: "time", arguments: "{}" },
        { type: "function_call_output", call_id: "c1", output: "cold" },
        { type: "function_call_output", call_id: "c2", output: [{ type: "input_text", text: "noon" }] },
      ],
    });
    expect(r.messages.slice(1)).toEqual([
      {
        role: "assistant",
        tool_calls: [
          { id: "c1", type: "function", function: { name: "weather", arguments: '{"city":"Oslo"}' } },
          { id: "c2", type: "function", function: { name: "time", arguments: "{}" } },
        ],
      },
      { role: "tool", tool_call_id: "c1", content: "cold" },
      { role: "tool", tool_call_id: "c2", content: "noon" },
    ]);
  });

  it("sends images from tool outputs as a user message after the tool messages", () => {
    const r = request({
      input: [
        { type: "function_call", call_id: "c1", name: "screenshot", arguments: "{}" },
        {
          type: "function_call_output",
          call_id: "c1",
          output: [{ type: "input_image", image_url: "https://x/y.png" }],
        },
      ],
    });
    expect(r.messages.slice(1)).toEqual([
      { role: "tool", tool_call_id: "c1", content: "[1 image(s) attached in the next message]" },
      { role: "user", content: [{ type: "image_url", image_url: { url: "https://x/y.png" } }] },
    ]);
  });

  it("maps system and developer messages to system messages and accepts the { role, content } shorthand", () => {
    const r = request({
      input: [
        { role: "developer", content: "Rules." },
        { role: "user", content: "Hi" },
      ] as CreateResponseBody["input"],
    });
    expect(r.messages).toEqual([
      { role: "system", content: "Rules." },
      { role: "user", content: "Hi" },
    ]);
  });

  it("replays reasoning from the adapter's blob under the backend's own field, and drops foreign reasoning", () => {
    const ours = encodeReasoningBlob("chat-completions", { field: "reasoning_content", text: "Think." });
    const r = request({
      input: [
        { type: "message", role: "user", content: "Q" },
        { type: "reasoning", id: "rs_1", summary: [], encrypted_content: ours },
        { type: "reasoning", id: "rs_2", summary: [], encrypted_content: "gAAAAB-openai-blob" },
        { type: "message", role: "assistant", content: [{ type: "output_text", text: "A" }] },
      ],
    });
    expect(r.messages[1]).toEqual({ role: "assistant", reasoning_content: "Think.", content: "A" });
  });

  it("with replayReasoning 'tool-turns', sends back only the current user turn's reasoning", () => {
    const blob = (text: string) =>
      encodeReasoningBlob("chat-completions", { field: "reasoning_content", text });
    const r = request(
      {
        input: [
          { type: "message", role: "user", content: "Q1" },
          { type: "reasoning", id: "rs_1", summary: [], encrypted_content: blob("old") },
          { type: "message", role: "assistant", content: [{ type: "output_text", text: "A1" }] },
          { type: "message", role: "user", content: "Q2" },
          { type: "reasoning", id: "rs_2", summary: [], encrypted_content: blob("new") },
          { type: "function_call", call_id: "c1", name: "time", arguments: "{}" },
          { type: "function_call_output", call_id: "c1", output: "noon" },
        ],
      },
      { replayReasoning: "tool-turns" },
    );
    expect(r.messages[1]).toEqual({ role: "assistant", content: "A1" });
    expect(r.messages[3]).toMatchObject({ role: "assistant", reasoning_content: "new" });
  });

  it("with replayReasoning 'tool-turns', keeps the reasoning of calls whose output held an image (that user message is no new turn)", () => {
    const blob = (text: string) =>
      encodeReasoningBlob("chat-completions", { field: "reasoning_content", text });
    const r = request(
      {
        input: [
          { type: "message", role: "user", content: "Look twice." },
          { type: "reasoning", id: "rs_1", summary: [], encrypted_content: blob("first look") },
          { type: "function_call", call_id: "c1", name: "screenshot", arguments: "{}" },
          {
            type: "function_call_output",
            call_id: "c1",
            output: [{ type: "input_image", image_url: "data:image/png;base64,AAAA" }],
          },
          { type: "reasoning", id: "rs_2", summary: [], encrypted_content: blob("second look") },
          { type: "function_call", call_id: "c2", name: "screenshot", arguments: "{}" },
          { type: "function_call_output", call_id: "c2", output: "done" },
        ],
      },
      { replayReasoning: "tool-turns" },
    );
    expect(r.messages.map((m) => m.role)).toEqual(["user", "assistant", "tool", "user", "assistant", "tool"]);
    expect(r.messages[1]).toMatchObject({ reasoning_content: "first look" });
    expect(r.messages[4]).toMatchObject({ reasoning_content: "second look" });
  });

  it("refuses previous_response_id with an invalid_request error naming the parameter", () => {
    const error = (() => {
      try {
        request({ input: "x", previous_response_id: "resp_1" });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(OpenloopError);
    expect(error).toMatchObject({ code: "invalid_request", param: "previous_response_id" });
  });

  it.each([
    [{ type: "function_call", name: "f", arguments: "{}" }, "input[0].call_id"],
    [{ type: "function_call", call_id: "c1", arguments: "{}" }, "input[0].name"],
    [{ type: "function_call_output", call_id: "", output: "x" }, "input[0].call_id"],
  ])(
    "refuses a call or output without its call_id or name (%j) with invalid_request naming the field",
    (item, param) => {
      expect(() => request({ input: [item] as CreateResponseBody["input"] })).toThrow(
        expect.objectContaining({ code: "invalid_request", param }),
      );
    },
  );

  it("refuses item_reference input with an invalid_request error naming the item", () => {
    expect(() =>
      request({
        input: [
          { type: "message", role: "user", content: "x" },
          { type: "item_reference", id: "msg_1" },
        ],
      }),
    ).toThrow(expect.objectContaining({ code: "invalid_request", param: "input[1]" }));
  });
});
