import { createServer } from "node:net";
import { accumulate, ModelHttpError, outputText } from "@openloop/protocol";
import { cutConnection, failMidStream, httpError, startMockServer, text } from "@openloop/testing";
import { afterEach, describe, expect, test } from "vitest";
import type { RetryInfo } from "../http/options.js";
import { collect, failureOfLast, rawServer } from "./http.test-helpers.js";
import { openResponses } from "./open-responses.js";
import type { OpenResponsesOptions } from "./options.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A mock server playing `turns`, a model on it with fast backoff, and the retries it reports. */
async function setup(
  turns: Parameters<typeof startMockServer>[0],
  options: Partial<OpenResponsesOptions> = {},
) {
  const server = await startMockServer(turns);
  closers.push(server.close);
  const retries: RetryInfo[] = [];
  const model = openResponses({
    baseURL: server.url,
    model: "m",
    backoff: { initialMs: 1, maxMs: 4 },
    onRetry: (info) => retries.push(info),
    ...options,
  });
  return { server, retries, run: () => collect(model.stream({ input: "x" }, {})) };
}

describe("openResponses: retries before the first event", () => {
  test("429 with retry-after-ms: waits what the server asked, then succeeds", async () => {
    const { server, retries, run } = await setup([
      httpError(429, undefined, { retryAfterMs: 15 }),
      [text("ok")],
    ]);
    const events = await run();
    expect(outputText(await accumulate(events))).toBe("ok");
    expect(server.requests).toHaveLength(2);
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ attempt: 1, delayMs: 15, fromServer: true });
    expect(retries[0]?.error).toBeInstanceOf(ModelHttpError);
    expect(retries[0]?.error).toMatchObject({ status: 429 });
  });

  test("429 with Retry-After in seconds: the hint is read, not the backoff", async () => {
    const { retries, run } = await setup([httpError(429, undefined, { retryAfter: 0 }), [text("ok")]], {
      backoff: { initialMs: 5_000 },
    });
    expect((await run()).at(-1)?.type).toBe("response.completed");
    expect(retries[0]).toMatchObject({ delayMs: 0, fromServer: true });
  });

  test.each([500, 502, 503, 408, 409])("HTTP %i is retried with backoff", async (status) => {
    const { server, retries, run } = await setup([
      httpError(status),
      httpError(status),
      [text("third time")],
    ]);
    const events = await run();
    expect(outputText(await accumulate(events))).toBe("third time");
    expect(server.requests).toHaveLength(3);
    expect(retries.map((r) => [r.attempt, r.fromServer])).toEqual([
      [1, false],
      [2, false],
    ]);
    for (const retry of retries) expect(retry.delayMs).toBeLessThanOrEqual(4);
  });

  test("retries are bounded by maxRetries; the last error is reported with its status and attempts", async () => {
    const { server, run } = await setup([httpError(503), httpError(503), httpError(503), [text("unused")]], {
      maxRetries: 2,
    });
    const error = failureOfLast(await run());
    expect(server.requests).toHaveLength(3);
    expect(error).toBeInstanceOf(ModelHttpError);
    expect(error).toMatchObject({ code: "model_http_error", status: 503, details: { attempts: 3 } });
    expect(error?.message).toMatch(
      /^HTTP 503 Service Unavailable from POST http:\/\/127\.0\.0\.1:\d+\/v1\/responses/,
    );
  });

  test("400 is not retried; x-should-retry overrides the status either way", async () => {
    const plain = await setup([httpError(400), [text("unused")]]);
    expect(failureOfLast(await plain.run())).toMatchObject({ status: 400 });
    expect(plain.server.requests).toHaveLength(1);

    const forced = await setup([
      httpError(400, undefined, { headers: { "x-should-retry": "true" } }),
      [text("ok")],
    ]);
    expect((await forced.run()).at(-1)?.type).toBe("response.completed");
    expect(forced.server.requests).toHaveLength(2);

    const refused = await setup([
      httpError(500, undefined, { headers: { "x-should-retry": "false" } }),
      [text("no")],
    ]);
    expect(failureOfLast(await refused.run())).toMatchObject({ status: 500 });
    expect(refused.server.requests).toHaveLength(1);
  });

  test("a Retry-After longer than maxRetryAfterMs is reported, not waited for", async () => {
    const { server, run } = await setup([httpError(429, undefined, { retryAfter: 3600 }), [text("later")]]);
    const error = failureOfLast(await run());
    expect(server.requests).toHaveLength(1);
    expect(error).toMatchObject({ status: 429, details: { retryAfterMs: 3_600_000 } });
  });

  test("maxRetries: 0 reports the first failure", async () => {
    const { server, run } = await setup([httpError(500), [text("unused")]], { maxRetries: 0 });
    expect(failureOfLast(await run())).toMatchObject({ status: 500, details: { attempts: 1 } });
    expect(server.requests).toHaveLength(1);
  });

  test("connection refused (a closed port) is retried, then reported as model_connection_error naming the URL", async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const retries: RetryInfo[] = [];
    const model = openResponses({
      baseURL: `http://127.0.0.1:${port}/v1`,
      model: "m",
      maxRetries: 1,
      backoff: { initialMs: 1 },
      onRetry: (info) => retries.push(info),
    });
    const error = failureOfLast(await collect(model.stream({ input: "x" }, {})));
    expect(retries).toHaveLength(1);
    expect(retries[0]?.error.code).toBe("model_connection_error");
    expect(error?.code).toBe("model_connection_error");
    expect(error?.message).toContain(`POST http://127.0.0.1:${port}/v1/responses`);
    expect(error?.message).toMatch(/ECONNREFUSED/);
  });

  test("a connection cut before any event is retried", async () => {
    const { server, retries, run } = await setup([cutConnection(0), [text("second try")]]);
    expect(outputText(await accumulate(await run()))).toBe("second try");
    expect(server.requests).toHaveLength(2);
    expect(retries[0]?.error.code).toBe("model_connection_error");
  });
});

describe("openResponses: no retry once events have flowed", () => {
  test("a cut after events ends with response.failed code stream_interrupted, keeping finished items", async () => {
    const { server, retries, run } = await setup([
      cutConnection(9, [text("first"), text("second")]),
      [text("unused")],
    ]);
    const events = await run();
    expect(server.requests).toHaveLength(1);
    expect(retries).toHaveLength(0);
    expect(events).toHaveLength(10);
    const error = failureOfLast(events);
    expect(error?.code).toBe("stream_interrupted");
    expect(error?.message).toMatch(/broke after 9 events, before the response finished/);
    expect(events.at(-1)).toMatchObject({
      sequence_number: 9,
      response: { id: "resp_0", status: "failed", output: [{ id: "msg_0_0" }] },
    });
  });

  test("a server error mid-stream passes through as the server sent it, and is not retried", async () => {
    const { server, run } = await setup([
      failMidStream(3, { code: "overloaded", message: "Busy." }),
      [text("no")],
    ]);
    const events = await run();
    expect(server.requests).toHaveLength(1);
    expect(events.map((e) => e.type).slice(-2)).toEqual(["error", "response.failed"]);
    expect(failureOfLast(events)).toMatchObject({
      code: "model_failed",
      message: "Busy.",
      details: { serverCode: "overloaded" },
    });
  });

  test("an error event with no response.failed after it still ends with response.failed", async () => {
    const raw = await rawServer((_, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(
        'event: response.created\ndata: {"type":"response.created","sequence_number":0,"response":{"id":"r1"}}\n\n' +
          'event: error\ndata: {"type":"error","sequence_number":1,"error":{"type":"server_error","code":"boom","message":"It broke.","param":null}}\n\n',
      );
    });
    closers.push(raw.close);
    const events = await collect(openResponses({ baseURL: raw.url, model: "m" }).stream({ input: "x" }, {}));
    expect(events.map((e) => e.type)).toEqual(["response.created", "error", "response.failed"]);
    expect(events[2]).toMatchObject({ sequence_number: 2, response: { id: "r1" } });
    expect(failureOfLast(events)).toMatchObject({ code: "model_failed", message: "It broke." });
  });
});
