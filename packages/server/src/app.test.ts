import type { Model, ModelRequestOptions } from "@openloop/core";
import type { CreateResponseBody } from "@openloop/protocol";
import { validateAgainstSpec } from "@openloop/protocol/fixtures";
import { codeRunner } from "@openloop/sandbox";
import { functionCall, ScriptedModel, stall, text } from "@openloop/testing";
import { afterEach, describe, expect, test, vi } from "vitest";
import { post, serve, type TestServer } from "../test/support/server.js";
import { parseWire } from "../test/support/sse.js";
import { createServer } from "./app.js";
import type { ServerRunContext } from "./hosted/code-interpreter.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A model that records the signal of every request it gets. */
function watched(inner: Model): Model & { signals: AbortSignal[] } {
  const signals: AbortSignal[] = [];
  return {
    signals,
    stream(request: CreateResponseBody, options: ModelRequestOptions) {
      if (options.signal) signals.push(options.signal);
      return inner.stream(request, options);
    },
  };
}

async function envelope(
  res: Response,
): Promise<{ error: { type: string; code: string; param: string | null } }> {
  expect(res.headers.get("content-type")).toContain("application/json");
  const body = (await res.json()) as { error: { type: string; code: string; param: string | null } };
  expect(validateAgainstSpec("ErrorEnvelope", body)).toEqual([]);
  return body;
}

describe("routes and errors", () => {
  test("an unknown route is a JSON 404 with the spec's envelope", async () => {
    server = await serve(new ScriptedModel([]), { codeRunner: false });
    for (const [method, path] of [
      ["GET", "/v1/responses"],
      ["POST", "/v1/chat/completions"],
      ["GET", "/"],
    ] as const) {
      const res = await fetch(server.url.replace(/\/v1$/, "") + path, { method });
      expect(res.status).toBe(404);
      expect((await envelope(res)).error.type).toBe("not_found");
    }
  });

  test("a body that is not JSON, or not an object: 400 invalid_request", async () => {
    server = await serve(new ScriptedModel([]), { codeRunner: false });
    for (const body of ["{oops", "[1,2]", "null", '"text"']) {
      const res = await post(server.url, "/responses", body);
      expect(res.status).toBe(400);
      expect((await envelope(res)).error.code).toBe("invalid_request");
    }
  });

  test("the app answers web Requests without a socket too (app.fetch)", async () => {
    const app = createServer({
      routing: { models: { test: new ScriptedModel([[text("Hi.")]]) }, defaultModel: "test" },
      store: "memory",
      codeRunner: false,
      log: false,
    });
    const res = await app.fetch(
      new Request("http://local/v1/responses", {
        method: "POST",
        body: JSON.stringify({ input: "Hi", stream: true }),
      }),
    );
    expect(parseWire(await res.text()).problems).toEqual([]);
    await app.close();
  });
});

describe("security and limits", () => {
  test("bearer API keys: none or a wrong one is 401 with the envelope and WWW-Authenticate", async () => {
    server = await serve(new ScriptedModel([[text("ok")]]), { codeRunner: false, apiKeys: ["sk-1", "sk-2"] });
    const missing = await post(server.url, "/responses", { input: "Hi" });
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe("Bearer");
    expect((await envelope(missing)).error.code).toBe("unauthorized");
    const wrong = await post(server.url, "/responses", { input: "Hi" }, { authorization: "Bearer sk-3" });
    expect(wrong.status).toBe(401);
    const right = await post(server.url, "/responses", { input: "Hi" }, { authorization: "Bearer sk-2" });
    expect(right.status).toBe(200);
  });

  test("a body over maxBodyBytes is 413, before anything runs", async () => {
    const model = new ScriptedModel([]);
    server = await serve(model, { codeRunner: false, maxBodyBytes: 1000 });
    const res = await post(server.url, "/responses", { input: "x".repeat(2000) });
    expect(res.status).toBe(413);
    expect((await envelope(res)).error.code).toBe("payload_too_large");
    expect(model.requests).toHaveLength(0);
  });

  test("over maxConcurrent: 429 with Retry-After; the slot frees when the stream ends", async () => {
    const model = watched(new ScriptedModel([stall(3), [text("second")]]));
    server = await serve(model, { codeRunner: false, maxConcurrent: 1, retryAfterSeconds: 3 });
    const controller = new AbortController();
    const first = await fetch(`${server.url}/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ input: "slow", stream: true }),
      signal: controller.signal,
    });
    expect(first.status).toBe(200);
    const busy = await post(server.url, "/responses", { input: "too many" });
    expect(busy.status).toBe(429);
    expect(busy.headers.get("retry-after")).toBe("3");
    expect((await envelope(busy)).error.type).toBe("too_many_requests");
    controller.abort();
    await vi.waitFor(() => expect(model.signals[0]?.aborted).toBe(true));
    await vi.waitFor(async () =>
      expect((await post(server!.url, "/responses", { input: "now" })).status).toBe(200),
    );
  });
});

describe("cancellation and shutdown", () => {
  test("a client that disconnects mid-stream cancels the upstream request", async () => {
    const model = watched(new ScriptedModel([stall(4)]));
    server = await serve(model, { codeRunner: false });
    const controller = new AbortController();
    const res = await fetch(`${server.url}/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ input: "Hi", stream: true }),
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    await vi.waitFor(() => expect(model.signals[0]?.aborted).toBe(true));
    await vi.waitFor(() => expect(server!.logs.find((l) => l.event === "request")?.cancelled).toBe(true));
  });

  test("a client that abandons a JSON request cancels the upstream request (logged as cancelled)", async () => {
    const model = watched(new ScriptedModel([stall(2)]));
    server = await serve(model, { codeRunner: false });
    const controller = new AbortController();
    const answer = fetch(`${server.url}/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ input: "Hi" }),
      signal: controller.signal,
    }).catch(() => undefined);
    await vi.waitFor(() => expect(model.signals).toHaveLength(1));
    controller.abort();
    await answer;
    await vi.waitFor(() => expect(model.signals[0]?.aborted).toBe(true));
    await vi.waitFor(() =>
      expect(server!.logs.find((l) => l.event === "request")).toMatchObject({ cancelled: true }),
    );
  });

  test("a client that disconnects cancels its running hosted tool (the sandbox run stops)", async () => {
    const runner = codeRunner<ServerRunContext>({ timeoutMs: 30_000 });
    const model = new ScriptedModel([
      [text("Running."), functionCall("run_javascript", { code: "while (true) {}" })],
    ]);
    server = await serve(model, { codeRunner: runner });
    const controller = new AbortController();
    const res = await fetch(`${server.url}/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ input: "Spin", stream: true, tools: [{ type: "code_interpreter" }] }),
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    await vi.waitFor(() => expect(runner.sandbox.stats().running).toBe(1), { timeout: 10_000 });
    controller.abort();
    await reader.cancel().catch(() => undefined);
    await vi.waitFor(() => expect(runner.sandbox.stats().running).toBe(0), { timeout: 10_000 });
    await runner.close();
  });

  test("close() lets a stream in flight finish (terminal event and [DONE]) before it resolves", async () => {
    const model = new ScriptedModel([
      { output: [text("one two three four five six")], chunkSize: 3, eventDelayMs: 5 },
    ]);
    server = await serve(model, { codeRunner: false });
    const res = await post(server.url, "/responses", { input: "Count", stream: true });
    const body = res.text();
    const closed = server.close();
    const { events, problems } = parseWire(await body);
    expect(problems).toEqual([]);
    expect(events.at(-1)?.type).toBe("response.completed");
    await closed;
    server = undefined;
  });

  test("while close() drains, a new request gets 503 server_unavailable with the spec's envelope", async () => {
    const app = createServer({
      routing: { models: { test: new ScriptedModel([stall(3), [text("Too late.")]]) }, defaultModel: "test" },
      store: "memory",
      codeRunner: false,
      log: false,
      drainTimeoutMs: 50,
    });
    const request = () =>
      new Request("http://local/v1/responses", {
        method: "POST",
        body: JSON.stringify({ input: "Hi", stream: true }),
      });
    const inFlight = await app.fetch(request());
    const body = inFlight.text();
    const closed = app.close();
    const late = await app.fetch(request());
    expect(late.status).toBe(503);
    expect((await envelope(late)).error.code).toBe("server_unavailable");
    await closed;
    expect(parseWire(await body).events.at(-1)?.type).toBe("response.failed");
  });

  test("past drainTimeoutMs, close() aborts what is left: the stream still ends well-formed (response.failed)", async () => {
    server = await serve(new ScriptedModel([stall(3)]), { codeRunner: false, drainTimeoutMs: 50 });
    const res = await post(server.url, "/responses", { input: "Never ends", stream: true });
    const body = res.text();
    await server.close();
    server = undefined;
    const { events, problems } = parseWire(await body);
    expect(problems).toEqual([]);
    expect(events.at(-1)?.type).toBe("response.failed");
  });
});

describe("structured logs", () => {
  test("one JSON entry per request, written when its answer ended (streams included)", async () => {
    server = await serve(new ScriptedModel([[text("a")], [text("b")]]), { codeRunner: false });
    await (
      await post(server.url, "/responses", { model: "test", input: "Hi" }, { "x-request-id": "req-42" })
    ).json();
    await (await post(server.url, "/responses", { input: "Hi", stream: true })).text();
    await (await post(server.url, "/responses", { input: 5 })).json();
    const requests = server.logs.filter((l) => l.event === "request");
    expect(requests).toHaveLength(3);
    expect(requests[0]).toMatchObject({
      level: "info",
      requestId: "req-42",
      method: "POST",
      path: "/v1/responses",
      status: 200,
      model: "test",
      stream: false,
      responseStatus: "completed",
    });
    expect(typeof requests[0]?.durationMs).toBe("number");
    expect(String(requests[0]?.responseId)).toMatch(/^resp_/);
    expect(requests[1]).toMatchObject({ stream: true, status: 200, responseStatus: "completed" });
    expect(requests[2]).toMatchObject({ level: "warn", status: 400, error: "invalid_request" });
    for (const entry of requests) expect(() => new Date(entry.time).toISOString()).not.toThrow();
  });
});
