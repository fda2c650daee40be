/**
 * For every recorded Anthropic Messages cassette that holds a later turn: the turn-2 input the loop
 * would send (the earlier request's input, our translation of the recorded answer replayed as the
 * loop replays it, then the recorded tool results / user messages as items) maps to a request equal
 * in substance to the one the real client sent: same blocks in the same turns, the same tool ids,
 * thinking blocks (signatures) and redacted thinking sent back verbatim.
 */
import { accumulate, type CreateResponseBody, type StreamEvent } from "@openloop/protocol";
import { fixturePath, listFixtures, loadCassette, ssePayloads } from "@openloop/protocol/fixtures";
import { describe, expect, it } from "vitest";
import { replayItems, withoutNulls } from "../../test/support/replay.js";
import { translateBody, translateStream } from "../../test/support/translate.js";
import { type AnthropicRequestOptions, toAnthropicRequest } from "./request.js";
import { AnthropicMessagesTranslator } from "./stream.js";

// biome-ignore lint/suspicious/noExplicitAny: recorded JSON of any shape, read loosely
type Json = Record<string, any>;

const factory = (writer: ConstructorParameters<typeof AnthropicMessagesTranslator>[0]) =>
  new AnthropicMessagesTranslator(writer);

const KNOWN_KEYS = new Set([
  "model",
  "max_tokens",
  "messages",
  "system",
  "tools",
  "tool_choice",
  "thinking",
  "stream",
]);

/** The Open Responses request a client would have sent for a recorded Messages request. */
function responsesBody(recorded: Json): { body: CreateResponseBody; options: AnthropicRequestOptions } {
  const system =
    typeof recorded.system === "string"
      ? recorded.system
      : recorded.system?.map((b: Json) => b.text).join("\n\n");
  const body: CreateResponseBody = {
    instructions: system,
    input: (recorded.messages as Json[]).flatMap(itemsOf) as CreateResponseBody["input"],
    max_output_tokens: recorded.max_tokens,
  };
  if (recorded.tools) {
    body.tools = recorded.tools.map((t: Json) =>
      t.type && t.type !== "custom"
        ? t
        : { type: "function", name: t.name, description: t.description, parameters: t.input_schema },
    );
  }
  const choice = recorded.tool_choice as Json | undefined;
  if (choice) {
    body.tool_choice =
      choice.type === "any"
        ? "required"
        : choice.type === "tool"
          ? { type: "function", name: choice.name }
          : choice.type;
    if (choice.disable_parallel_tool_use !== undefined)
      body.parallel_tool_calls = !choice.disable_parallel_tool_use;
  }
  const extraBody = Object.fromEntries(Object.entries(recorded).filter(([key]) => !KNOWN_KEYS.has(key)));
  return {
    body,
    options: {
      model: recorded.model,
      stream: recorded.stream === true,
      thinking: recorded.thinking ?? false,
      extraBody,
    },
  };
}

/** A recorded user turn as the input items the loop holds for it. */
function itemsOf(message: Json): Json[] {
  if (typeof message.content === "string")
    return [{ type: "message", role: message.role, content: message.content }];
  const items: Json[] = [];
  const text: Json[] = [];
  for (const block of message.content as Json[]) {
    if (block.type === "tool_result")
      items.push({
        type: "function_call_output",
        call_id: block.tool_use_id,
        output: outputOf(block.content),
      });
    else if (block.type === "text") text.push({ type: "input_text", text: block.text });
    else if (block.type === "image") text.push(imageOf(block));
  }
  if (text.length > 0) items.push({ type: "message", role: message.role, content: text });
  return items;
}

function outputOf(content: unknown): unknown {
  if (typeof content === "string") return content;
  return (content as Json[]).map((b) =>
    b.type === "image" ? imageOf(b) : { type: "input_text", text: b.text },
  );
}

function imageOf(block: Json): Json {
  return { type: "input_image", image_url: `data:${block.source.media_type};base64,${block.source.data}` };
}

/** Drop what does not change meaning: cache hints, `is_error: false`, text given as a string or as one block. */
function substance(request: Json): unknown {
  const normal = JSON.parse(JSON.stringify(request), (key, value) => {
    if (key === "cache_control") return undefined;
    if (value && typeof value === "object" && !Array.isArray(value)) {
      if (value.is_error === false) delete value.is_error;
      if (
        value.type === "tool_result" &&
        Array.isArray(value.content) &&
        value.content.every((b: Json) => b.type === "text")
      ) {
        value.content = value.content.map((b: Json) => b.text).join("");
      }
      if (value.role && typeof value.content === "string")
        value.content = [{ type: "text", text: value.content }];
    }
    return value;
  });
  if (Array.isArray(normal.system)) normal.system = normal.system.map((b: Json) => b.text).join("\n\n");
  if (normal.stream === false) delete normal.stream;
  return withoutNulls(normal);
}

function answerEvents(answer: { body: string; isStream: boolean }): StreamEvent[] {
  if (!answer.isStream) return translateBody(factory, JSON.parse(answer.body));
  return translateStream(
    factory,
    ssePayloads(answer.body).map((p) => JSON.parse(p)),
    { done: true },
  );
}

const cases = listFixtures("anthropic-messages")
  .filter((file) => file.endsWith(".yaml"))
  .flatMap((file) => {
    const interactions = loadCassette(fixturePath("anthropic-messages", file));
    return interactions
      .slice(1)
      .map((turn2, i) => ({ name: `${file}#${i + 1}`, turn1: interactions[i]!, turn2 }));
  })
  .filter(({ turn1, turn2 }) => turn1.status === 200 && Array.isArray((turn2.requestBody as Json)?.messages));

describe("recorded second turns of Anthropic Messages cassettes", () => {
  it("covers every cassette with a later turn", () => {
    expect(cases.length).toBeGreaterThanOrEqual(6);
  });

  it.each(cases)("$name", async ({ turn1, turn2 }) => {
    const first = turn1.requestBody as Json;
    const second = turn2.requestBody as Json;
    const { body, options } = responsesBody(first);
    const response = await accumulate(answerEvents(turn1));
    const followUps = (second.messages as Json[]).slice(first.messages.length + 1).flatMap(itemsOf);
    const turnTwo: CreateResponseBody = {
      ...body,
      input: [
        ...(body.input as Json[]),
        ...replayItems(response.output),
        ...followUps,
      ] as CreateResponseBody["input"],
    };
    expect(substance(toAnthropicRequest(turnTwo, options))).toEqual(substance(second));
  });
});
