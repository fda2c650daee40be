/**
 * @module anthropic-messages/model — `anthropicMessages(...)`: an Anthropic Messages server as a `Model`.
 */
import type { Model, ModelCapabilities } from "@openloop/core";
import type { OptionChecks } from "../shared/config.js";
import { optionNames, type Wire, type WireModelOptions, wireModel } from "../shared/wire-model.js";
import { type AnthropicRequestOptions, toAnthropicRequest } from "./request.js";
import { AnthropicMessagesTranslator } from "./stream.js";

/** Options of {@link anthropicMessages}. */
export interface AnthropicMessagesOptions extends WireModelOptions, Omit<AnthropicRequestOptions, "model"> {
  /**
   * The `anthropic-version` header.
   * @default "2023-06-01"
   */
  version?: string;
  /**
   * Beta features, sent as the `anthropic-beta` header.
   * @example ["interleaved-thinking-2025-05-14"]
   */
  betas?: string[];
  /**
   * How the API key is sent: `x-api-key` (Anthropic) or `Authorization: Bearer` (some compatible gateways).
   * @default "x-api-key"
   */
  authHeader?: "x-api-key" | "bearer";
}

/**
 * What an Anthropic Messages backend takes. `allowed_tools` has no wire form (filtered instead),
 * `text.format` json_schema is not sent, `strict` on tools is dropped, nothing is stored.
 */
export const ANTHROPIC_MESSAGES_CAPABILITIES: Readonly<ModelCapabilities> = Object.freeze({
  allowedTools: false,
  toolChoiceRequired: true,
  jsonSchemaOutput: false,
  previousResponseId: false,
  strictTools: false,
  parallelToolCalls: true,
  reasoningReplay: false,
  images: true,
});

/**
 * A `Model` over `POST {baseURL}/messages` (Anthropic, and Claude-compatible endpoints such as
 * Moonshot's and Z.ai's). It emits spec Open Responses events; failures end the stream with
 * `response.failed`. Thinking blocks come back as reasoning items whose `encrypted_content` replays
 * them verbatim on the next turn.
 *
 * The model asked for is the request's `model` when it names one, else the adapter's (as with
 * `openResponses()`).
 *
 * @example
 * const model = anthropicMessages({ baseURL: "https://api.anthropic.com/v1", apiKey, model: "claude-sonnet-4-5" });
 */
export function anthropicMessages(options: AnthropicMessagesOptions): Model {
  return wireModel(ANTHROPIC_MESSAGES, options);
}

const ANTHROPIC_MESSAGES: Wire<AnthropicMessagesOptions> = {
  name: "anthropic-messages",
  owner: "anthropicMessages()",
  path: "/messages",
  capabilities: ANTHROPIC_MESSAGES_CAPABILITIES,
  options: optionNames<AnthropicMessagesOptions>()([
    "maxTokens",
    "thinking",
    "thinkingBudgets",
    "extraBody",
    "version",
    "betas",
    "authHeader",
  ]),
  headers(options) {
    const headers: Record<string, string> = { "anthropic-version": options.version ?? "2023-06-01" };
    if (options.betas?.length) headers["anthropic-beta"] = options.betas.join(",");
    if (options.apiKey) {
      if (options.authHeader === "bearer") headers.authorization = `Bearer ${options.apiKey}`;
      else headers["x-api-key"] = options.apiKey;
    }
    return headers;
  },
  check: checkAnthropicOptions,
  build: (request, options, model) => toAnthropicRequest(request, { ...options, model }),
  translator: (writer) => new AnthropicMessagesTranslator(writer),
};

const EFFORTS = ["low", "medium", "high", "xhigh"];

function checkAnthropicOptions(options: OptionChecks): void {
  options.positiveInteger("maxTokens");
  options.string("version");
  options.stringArray("betas");
  options.oneOf("authHeader", ["x-api-key", "bearer"]);
  options.object("extraBody");
  options.object("thinkingBudgets", (effort, budget) => {
    if (!EFFORTS.includes(effort))
      throw options.fail(`thinkingBudgets.${effort}`, `a key out of ${EFFORTS.join(", ")}`, effort);
    options.positiveInteger(`thinkingBudgets.${effort}`, budget);
  });
  const thinking = options.value("thinking");
  if (thinking === undefined || thinking === false) return;
  const type = (thinking as { type?: unknown } | null)?.type;
  if (type === "enabled") {
    const budget = (thinking as { budget_tokens?: unknown }).budget_tokens;
    if (budget === undefined)
      throw options.fail("thinking.budget_tokens", "a whole number from 1 and up", budget);
    options.positiveInteger("thinking.budget_tokens", budget);
  } else if (type !== "adaptive" && type !== "disabled")
    throw options.fail(
      "thinking",
      'false, { type: "enabled", budget_tokens }, { type: "adaptive" } or { type: "disabled" }',
      thinking,
    );
}
