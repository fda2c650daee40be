import { ModelHttpError, OpenloopError } from "@openloop/protocol";
import { httpError, type ScriptTurn, startMockServer, text } from "@openloop/testing";
import { afterEach, describe, expect, test } from "vitest";
import { collect, failureOfLast, rawServer } from "./http.test-helpers.js";
import { openResponses } from "./open-responses.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function failure(baseURL: string, options: { stream?: boolean } = {}) {
  return failureOfLast(
    await collect(
      openResponses({ baseURL, model: "m", maxRetries: 0, ...options }).stream({ input: "x" }, {}),
    ),
  );
}

async function scripted(...turns: ScriptTurn[]) {
  const server = await startMockServer(turns);
  closers.push(server.close);
  return server;
}

async function raw(contentType: string, body: string) {
  const server = await rawServer((_, res) => {
    res.writeHead(200, { "content-type": contentType });
    res.end(body);
  });
  closers.push(server.close);
  return server;
}

describe("openResponses: HTTP errors become one typed error", () => {
  test("a 404 on /responses: not_open_responses, naming the URL it tried", async () => {
    const server = await scripted([text("unused")]);
    const error = await failure(`${server.url}/wrong`);
    expect(error).toBeInstanceOf(ModelHttpError);
    expect(error?.code).toBe("not_open_responses");
    expect(error?.message).toContain(`POST ${server.url}/wrong/responses`);
    expect(error?.message).toMatch(/probably does not speak Open Responses/);
    expect(server.requests[0]?.path).toBe("/v1/wrong/responses");
  });

  test("the spec error envelope: class, code, status, type, server code and param", async () => {
    const server = await scripted(
      httpError(400, {
        error: {
          message: "Unknown parameter: 'foo'.",
          type: "invalid_request_error",
          param: "foo",
          code: "unknown_parameter",
        },
      }),
    );
    const error = (await failure(server.url)) as ModelHttpError;
    expect(error).toBeInstanceOf(ModelHttpError);
    expect(error).toBeInstanceOf(OpenloopError);
    expect(error).toMatchObject({
      code: "model_http_error",
      status: 400,
      type: "invalid_request_error",
      serverCode: "unknown_parameter",
      param: "foo",
    });
    expect(error.message).toMatch(
      /^HTTP 400 Bad Request from POST .*\/v1\/responses: Unknown parameter: 'foo'\.$/,
    );
    expect(error.headers["content-type"]).toBe("application/json");
  });

  test.each([
    ["non-JSON text", "upstream timed out", /HTTP 400 Bad Request from POST .*: upstream timed out$/],
    ["an empty body", "", /HTTP 400 Bad Request from POST .* \(empty body\)$/],
    [
      "JSON of another shape",
      '{"detail":"Field required"}',
      /HTTP 400 Bad Request from POST .*: Field required$/,
    ],
  ])("error body as %s is read leniently", async (_, body, message) => {
    const server = await scripted(httpError(400, body));
    const error = (await failure(server.url)) as ModelHttpError;
    expect(error).toBeInstanceOf(ModelHttpError);
    expect(error.code).toBe("model_http_error");
    expect(error.body).toBe(body);
    expect(error.message).toMatch(message);
  });

  test("previous_response_not_found, so the loop can fall back to replaying the input", async () => {
    const server = await scripted(
      httpError(400, {
        error: {
          message: "Previous response with id 'resp_x' not found.",
          type: "invalid_request_error",
          param: "previous_response_id",
          code: "previous_response_not_found",
        },
      }),
      httpError(404, {
        error: { message: "Response with id resp_y not found", type: "invalid_request_error" },
      }),
    );
    expect((await failure(server.url))?.code).toBe("previous_response_not_found");
    const byMessage = await failure(server.url);
    expect(byMessage?.code).toBe("previous_response_not_found");
    expect(byMessage?.message).toMatch(/does not know the previous response/);
  });
});

describe("openResponses: answers that are not Open Responses", () => {
  test("200 with an HTML page: not_open_responses", async () => {
    const server = await raw("text/html; charset=utf-8", "<html><body>LM Studio</body></html>");
    const error = await failure(server.url);
    expect(error?.code).toBe("not_open_responses");
    expect(error?.message).toMatch(/answered 200 with an HTML page, not an event stream/);
  });

  test("200 with a body that is not an event stream (text/plain, no content type): not_open_responses, not retried", async () => {
    let requests = 0;
    const text = await rawServer((_, res) => {
      requests++;
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("OK");
    });
    closers.push(text.close);
    const events = await collect(
      openResponses({ baseURL: text.url, model: "m", maxRetries: 2 }).stream({ input: "x" }, {}),
    );
    const error = failureOfLast(events);
    expect(error?.code).toBe("not_open_responses");
    expect(error?.message).toMatch(
      /answered 200 with text\/plain, not an event stream \(Not an SSE line: "OK"\): the server probably does not speak Open Responses/,
    );
    expect(requests).toBe(1);

    const unlabelled = await raw("", "hello there");
    expect((await failure(unlabelled.url))?.message).toMatch(
      /answered 200 with no content type, not an event stream/,
    );
  });

  test("an event stream of unreadable frames that never finishes names them in its stream_interrupted", async () => {
    const server = await raw("text/event-stream", "data: garbage\n\ndata: {oops\n\n");
    const events = await collect(
      openResponses({ baseURL: server.url, model: "m" }).stream({ input: "x" }, {}),
    );
    expect(events.map((e) => e.type)).toEqual(["error", "error", "response.failed"]);
    const error = failureOfLast(events);
    expect(error?.code).toBe("stream_interrupted");
    expect(error?.message).toMatch(
      /broke after 2 events, 2 of them unreadable \(last: SSE data is not JSON: "\{oops"\), before the response finished/,
    );
  });

  test("non-streaming 200 that is not JSON, or not a response: invalid_response quoting the body", async () => {
    const notJson = await raw("application/json", "<<oops>>");
    const error = await failure(notJson.url, { stream: false });
    expect(error?.code).toBe("invalid_response");
    expect(error?.message).toMatch(/answered 200 with a body that is not JSON: "<<oops>>"/);

    const notResponse = await raw("application/json", '{"choices":[]}');
    const other = await failure(notResponse.url, { stream: false });
    expect(other?.code).toBe("invalid_response");
    expect(other?.message).toMatch(/not a response \(no `output` array\)/);

    const errorIn200 = await raw("application/json", '{"error":{"message":"Model crashed","code":"oom"}}');
    expect(await failure(errorIn200.url, { stream: false })).toMatchObject({
      code: "model_failed",
      message: "Model crashed",
      details: { serverCode: "oom" },
    });
  });

  test("a server that ignores stream: true and answers JSON is replayed as events", async () => {
    const server = await raw(
      "application/json",
      JSON.stringify({
        id: "r1",
        object: "response",
        status: "completed",
        model: "m",
        output: [
          {
            type: "message",
            id: "m1",
            status: "completed",
            role: "assistant",
            content: [{ type: "output_text", text: "hi", annotations: [] }],
          },
        ],
      }),
    );
    const events = await collect(
      openResponses({ baseURL: server.url, model: "m" }).stream({ input: "x" }, {}),
    );
    expect(events[0]?.type).toBe("response.created");
    expect(events.at(-1)).toMatchObject({ type: "response.completed", response: { id: "r1" } });
  });

  test("a malformed SSE frame is reported in-band and the stream goes on (Ollama-style, no [DONE])", async () => {
    const frame = (event: Record<string, unknown>) =>
      `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
    const server = await raw(
      "text/event-stream",
      frame({ type: "response.created", sequence_number: 0, response: { id: "r" } }) +
        "data: {not json\n\n" +
        frame({
          type: "response.completed",
          sequence_number: 1,
          response: { id: "r", status: "completed", output: [] },
        }),
    );
    const events = await collect(
      openResponses({ baseURL: server.url, model: "m" }).stream({ input: "x" }, {}),
    );
    expect(events.map((e) => e.type)).toEqual(["response.created", "error", "response.completed"]);
    expect(events[1]).toMatchObject({ sequence_number: -1, error: { code: "sse_malformed" } });
  });
});

describe("openResponses: requests that cannot be sent", () => {
  test("a request that is not an object, or not JSON-serializable, ends as invalid_request without sending", async () => {
    const server = await scripted([text("unused")]);
    const model = openResponses({ baseURL: server.url, model: "m" });
    const notObject = failureOfLast(await collect(model.stream("hi" as never, {})));
    expect(notObject).toMatchObject({ code: "invalid_request" });
    expect(notObject?.message).toBe(
      "Cannot send the request: expected a CreateResponseBody object, got string",
    );
    const circular: Record<string, unknown> = { input: "x" };
    circular.self = circular;
    const cyclic = failureOfLast(await collect(model.stream(circular as never, {})));
    expect(cyclic?.code).toBe("invalid_request");
    expect(cyclic?.message).toMatch(/^Cannot send the request: Converting circular structure to JSON/);
    expect(server.requests).toHaveLength(0);
  });
});

describe("openResponses: configuration", () => {
  test.each([
    [
      { baseURL: "localhost:11434/v1", model: "m" },
      /`baseURL` to be an http\(s\) URL .* got "localhost:11434\/v1"/,
    ],
    [{ baseURL: "ftp://x/v1", model: "m" }, /`baseURL` to be an http\(s\) URL/],
    [{ baseURL: "http://x/v1", model: "" }, /`model` to be a non-empty string .* got ""/],
    [{ baseURL: "http://x/v1" }, /`model` to be a non-empty string .* got undefined/],
    [
      { baseURL: "http://x/v1", model: "m", maxRetries: -1 },
      /`maxRetries` to be a number from 0 and up, got -1/,
    ],
    [{ baseURL: "http://x/v1", model: "m", maxRetries: 1.5 }, /`maxRetries` to be an integer/],
    [{ baseURL: "http://x/v1", model: "m", timeoutMs: 0 }, /`timeoutMs` to be a number from 1 and up, got 0/],
    [{ baseURL: "http://x/v1", model: "m", fetch: "no" }, /`fetch` to be a function/],
    [{ baseURL: "http://x/v1", model: "m", onRetry: 5 }, /`onRetry` to be a function, got 5 \(number\)/],
    [{ baseURL: "http://x/v1", model: "m", backoff: 5 }, /`backoff` to be an object/],
    [{ baseURL: "http://x/v1", model: "m", stream: "no" }, /`stream` to be a boolean, got "no"/],
    [{ baseURL: "http://x/v1", model: "m", apiKey: 5 }, /`apiKey` to be a string, got 5 \(number\)/],
    [{ baseURL: "http://x/v1", model: "m", headers: "x-a: 1" }, /`headers` to be an object of strings/],
    [{ baseURL: "http://x/v1", model: "m", headers: { "x-n": 5 } }, /header `x-n` to be a string, got 5/],
  ])("bad options throw invalid_config at creation: %o", (options, message) => {
    try {
      openResponses(options as never);
      expect.unreachable();
    } catch (error) {
      expect(OpenloopError.is(error, "invalid_config")).toBe(true);
      expect((error as Error).message).toMatch(/^openResponses\(\): Expected /);
      expect((error as Error).message).toMatch(message);
    }
  });

  test("a header that fetch cannot send is invalid_config at creation, not a retried connection error", () => {
    expect(() => openResponses({ baseURL: "http://x/v1", model: "m", headers: { "bad name": "v" } })).toThrow(
      /^openResponses\(\): Header `bad name` cannot be sent: .*invalid header name/,
    );
  });

  test("a baseURL with a query string keeps it after /responses (?api-version=...)", async () => {
    const server = await scripted([text("ok")]);
    const model = openResponses({ baseURL: `${server.url}/?api-version=preview`, model: "m" });
    expect((await collect(model.stream({ input: "x" }, {}))).at(-1)?.type).toBe("response.completed");
    expect(server.requests[0]?.path).toBe("/v1/responses");
    expect(server.requests[0]?.url).toBe("/v1/responses?api-version=preview");
  });

  test("an onRetry that throws ends the stream with a typed internal_error naming it, without retrying", async () => {
    const server = await scripted(httpError(503), [text("unused")]);
    const model = openResponses({
      baseURL: server.url,
      model: "m",
      backoff: { initialMs: 1 },
      onRetry: () => {
        throw new Error("logger is down");
      },
    });
    const error = failureOfLast(await collect(model.stream({ input: "x" }, {})));
    expect(error).toBeInstanceOf(OpenloopError);
    expect(error).toMatchObject({ code: "internal_error", message: "onRetry threw: logger is down" });
    expect(server.requests).toHaveLength(1);
  });

  test("a user-supplied fetch is used", async () => {
    const server = await scripted([text("via custom fetch")]);
    const calls: string[] = [];
    const model = openResponses({
      baseURL: server.url,
      model: "m",
      fetch: (input, init) => {
        calls.push(String(input));
        return fetch(input, init);
      },
    });
    expect((await collect(model.stream({ input: "x" }, {}))).at(-1)?.type).toBe("response.completed");
    expect(calls).toEqual([`${server.url}/responses`]);
  });

  // setTimeout fires after 1 ms for any delay above 2^31-1 ms: such timeouts must mean "no limit".
  test.each([
    ["Infinity", Number.POSITIVE_INFINITY],
    ["2 ** 31", 2 ** 31],
    ["Number.MAX_SAFE_INTEGER", Number.MAX_SAFE_INTEGER],
  ])("timeoutMs and idleTimeoutMs of %s mean no limit, not an instant timeout", async (_, ms) => {
    const server = await scripted({ output: [text("slow but fine")], delayMs: 20, eventDelayMs: 5 });
    const model = openResponses({ baseURL: server.url, model: "m", timeoutMs: ms, idleTimeoutMs: ms });
    const events = await collect(model.stream({ input: "x" }, {}));
    expect(events.at(-1)?.type).toBe("response.completed");
  });
});
