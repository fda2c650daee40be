/**
 * @module anthropic-messages/request — a `CreateResponseBody` as an Anthropic Messages request body.
 */
import type { CreateResponseBody, ReasoningEffortEnum } from "@openloop/protocol";
import { type FunctionToolParam, planTools, refusePreviousResponseId } from "../shared/input.js";
import { anthropicTool, historyToolDefinitions, usesClientTools } from "./history-tools.js";
import { toAnthropicMessages } from "./messages.js";
import type { AnthropicMessage, AnthropicRequest, AnthropicThinking, AnthropicToolChoice } from "./types.js";

/** Thinking budgets (tokens) for `reasoning.effort` when no explicit `thinking` is configured. */
export const DEFAULT_THINKING_BUDGETS: Readonly<Record<Exclude<ReasoningEffortEnum, "none">, number>> =
  Object.freeze({
    low: 2_048,
    medium: 8_192,
    high: 16_384,
    xhigh: 32_000,
  });

/** Request-shaping settings of the Anthropic Messages adapter. */
export interface AnthropicRequestOptions {
  /** The backend's model name. */
  model: string;
  /**
   * `max_tokens` (required by the API) when the request sets no `max_output_tokens`. With thinking
   * on, `max_tokens` is raised above the thinking budget by this much.
   * @default 4096
   */
  maxTokens?: number;
  /**
   * Thinking settings sent as they are, overriding `reasoning.effort`; `false` never sends any.
   * @example { type: "enabled", budget_tokens: 4000 }
   */
  thinking?: AnthropicThinking | false;
  /**
   * Budget per `reasoning.effort` when `thinking` is not set.
   * @default DEFAULT_THINKING_BUDGETS
   */
  thinkingBudgets?: Partial<Record<Exclude<ReasoningEffortEnum, "none">, number>>;
  /**
   * Use streaming. With `false` the adapter asks for one JSON body and still emits a full event sequence.
   * @default true
   */
  stream?: boolean;
  /** Extra top-level fields merged into every request body last (`metadata`, `output_config`, ...). */
  extraBody?: Record<string, unknown>;
}

/**
 * The Messages body for `body`. Throws an `OpenloopError` (`invalid_request`, with `param`) for
 * what the wire cannot express: `previous_response_id`, `item_reference` input items.
 */
export function toAnthropicRequest(
  body: CreateResponseBody,
  options: AnthropicRequestOptions,
): AnthropicRequest {
  refusePreviousResponseId(body, "anthropic-messages");
  const { system, messages } = toAnthropicMessages(body);
  const defaultMax = options.maxTokens ?? 4096;
  const request: AnthropicRequest = {
    model: options.model,
    max_tokens: body.max_output_tokens ?? defaultMax,
    messages,
    stream: options.stream !== false,
  };
  if (system !== undefined) request.system = system;

  const thinking = thinkingFor(body, options, messages);
  if (thinking) {
    request.thinking = thinking;
    if (thinking.type === "enabled" && request.max_tokens <= thinking.budget_tokens) {
      request.max_tokens = thinking.budget_tokens + defaultMax;
    }
  }
  const thinkingOn = thinking !== undefined && thinking.type !== "disabled";

  const { tools, choice } = planTools(body);
  if (tools.length > 0) {
    request.tools = tools.map((tool) =>
      tool.type === "function" ? anthropicTool(tool as FunctionToolParam) : (tool as Record<string, unknown>),
    );
    let toolChoice: AnthropicToolChoice | undefined;
    if (choice?.mode === "function") toolChoice = { type: "tool", name: choice.name };
    else if (choice?.mode === "required") toolChoice = { type: "any" };
    else if (choice?.mode === "none") toolChoice = { type: "none" };
    else if (choice?.mode === "auto") toolChoice = { type: "auto" };
    // Thinking cannot be combined with a forced tool: ask for auto (the loop enforces the choice anyway).
    if (thinkingOn && (toolChoice?.type === "any" || toolChoice?.type === "tool"))
      toolChoice = { type: "auto" };
    if (body.parallel_tool_calls != null && toolChoice?.type !== "none") {
      toolChoice = {
        ...(toolChoice ?? { type: "auto" }),
        disable_parallel_tool_use: !body.parallel_tool_calls,
      };
    }
    if (toolChoice) request.tool_choice = toolChoice;
  } else if (usesClientTools(messages)) {
    // No tool to offer, but the history used some: the API then requires tools to be defined.
    const declared = (body.tools ?? []).filter((t): t is FunctionToolParam => t.type === "function");
    request.tools = historyToolDefinitions(messages, declared);
    request.tool_choice = { type: "none" };
  }

  // Anthropic refuses sampling changes while thinking.
  if (!thinkingOn) {
    if (body.temperature != null) request.temperature = body.temperature;
    if (body.top_p != null) request.top_p = body.top_p;
  }
  if (options.extraBody) Object.assign(request, options.extraBody);
  return request;
}

function thinkingFor(
  body: CreateResponseBody,
  options: AnthropicRequestOptions,
  messages: AnthropicMessage[],
): AnthropicThinking | undefined {
  if (options.thinking === false || !thinkingFits(messages)) return undefined;
  if (options.thinking) return options.thinking;
  const effort = body.reasoning?.effort;
  if (!effort || effort === "none") return undefined;
  // An effort outside the spec's enum (OpenAI clients send "minimal") thinks as little as "low".
  const known = effort in DEFAULT_THINKING_BUDGETS ? effort : "low";
  const budget = options.thinkingBudgets?.[known] ?? DEFAULT_THINKING_BUDGETS[known];
  return { type: "enabled", budget_tokens: budget };
}

/**
 * With thinking on, the API requires the assistant turn answered by the last `tool_result` blocks to
 * start with its thinking block, and 400s otherwise ("To avoid this requirement, disable thinking").
 * A turn without one — made by another backend, or while thinking was off — can only go with thinking
 * off; the next exchange, starting from a user message, thinks again.
 */
function thinkingFits(messages: AnthropicMessage[]): boolean {
  const last = messages[messages.length - 1];
  const answered = messages[messages.length - 2];
  if (last?.role !== "user" || answered?.role !== "assistant") return true;
  if (!last.content.some((block) => block.type === "tool_result")) return true;
  const first = answered.content[0]?.type;
  return first === "thinking" || first === "redacted_thinking";
}
