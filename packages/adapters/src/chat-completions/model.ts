/**
 * @module chat-completions/model — `chatCompletions(...)`: a Chat Completions server as a `Model`.
 */
import type { Model, ModelCapabilities, ModelRequestOptions } from "@openloop/core";
import type { CreateResponseBody, StreamEvent } from "@openloop/protocol";
import { type EndpointOptions, endpoint, requireString } from "../shared/config.js";
import type { TransportOptions } from "../transport/http.js";
import { runModel, type WireCall } from "../transport/run-model.js";
import { type ChatRequestOptions, toChatRequest } from "./request.js";
import { ChatCompletionsTranslator } from "./stream.js";

/** Options of {@link chatCompletions}. */
export interface ChatCompletionsOptions
  extends EndpointOptions,
    TransportOptions,
    Omit<ChatRequestOptions, "model"> {
  /** Override what the model declares it can take (e.g. `{ images: false }` for a text-only model). */
  capabilities?: ModelCapabilities;
}

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
  const wire = "chat-completions";
  const baseURL = requireString(options?.baseURL, "baseURL", wire);
  const model = requireString(options.model, "model", wire);
  const stream = options.stream !== false;
  const headers: Record<string, string> = {
    "content-type": "application/json",
    accept: stream ? "text/event-stream" : "application/json",
  };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  Object.assign(headers, options.headers);
  const call: WireCall = {
    wire,
    url: endpoint(baseURL, "/chat/completions"),
    headers,
    model,
    build: (request) => toChatRequest(request, { ...options, model: request.model || model }),
    translator: (writer) => new ChatCompletionsTranslator(writer),
    transport: options,
  };
  return {
    name: options.name ?? `${wire}:${model}`,
    capabilities: { ...CHAT_COMPLETIONS_CAPABILITIES, ...options.capabilities },
    stream(
      request: CreateResponseBody,
      requestOptions: ModelRequestOptions = {},
    ): AsyncIterable<StreamEvent> {
      return runModel(call, request, requestOptions);
    },
  };
}
