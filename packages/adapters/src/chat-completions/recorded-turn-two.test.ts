/**
 * For every recorded Chat Completions cassette that holds a later turn: the turn-2 input the loop
 * would send (the earlier request's input, our translation of the recorded answer replayed as the
 * loop replays it, then the recorded tool results / user messages as items) maps to a request equal
 * in substance to the one the real client sent: same messages, same tool call ids, same reasoning
 * sent back, same tools and settings.
 */
import { accumulate, type CreateResponseBody, type StreamEvent } from "@openloop/protocol";
import { fixturePath, listFixtures, loadCassette, ssePayloads } from "@openloop/protocol/fixtures";
import { describe, expect, it } from "vitest";
import { replayItems, withoutNulls } from "../../test/support/replay.js";
import { translateBody, translateStream } from "../../test/support/translate.js";
import { type ChatRequestOptions, toChatRequest } from "./request.js";
import { ChatCompletionsTranslator } from "./stream.js";

// biome-ignore lint/suspicious/noExplicitAny: recorded JSON of any shape, read loosely
type Json = Record<string, any>;

const factory = (writer: ConstructorParameters<typeof ChatCompletionsTranslator>[0]) =>
  new ChatCompletionsTranslator(writer);

const KNOWN_KEYS = new Set([
  "model",
  "messages",
  "tools",
  "tool_choice",
  "parallel_tool_calls",
  "max_tokens",
  "max_completion_tokens",
  "stream",
  "stream_options",
  "temperature",
  "top_p",
  "response_format",
  "n",
]);

/** The Open Responses request a client would have sent for a recorded chat request. */
function responsesBody(chat: Json): { body: CreateResponseBody; options: ChatRequestOptions } {
  const [first, ...rest] = chat.messages as Json[];
  const hasInstructions = first?.role === "system";
  const input = (hasInstructions ? rest : chat.messages).map(itemOf);
  const body: CreateResponseBody = { input, instructions: hasInstructions ? first!.content : undefined };
  if (chat.tools) {
    body.tools = chat.tools.map((t: Json) => ({ type: "function", ...t.function }));
  }
  if (chat.tool_choice) body.tool_choice = chat.tool_choice;
  const maxTokens = chat.max_tokens ?? chat.max_completion_tokens;
  if (maxTokens !== undefined) body.max_output_tokens = maxTokens;
  const extraBody = Object.fromEntries(Object.entries(chat).filter(([key]) => !KNOWN_KEYS.has(key)));
  return {
    body,
    options: {
      model: chat.model,
      stream: chat.stream === true,
      includeUsage: chat.stream_options?.include_usage === true,
      maxTokensField: chat.max_completion_tokens !== undefined ? "max_completion_tokens" : "max_tokens",
      extraBody,
    },
  };
}

/** A recorded user/tool message as the input item the loop holds for it. */
function itemOf(message: Json): Json {
  if (message.role === "tool")
    return { type: "function_call_output", call_id: message.tool_call_id, output: message.content };
  return { type: "message", role: message.role, content: message.content };
}

function answerEvents(answer: { body: string; isStream: boolean }): StreamEvent[] {
  if (!answer.isStream) return translateBody(factory, JSON.parse(answer.body));
  const payloads = ssePayloads(answer.body).map((p) => JSON.parse(p));
  return translateStream(factory, payloads, { done: true });
}

/** What the real client sent, in the form we compare: nulls dropped, `stream: false` as absent. */
function substance(request: Json): unknown {
  const copy = { ...request };
  if (copy.stream === false) delete copy.stream;
  return withoutNulls(copy);
}

const cases = listFixtures("chat-completions")
  .filter((file) => file.endsWith(".yaml"))
  .flatMap((file) => {
    const interactions = loadCassette(fixturePath("chat-completions", file));
    return interactions
      .slice(1)
      .map((turn2, i) => ({ name: `${file}#${i + 1}`, turn1: interactions[i]!, turn2 }));
  })
  .filter(({ turn1 }) => turn1.status === 200);

describe("recorded second turns of Chat Completions cassettes", () => {
  it("covers every cassette with a later turn", () => {
    expect(cases.length).toBeGreaterThanOrEqual(9);
  });

  it.each(cases)("$name", async ({ turn1, turn2 }) => {
    const first = turn1.requestBody as Json;
    const second = turn2.requestBody as Json;
    const { body, options } = responsesBody(first);
    const response = await accumulate(answerEvents(turn1));
    const followUps = (second.messages as Json[]).slice(first.messages.length + 1).map(itemOf);
    const turnTwo: CreateResponseBody = {
      ...body,
      input: [
        ...(body.input as Json[]),
        ...replayItems(response.output),
        ...followUps,
      ] as CreateResponseBody["input"],
    };
    expect(substance(toChatRequest(turnTwo, options))).toEqual(substance(second));
  });
});
