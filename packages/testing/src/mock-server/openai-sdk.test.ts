/**
 * Interop: the official `openai` SDK (v6, the last line that runs on Node 20) as a client of
 * `startMockServer`. The SDK is much stricter than a plain stream reader: `responses.stream()`
 * rebuilds the response from the events and throws on anything out of order or unknown.
 */
import OpenAI, { RateLimitError } from "openai";
import { afterEach, describe, expect, test } from "vitest";
import { functionCall, reasoning, refusal, text } from "../script/items.js";
import { httpError } from "../script/turns.js";
import { type MockServer, startMockServer } from "./mock-server.js";

const servers: MockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function client(...args: Parameters<typeof startMockServer>) {
  const server = await startMockServer(...args);
  servers.push(server);
  return { server, openai: new OpenAI({ baseURL: server.url, apiKey: "sk-test", maxRetries: 0 }) };
}

describe("the openai SDK against startMockServer", () => {
  test("responses.create() without streaming", async () => {
    const { openai, server } = await client([[text("Hello from the mock.")]]);
    const response = await openai.responses.create({ model: "gpt-test", input: "Hi" });
    expect(response.status).toBe("completed");
    expect(response.output_text).toBe("Hello from the mock.");
    expect(response.model).toBe("gpt-test");
    expect(server.requests[0]?.headers.authorization).toBe("Bearer sk-test");
  });

  test("responses.create({ stream: true }) yields every event in order", async () => {
    const { openai } = await client([{ output: [text("Streaming works.")], chunkSize: 4 }]);
    const stream = await openai.responses.create({ model: "m", input: "Hi", stream: true });
    const types: string[] = [];
    let textOut = "";
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === "response.output_text.delta") textOut += event.delta;
    }
    expect(textOut).toBe("Streaming works.");
    expect(types[0]).toBe("response.created");
    expect(types.at(-1)).toBe("response.completed");
  });

  test("responses.stream().finalResponse(): a reasoning item (summary, encrypted) then text", async () => {
    const { openai } = await client([
      {
        output: [
          reasoning({ summary: ["First I think.", "Then I answer."], encrypted: "gAAAA-opaque" }),
          text("42"),
        ],
        chunkSize: 5,
        usage: { input_tokens: 10, output_tokens: 3 },
      },
    ]);
    const stream = openai.responses.stream({
      model: "m",
      input: "Meaning of life?",
      include: ["reasoning.encrypted_content"],
    });
    const summary: string[] = [];
    stream.on("response.reasoning_summary_text.delta", (event) => summary.push(event.delta));
    const response = await stream.finalResponse();
    expect(response.output_text).toBe("42");
    expect(summary.join("")).toBe("First I think.Then I answer.");
    const [thought] = response.output;
    expect(thought).toMatchObject({
      type: "reasoning",
      encrypted_content: "gAAAA-opaque",
      summary: [{ text: "First I think." }, { text: "Then I answer." }],
    });
    expect(response.usage?.total_tokens).toBe(13);
  });

  test('raw reasoning content reaches the SDK with reasoningEvents: "openai"', async () => {
    const { openai } = await client([[reasoning({ content: "Let me count: 1, 2, 3." }), text("3")]], {
      reasoningEvents: "openai",
    });
    const response = await openai.responses.stream({ model: "m", input: "Count" }).finalResponse();
    expect(response.output[0]).toMatchObject({
      type: "reasoning",
      content: [{ type: "reasoning_text", text: "Let me count: 1, 2, 3." }],
    });
    expect(response.output_text).toBe("3");
  });

  test("why the option exists: the SDK's responses.stream() rejects the spec's own reasoning event names", async () => {
    const { openai } = await client([[reasoning({ content: "raw" })]]);
    await expect(openai.responses.stream({ model: "m", input: "x" }).finalResponse()).rejects.toThrow(
      /Unhandled response stream event.*response\.reasoning\.delta/,
    );
  });

  test("a tool call round trip: parallel calls, then the outputs sent back, then the answer", async () => {
    const { openai, server } = await client([
      [functionCall("get_weather", { city: "Paris" }), functionCall("get_weather", { city: "Oslo" })],
      (request) => {
        const outputs = (request.input as { type?: string; output?: string }[]).filter(
          (item) => item.type === "function_call_output",
        );
        return [text(`Weather: ${outputs.map((o) => o.output).join(" / ")}`)];
      },
    ]);
    const tools = [
      {
        type: "function" as const,
        name: "get_weather",
        description: "Weather for a city",
        parameters: {
          type: "object",
          properties: { city: { type: "string" } },
          required: ["city"],
          additionalProperties: false,
        },
        strict: true,
      },
    ];
    const first = await openai.responses
      .stream({ model: "m", input: "Weather in Paris and Oslo?", tools })
      .finalResponse();
    const calls = first.output.filter((item) => item.type === "function_call");
    expect(calls.map((c) => JSON.parse(c.arguments).city)).toEqual(["Paris", "Oslo"]);
    expect(new Set(calls.map((c) => c.call_id)).size).toBe(2);

    const second = await openai.responses
      .stream({
        model: "m",
        tools,
        input: [
          { role: "user", content: "Weather in Paris and Oslo?" },
          ...calls,
          ...calls.map((call) => ({
            type: "function_call_output" as const,
            call_id: call.call_id,
            output: `${JSON.parse(call.arguments).city}: 20C`,
          })),
        ],
      })
      .finalResponse();
    expect(second.output_text).toBe("Weather: Paris: 20C / Oslo: 20C");
    const sent = server.requests[1]?.body?.input as { type?: string; call_id?: string }[];
    expect(sent.filter((item) => item.type === "function_call_output").map((item) => item.call_id)).toEqual(
      calls.map((c) => c.call_id),
    );
    expect(server.requests[0]?.body?.tools).toEqual(tools);
  });

  test("a refusal is rebuilt by responses.stream()", async () => {
    const { openai } = await client([{ output: [refusal("I can't help with that.")], chunkSize: 6 }]);
    const response = await openai.responses.stream({ model: "m", input: "?" }).finalResponse();
    expect(response.output[0]).toMatchObject({
      type: "message",
      content: [{ type: "refusal", refusal: "I can't help with that." }],
    });
  });

  test("HTTP errors reach the SDK as its typed errors; its own retries honour retry-after-ms", async () => {
    const { openai } = await client([
      httpError(429, {
        error: { type: "rate_limit", code: "rate_limit_exceeded", message: "Too fast.", param: null },
      }),
    ]);
    const error = await openai.responses.create({ model: "m", input: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, code: "rate_limit_exceeded" });

    const retrying = await startMockServer([
      httpError(503, undefined, { retryAfterMs: 1 }),
      [text("after retry")],
    ]);
    servers.push(retrying);
    const patient = new OpenAI({ baseURL: retrying.url, apiKey: "k", maxRetries: 1 });
    expect((await patient.responses.create({ model: "m", input: "x" })).output_text).toBe("after retry");
    expect(retrying.requests).toHaveLength(2);
  });
});
