/**
 * Chat Completions stream quirks beyond the recordings: each case is a shape some server sends.
 */

import { failureOf } from "@openloop/core";
import { accumulate, outputText } from "@openloop/protocol";
import { describe, expect, it } from "vitest";
import { specViolations, translateBody, translateStream } from "../../test/support/translate.js";
import { decodeReasoningBlob } from "../shared/reasoning-blob.js";
import { ChatCompletionsTranslator } from "./stream.js";

const factory = (writer: ConstructorParameters<typeof ChatCompletionsTranslator>[0]) =>
  new ChatCompletionsTranslator(writer);

const chunk = (delta: Record<string, unknown>, finish_reason: string | null = null) => ({
  id: "c1",
  model: "m",
  choices: [{ index: 0, delta, finish_reason }],
});

async function run(chunks: unknown[], done = false) {
  const events = translateStream(factory, chunks, { done });
  expect(specViolations(events)).toEqual([]);
  // The typed error rides on the terminal event itself.
  const failure = failureOf(events[events.length - 1]);
  return { events, response: await accumulate(events), failure };
}

describe("ChatCompletionsTranslator", () => {
  it("keeps parallel calls apart when their fragments interleave, with indexes starting at 1", async () => {
    const { response } = await run([
      chunk({ tool_calls: [{ index: 1, id: "a", function: { name: "add", arguments: "" } }] }),
      chunk({ tool_calls: [{ index: 2, id: "b", function: { name: "mul", arguments: '{"x"' } }] }),
      chunk({ tool_calls: [{ index: 1, function: { arguments: '{"x":1}' } }] }),
      chunk({ tool_calls: [{ index: 2, function: { arguments: ":2}" } }] }),
      chunk({}, "tool_calls"),
    ]);
    expect(response.output).toEqual([
      expect.objectContaining({
        type: "function_call",
        call_id: "a",
        name: "add",
        arguments: '{"x":1}',
        status: "completed",
      }),
      expect.objectContaining({
        type: "function_call",
        call_id: "b",
        name: "mul",
        arguments: '{"x":2}',
        status: "completed",
      }),
    ]);
  });

  it("keeps parallel calls apart when they all come at index 0 with their own ids (Gemini's OpenAI endpoint)", async () => {
    const { response } = await run([
      chunk({
        tool_calls: [{ index: 0, id: "g1", function: { name: "weather", arguments: '{"city":"Oslo"}' } }],
      }),
      chunk({ tool_calls: [{ index: 0, id: "g2", function: { name: "weather", arguments: '{"city":' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '"Rome"}' } }] }),
      chunk({}, "tool_calls"),
    ]);
    expect(
      response.output.map((i) => [
        (i as { call_id?: string }).call_id,
        (i as { arguments?: string }).arguments,
      ]),
    ).toEqual([
      ["g1", '{"city":"Oslo"}'],
      ["g2", '{"city":"Rome"}'],
    ]);
  });

  it("keeps index-less calls apart by id and continues an index-less fragment without id on the last call (Mistral)", async () => {
    const { response } = await run([
      chunk({ tool_calls: [{ id: "m1", function: { name: "a", arguments: "{}" } }] }),
      chunk({ tool_calls: [{ id: "m2", function: { name: "b", arguments: '{"x":' } }] }),
      chunk({ tool_calls: [{ function: { arguments: "1}" } }] }),
      chunk({}, "tool_calls"),
    ]);
    expect(response.output).toEqual([
      expect.objectContaining({ call_id: "m1", name: "a", arguments: "{}" }),
      expect.objectContaining({ call_id: "m2", name: "b", arguments: '{"x":1}' }),
    ]);
  });

  it("skips null entries in choices and tool_calls instead of failing on them", async () => {
    const { response } = await run([
      { id: "c1", model: "m", choices: [null, { index: 0, delta: { content: "ok" }, finish_reason: null }] },
      chunk({ tool_calls: [null, { index: 0, id: "t", function: { name: "f", arguments: "{}" } }] }),
      chunk({}, "tool_calls"),
    ]);
    expect(outputText(response)).toBe("ok");
    expect(response.output[1]).toMatchObject({ call_id: "t", name: "f" });
  });

  it("holds arguments that arrive before the function name until the name is known", async () => {
    const { response } = await run([
      chunk({ tool_calls: [{ index: 0, id: "a", function: { arguments: '{"q":' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { name: "search", arguments: '"x"}' } }] }),
      chunk({}, "tool_calls"),
    ]);
    expect(response.output).toEqual([expect.objectContaining({ name: "search", arguments: '{"q":"x"}' })]);
  });

  it("takes arguments that arrive whole in the last chunk, with the finish_reason", async () => {
    const { events, response } = await run([
      chunk({
        tool_calls: [{ index: 0, id: "a", type: "function", function: { name: "f", arguments: "" } }],
      }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"q":"all at once"}' } }] }, "tool_calls"),
    ]);
    expect(response.output).toEqual([
      expect.objectContaining({
        call_id: "a",
        name: "f",
        arguments: '{"q":"all at once"}',
        status: "completed",
      }),
    ]);
    // The empty first fragment is not an event of its own.
    expect(events.filter((e) => e.type === "response.function_call_arguments.delta")).toHaveLength(1);
  });

  it("ignores a first chunk with only prompt_filter_results and an empty model (Azure)", async () => {
    const { response } = await run([
      { id: "", model: "", choices: [], prompt_filter_results: [{ prompt_index: 0 }] },
      chunk({ content: "Hi" }, "stop"),
    ]);
    expect(response.model).toBe("m");
    expect(outputText(response)).toBe("Hi");
  });

  it("takes arguments sent as a JSON object instead of text (some compatible servers), as their JSON", async () => {
    const response = await accumulate(
      translateBody(factory, {
        choices: [
          {
            index: 0,
            message: {
              role: "assistant",
              tool_calls: [
                { id: "c1", type: "function", function: { name: "weather", arguments: { city: "Paris" } } },
              ],
            },
            finish_reason: "tool_calls",
          },
        ],
      }),
    );
    expect(response.output).toEqual([
      expect.objectContaining({ type: "function_call", call_id: "c1", arguments: '{"city":"Paris"}' }),
    ]);
  });

  it("gives a call without an id a generated call_id", async () => {
    const { response } = await run([
      chunk({ tool_calls: [{ index: 0, function: { name: "f", arguments: "{}" } }] }),
      chunk({}, "tool_calls"),
    ]);
    expect((response.output[0] as { call_id: string }).call_id).toMatch(/^call_[0-9a-f]{24}$/);
  });

  it("fails a stream whose tool call never names its function", async () => {
    const { response, failure } = await run([
      chunk({ tool_calls: [{ index: 0, id: "a", function: { arguments: "{}" } }] }),
      chunk({}, "tool_calls"),
    ]);
    expect(response.status).toBe("failed");
    expect(failure?.code).toBe("invalid_response");
  });

  it("starts new items when reasoning follows text and text follows a call, keeping output order", async () => {
    const { response } = await run([
      chunk({ reasoning_content: "a" }),
      chunk({ content: "b" }),
      chunk({ reasoning_content: "c" }),
      chunk({ tool_calls: [{ index: 0, id: "t", function: { name: "f", arguments: "{}" } }] }),
      chunk({ content: "d" }),
      chunk({}, "tool_calls"),
    ]);
    expect(response.output.map((item) => item.type)).toEqual([
      "reasoning",
      "message",
      "reasoning",
      "function_call",
      "message",
    ]);
    expect(outputText(response)).toBe("bd");
  });

  it("keeps the backend's reasoning field and details in encrypted_content so they can be sent back", async () => {
    const { response } = await run([chunk({ reasoning: "Thinking" }), chunk({ content: "Hi" }, "stop")]);
    const reasoning = response.output[0] as { encrypted_content?: string };
    expect(decodeReasoningBlob("chat-completions", reasoning.encrypted_content)).toEqual({
      field: "reasoning",
      text: "Thinking",
    });
  });

  it("maps a refusal delta to a refusal part", async () => {
    const { response } = await run([chunk({ refusal: "I can't" }), chunk({ refusal: " help." }, "stop")]);
    expect(response.output).toEqual([
      expect.objectContaining({ content: [{ type: "refusal", refusal: "I can't help." }] }),
    ]);
  });

  it("maps finish_reason length and content_filter to incomplete responses with the reason", async () => {
    const length = await run([chunk({ content: "abc" }, "length")]);
    expect(length.response).toMatchObject({
      status: "incomplete",
      incomplete_details: { reason: "max_output_tokens" },
    });
    expect(length.response.output[0]).toMatchObject({ status: "incomplete" });
    const filtered = await run([chunk({ content: "abc" }, "content_filter")]);
    expect(filtered.response).toMatchObject({
      status: "incomplete",
      incomplete_details: { reason: "content_filter" },
    });
  });

  it("fails a response whose finish_reason is error (OpenRouter) with model_failed, keeping the partial text", async () => {
    const { response, failure } = await run([chunk({ content: "half" }), chunk({}, "error")], true);
    expect(response.status).toBe("failed");
    expect(failure).toMatchObject({ code: "model_failed", details: { serverCode: "error" } });
    expect(outputText(response)).toBe("half");
  });

  it("completes a stream that ends with [DONE] but no finish_reason", async () => {
    const { response } = await run([chunk({ content: "ok" })], true);
    expect(response.status).toBe("completed");
  });

  it("fails a stream cut before finish_reason and [DONE] with stream_interrupted, keeping the partial text", async () => {
    const { response, failure } = await run([chunk({ content: "partial" })]);
    expect(response.status).toBe("failed");
    expect(failure?.code).toBe("stream_interrupted");
    expect(outputText(response)).toBe("partial");
  });

  it("turns an error chunk into an error event and response.failed with model_failed", async () => {
    const { events, failure } = await run([
      chunk({ content: "x" }),
      { error: { code: 429, message: "Rate limited upstream" } },
    ]);
    expect(events.find((e) => e.type === "error")).toMatchObject({
      error: { code: "429", message: "Rate limited upstream" },
    });
    expect(failure).toMatchObject({ code: "model_failed", message: "Rate limited upstream" });
  });

  it("reads Mistral's content parts with thinking", async () => {
    const { response } = await run([
      chunk({ content: [{ type: "thinking", thinking: [{ type: "text", text: "hmm" }] }] }),
      chunk({ content: [{ type: "text", text: "Answer" }] }, "stop"),
    ]);
    expect(response.output.map((i) => i.type)).toEqual(["reasoning", "message"]);
    expect(outputText(response)).toBe("Answer");
  });

  it("translates a non-streaming body with usage", async () => {
    const events = translateBody(factory, {
      model: "m",
      choices: [{ index: 0, message: { role: "assistant", content: "Hi" }, finish_reason: "stop" }],
      usage: {
        prompt_tokens: 3,
        completion_tokens: 1,
        total_tokens: 4,
        prompt_tokens_details: { cached_tokens: 2 },
      },
    });
    const response = await accumulate(events);
    expect(response.usage).toEqual({
      input_tokens: 3,
      output_tokens: 1,
      total_tokens: 4,
      input_tokens_details: { cached_tokens: 2 },
      output_tokens_details: { reasoning_tokens: 0 },
    });
  });
});
