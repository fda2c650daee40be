/**
 * Every recorded Anthropic Messages stream and body in `fixtures/anthropic-messages` translates into
 * events that validate against the spec's OpenAPI document and accumulate into the right items: the
 * text, the thinking (text and signature, or redacted data, kept for replay), the tool calls (names,
 * arguments, ids) and the hosted-tool blocks.
 */
import { accumulate, outputText, type ResponseResource, type StreamEvent } from "@openloop/protocol";
import { recordedBodies, recordedStreams, validateAgainstSpec } from "@openloop/protocol/fixtures";
import { describe, expect, it } from "vitest";
import {
  type AnthropicExpectation,
  eventsOfBody,
  expectAnthropic,
  splitMessages,
} from "../../test/support/anthropic-expectations.js";
import { specViolations, translateBody, translateStream } from "../../test/support/translate.js";
import { decodeReasoningBlob } from "../shared/reasoning-blob.js";
import { AnthropicMessagesTranslator } from "./stream.js";

// biome-ignore lint/suspicious/noExplicitAny: recorded JSON of any shape, read loosely
type Json = Record<string, any>;

const factory = (writer: ConstructorParameters<typeof AnthropicMessagesTranslator>[0]) =>
  new AnthropicMessagesTranslator(writer);

const streams = recordedStreams("anthropic-messages").flatMap((stream) => {
  const parts = splitMessages(stream.payloads.map((p) => JSON.parse(p) as Json));
  return parts.map((events, i) => ({
    name: parts.length > 1 ? `${stream.name} (message ${i + 1})` : stream.name,
    events,
  }));
});

const bodies = recordedBodies("anthropic-messages").filter((b) => (b.body as Json)?.type === "message");

async function check(events: StreamEvent[], expected: AnthropicExpectation): Promise<ResponseResource> {
  expect(specViolations(events)).toEqual([]);
  const response = await accumulate(events);
  const known = { ...response, output: response.output.filter((item) => !item.type.includes(":")) };
  expect(validateAgainstSpec("ResponseResource", known)).toEqual([]);
  expect(outputText(response)).toBe(expected.text);

  const reasoning = response.output.filter((item) => item.type === "reasoning") as Json[];
  const blobs = reasoning.map(
    (item) => decodeReasoningBlob("anthropic-messages", item.encrypted_content)?.block,
  );
  expect(blobs.filter((b) => b?.type === "thinking")).toEqual(
    expected.thinking.map((t) => ({ type: "thinking", thinking: t.text, signature: t.signature })),
  );
  expect(blobs.filter((b) => b?.type === "redacted_thinking").map((b) => (b as Json).data)).toEqual(
    expected.redacted,
  );
  const thinkingText = reasoning
    .map((item) => (item.content ?? []).map((p: Json) => p.text).join(""))
    .join("");
  expect(thinkingText).toBe(expected.thinking.map((t) => t.text).join(""));

  const calls = response.output.filter((item) => item.type === "function_call") as Json[];
  expect(calls.map((c) => ({ id: c.call_id, name: c.name, arguments: c.arguments }))).toEqual(expected.calls);
  expect(
    response.output.filter((item) => item.type.startsWith("anthropic:")).map((item) => item.type),
  ).toEqual(expected.hosted.map((type) => `anthropic:${type}`));

  const u = expected.usage;
  if (u.input_tokens != null || u.output_tokens != null) {
    const input =
      (u.input_tokens ?? 0) + (u.cache_creation_input_tokens ?? 0) + (u.cache_read_input_tokens ?? 0);
    expect(response.usage).toMatchObject({
      input_tokens: input,
      output_tokens: u.output_tokens ?? 0,
      input_tokens_details: { cached_tokens: u.cache_read_input_tokens ?? 0 },
    });
  }
  if (expected.error) expect(response.status).toBe("failed");
  else if (expected.stopReason === "max_tokens") expect(response.status).toBe("incomplete");
  else expect(response.status).toBe("completed");
  return response;
}

describe("recorded Anthropic Messages streams", () => {
  it("covers every stream in fixtures/anthropic-messages", () => {
    expect(streams.length).toBeGreaterThanOrEqual(24);
  });

  it.each(streams)("$name", async ({ events }) => {
    await check(translateStream(factory, events), expectAnthropic(events));
  });
});

describe("recorded Anthropic Messages bodies", () => {
  it.each(bodies)("$name", async ({ body }) => {
    const response = await check(translateBody(factory, body), expectAnthropic(eventsOfBody(body as Json)));
    const usage = (body as Json).usage;
    expect(response.usage?.output_tokens).toBe(usage.output_tokens);
    expect(response.usage?.input_tokens_details.cached_tokens).toBe(usage.cache_read_input_tokens ?? 0);
  });

  it("turns a refusal into a refusal part carrying the stop details' explanation", async () => {
    const refusal = bodies.find((b) => b.name.endsWith("anthropic-refusal.json"))!.body as Json;
    const response = await accumulate(translateBody(factory, refusal));
    expect(response.status).toBe("completed");
    expect(response.output).toEqual([
      expect.objectContaining({
        type: "message",
        content: [{ type: "refusal", refusal: refusal.stop_details.explanation }],
      }),
    ]);
  });
});
