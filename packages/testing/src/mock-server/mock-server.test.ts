import { connect } from "node:net";
import { type Model, OpenloopError } from "@openloop/core";
import type { StreamEvent } from "@openloop/protocol";
import { streamOrderViolations, validateAgainstSpec } from "@openloop/protocol/fixtures";
import { afterEach, describe, expect, test, vi } from "vitest";
import { functionCall, reasoning, refusal, text } from "../script/items.js";
import { cutConnection, failMidStream, httpError, stall } from "../script/turns.js";
import { ScriptedModel } from "../scripted-model/scripted-model.js";
import { type MockServer, startMockServer } from "./mock-server.js";

const servers: MockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function serve(...args: Parameters<typeof startMockServer>) {
  const server = await startMockServer(...args);
  servers.push(server);
  return server;
}

/**
 * POSTs over a raw socket and returns the status line, headers, and the body's HTTP chunks as
 * sent (chunked transfer encoding: one chunk per `res.write`), so tests see the wire itself.
 */
async function rawPost(url: string, path: string, body: unknown) {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  const payload = JSON.stringify(body);
  socket.write(
    `POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(payload)}\r\nConnection: close\r\n\r\n${payload}`,
  );
  const parts: Buffer[] = [];
  for await (const data of socket) parts.push(data as Buffer);
  const raw = Buffer.concat(parts).toString("utf8");
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split).split("\r\n");
  let rest = raw.slice(split + 4);
  const headers = Object.fromEntries(
    head
      .slice(1)
      .map((line) => [
        line.slice(0, line.indexOf(":")).toLowerCase(),
        line.slice(line.indexOf(":") + 1).trim(),
      ]),
  );
  const chunks: string[] = [];
  let complete = false;
  if (headers["transfer-encoding"] === "chunked") {
    for (;;) {
      const eol = rest.indexOf("\r\n");
      if (eol < 0) break;
      const size = Number.parseInt(rest.slice(0, eol), 16);
      if (size === 0) {
        complete = true;
        break;
      }
      const bytes = Buffer.from(rest.slice(eol + 2), "utf8");
      if (bytes.length < size + 2) break; // cut mid-chunk
      chunks.push(bytes.subarray(0, size).toString("utf8"));
      rest = bytes.subarray(size + 2).toString("utf8");
    }
  }
  return { status: Number(head[0]!.split(" ")[1]), headers, chunks, complete, body: rest };
}

const turn = [
  reasoning({ summary: "Plan", content: "raw", encrypted: "e" }),
  text("Hi there"),
  functionCall("f", { x: 1 }),
];

describe("startMockServer: the streaming wire", () => {
  test("one frame per write, `event:` equal to `type`, \\n endings, spec-valid events in order, then [DONE]", async () => {
    const server = await serve([{ output: turn, chunkSize: 3 }]);
    const res = await rawPost(server.url, "/v1/responses", { model: "m", input: "x", stream: true });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/event-stream");
    expect(res.complete).toBe(true);
    expect(res.chunks.at(-1)).toBe("data: [DONE]\n\n");
    const events: StreamEvent[] = [];
    for (const chunk of res.chunks.slice(0, -1)) {
      expect(chunk).not.toContain("\r");
      const match = /^event: (.+)\ndata: (.+)\n\n$/.exec(chunk);
      expect(match, chunk).not.toBeNull();
      const event = JSON.parse(match![2]!) as StreamEvent;
      expect(match![1]).toBe(event.type);
      expect(validateAgainstSpec("StreamEvent", event), event.type).toEqual([]);
      events.push(event);
    }
    expect(streamOrderViolations(events)).toEqual([]);
    expect(
      validateAgainstSpec("ResponseResource", (events.at(-1) as { response: unknown }).response),
    ).toEqual([]);
    expect(events.map((e) => e.type)).toContain("response.reasoning.delta");
  });

  test('reasoningEvents: "openai" names raw reasoning events response.reasoning_text.*', async () => {
    const server = await serve([[reasoning({ content: "raw" })]], { reasoningEvents: "openai" });
    const res = await rawPost(server.url, "/v1/responses", { model: "m", input: "x", stream: true });
    const types = res.chunks.map((c) => /^event: (.+)\n/.exec(c)?.[1]);
    expect(types).toContain("response.reasoning_text.delta");
    expect(types).toContain("response.reasoning_text.done");
    expect(types).not.toContain("response.reasoning.delta");
    expect(res.chunks.find((c) => c.startsWith("event: response.reasoning_text.delta"))).toContain(
      '"type":"response.reasoning_text.delta"',
    );
  });

  test("failMidStream: the error event and response.failed are on the wire, then [DONE]", async () => {
    const server = await serve([failMidStream(2, { message: "Overloaded." })]);
    const res = await rawPost(server.url, "/v1/responses", { model: "m", input: "x", stream: true });
    expect(res.chunks.map((c) => /^event: (.+)\n/.exec(c)?.[1] ?? c)).toEqual([
      "response.created",
      "response.in_progress",
      "error",
      "response.failed",
      "data: [DONE]\n\n",
    ]);
  });

  test("cutConnection: the frames so far, then the connection closes with the response unfinished", async () => {
    const server = await serve([cutConnection(3)]);
    const res = await rawPost(server.url, "/v1/responses", { model: "m", input: "x", stream: true });
    expect(res.status).toBe(200);
    expect(res.chunks).toHaveLength(3);
    expect(res.complete).toBe(false);
  });
});

describe("startMockServer: bad arguments", () => {
  test("a port in use or out of range, a non-model, a misspelt option: invalid_config saying which", async () => {
    const first = await serve([[text("x")]]);
    const port = Number(new URL(first.url).port);
    const inUse = await startMockServer([], { port }).catch((e: unknown) => e);
    expect(OpenloopError.is(inUse, "invalid_config")).toBe(true);
    expect((inUse as Error).message).toMatch(
      new RegExp(`^startMockServer\\(\\): cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`),
    );
    const outOfRange = await startMockServer([], { port: 70_000 }).catch((e: unknown) => e);
    expect((outOfRange as Error).message).toMatch(
      /^startMockServer\(\): cannot listen on 127\.0\.0\.1:70000: /,
    );
    await expect(startMockServer({ name: "no stream" } as never)).rejects.toThrow(
      "startMockServer(): Expected a script (an array of turns) or a Model (an object with stream()), got object",
    );
    await expect(startMockServer([], { reasoningEvents: "OpenAI" as never })).rejects.toThrow(
      'startMockServer(): Expected `reasoningEvents` to be "spec" or "openai", got "OpenAI"',
    );
    // The first server is unharmed.
    expect((await fetch(`${first.url}/responses`, { method: "POST", body: "{}" })).status).toBe(200);
  });
});

describe("startMockServer: delays", () => {
  test("delayMs holds the answer back: a client deadline passes with nothing received; the same turn without it completes", async () => {
    // Without the delay this turn is sent at once, long before the deadline.
    const server = await serve([{ output: [text("late")], delayMs: 60_000 }, [text("prompt")]]);
    const post = (signal: AbortSignal) =>
      fetch(`${server.url}/responses`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "m", input: "x", stream: true }),
        signal,
      }).then((res) => res.text());
    await expect(post(AbortSignal.timeout(150))).rejects.toMatchObject({ name: "TimeoutError" });
    const body = await post(AbortSignal.timeout(10_000));
    expect(body).toContain("event: response.completed");
    expect(body.endsWith("data: [DONE]\n\n")).toBe(true);
    expect(server.requests).toHaveLength(2);
  });
});

describe("startMockServer: other answers", () => {
  test("non-streaming: one spec-valid ResponseResource as JSON", async () => {
    const server = await serve([turn]);
    const res = await fetch(`${server.url}/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "m", input: "x" }),
    });
    expect(res.headers.get("content-type")).toBe("application/json");
    const body = await res.json();
    expect(validateAgainstSpec("ResponseResource", body)).toEqual([]);
    expect(body).toMatchObject({
      status: "completed",
      output: [{ type: "reasoning" }, { type: "message" }, { type: "function_call" }],
    });
  });

  test("httpError: the status, the spec error envelope, Retry-After and retry-after-ms", async () => {
    const server = await serve([
      httpError(429, undefined, { retryAfter: 7, retryAfterMs: 7000 }),
      httpError(502, "Bad gateway, plain text"),
    ]);
    const post = () =>
      fetch(`${server.url}/responses`, {
        method: "POST",
        body: JSON.stringify({ input: "x", stream: true }),
      });
    const limited = await post();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
    expect(limited.headers.get("retry-after-ms")).toBe("7000");
    expect(limited.headers.get("content-type")).toBe("application/json");
    const envelope = await limited.json();
    expect(validateAgainstSpec("ErrorEnvelope", envelope)).toEqual([]);
    expect(envelope.error).toMatchObject({ type: "too_many_requests", message: "Scripted HTTP 429." });
    const gateway = await post();
    expect(gateway.status).toBe(502);
    expect(await gateway.text()).toBe("Bad gateway, plain text");
  });

  test("unknown paths get a 404 envelope, bodies that are not JSON a 400; every request is recorded", async () => {
    const server = await serve([[text("unused")]]);
    const missing = await fetch(`${server.url}/chat/completions`, { method: "POST", body: "{}" });
    expect(missing.status).toBe(404);
    expect(validateAgainstSpec("ErrorEnvelope", await missing.json())).toEqual([]);
    const bad = await fetch(`${server.url}/responses`, { method: "POST", body: "{nope" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/must be a JSON object/);
    expect(server.requests.map((r) => [r.method, r.path, r.body, r.raw])).toEqual([
      ["POST", "/v1/chat/completions", {}, "{}"],
      ["POST", "/v1/responses", undefined, "{nope"],
    ]);
  });

  test("a model that throws mid-stream: the frames sent, then an error event and response.failed naming it, then [DONE]", async () => {
    const throwsAfter = (count: number, thrown: unknown): Model => ({
      async *stream(request, options) {
        let n = 0;
        for await (const event of new ScriptedModel([[text("Hello")]]).stream(request, options)) {
          if (n++ === count) throw thrown;
          yield event;
        }
      },
    });
    const server = await serve(throwsAfter(3, new Error("bug after three events")));
    const res = await rawPost(server.url, "/v1/responses", { model: "m", input: "x", stream: true });
    expect(res.status).toBe(200);
    expect(res.complete).toBe(true);
    expect(res.chunks.at(-1)).toBe("data: [DONE]\n\n");
    const events = res.chunks
      .slice(0, -1)
      .map((chunk) => JSON.parse(chunk.slice(chunk.indexOf("data: ") + 6)));
    expect(events.map((e) => e.type)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "error",
      "response.failed",
    ]);
    expect(events[3]).toMatchObject({
      sequence_number: 3,
      error: { type: "server_error", message: "The model threw: bug after three events" },
    });
    expect(events[4]).toMatchObject({
      sequence_number: 4,
      response: {
        id: "resp_0",
        status: "failed",
        error: { message: "The model threw: bug after three events" },
      },
    });
    for (const event of events) expect(validateAgainstSpec("StreamEvent", event)).toEqual([]);
    expect(streamOrderViolations(events)).toEqual([]);

    // A value that is not an event is named as such, not as whatever encoding it threw.
    const junk = await serve({
      async *stream() {
        yield 5 as never;
      },
    });
    const bad = await rawPost(junk.url, "/v1/responses", { model: "m", input: "x", stream: true });
    expect(bad.chunks.join("")).toContain("The model yielded something that is not an event: 5");
  });

  test("serves any Model; a model that throws gets a 500 envelope and the process carries on", async () => {
    const broken: Model = {
      // biome-ignore lint/correctness/useYield: a model that throws before yielding anything
      async *stream() {
        throw new Error("bug in a hand-written model");
      },
    };
    const server = await serve(broken);
    const res = await fetch(`${server.url}/responses`, {
      method: "POST",
      body: JSON.stringify({ input: "x" }),
    });
    expect(res.status).toBe(500);
    expect((await res.json()).error.message).toBe("The model threw: bug in a hand-written model");

    const other = await serve(new ScriptedModel([[refusal("No.")]], { model: "custom" }));
    const ok = await fetch(`${other.url}/responses`, {
      method: "POST",
      body: JSON.stringify({ input: "x" }),
    });
    expect(await ok.json()).toMatchObject({ model: "custom", output: [{ content: [{ refusal: "No." }] }] });
  });

  test("close() ends streams in flight and closes their connections", async () => {
    const server = await startMockServer([stall(2), [text("a")]]);
    const first = await fetch(`${server.url}/responses`, {
      method: "POST",
      body: JSON.stringify({ input: "x", stream: true }),
    });
    const reader = first.body!.getReader();
    await reader.read();
    await server.close();
    await expect(
      (async () => {
        for (;;) if ((await reader.read()).done) return "ended";
      })(),
    ).rejects.toThrow();
  });

  test("a client that disconnects mid-stream aborts the model and closes its stream (its finally runs)", async () => {
    let aborted = false;
    let closed = false;
    const stalling = new ScriptedModel([stall(2)]);
    const watched: Model = {
      async *stream(request, options) {
        options.signal?.addEventListener("abort", () => {
          aborted = true;
        });
        try {
          yield* stalling.stream(request, options);
        } finally {
          closed = true; // where a model proxying another server releases its connection
        }
      },
    };
    const server = await serve(watched);
    const controller = new AbortController();
    const res = await fetch(`${server.url}/responses`, {
      method: "POST",
      body: JSON.stringify({ input: "x", stream: true }),
      signal: controller.signal,
    });
    await res.body!.getReader().read();
    controller.abort();
    await vi.waitFor(() => expect(aborted).toBe(true));
    await vi.waitFor(() => expect(closed).toBe(true));
  });
});
