/**
 * Anthropic stream cases beyond the recordings (no real mid-stream `error` event or `max_tokens`
 * stream was found to record; see fixtures/SOURCE.md "Gaps").
 */
import { failureOf } from "@openloop/core";
import { accumulate, outputText } from "@openloop/protocol";
import { describe, expect, it } from "vitest";
import { specViolations, translateStream } from "../../test/support/translate.js";
import { AnthropicMessagesTranslator } from "./stream.js";

const factory = (writer: ConstructorParameters<typeof AnthropicMessagesTranslator>[0]) =>
  new AnthropicMessagesTranslator(writer);

const start = (
  usage: Record<string, number> = { input_tokens: 10, output_tokens: 1 },
  content: unknown[] = [],
) => ({
  type: "message_start",
  message: { id: "msg_1", model: "claude-x", content, usage },
});
const text = (index: number, ...deltas: string[]) => [
  { type: "content_block_start", index, content_block: { type: "text", text: "" } },
  ...deltas.map((t) => ({ type: "content_block_delta", index, delta: { type: "text_delta", text: t } })),
  { type: "content_block_stop", index },
];
const stop = (stop_reason: string, usage: Record<string, number> = { output_tokens: 5 }) => [
  { type: "message_delta", delta: { stop_reason }, usage },
  { type: "message_stop" },
];

async function run(events: unknown[]) {
  const out = translateStream(factory, events);
  expect(specViolations(out)).toEqual([]);
  return { events: out, response: await accumulate(out), failure: failureOf(out[out.length - 1]) };
}

describe("AnthropicMessagesTranslator", () => {
  it("turns an error event into an error event and response.failed, keeping the partial text", async () => {
    const { events, response, failure } = await run([
      start(),
      { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Half" } },
      { type: "error", error: { type: "overloaded_error", message: "Overloaded" } },
    ]);
    expect(events.find((e) => e.type === "error")).toMatchObject({
      error: { code: "overloaded_error", message: "Overloaded" },
    });
    expect(failure).toMatchObject({ code: "model_failed", details: { serverCode: "overloaded_error" } });
    expect(response.status).toBe("failed");
    expect(outputText(response)).toBe("Half");
  });

  it("maps max_tokens to an incomplete response whose last item is incomplete", async () => {
    const { response } = await run([
      start(),
      ...text(0, "a", "b"),
      {
        type: "content_block_start",
        index: 1,
        content_block: { type: "tool_use", id: "toolu_1", name: "f", input: {} },
      },
      { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: '{"x":' } },
      { type: "content_block_stop", index: 1 },
      ...stop("max_tokens"),
    ]);
    expect(response).toMatchObject({
      status: "incomplete",
      incomplete_details: { reason: "max_output_tokens" },
    });
    expect(response.output.map((i) => (i as { status?: string }).status)).toEqual([
      "completed",
      "incomplete",
    ]);
  });

  it("gives a call without arguments `{}` as its arguments, not an empty string that is not JSON", async () => {
    // As anthropic-tool-no-args.chunks.txt streams it: input {} and one empty input_json_delta.
    const { events, response } = await run([
      start(),
      {
        type: "content_block_start",
        index: 0,
        content_block: { type: "tool_use", id: "toolu_1", name: "updateIssueList", input: {} },
      },
      { type: "content_block_delta", index: 0, delta: { type: "input_json_delta", partial_json: "" } },
      { type: "content_block_stop", index: 0 },
      ...stop("tool_use"),
    ]);
    expect(events.find((e) => e.type === "response.function_call_arguments.done")).toMatchObject({
      arguments: "{}",
    });
    expect(response.output).toEqual([
      expect.objectContaining({ type: "function_call", call_id: "toolu_1", arguments: "{}" }),
    ]);
  });

  it("fails a stream cut before message_delta and message_stop with stream_interrupted", async () => {
    const { failure } = await run([start(), ...text(0, "a")]);
    expect(failure?.code).toBe("stream_interrupted");
  });

  it("reads content already filled in message_start", async () => {
    const { response } = await run([
      start(undefined, [{ type: "text", text: "Prefilled" }]),
      ...stop("end_turn"),
    ]);
    expect(outputText(response)).toBe("Prefilled");
  });

  it("puts each text block in its own output_text part and web citations as url_citation annotations", async () => {
    const citation = {
      type: "web_search_result_location",
      url: "https://a.example",
      title: "A",
      cited_text: "x",
    };
    const { response } = await run([
      start(),
      ...text(0, "Intro. "),
      { type: "content_block_start", index: 1, content_block: { type: "text", text: "", citations: [] } },
      { type: "content_block_delta", index: 1, delta: { type: "citations_delta", citation } },
      { type: "content_block_delta", index: 1, delta: { type: "text_delta", text: "Cited." } },
      { type: "content_block_stop", index: 1 },
      ...stop("end_turn"),
    ]);
    expect(response.output[0]).toMatchObject({
      content: [
        { type: "output_text", text: "Intro. ", annotations: [] },
        {
          type: "output_text",
          text: "Cited.",
          annotations: [
            { type: "url_citation", url: "https://a.example", title: "A", start_index: 0, end_index: 6 },
          ],
        },
      ],
    });
  });

  it("takes usage from message_delta over message_start, counting cache reads and writes as input", async () => {
    const { response } = await run([
      start({
        input_tokens: 43,
        output_tokens: 1,
        cache_read_input_tokens: 100,
        cache_creation_input_tokens: 7,
      }),
      ...text(0, "p"),
      ...stop("end_turn", { input_tokens: 61, output_tokens: 2 }),
    ]);
    expect(response.usage).toEqual({
      input_tokens: 168,
      output_tokens: 2,
      total_tokens: 170,
      input_tokens_details: { cached_tokens: 100 },
      output_tokens_details: { reasoning_tokens: 0 },
    });
  });

  it("keeps message_start's counts where message_delta's usage says null (the API types them number | null)", async () => {
    const { response } = await run([
      start({ input_tokens: 40, cache_read_input_tokens: 100, output_tokens: 1 }),
      ...text(0, "Hi"),
      {
        type: "message_delta",
        delta: { stop_reason: "end_turn" },
        usage: { input_tokens: null, cache_read_input_tokens: null, output_tokens: 7 },
      },
      { type: "message_stop" },
    ]);
    expect(response.usage).toMatchObject({
      input_tokens: 140,
      output_tokens: 7,
      input_tokens_details: { cached_tokens: 100 },
    });
  });

  it("maps pause_turn to an incomplete response, so the caller knows to continue", async () => {
    const { response } = await run([start(), ...text(0, "Searching"), ...stop("pause_turn")]);
    expect(response).toMatchObject({ status: "incomplete", incomplete_details: { reason: "pause_turn" } });
  });
});
