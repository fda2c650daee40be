/**
 * @module chat-completions/model — `chatCompletions(...)`: a Chat Completions server as a `Model`.
 */
import type { Model, ModelCapabilities } from "@openloop/core";
import { optionNames, type Wire, type WireModelOptions, wireModel } from "../shared/wire-model.js";
import { type ChatRequestOptions, toChatRequest } from "./request.js";
import { ChatCompletionsTranslator } from "./stream.js";

/** Options of {@link chatCompletions}. */
export interface ChatCompletionsOptions extends WireModelOptions, Omit<ChatRequestOptions, "model"> {}

/**
 * What a Chat Completions backend takes. `allowed_tools` has no wire form (the adapter and the loop
 * filter the tool list), nothing is stored (no `previous_response_id`), and reasoning replays through
 * `encrypted_content` only.
 */
export const CHAT_COMPLETIONS_CAPABILITIES: Readonly<ModelCapabilities> = Object.freeze({
  allowedTools: false,
  toolChoiceRequired: true,
  jsonSchemaOutput: true,
  previousResponseId: false,
  strictTools: true,
  parallelToolCalls: true,
  reasoningReplay: false,
  images: true,
});

/**
 * A `Model` over `POST {baseURL}/chat/completions` (OpenAI, Azure, Groq, DeepSeek, Mistral, xAI,
 * Z.ai, OpenRouter, llama.cpp, vLLM, Ollama, LM Studio, ...). It emits spec Open Responses events;
 * failures end the stream with `response.failed`.
 *
 * The model asked for is the request's `model` when it names one, else the adapter's (as with
 * `openResponses()`).
 *
 * @example
 * const model = chatCompletions({ baseURL: "http://localhost:11434/v1", model: "qwen3:8b" });
 */
export function chatCompletions(options: ChatCompletionsOptions): Model {
  return wireModel(CHAT_COMPLETIONS, options);
}

const CHAT_COMPLETIONS: Wire<ChatCompletionsOptions> = {
  name: "chat-completions",
  owner: "chatCompletions()",
  path: "/chat/completions",
  capabilities: CHAT_COMPLETIONS_CAPABILITIES,
  options: optionNames<ChatCompletionsOptions>()([
    "maxTokensField",
    "includeUsage",
    "sendReasoningEffort",
    "replayReasoning",
    "extraBody",
  ]),
  headers: (options): Record<string, string> =>
    options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
  check(options) {
    options.oneOf("maxTokensField", ["max_tokens", "max_completion_tokens"]);
    options.oneOf("replayReasoning", ["all", "tool-turns", "none"]);
    options.boolean("includeUsage");
    options.boolean("sendReasoningEffort");
    options.object("extraBody");
  },
  build: (request, options, model) => toChatRequest(request, { ...options, model }),
  translator: (writer) => new ChatCompletionsTranslator(writer),
};
