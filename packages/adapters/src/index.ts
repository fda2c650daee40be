/**
 * @module @openloop/adapters — Chat Completions and Anthropic Messages backends as Open Responses
 * models, and a registry of models by wire API name.
 */

export type { TransportOptions } from "@openloop/core";
export {
  ANTHROPIC_MESSAGES_CAPABILITIES,
  type AnthropicMessagesOptions,
  anthropicMessages,
} from "./anthropic-messages/model.js";
export { type AnthropicRequestOptions, DEFAULT_THINKING_BUDGETS } from "./anthropic-messages/request.js";
export type { AnthropicThinking } from "./anthropic-messages/types.js";
export type { ReasoningReplay } from "./chat-completions/messages.js";
export {
  CHAT_COMPLETIONS_CAPABILITIES,
  type ChatCompletionsOptions,
  chatCompletions,
} from "./chat-completions/model.js";
export type { ChatRequestOptions } from "./chat-completions/request.js";
export {
  type BuiltinWire,
  createModel,
  type ModelConfig,
  registerWire,
  type WireFactory,
  wireNames,
} from "./registry.js";
export type { EndpointOptions } from "./shared/config.js";
