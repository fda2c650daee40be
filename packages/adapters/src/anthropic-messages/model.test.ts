/**
 * `anthropicMessages(...)` against a real HTTP server on 127.0.0.1: headers, recorded streams
 * replayed byte for byte, retries, and failures as `response.failed`.
 */
import { failureOf } from "@openloop/core";
import { accumulate, ModelHttpError, outputText, type StreamEvent } from "@openloop/protocol";
import { fixturePath, loadCassette } from "@openloop/protocol/fixtures";
import { afterEach, describe, expect, it } from "vitest";
import { anthropicEvents, type FakeServer, type Reply, startFakeServer } from "../../test/fake-server.js";
import { specViolations } from "../../test/support/translate.js";
import { anthropicMessages } from "./model.js";

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(replies: Reply[]) {
  server = await startFakeServer(replies);
  return server;
}

async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

describe("anthropicMessages over HTTP", () => {
  it("sends x-api-key and anthropic-version, and streams a recorded answer (raw SSE bytes) as spec events", async () => {
    const recorded = loadCassette(
      fixturePath("anthropic-messages", "TestAnthropicThinking__claude-sonnet-4__thinking-streaming.yaml"),
    )[0]!;
    const s = await serve([{ frames: [recorded.body], done: false }]);
    const model = anthropicMessages({
      baseURL: `${s.url}/v1`,
      apiKey: "sk-ant",
      model: "claude-sonnet-4-20250514",
      betas: ["b1", "b2"],
    });
    const events = await collect(
      model.stream({ input: "What's the weather in Florence, Italy?", reasoning: { effort: "low" } }, {}),
    );
    expect(specViolations(events)).toEqual([]);
    const response = await accumulate(events);
    expect(response.status).toBe("completed");
    expect(response.output.map((i) => i.type)).toEqual(["reasoning", "function_call"]);
    expect(response.output[1]).toMatchObject({ call_id: "toolu_01Js4AMfx5qpTLhwTusnvT68", name: "weather" });
    const [request] = s.requests;
    expect(request!.path).toBe("/v1/messages");
    expect(request!.headers).toMatchObject({
      "x-api-key": "sk-ant",
      "anthropic-version": "2023-06-01",
      "anthropic-beta": "b1,b2",
    });
    expect(request!.body).toMatchObject({
      model: "claude-sonnet-4-20250514",
      stream: true,
      thinking: { type: "enabled" },
    });
    expect(model.capabilities).toMatchObject({
      jsonSchemaOutput: false,
      allowedTools: false,
      previousResponseId: false,
    });
  });

  it("retries an overloaded (529) answer, then streams", async () => {
    const s = await serve([
      {
        status: 529,
        headers: { "retry-after": "0" },
        json: { type: "error", error: { type: "overloaded_error", message: "Overloaded" } },
      },
      { frames: anthropicEvents({ text: "Fine." }), eventLines: true, done: false },
    ]);
    const events = await collect(
      anthropicMessages({ baseURL: s.url, model: "c" }).stream({ input: "x" }, {}),
    );
    expect(s.requests).toHaveLength(2);
    expect(outputText(await accumulate(events))).toBe("Fine.");
  });

  it("ends with a ModelHttpError carrying Anthropic's error type for the recorded 400", async () => {
    const recorded = loadCassette(
      fixturePath("anthropic-messages", "test_anthropic_explicit_effort_xhigh_unsupported_model_errors.yaml"),
    )[0]!;
    const s = await serve([{ status: recorded.status, json: JSON.parse(recorded.body) }]);
    const events = await collect(
      anthropicMessages({ baseURL: s.url, model: "claude-opus-4-6" }).stream({ input: "x" }, {}),
    );
    const error = failureOf(events[events.length - 1]);
    expect(error).toBeInstanceOf(ModelHttpError);
    expect(error).toMatchObject({ code: "model_http_error", status: 400, type: "invalid_request_error" });
    expect(error?.message).toContain("does not support effort level 'xhigh'");
  });

  it("sends the key as a bearer token when asked (Claude-compatible gateways)", async () => {
    const s = await serve([{ frames: anthropicEvents({ text: "ok" }), done: false }]);
    await collect(
      anthropicMessages({ baseURL: s.url, model: "c", apiKey: "k", authHeader: "bearer" }).stream(
        { input: "x" },
        {},
      ),
    );
    expect(s.requests[0]!.headers.authorization).toBe("Bearer k");
    expect(s.requests[0]!.headers["x-api-key"]).toBeUndefined();
  });

  it("fails a stream cut mid-way with stream_interrupted and no retry", async () => {
    const s = await serve([
      { frames: anthropicEvents({ text: "A long answer" }), eventLines: true, cutAfter: 5 },
    ]);
    const events = await collect(
      anthropicMessages({ baseURL: s.url, model: "c" }).stream({ input: "x" }, {}),
    );
    expect(s.requests).toHaveLength(1);
    expect(failureOf(events[events.length - 1])?.code).toBe("stream_interrupted");
  });

  it("completes at message_stop even when the server keeps the connection open afterwards", async () => {
    const frames = anthropicEvents({ text: "Done." });
    const s = await serve([{ frames, eventLines: true, done: false, hangAfter: frames.length }]);
    const events = await collect(
      anthropicMessages({ baseURL: s.url, model: "c", idleTimeoutMs: 2_000 }).stream({ input: "x" }, {}),
    );
    expect(specViolations(events)).toEqual([]);
    const response = await accumulate(events);
    expect(response.status).toBe("completed");
    expect(outputText(response)).toBe("Done.");
  });

  it("ends with invalid_response quoting a payload it cannot read, instead of a broken stream", async () => {
    const s = await serve([
      { frames: [{ type: "message_start", message: { id: "msg_1", content: "not blocks" } }], done: false },
    ]);
    const events = await collect(
      anthropicMessages({ baseURL: s.url, model: "c" }).stream({ input: "x" }, {}),
    );
    expect(specViolations(events)).toEqual([]);
    const error = failureOf(events[events.length - 1]);
    expect(error?.code).toBe("invalid_response");
    expect(error?.message).toContain('"content":"not blocks"');
  });
});
