/**
 * End to end over real HTTP: the loop drives `openResponses()` against `startMockServer` on
 * 127.0.0.1, so every request crosses a socket as JSON and every response comes back as SSE.
 */
import type { ItemParam } from "@openloop/protocol";
import { validateAgainstSpec } from "@openloop/protocol/fixtures";
import {
  functionCall,
  httpError,
  type MockServer,
  reasoning,
  stall,
  startMockServer,
  text,
} from "@openloop/testing";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { Agent } from "../agent/agent.js";
import { RunError } from "../errors/run-error.js";
import type { RunEvent } from "../events/run-event.js";
import { openResponses } from "../model/open-responses/open-responses.js";
import { type ToolContext, tool } from "../tools/index.js";
import { run } from "./run.js";
import { runStream } from "./run-stream.js";

const inputOf = (request: { input?: unknown } | undefined) => (request?.input ?? []) as ItemParam[];

let server: MockServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const getWeather = tool({
  name: "get_weather",
  description: "Current weather for a city",
  parameters: z.object({ city: z.string(), unit: z.enum(["C", "F"]).optional() }),
  execute: ({ city, unit = "C" }, { runContext }: ToolContext<{ user: string }>) =>
    `21°${unit} in ${city} for ${runContext.user}`,
});

const bodies = () => server!.requests.map((r) => r.body!);

describe("the loop over HTTP", () => {
  it("runs a streamed tool loop: zod tools, context, replay, spec-valid requests", async () => {
    server = await startMockServer([
      {
        output: [
          reasoning({ summary: "Weather lookup.", encrypted: "enc-1" }),
          functionCall("get_weather", { city: "Paris", unit: null }),
          functionCall("get_weather", { city: "Oslo", unit: "F" }),
        ],
        chunkSize: 5,
        usage: { input_tokens: 30, output_tokens: 12 },
      },
      {
        output: [text("Paris 21°C, Oslo 21°F.")],
        chunkSize: 4,
        usage: { input_tokens: 60, output_tokens: 8 },
      },
    ]);
    const model = openResponses({ baseURL: server.url, model: "test-model" });
    const agent = new Agent<{ user: string }>({
      name: "weather",
      model,
      tools: [getWeather],
      instructions: "Be brief.",
    });
    const stream = runStream(agent, "Weather in Paris and Oslo?", { context: { user: "ada" } });
    const events: RunEvent[] = [];
    let printed = "";
    for await (const event of stream) {
      events.push(event);
      if (event.type === "response.output_text.delta") printed += event.delta;
    }
    const result = await stream.result;
    expect(result.finalOutput).toBe("Paris 21°C, Oslo 21°F.");
    expect(printed).toBe(result.finalOutput);
    expect(result.usage.total_tokens).toBe(110);

    const [first, second] = bodies();
    for (const body of bodies()) expect(validateAgainstSpec("CreateResponseBody", body)).toEqual([]);
    expect(first).toMatchObject({
      model: "test-model",
      stream: true,
      store: false,
      instructions: "Be brief.",
    });
    expect(inputOf(second).slice(1)).toEqual([
      {
        type: "reasoning",
        id: "rs_0_0",
        summary: [{ type: "summary_text", text: "Weather lookup." }],
        encrypted_content: "enc-1",
      },
      ...result.items.slice(1, 3),
      { type: "function_call_output", call_id: "call_0_1", output: "21°C in Paris for ada" },
      { type: "function_call_output", call_id: "call_0_2", output: "21°F in Oslo for ada" },
    ]);
    const deltas = events.filter((e) => e.type === "tool_call.arguments.delta");
    expect(
      deltas
        .filter((d) => d.callId === "call_0_1")
        .map((d) => d.delta)
        .join(""),
    ).toBe('{"city":"Paris","unit":null}');
  });

  it("falls back to full replay when the server answers previous_response_not_found", async () => {
    server = await startMockServer([
      [functionCall("get_weather", { city: "Rome" })],
      httpError(400, {
        error: {
          type: "invalid_request_error",
          code: "previous_response_not_found",
          message: "Previous response with id 'resp_0' not found.",
          param: "previous_response_id",
        },
      }),
      [text("Rome: 21°C.")],
    ]);
    const model = openResponses({ baseURL: server.url, model: "m" });
    const agent = new Agent({ name: "chain", model, tools: [getWeather], usePreviousResponseId: true });
    const result = await run(agent, "Rome?", { context: { user: "bo" } });
    expect(result.finalOutput).toBe("Rome: 21°C.");
    const [, lost, replayed] = bodies();
    expect(lost).toMatchObject({ previous_response_id: "resp_0", store: true });
    expect(inputOf(lost).map((i) => i.type)).toEqual(["function_call_output"]);
    expect(replayed).not.toHaveProperty("previous_response_id");
    expect(inputOf(replayed).map((i) => i.type)).toEqual([
      "message",
      "function_call",
      "function_call_output",
    ]);
  });

  it("reports an HTTP failure as a typed RunError with the status, keeping the tool results", async () => {
    server = await startMockServer([[functionCall("get_weather", { city: "Lima" })], httpError(401)]);
    const model = openResponses({ baseURL: server.url, model: "m", maxRetries: 0 });
    const error = (await run(new Agent({ name: "e", model, tools: [getWeather] }), "Lima?", {
      context: { user: "cy" },
    }).catch((e: unknown) => e)) as RunError;
    expect(error).toBeInstanceOf(RunError);
    expect(error.code).toBe("model_http_error");
    expect((error.cause as { status?: number }).status).toBe(401);
    expect(error.result.items.map((i) => i.type)).toEqual(["function_call", "function_call_output"]);
  });

  it("cancels the HTTP request when the run is aborted", async () => {
    server = await startMockServer([stall(2)]);
    const model = openResponses({ baseURL: server.url, model: "m" });
    const controller = new AbortController();
    const stream = runStream(new Agent({ name: "c", model }), "hi", { signal: controller.signal });
    for await (const event of stream) if (event.type === "response.created") controller.abort();
    const error = (await stream.result.catch((e: unknown) => e)) as RunError;
    expect(error.code).toBe("aborted");
  });
});
