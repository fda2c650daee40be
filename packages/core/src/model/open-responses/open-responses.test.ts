import { getEventListeners } from "node:events";
import { accumulate, outputText } from "@openloop/protocol";
import { streamOrderViolations, validateAgainstSpec } from "@openloop/protocol/fixtures";
import { functionCall, reasoning, ScriptedModel, stall, startMockServer, text } from "@openloop/testing";
import { afterEach, describe, expect, test } from "vitest";
import { failureOf } from "../failure.js";
import { collect, failureOfLast } from "./http.test-helpers.js";
import { openResponses } from "./open-responses.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});
async function serve(...args: Parameters<typeof startMockServer>) {
  const server = await startMockServer(...args);
  closers.push(server.close);
  return server;
}

describe("openResponses: streaming", () => {
  test("POSTs the request to {baseURL}/responses and yields the server's events as they are", async () => {
    const server = await serve([[reasoning({ summary: "Hmm." }), text("Hello!")]]);
    const model = openResponses({
      baseURL: `${server.url}/`,
      apiKey: "sk-test",
      model: "test-model",
      headers: { "X-Trace": "t1" },
    });
    const events = await collect(model.stream({ input: "Hi", instructions: "Be nice." }, {}));
    expect(streamOrderViolations(events)).toEqual([]);
    for (const event of events) expect(validateAgainstSpec("StreamEvent", event)).toEqual([]);
    expect(outputText(await accumulate(events))).toBe("Hello!");

    const [request] = server.requests;
    expect(request?.path).toBe("/v1/responses");
    expect(request?.body).toEqual({
      input: "Hi",
      instructions: "Be nice.",
      model: "test-model",
      stream: true,
    });
    expect(request?.headers).toMatchObject({
      authorization: "Bearer sk-test",
      "content-type": "application/json",
      accept: "text/event-stream",
      "x-trace": "t1",
    });
    expect(model.name).toBe("open-responses:test-model");
  });

  test("the request's own model wins over the configured one", async () => {
    const server = await serve([[text("ok")]]);
    await collect(
      openResponses({ baseURL: server.url, model: "default" }).stream({ model: "chosen", input: "x" }, {}),
    );
    expect(server.requests[0]?.body?.model).toBe("chosen");
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  test("many requests in a row reuse nothing they should not: each one's events are its own", async () => {
    const server = await serve([[text("one")], [functionCall("f", { a: 1 })], [text("three")]]);
    const model = openResponses({ baseURL: server.url, model: "m" });
    const texts: string[] = [];
    for (let i = 0; i < 3; i++)
      texts.push(JSON.stringify((await accumulate(model.stream({ input: `${i}` }, {}))).output));
    expect(texts[0]).toContain('"one"');
    expect(texts[1]).toContain('"function_call"');
    expect(texts[2]).toContain('"three"');
  });
});

describe("openResponses: non-streaming", () => {
  test("stream: false asks for JSON and replays the response as the spec's events", async () => {
    const server = await serve([
      [reasoning({ summary: "Plan", encrypted: "e==" }), functionCall("get", { id: 7 })],
    ]);
    const model = openResponses({ baseURL: server.url, model: "m", stream: false });
    const events = await collect(model.stream({ input: "x" }, {}));
    expect(server.requests[0]?.body?.stream).toBe(false);
    expect(server.requests[0]?.headers.accept).toBe("application/json");
    expect(streamOrderViolations(events)).toEqual([]);
    for (const event of events) expect(validateAgainstSpec("StreamEvent", event)).toEqual([]);
    const response = await accumulate(events);
    expect(response.output).toMatchObject([
      { type: "reasoning", encrypted_content: "e==", summary: [{ text: "Plan" }] },
      { type: "function_call", name: "get", arguments: '{"id":7}' },
    ]);
    expect(events.at(-1)?.type).toBe("response.completed");
  });
});

describe("openResponses: abort", () => {
  test("aborting mid-stream ends it with response.failed code aborted, keeping what arrived", async () => {
    const scripted = new ScriptedModel([stall(3)]);
    const server = await serve(scripted);
    const model = openResponses({ baseURL: server.url, model: "m" });
    const controller = new AbortController();
    const events = [];
    for await (const event of model.stream({ input: "x" }, { signal: controller.signal })) {
      events.push(event);
      if (events.length === 3) controller.abort();
    }
    expect(events).toHaveLength(4);
    const error = failureOfLast(events);
    expect(error?.code).toBe("aborted");
    expect(events[3]).toMatchObject({ sequence_number: 3, response: { id: "resp_0", status: "failed" } });
    expect(validateAgainstSpec("StreamEvent", events[3])).toEqual([]);
  });

  test("a consumer that stops early (break, or a throw in its loop) closes the connection: the server's model is aborted", async () => {
    for (const leave of ["break", "throw"] as const) {
      let aborted = false;
      const scripted = new ScriptedModel([stall(3)]);
      const server = await serve({
        name: "watch",
        async *stream(request, options) {
          options.signal?.addEventListener("abort", () => {
            aborted = true;
          });
          yield* scripted.stream(request, options);
        },
      });
      const model = openResponses({ baseURL: server.url, model: "m" });
      const run = async () => {
        for await (const event of model.stream({ input: "x" }, {})) {
          if (event.type !== "response.created") continue;
          if (leave === "break") break;
          throw new Error("consumer bug");
        }
      };
      if (leave === "throw") await expect(run()).rejects.toThrow("consumer bug");
      else await run();
      // The server notices the closed socket on its own schedule: wait for it, do not time it.
      while (!aborted) await new Promise((resolve) => setTimeout(resolve, 5));
      expect(aborted).toBe(true);
    }
  });

  test("an already-aborted signal sends nothing", async () => {
    const server = await serve([[text("never")]]);
    const events = await collect(
      openResponses({ baseURL: server.url, model: "m" }).stream(
        { input: "x" },
        { signal: AbortSignal.abort() },
      ),
    );
    expect(events).toHaveLength(1);
    expect(failureOf(events[0])?.code).toBe("aborted");
    expect(server.requests).toHaveLength(0);
  });

  test("aborting before the first byte cancels the request", async () => {
    const server = await serve([stall(0)]);
    const controller = new AbortController();
    const pending = collect(
      openResponses({ baseURL: server.url, model: "m" }).stream(
        { input: "x" },
        { signal: controller.signal },
      ),
    );
    while (server.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    const events = await pending;
    expect(failureOfLast(events)?.code).toBe("aborted");
    expect(server.requests).toHaveLength(1);
  });

  test("one signal across many sequential requests: listeners are removed, no MaxListenersExceededWarning", async () => {
    const turns = Array.from({ length: 40 }, (_, i) => [text(`answer ${i}`)]);
    const server = await serve(turns);
    const model = openResponses({ baseURL: server.url, model: "m" });
    const controller = new AbortController();
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      for (let i = 0; i < 40; i++) {
        const events = await collect(model.stream({ input: `${i}` }, { signal: controller.signal }));
        expect(events.at(-1)?.type).toBe("response.completed");
        expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
      }
      // Leaving early (a consumer that breaks) removes the listener too.
      const more = await serve([[text("a")]]);
      for await (const _ of openResponses({ baseURL: more.url, model: "m" }).stream(
        { input: "x" },
        { signal: controller.signal },
      ))
        break;
      expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
  });
});
