import { failureOf, ModelHttpError, OpenloopError } from "@openloop/core";
import { accumulate, type CreateResponseBody, outputText, type StreamEvent } from "@openloop/protocol";
import { streamOrderViolations, validateAgainstSpec } from "@openloop/protocol/fixtures";
import { describe, expect, test } from "vitest";
import { functionCall, reasoning, refusal, text } from "../script/items.js";
import { cutConnection, failMidStream, httpError, stall } from "../script/turns.js";
import { ScriptedModel } from "./scripted-model.js";

const request: CreateResponseBody = { model: "m", input: "Hi" };

async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/** Every event, and the terminal response, conform to the spec's schemas and ordering rules. */
function expectSpecStream(events: StreamEvent[]): void {
  for (const event of events) expect(validateAgainstSpec("StreamEvent", event), event.type).toEqual([]);
  expect(validateAgainstSpec("ResponseResource", (events.at(-1) as { response: unknown }).response)).toEqual(
    [],
  );
  expect(streamOrderViolations(events)).toEqual([]);
}

const play = (model: ScriptedModel, body: CreateResponseBody = request, signal?: AbortSignal) =>
  collect(model.stream(body, signal ? { signal } : {}));

describe("ScriptedModel: responses", () => {
  test("plays turns in order as spec-correct streams and records each request", async () => {
    const model = new ScriptedModel([[text("Hello")], [text("Again")]]);
    const first = await play(model);
    expectSpecStream(first);
    expect(outputText(await accumulate(first))).toBe("Hello");
    const second = await play(model, { model: "m", input: "more" });
    expect(outputText(await accumulate(second))).toBe("Again");
    expect(model.requests).toEqual([request, { model: "m", input: "more" }]);
    expect(model.remaining).toBe(0);
  });

  test("records a copy of the request, not the caller's object", async () => {
    const model = new ScriptedModel([[text("ok")]]);
    const input = [{ type: "message" as const, role: "user" as const, content: "first" }];
    await play(model, { model: "m", input });
    input.push({ type: "message", role: "user", content: "later" });
    expect(model.requests[0]!.input).toHaveLength(1);
  });

  test("a request that cannot be cloned (a function inside) is recorded as is, not thrown on", async () => {
    const model = new ScriptedModel([[text("ok")]]);
    const odd = { model: "m", input: "x", metadata: { hook: () => 1 } } as unknown as CreateResponseBody;
    expect((await play(model, odd)).at(-1)?.type).toBe("response.completed");
    expect(model.requests[0]).toBe(odd);
  });

  test("reasoning (summary, raw, encrypted), parallel calls, refusal: all spec-valid, ids filled", async () => {
    const model = new ScriptedModel([
      [
        reasoning({ summary: ["Plan.", "Check."], content: "Raw thought.", encrypted: "enc==" }),
        functionCall("get_weather", { city: "Paris" }),
        functionCall("get_time", '{"tz":"CET"}', { callId: "call_fixed" }),
      ],
      [refusal("I can't do that.")],
    ]);
    const events = await play(model);
    expectSpecStream(events);
    const response = await accumulate(events);
    expect(response.output).toMatchObject([
      {
        type: "reasoning",
        id: "rs_0_0",
        encrypted_content: "enc==",
        summary: [{ text: "Plan." }, { text: "Check." }],
        content: [{ type: "reasoning_text", text: "Raw thought." }],
      },
      { type: "function_call", id: "fc_0_1", call_id: "call_0_1", arguments: '{"city":"Paris"}' },
      { type: "function_call", id: "fc_0_2", call_id: "call_fixed", arguments: '{"tz":"CET"}' },
    ]);
    const refused = await play(model);
    expectSpecStream(refused);
    expect((await accumulate(refused)).output[0]).toMatchObject({
      content: [{ refusal: "I can't do that." }],
    });
  });

  test("echoes the request's settings in the response, as a server does", async () => {
    const model = new ScriptedModel([[text("ok")]]);
    const events = await play(model, {
      model: "gpt-test",
      input: "x",
      instructions: "Be brief.",
      tools: [{ type: "function", name: "f", parameters: { type: "object", properties: {} } }],
      tool_choice: "required",
      parallel_tool_calls: false,
      store: false,
      reasoning: { effort: "low" },
    });
    expectSpecStream(events);
    expect((events.at(-1) as { response: unknown }).response).toMatchObject({
      model: "gpt-test",
      instructions: "Be brief.",
      tools: [{ type: "function", name: "f", description: null, strict: null }],
      tool_choice: "required",
      parallel_tool_calls: false,
      store: false,
      reasoning: { effort: "low", summary: null },
    });
  });

  test("turn options: usage, incomplete status, chunkSize", async () => {
    const model = new ScriptedModel([
      {
        output: [text("Hello world")],
        usage: { input_tokens: 5, output_tokens: 2 },
        status: "incomplete",
        chunkSize: 3,
      },
    ]);
    const events = await play(model);
    expectSpecStream(events);
    expect(events.filter((e) => e.type === "response.output_text.delta")).toHaveLength(4);
    expect(events.at(-1)).toMatchObject({
      type: "response.incomplete",
      response: {
        status: "incomplete",
        incomplete_details: { reason: "max_output_tokens" },
        usage: { input_tokens: 5, output_tokens: 2, total_tokens: 7 },
        output: [{ status: "incomplete" }],
      },
    });
  });

  test("a function turn answers from the request it receives", async () => {
    const model = new ScriptedModel([
      (req, index) => [text(`You said ${JSON.stringify(req.input)} as request ${index}`)],
      async () => ({ output: [text("async")] }),
    ]);
    expect(outputText(await accumulate(await play(model)))).toBe('You said "Hi" as request 0');
    expect(outputText(await accumulate(await play(model)))).toBe("async");
  });
});

describe("ScriptedModel: failures are data, as the HTTP model reports them", () => {
  test("httpError ends in response.failed carrying a ModelHttpError with status, server fields and retry hint", async () => {
    const model = new ScriptedModel([
      httpError(
        429,
        {
          error: {
            type: "too_many_requests",
            code: "rate_limit_exceeded",
            message: "Slow down.",
            param: null,
          },
        },
        { retryAfter: 2 },
      ),
    ]);
    const events = await play(model);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: "response.failed",
      response: { error: { code: "model_http_error" } },
    });
    expect(validateAgainstSpec("StreamEvent", events[0])).toEqual([]);
    const error = failureOf(events[0]);
    expect(error).toBeInstanceOf(ModelHttpError);
    expect(error).toMatchObject({
      code: "model_http_error",
      status: 429,
      serverCode: "rate_limit_exceeded",
      type: "too_many_requests",
      details: { retryAfterMs: 2000 },
    });
    expect(error?.message).toMatch(/HTTP 429 Too Many Requests: Slow down\./);
  });

  test("httpError 404 and previous_response_not_found get the codes the HTTP model gives them", async () => {
    const model = new ScriptedModel([
      httpError(404, "Cannot POST /v1/responses"),
      httpError(400, {
        error: {
          type: "invalid_request_error",
          code: "previous_response_not_found",
          message: "Not found.",
          param: null,
        },
      }),
    ]);
    expect(failureOf((await play(model))[0])?.code).toBe("not_open_responses");
    expect(failureOf((await play(model))[0])?.code).toBe("previous_response_not_found");
  });

  test("failMidStream: exactly afterEvents events, then the server's error event and response.failed", async () => {
    const model = new ScriptedModel([failMidStream(4, { code: "model_overloaded", message: "Overloaded." })]);
    const events = await play(model);
    expect(events.map((e) => e.type)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
      "error",
      "response.failed",
    ]);
    expectSpecStream(events);
    expect(events[4]).toMatchObject({ error: { code: "model_overloaded", message: "Overloaded." } });
    expect(failureOf(events.at(-1))).toMatchObject({ code: "model_failed", message: "Overloaded." });
  });

  test("cutConnection: stream_interrupted with the finished items, or a connection error before any event", async () => {
    const model = new ScriptedModel([cutConnection(9, [text("one"), text("two")]), cutConnection(0)]);
    const events = await play(model);
    expect(events).toHaveLength(10);
    expect(streamOrderViolations(events)).toEqual([]);
    const error = failureOf(events.at(-1));
    expect(error?.code).toBe("stream_interrupted");
    expect(error?.message).toMatch(/after 9 events/);
    expect((events.at(-1) as { response: { output: unknown[] } }).response.output).toMatchObject([
      { id: "msg_0_0" },
    ]);
    const before = await play(model);
    expect(before).toHaveLength(1);
    expect(failureOf(before[0])?.code).toBe("model_connection_error");
  });

  test("running out of turns is an error event naming the request, not a hang", async () => {
    const model = new ScriptedModel([[text("only")]]);
    await play(model);
    const events = await play(model);
    expect(events.map((e) => e.type)).toEqual(["error", "response.failed"]);
    expect(
      streamOrderViolations([{ type: "response.created", sequence_number: -1, response: {} }, ...events]),
    ).toEqual([]);
    const error = failureOf(events.at(-1));
    expect(error?.code).toBe("model_failed");
    expect(error?.message).toMatch(/no turn for request 2: the script has 1 turn\./);
  });

  test("a turn function that throws ends the stream with internal_error naming the turn", async () => {
    const model = new ScriptedModel([
      () => {
        throw new Error("bad fixture");
      },
    ]);
    const error = failureOf((await play(model)).at(-1));
    expect(error?.code).toBe("internal_error");
    expect(error?.message).toMatch(/turn 0 threw: bad fixture/);
  });

  test("a bad script is a clear invalid_config error at construction", () => {
    expect(() => new ScriptedModel("text" as never)).toThrow(/expects an array of turns/);
    try {
      new ScriptedModel([[text("ok")], 42 as never]);
      expect.unreachable();
    } catch (error) {
      expect(OpenloopError.is(error, "invalid_config")).toBe(true);
      expect((error as Error).message).toMatch(/turn 1 must be an array of items/);
    }
  });

  test("an item that is not an output item (no string type) is refused at construction, or when a turn function returns it", async () => {
    expect(() => new ScriptedModel([[text("ok"), { text: "no type" } as never]])).toThrow(
      /^ScriptedModel turn 0 has an item that is not an output item \(item 1: \{"text":"no type"\}\); items are objects with a string `type`/,
    );
    expect(() => new ScriptedModel([{ output: [null as never] }])).toThrow(
      /turn 0 has an item that is not an output item/,
    );
    expect(() => new ScriptedModel([{ output: "hi" as never }])).toThrow(
      /turn 0 has an output that is not an array/,
    );

    const model = new ScriptedModel([() => [42 as never]]);
    const events = await play(model);
    expect(events.map((e) => e.type)).toEqual(["error", "response.failed"]);
    const error = failureOf(events.at(-1));
    expect(error?.code).toBe("invalid_config");
    expect(error?.message).toMatch(
      /the function of turn 0 returned a turn that has an item that is not an output item \(item 0: 42\)/,
    );
  });

  test("the item helpers refuse what would stream as a malformed item, naming the helper", () => {
    const cases: [() => unknown, string][] = [
      [() => text(5 as never), "text(): Expected the text to be a string, got number"],
      [() => refusal(undefined as never), "refusal(): Expected the refusal to be a string, got undefined"],
      [
        () => reasoning({ summary: ["ok", 3 as never] }),
        "reasoning(): Expected each `summary` part to be a string, got number",
      ],
      [
        () => reasoning({ encrypted: {} as never }),
        "reasoning(): Expected `encrypted` to be a string, got object",
      ],
      [
        () => functionCall(undefined as never),
        "functionCall(): Expected the function name to be a string, got undefined",
      ],
      [
        () => functionCall("f", [1] as never),
        'functionCall("f"): Expected the arguments to be an object or a JSON string, got an array',
      ],
    ];
    for (const [call, message] of cases) {
      try {
        call();
        expect.unreachable(message);
      } catch (error) {
        expect(OpenloopError.is(error, "invalid_config")).toBe(true);
        expect((error as Error).message).toBe(message);
      }
    }
  });

  test("httpError takes only an HTTP error status (400 to 599)", () => {
    for (const status of [200, 399, 600, 99, 429.5, Number.NaN]) {
      try {
        httpError(status);
        expect.unreachable();
      } catch (error) {
        expect(OpenloopError.is(error, "invalid_config")).toBe(true);
        expect((error as Error).message).toMatch(
          /^httpError\(.+\): the status must be an HTTP error status, an integer from 400 to 599$/,
        );
      }
    }
    expect(httpError(400).failure).toMatchObject({ kind: "http", status: 400 });
    expect(httpError(599).failure).toMatchObject({ kind: "http", status: 599 });
  });
});

describe("ScriptedModel: abort", () => {
  test("an aborted signal ends the stream with response.failed code aborted, at any point", async () => {
    const model = new ScriptedModel([stall(3), { output: [text("late")], delayMs: 60_000 }, [text("never")]]);

    const controller = new AbortController();
    const events: StreamEvent[] = [];
    for await (const event of model.stream(request, { signal: controller.signal })) {
      events.push(event);
      if (events.length === 3) controller.abort();
    }
    expect(events).toHaveLength(4);
    expect(failureOf(events[3])?.code).toBe("aborted");

    const delayed = new AbortController();
    const pending = play(model, request, delayed.signal);
    delayed.abort();
    const cut = await pending;
    expect(cut).toHaveLength(1);
    expect(failureOf(cut[0])?.code).toBe("aborted");

    const pre = AbortSignal.abort();
    expect(failureOf((await play(model, request, pre))[0])?.code).toBe("aborted");
  });

  test("eventDelayMs holds the stream between events: a short deadline ends it after the first one", async () => {
    // Without the delay the nine events of this turn play at once, long before the deadline.
    const model = new ScriptedModel([
      { output: [text("slow")], eventDelayMs: 60_000 },
      { output: [text("fast")] },
    ]);
    const slow = await play(model, request, AbortSignal.timeout(100));
    expect(slow.map((e) => e.type)).toEqual(["response.created", "response.failed"]);
    expect(failureOf(slow[1])?.code).toBe("aborted");
    const fast = await play(model, request, AbortSignal.timeout(100));
    expect(fast.at(-1)?.type).toBe("response.completed");
  });
});
