import { ScriptedModel, stall, startMockServer, text } from "@openloop/testing";
import { afterEach, describe, expect, test } from "vitest";
import type { RetryInfo } from "../http/options.js";
import { collect, failureOfLast } from "./http.test-helpers.js";
import { openResponses } from "./open-responses.js";

// The server never answers (stall): these tests do not race a slow server against a timer, they
// check what happens when the timer fires.

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function serve(model: ScriptedModel) {
  const server = await startMockServer(model);
  closers.push(server.close);
  return server;
}

describe("openResponses: timeouts", () => {
  test("no first byte within timeoutMs: model_timeout, retried like a connection error", async () => {
    const scripted = new ScriptedModel([stall(0), stall(0)]);
    const server = await serve(scripted);
    const retries: RetryInfo[] = [];
    const model = openResponses({
      baseURL: server.url,
      model: "m",
      timeoutMs: 30,
      maxRetries: 1,
      backoff: { initialMs: 1 },
      onRetry: (info) => retries.push(info),
    });
    const events = await collect(model.stream({ input: "x" }, {}));
    expect(events).toHaveLength(1);
    const error = failureOfLast(events);
    expect(error?.code).toBe("model_timeout");
    expect(error?.message).toMatch(
      /No response from POST http:\/\/127\.0\.0\.1:\d+\/v1\/responses within 30 ms \(timeoutMs\)/,
    );
    // Counted on the client: the server may not see the second request before it times out.
    expect(error?.details).toMatchObject({ attempts: 2 });
    expect(retries.map((r) => r.error.code)).toEqual(["model_timeout"]);
  });

  test("silence after events within idleTimeoutMs: model_timeout with what arrived, never retried", async () => {
    const server = await serve(new ScriptedModel([stall(4, [text("Hel")]), [text("unused")]]));
    const model = openResponses({ baseURL: server.url, model: "m", idleTimeoutMs: 30, timeoutMs: 10_000 });
    const events = await collect(model.stream({ input: "x" }, {}));
    expect(events.map((e) => e.type)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
      "response.failed",
    ]);
    const error = failureOfLast(events);
    expect(error?.code).toBe("model_timeout");
    expect(error?.message).toMatch(/No event from POST .* for 30 ms \(idleTimeoutMs\), after 4 events\./);
    expect(events.at(-1)).toMatchObject({ sequence_number: 4, response: { id: "resp_0", status: "failed" } });
    expect(server.requests).toHaveLength(1);
  });

  test("non-streaming: the whole response must arrive within timeoutMs", async () => {
    const server = await serve(new ScriptedModel([stall(0)]));
    const model = openResponses({
      baseURL: server.url,
      model: "m",
      stream: false,
      timeoutMs: 30,
      maxRetries: 0,
    });
    const error = failureOfLast(await collect(model.stream({ input: "x" }, {})));
    expect(error?.code).toBe("model_timeout");
  });

  test("the server sees the timed-out request go away (its model is aborted)", async () => {
    let aborted = false;
    const scripted = new ScriptedModel([stall(0)]);
    const server = await startMockServer({
      name: "watch",
      async *stream(request, options) {
        options.signal?.addEventListener("abort", () => {
          aborted = true;
        });
        yield* scripted.stream(request, options);
      },
    });
    closers.push(server.close);
    await collect(
      openResponses({ baseURL: server.url, model: "m", timeoutMs: 30, maxRetries: 0 }).stream(
        { input: "x" },
        {},
      ),
    );
    while (!aborted) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(aborted).toBe(true);
  });
});
