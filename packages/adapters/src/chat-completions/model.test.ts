/**
 * `chatCompletions(...)` against a real HTTP server on 127.0.0.1: what goes on the wire, retries,
 * and every failure ending the stream as data (`response.failed` with a typed error).
 */
import { getEventListeners } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { failureOf } from "@openloop/core";
import { accumulate, ModelHttpError, OpenloopError, outputText, type StreamEvent } from "@openloop/protocol";
import { fixturePath, loadCassette } from "@openloop/protocol/fixtures";
import { afterEach, describe, expect, it } from "vitest";
import { chatChunks, type FakeServer, type Reply, startFakeServer } from "../../test/fake-server.js";
import { specViolations } from "../../test/support/translate.js";
import { chatCompletions } from "./model.js";

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(replies: Reply[] | ((n: number) => Reply)) {
  server = await startFakeServer(replies);
  return server;
}

async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

const last = (events: StreamEvent[]) => events[events.length - 1]!;

describe("chatCompletions over HTTP", () => {
  it("posts the translated request and streams spec events back", async () => {
    const s = await serve([
      {
        frames: [
          ": OPENROUTER PROCESSING\n\n",
          ...chatChunks({ reasoning: "Let me see.", text: "Hello there" }),
        ],
      },
    ]);
    const model = chatCompletions({ baseURL: `${s.url}/v1`, apiKey: "sk-test", model: "fake-model" });
    const events = await collect(
      model.stream({ instructions: "Be kind.", input: "Hi", max_output_tokens: 100 }, {}),
    );
    expect(specViolations(events)).toEqual([]);
    const response = await accumulate(events);
    expect(outputText(response)).toBe("Hello there");
    expect(response.output.map((i) => i.type)).toEqual(["reasoning", "message"]);
    expect(response.usage).toMatchObject({ input_tokens: 10, output_tokens: 5 });
    expect(response.model).toBe("fake-model");
    const [request] = s.requests;
    expect(request!.path).toBe("/v1/chat/completions");
    expect(request!.headers.authorization).toBe("Bearer sk-test");
    expect(request!.body).toMatchObject({
      model: "fake-model",
      stream: true,
      max_tokens: 100,
      messages: [
        { role: "system", content: "Be kind." },
        { role: "user", content: "Hi" },
      ],
    });
    expect(model.name).toBe("chat-completions:fake-model");
    expect(model.capabilities).toMatchObject({
      allowedTools: false,
      previousResponseId: false,
      jsonSchemaOutput: true,
    });
  });

  it("retries 429 and 500 (honouring retry-after-ms) before any event, then streams once", async () => {
    const s = await serve([
      {
        status: 429,
        headers: { "retry-after-ms": "5" },
        json: { error: { message: "slow down", code: "rate_limit_exceeded" } },
      },
      { status: 500, headers: { "retry-after": "0" }, json: { error: { message: "oops" } } },
      { frames: chatChunks({ text: "ok" }) },
    ]);
    const events = await collect(chatCompletions({ baseURL: s.url, model: "m" }).stream({ input: "x" }, {}));
    expect(s.requests).toHaveLength(3);
    expect(events.filter((e) => e.type === "response.created")).toHaveLength(1);
    expect(last(events).type).toBe("response.completed");
  });

  it("ends with response.failed carrying a ModelHttpError for an error answer (the recorded o1-mini 400)", async () => {
    const recorded = loadCassette(
      fixturePath("chat-completions", "test_openai_o1_mini_system_role[system].yaml"),
    )[0]!;
    const s = await serve([{ status: recorded.status, json: JSON.parse(recorded.body) }]);
    const events = await collect(
      chatCompletions({ baseURL: s.url, model: "o1-mini" }).stream({ input: "x" }, {}),
    );
    expect(events.map((e) => e.type)).toEqual(["response.failed"]);
    expect(specViolations(events)).toEqual([]);
    const error = failureOf(last(events));
    expect(error).toBeInstanceOf(ModelHttpError);
    expect(error).toMatchObject({
      code: "model_http_error",
      status: 400,
      serverCode: "unsupported_value",
      param: "messages[0].role",
    });
    expect(error?.message).toContain("does not support 'system'");
    expect(s.requests).toHaveLength(1);
  });

  it("reads a 404 as a wrong path for this wire, not as a server without Open Responses", async () => {
    const s = await serve([{ status: 404, json: { detail: "Not Found" } }]);
    const events = await collect(chatCompletions({ baseURL: s.url, model: "m" }).stream({ input: "x" }, {}));
    const error = failureOf(last(events));
    expect(error).toMatchObject({ code: "model_http_error", status: 404 });
    expect(error?.message).toContain("is this the right endpoint?");
  });

  it("gives up after maxRetries with the last HTTP error", async () => {
    const s = await serve(() => ({
      status: 503,
      headers: { "retry-after-ms": "1" },
      json: { error: { message: "busy" } },
    }));
    const events = await collect(
      chatCompletions({ baseURL: s.url, model: "m", maxRetries: 1 }).stream({ input: "x" }, {}),
    );
    expect(s.requests).toHaveLength(2);
    expect(failureOf(last(events))).toMatchObject({ code: "model_http_error", status: 503 });
  });

  it("fails with model_connection_error when nothing listens", async () => {
    const s = await serve([]);
    const url = s.url;
    await s.close();
    server = undefined;
    const events = await collect(
      chatCompletions({ baseURL: url, model: "m", maxRetries: 0 }).stream({ input: "x" }, {}),
    );
    expect(failureOf(last(events))?.code).toBe("model_connection_error");
  });

  it("does not retry a stream cut mid-way: stream_interrupted, with the partial output kept", async () => {
    const s = await serve([{ frames: chatChunks({ text: "Partial answer that goes on" }), cutAfter: 4 }]);
    const events = await collect(chatCompletions({ baseURL: s.url, model: "m" }).stream({ input: "x" }, {}));
    expect(s.requests).toHaveLength(1);
    expect(specViolations(events)).toEqual([]);
    const terminal = last(events);
    expect(failureOf(terminal)?.code).toBe("stream_interrupted");
    expect(outputText(await accumulate(events))).toBe("Partial answ");
  });

  it("removes its abort listener after each request on a long-lived signal", async () => {
    const s = await serve(() => ({ frames: chatChunks({ text: "ok" }) }));
    const controller = new AbortController();
    const model = chatCompletions({ baseURL: s.url, model: "m" });
    for (let i = 0; i < 3; i++) await collect(model.stream({ input: "x" }, { signal: controller.signal }));
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("releases the connection and its abort listener when the consumer stops reading early", async () => {
    let closed!: () => void;
    const connectionClosed = new Promise<void>((resolve) => {
      closed = resolve;
    });
    const backend = createServer((_req, res) => {
      res.on("close", closed);
      res.writeHead(200, { "content-type": "text/event-stream" });
      for (const frame of chatChunks({ text: "never finishes" }).slice(0, 3))
        res.write(`data: ${JSON.stringify(frame)}\n\n`);
      // ...and never ends: only the client can close this connection.
    });
    await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = backend.address() as AddressInfo;
      const controller = new AbortController();
      const model = chatCompletions({ baseURL: `http://127.0.0.1:${port}`, model: "m" });
      for await (const event of model.stream({ input: "x" }, { signal: controller.signal }))
        if (event.type === "response.output_text.delta") break;
      await connectionClosed;
      expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
    } finally {
      backend.closeAllConnections();
      backend.close();
    }
  });

  it("ends with aborted when the caller aborts mid-stream", async () => {
    const s = await serve([{ frames: chatChunks({ text: "never finishes" }), hangAfter: 3 }]);
    const controller = new AbortController();
    const events: StreamEvent[] = [];
    for await (const event of chatCompletions({ baseURL: s.url, model: "m" }).stream(
      { input: "x" },
      { signal: controller.signal },
    )) {
      events.push(event);
      if (event.type === "response.output_text.delta") controller.abort();
    }
    expect(failureOf(last(events))?.code).toBe("aborted");
    expect(specViolations(events)).toEqual([]);
  });

  it("fails with aborted without a request when the signal is already aborted", async () => {
    const s = await serve([{ frames: chatChunks({ text: "x" }) }]);
    const events = await collect(
      chatCompletions({ baseURL: s.url, model: "m" }).stream({ input: "x" }, { signal: AbortSignal.abort() }),
    );
    expect(failureOf(last(events))?.code).toBe("aborted");
    expect(s.requests).toHaveLength(0);
  });

  it("fails with model_timeout when the stream goes quiet for idleTimeoutMs, keeping what streamed", async () => {
    const s = await serve([{ frames: chatChunks({ text: "slow answer" }), hangAfter: 2 }]);
    const model = chatCompletions({ baseURL: s.url, model: "m", idleTimeoutMs: 300 });
    const events = await collect(model.stream({ input: "x" }, {}));
    expect(failureOf(last(events))?.code).toBe("model_timeout");
    expect(outputText(await accumulate(events))).toBe("slow");
    expect(s.requests).toHaveLength(1);
  });

  it("retries an answer whose headers do not come within timeoutMs, reporting each retry", async () => {
    const s = await serve([{ json: {}, stallHeaders: true }, { frames: chatChunks({ text: "late" }) }]);
    const retries: unknown[] = [];
    const model = chatCompletions({
      baseURL: s.url,
      model: "m",
      timeoutMs: 300,
      onRetry: (info) => retries.push(info),
    });
    const events = await collect(model.stream({ input: "x" }, {}));
    expect(outputText(await accumulate(events))).toBe("late");
    expect(retries).toEqual([
      expect.objectContaining({
        attempt: 1,
        fromServer: false,
        error: expect.objectContaining({ code: "model_timeout" }),
      }),
    ]);
  });

  it("fails with sse_malformed on a frame that is not JSON", async () => {
    const s = await serve([{ frames: [...chatChunks({ text: "ab" }).slice(0, 2), "data: {not json\n\n"] }]);
    const events = await collect(chatCompletions({ baseURL: s.url, model: "m" }).stream({ input: "x" }, {}));
    expect(failureOf(last(events))?.code).toBe("sse_malformed");
  });

  it("fails with invalid_response naming the page when a 2xx answer is HTML (a baseURL without /v1), not as a cut stream", async () => {
    const page = "<!doctype html><html><head><title>LM Studio</title></head><body>UI</body></html>";
    const s = await serve([
      { frames: [page], headers: { "content-type": "text/html; charset=utf-8" }, done: false },
    ]);
    const events = await collect(chatCompletions({ baseURL: s.url, model: "m" }).stream({ input: "x" }, {}));
    expect(specViolations(events)).toEqual([]);
    const error = failureOf(last(events));
    expect(error?.code).toBe("invalid_response");
    expect(error?.message).toMatch(/HTML page.*baseURL.*<title>LM Studio<\/title>/);
  });

  it("fails with invalid_response on a frame or body that is JSON but not an object, instead of skipping it", async () => {
    for (const frame of ["data: [1,2]\n\n", "data: 42\n\n", 'data: "text"\n\n', "data: null\n\n"]) {
      const s = await serve([{ frames: [frame] }]);
      const events = await collect(
        chatCompletions({ baseURL: s.url, model: "m" }).stream({ input: "x" }, {}),
      );
      expect(failureOf(last(events))).toMatchObject({
        code: "invalid_response",
        message: expect.stringContaining(frame.slice(6, -2)),
      });
      await s.close();
      server = undefined;
    }
    const s = await serve([{ json: [] }]);
    const events = await collect(chatCompletions({ baseURL: s.url, model: "m" }).stream({ input: "x" }, {}));
    expect(failureOf(last(events))?.code).toBe("invalid_response");
  });

  it("refuses previous_response_id as data, before any request", async () => {
    const s = await serve([]);
    const events = await collect(
      chatCompletions({ baseURL: s.url, model: "m" }).stream(
        { input: "x", previous_response_id: "resp_1" },
        {},
      ),
    );
    expect(failureOf(last(events))).toMatchObject({ code: "invalid_request", param: "previous_response_id" });
    expect(s.requests).toHaveLength(0);
  });

  it("reads a JSON answer, asked for with stream: false or sent by a server that ignores stream", async () => {
    const body = {
      model: "m",
      choices: [{ index: 0, message: { role: "assistant", content: "Plain" }, finish_reason: "stop" }],
    };
    const s = await serve([{ json: body }, { json: body }]);
    const off = await collect(
      chatCompletions({ baseURL: s.url, model: "m", stream: false }).stream({ input: "x" }, {}),
    );
    const ignored = await collect(chatCompletions({ baseURL: s.url, model: "m" }).stream({ input: "x" }, {}));
    expect(s.requests[0]!.body).toMatchObject({ stream: false });
    for (const events of [off, ignored]) {
      expect(specViolations(events)).toEqual([]);
      expect(outputText(await accumulate(events))).toBe("Plain");
    }
  });

  it("rejects a missing baseURL or model at construction with invalid_config", () => {
    expect(() => chatCompletions({ baseURL: "", model: "m" })).toThrow(OpenloopError);
    expect(() => chatCompletions({ baseURL: "http://x", model: undefined as unknown as string })).toThrow(
      expect.objectContaining({ code: "invalid_config", param: "model" }),
    );
  });
});
