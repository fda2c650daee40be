/**
 * Interop: the official `openai` SDK (v6, the last line on Node 20) as a client of the server, over
 * real HTTP. Every event and response the server sends here is also validated against the spec.
 */

import { codeRunner } from "@openloop/sandbox";
import { failMidStream, functionCall, httpError, reasoning, ScriptedModel, text } from "@openloop/testing";
import OpenAI, {
  APIError,
  AuthenticationError,
  BadRequestError,
  InternalServerError,
  RateLimitError,
} from "openai";
import { afterEach, describe, expect, test } from "vitest";
import type { ServerRunContext } from "../src/hosted/code-interpreter.js";
import { serve, type TestServer } from "./support/server.js";
import { eventProblems, responseProblems, streamProblems } from "./support/spec.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const weatherTool = {
  type: "function" as const,
  name: "get_weather",
  description: "Current weather for a city",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
  strict: false,
};

describe("the openai SDK against the server", () => {
  test("responses.create() without streaming", async () => {
    server = await serve(new ScriptedModel([[text("Hello from openloop.")]]), { codeRunner: false });
    const response = await server.client.responses.create({ model: "test", input: "Hi" });
    expect(response.status).toBe("completed");
    expect(response.output_text).toBe("Hello from openloop.");
    expect(responseProblems(response)).toEqual([]);
  });

  test("responses.create({ stream: true }): every event valid and in order", async () => {
    server = await serve(new ScriptedModel([{ output: [text("Streaming works.")], chunkSize: 3 }]), {
      codeRunner: false,
    });
    const stream = await server.client.responses.create({ model: "test", input: "Hi", stream: true });
    const events: unknown[] = [];
    let out = "";
    for await (const event of stream) {
      events.push(event);
      if (event.type === "response.output_text.delta") out += event.delta;
    }
    expect(out).toBe("Streaming works.");
    expect(streamProblems(events)).toEqual([]);
  });

  test("responses.stream().finalResponse()", async () => {
    server = await serve(new ScriptedModel([{ output: [text("Final answer.")], chunkSize: 4 }]), {
      codeRunner: false,
    });
    const stream = server.client.responses.stream({ model: "test", input: "Hi" });
    const seen: unknown[] = [];
    stream.on("event", (event) => seen.push(event));
    const response = await stream.finalResponse();
    expect(response.output_text).toBe("Final answer.");
    expect(streamProblems(seen)).toEqual([]);
  });

  test("a client tool round trip: function_call out, function_call_output in with previous_response_id", async () => {
    const model = new ScriptedModel([
      [functionCall("get_weather", { city: "Paris" })],
      [text("21 °C in Paris.")],
    ]);
    server = await serve(model, { codeRunner: false });
    const first = await server.client.responses.create({
      model: "test",
      input: "Weather in Paris?",
      tools: [weatherTool],
    });
    expect(responseProblems(first)).toEqual([]);
    expect(first.status).toBe("completed");
    const call = first.output.find((item) => item.type === "function_call");
    expect(call).toMatchObject({ type: "function_call", name: "get_weather", arguments: '{"city":"Paris"}' });
    if (call?.type !== "function_call") throw new Error("no call");

    const second = await server.client.responses.create({
      model: "test",
      previous_response_id: first.id,
      input: [{ type: "function_call_output", call_id: call.call_id, output: "21 °C, sunny" }],
      tools: [weatherTool],
    });
    expect(second.output_text).toBe("21 °C in Paris.");
    // The model saw the whole conversation: the question, its call, and the client's output.
    expect((model.requests[1]!.input as { type: string }[]).map((i) => i.type)).toEqual([
      "message",
      "function_call",
      "function_call_output",
    ]);
  });

  test("a client tool round trip without previous_response_id (the client replays the output)", async () => {
    const model = new ScriptedModel([[functionCall("get_weather", { city: "Oslo" })], [text("Cold.")]]);
    server = await serve(model, { codeRunner: false });
    const first = await server.client.responses.create({
      model: "test",
      input: "Oslo?",
      tools: [weatherTool],
      store: false,
    });
    const call = first.output[0];
    if (call?.type !== "function_call") throw new Error("no call");
    const second = await server.client.responses.create({
      model: "test",
      store: false,
      tools: [weatherTool],
      input: [
        { role: "user", content: "Oslo?" },
        call,
        { type: "function_call_output", call_id: call.call_id, output: "-5 °C" },
      ],
    });
    expect(second.output_text).toBe("Cold.");
  });

  test("reasoning then text through responses.stream(): no duplicate output index (OpenAI reasoning names)", async () => {
    server = await serve(
      new ScriptedModel([
        { output: [reasoning({ summary: "Count.", content: "1, 2, 3." }), text("3")], chunkSize: 3 },
      ]),
      { codeRunner: false },
    );
    const stream = server.client.responses.stream(
      { model: "test", input: "Count to 3" },
      { headers: { "OpenLoop-Reasoning-Events": "openai" } },
    );
    const indexes: number[] = [];
    const raw: string[] = [];
    stream.on("response.output_item.added", (event) => indexes.push(event.output_index));
    stream.on("response.reasoning_text.delta", (event) => raw.push(event.delta));
    const response = await stream.finalResponse();
    expect(indexes).toEqual([0, 1]);
    expect(raw.join("")).toBe("1, 2, 3.");
    expect(response.output.map((item) => item.type)).toEqual(["reasoning", "message"]);
    expect(response.output_text).toBe("3");
  });

  test("with the spec's reasoning names (the default), create({ stream: true }) carries them; stream() rejects them", async () => {
    const script = () => new ScriptedModel([[reasoning({ content: "Thinking." }), text("Done.")]]);
    server = await serve(script(), { codeRunner: false });
    const stream = await server.client.responses.create({ model: "test", input: "Go", stream: true });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types).toContain("response.reasoning.delta");
    await server.close();

    // The SDK's stream helper does not know the spec's names: the documented reason for the switch.
    server = await serve(script(), { codeRunner: false });
    await expect(
      server.client.responses.stream({ model: "test", input: "Go" }).finalResponse(),
    ).rejects.toThrow(/response\.reasoning\.delta/);
  });

  test("a hosted code-runner call: a code_interpreter_call item the SDK rebuilds", async () => {
    const model = new ScriptedModel([
      [functionCall("run_javascript", { code: "[1, 2, 3].map((n) => n * n)" })],
      [text("The squares are 1, 4 and 9.")],
    ]);
    server = await serve(model);
    const stream = server.client.responses.stream({
      model: "test",
      input: "Square 1..3 with code",
      tools: [{ type: "code_interpreter", container: { type: "auto" } }],
    });
    const seen: unknown[] = [];
    stream.on("event", (event) => seen.push(event));
    const response = await stream.finalResponse();
    expect(streamProblems(seen)).toEqual([]);
    expect(response.output.map((item) => item.type)).toEqual(["code_interpreter_call", "message"]);
    expect(response.output[0]).toMatchObject({
      type: "code_interpreter_call",
      status: "completed",
      code: "[1, 2, 3].map((n) => n * n)",
      outputs: [{ type: "logs", logs: "result: [ 1, 4, 9 ]" }],
    });
    // The model saw its call and the run's output as a function call and its output.
    const second = model.requests[1]?.input as { type: string; output?: unknown }[];
    expect(second.map((i) => i.type)).toEqual(["message", "function_call", "function_call_output"]);
    expect(second[2]?.output).toBe("result: [ 1, 4, 9 ]");
  });

  test("notebook sessions per conversation: a variable from one response is there in the next", async () => {
    const runner = codeRunner<ServerRunContext>({ session: (ctx) => ctx.runContext.conversationId });
    const model = new ScriptedModel([
      [functionCall("run_javascript", { code: "var answer = 41" })],
      [text("Stored.")],
      [functionCall("run_javascript", { code: "answer + 1" })],
      [text("42.")],
    ]);
    server = await serve(model, { codeRunner: runner });
    const tools = [{ type: "code_interpreter" as const, container: { type: "auto" as const } }];
    const first = await server.client.responses.create({ model: "test", input: "Store 41", tools });
    const second = await server.client.responses.create({
      model: "test",
      input: "Add one",
      tools,
      previous_response_id: first.id,
    });
    expect(second.output[0]).toMatchObject({
      type: "code_interpreter_call",
      outputs: [{ logs: "result: 42" }],
    });
    // Both calls ran in the conversation's session: one container, named by it.
    const containerOf = (r: typeof first) => (r.output[0] as { container_id?: string }).container_id;
    expect(containerOf(first)).toBe(first.id);
    expect(containerOf(second)).toBe(first.id);
    await server.close();
    server = undefined;
    await runner.close();
  });

  test("responses.compact(): its output is the base input of the next request", async () => {
    const model = new ScriptedModel([[text("Hi Ada.")], [text("SUMMARY: the user is Ada.")], [text("Ada.")]]);
    server = await serve(model, { codeRunner: false });
    const first = await server.client.responses.create({ model: "test", input: "I am Ada." });
    const compacted = await server.client.responses.compact({
      model: "test",
      previous_response_id: first.id,
      input: [{ role: "user", content: "Who am I?" }],
    });
    expect(compacted.object).toBe("response.compaction");
    expect(compacted.output.map((item) => item.type)).toEqual(["compaction", "message"]);
    const next = await server.client.responses.create({ model: "test", input: compacted.output as never });
    expect(next.output_text).toBe("Ada.");
    expect(JSON.stringify(model.requests[2]?.input)).toContain("SUMMARY: the user is Ada.");
  });

  test("previous_response_id continues a stored conversation", async () => {
    const model = new ScriptedModel([[text("Nice to meet you, Ada.")], [text("Your name is Ada.")]]);
    server = await serve(model, { codeRunner: false });
    const first = await server.client.responses.create({ model: "test", input: "I am Ada." });
    const second = await server.client.responses.create({
      model: "test",
      input: "What is my name?",
      previous_response_id: first.id,
    });
    expect(second.previous_response_id).toBe(first.id);
    expect(second.output_text).toBe("Your name is Ada.");
    expect(model.requests[1]?.input).toMatchObject([
      { role: "user", content: "I am Ada." },
      { type: "message", role: "assistant" },
      { role: "user", content: "What is my name?" },
    ]);
  });
});

describe("error paths: the SDK's APIError classes", () => {
  test("a bad body: BadRequestError (400) whose param names the field", async () => {
    server = await serve(new ScriptedModel([]), { codeRunner: false });
    const error = await server.client.responses
      .create({ model: "test", input: "Hi", max_output_tokens: 3 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as APIError).status).toBe(400);
    expect((error as APIError).param).toBe("max_output_tokens");
  });

  test("an unknown model: 400 model_not_found, param model", async () => {
    server = await serve(new ScriptedModel([]), { codeRunner: false });
    const error = (await server.client.responses
      .create({ model: "nope/x", input: "Hi" })
      .catch((e) => e)) as APIError;
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.code).toBe("model_not_found");
    expect(error.param).toBe("model");
  });

  test("an unknown previous_response_id: 400 previous_response_not_found", async () => {
    server = await serve(new ScriptedModel([]), { codeRunner: false });
    const error = (await server.client.responses
      .create({ model: "test", input: "Hi", previous_response_id: "resp_missing" })
      .catch((e) => e)) as APIError;
    expect(error.status).toBe(400);
    expect(error.code).toBe("previous_response_not_found");
    expect(error.param).toBe("previous_response_id");
  });

  test("a wrong API key: AuthenticationError (401)", async () => {
    server = await serve(new ScriptedModel([]), { codeRunner: false, apiKeys: ["sk-right"] });
    const wrong = new OpenAI({ baseURL: server.url, apiKey: "sk-wrong", maxRetries: 0 });
    await expect(wrong.responses.create({ model: "test", input: "Hi" })).rejects.toBeInstanceOf(
      AuthenticationError,
    );
  });

  test("an upstream rate limit before any event: RateLimitError (429) with the upstream's Retry-After", async () => {
    server = await serve(new ScriptedModel([httpError(429, undefined, { retryAfter: 7 })]), {
      codeRunner: false,
    });
    const error = (await server.client.responses
      .create({ model: "test", input: "Hi", stream: true })
      .catch((e) => e)) as APIError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.headers?.get("retry-after")).toBe("7");
  });

  test("an upstream failure before any event: InternalServerError (500, model_error)", async () => {
    server = await serve(new ScriptedModel([httpError(503)]), { codeRunner: false });
    const error = (await server.client.responses
      .create({ model: "test", input: "Hi" })
      .catch((e) => e)) as APIError;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.type).toBe("model_error");
  });

  test("a failure mid-stream: an error event then response.failed (the SDK throws APIError at the error event)", async () => {
    server = await serve(
      new ScriptedModel([failMidStream(6, { message: "upstream overloaded" }, [text("Hello, wor")])]),
      { codeRunner: false },
    );
    const stream = await server.client.responses.create({ model: "test", input: "Hi", stream: true });
    const events: unknown[] = [];
    const error = await (async () => {
      for await (const event of stream) events.push(event);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).message).toContain("upstream overloaded");
    for (const event of events) expect(eventProblems(event)).toEqual([]);
  });
});
