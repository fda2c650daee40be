/**
 * Every recorded Chat Completions stream and body in `fixtures/chat-completions` translates into
 * events that validate against the spec's OpenAPI document and accumulate into the right items:
 * the text, the reasoning and the tool calls (names, arguments, ids) the backend sent.
 */

import { failureOf } from "@openloop/core";
import { accumulate, outputText, type ResponseResource, type StreamEvent } from "@openloop/protocol";
import { recordedBodies, recordedStreams, validateAgainstSpec } from "@openloop/protocol/fixtures";
import { describe, expect, it } from "vitest";
import { startFakeServer } from "../../test/fake-server.js";
import { type ChatExpectation, expectChat, splitCompletions } from "../../test/support/chat-expectations.js";
import { specViolations, translateBody, translateStream } from "../../test/support/translate.js";
import { chatCompletions } from "./model.js";
import { ChatCompletionsTranslator } from "./stream.js";

const factory = (writer: ConstructorParameters<typeof ChatCompletionsTranslator>[0]) =>
  new ChatCompletionsTranslator(writer);

// biome-ignore lint/suspicious/noExplicitAny: recorded JSON of any shape, read loosely
type Json = Record<string, any>;

const streams = recordedStreams("chat-completions").flatMap((stream) => {
  const chunks = stream.payloads.map((p) => JSON.parse(p) as Json);
  const parts = splitCompletions(chunks);
  return parts.map((part, i) => ({
    name: parts.length > 1 ? `${stream.name} (completion ${i + 1})` : stream.name,
    chunks: part,
    done: stream.exact ? /^data: \[DONE\]/m.test(stream.sse) : true,
  }));
});

const bodies = recordedBodies("chat-completions").filter((b) => (b.body as Json)?.choices);
const errorBodies = recordedBodies("chat-completions").filter((b) => (b.body as Json)?.error);

function reasoningOf(response: ResponseResource): string {
  return response.output
    .filter((item) => item.type === "reasoning")
    .map((item) => ((item as Json).content ?? []).map((p: Json) => p.text).join(""))
    .join("");
}

async function check(events: StreamEvent[], expected: ChatExpectation): Promise<ResponseResource> {
  expect(specViolations(events)).toEqual([]);
  const response = await accumulate(events);
  expect(validateAgainstSpec("ResponseResource", response)).toEqual([]);
  expect(outputText(response)).toBe(expected.text);
  expect(reasoningOf(response)).toBe(expected.reasoning);
  const calls = response.output.filter((item) => item.type === "function_call") as Json[];
  expect(calls.map((c) => ({ name: c.name, arguments: c.arguments }))).toEqual(
    expected.calls.map((c) => ({ name: c.name, arguments: c.arguments })),
  );
  expected.calls.forEach((call, i) => {
    if (call.id) expect(calls[i]!.call_id).toBe(call.id);
    else expect(calls[i]!.call_id).toMatch(/^call_/);
  });
  if (expected.usage) {
    const u = expected.usage;
    expect(response.usage).toMatchObject({
      input_tokens: u.prompt_tokens ?? 0,
      output_tokens: u.completion_tokens ?? 0,
      input_tokens_details: {
        cached_tokens: u.prompt_tokens_details?.cached_tokens ?? u.prompt_cache_hit_tokens ?? 0,
      },
      output_tokens_details: { reasoning_tokens: u.completion_tokens_details?.reasoning_tokens ?? 0 },
    });
  }
  if (expected.error) {
    expect(response.status).toBe("failed");
    expect(events.some((e) => e.type === "error")).toBe(true);
  } else if (expected.finishReason === "length") {
    expect(response.status).toBe("incomplete");
    expect(response.incomplete_details).toEqual({ reason: "max_output_tokens" });
  } else {
    expect(response.status).toBe("completed");
  }
  return response;
}

describe("recorded Chat Completions streams", () => {
  it("covers every stream in fixtures/chat-completions", () => {
    expect(streams.length).toBeGreaterThanOrEqual(30);
  });

  it.each(streams)("$name", async ({ chunks, done }) => {
    await check(translateStream(factory, chunks, { done }), expectChat(chunks));
  });
});

describe("recorded Chat Completions bodies", () => {
  it.each(bodies)("$name", async ({ body }) => {
    await check(translateBody(factory, body), expectChat([body as Json]));
  });

  it("has error bodies, which are HTTP errors and not responses", () => {
    expect(errorBodies.map((b) => b.name)).toEqual(
      expect.arrayContaining(["chat-completions/reasoning-model-legacy-parameter-error.json"]),
    );
  });

  it.each(errorBodies)(
    "$name, answered with a 400, ends the stream with a ModelHttpError carrying it",
    async ({ body }) => {
      const error = (body as Json).error;
      const server = await startFakeServer([{ status: 400, json: body }]);
      try {
        const events: StreamEvent[] = [];
        for await (const event of chatCompletions({ baseURL: server.url, model: "o3" }).stream(
          { input: "x" },
          {},
        ))
          events.push(event);
        expect(events.map((e) => e.type)).toEqual(["response.failed"]);
        expect(failureOf(events[0])).toMatchObject({
          code: "model_http_error",
          status: 400,
          serverCode: error.code,
          param: error.param,
          message: expect.stringContaining(error.message),
        });
      } finally {
        await server.close();
      }
    },
  );
});
