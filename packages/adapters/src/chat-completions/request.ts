/**
 * @module chat-completions/request — a `CreateResponseBody` as a Chat Completions request body.
 */
import type { CreateResponseBody } from "@openloop/protocol";
import { type FunctionToolParam, planTools, refusePreviousResponseId } from "../shared/input.js";
import { type ReasoningReplay, toChatMessages } from "./messages.js";
import type { ChatCompletionRequest, ChatToolChoice } from "./types.js";

/** Request-shaping settings of the Chat Completions adapter. */
export interface ChatRequestOptions {
  /** The backend's model name. */
  model: string;
  /**
   * Where `max_output_tokens` goes. OpenAI's reasoning models accept only `max_completion_tokens`;
   * many other servers know only `max_tokens`.
   * @default "max_tokens"
   */
  maxTokensField?: "max_tokens" | "max_completion_tokens";
  /**
   * Ask for usage in the stream (`stream_options.include_usage`).
   * @default true
   */
  includeUsage?: boolean;
  /**
   * Send `reasoning.effort` as `reasoning_effort` (OpenAI, Groq, xAI, vLLM).
   * @default true
   */
  sendReasoningEffort?: boolean;
  /**
   * Which earlier reasoning to send back, under the field the backend used
   * (`reasoning_content`, `reasoning` or `reasoning_details`): `"all"`, only the current user turn's
   * (`"tool-turns"`, DeepSeek's rule for thinking with tools), or `"none"`.
   * @default "all"
   */
  replayReasoning?: ReasoningReplay;
  /**
   * Use streaming. With `false` the adapter asks for one JSON body and still emits a full event
   * sequence (for servers that cannot stream tool calls).
   * @default true
   */
  stream?: boolean;
  /**
   * Extra top-level fields merged into every request body last (provider switches such as
   * OpenRouter's `reasoning`, Ollama's `think`, `chat_template_kwargs`).
   * @example { reasoning: { effort: "high" } }
   */
  extraBody?: Record<string, unknown>;
}

/**
 * The Chat Completions body for `body`. Throws an `OpenloopError` (`invalid_request`, with `param`)
 * for what the wire cannot express: `previous_response_id`, `item_reference` input items.
 */
export function toChatRequest(body: CreateResponseBody, options: ChatRequestOptions): ChatCompletionRequest {
  refusePreviousResponseId(body, "chat-completions");
  const stream = options.stream !== false;
  const request: ChatCompletionRequest = {
    model: options.model,
    messages: toChatMessages(body, options.replayReasoning ?? "all"),
    stream,
  };
  if (stream && options.includeUsage !== false) request.stream_options = { include_usage: true };

  const { tools, choice } = planTools(body);
  if (tools.length > 0) {
    request.tools = tools.map((tool) =>
      tool.type === "function" ? functionTool(tool as FunctionToolParam) : (tool as Record<string, unknown>),
    );
    if (body.parallel_tool_calls != null) request.parallel_tool_calls = body.parallel_tool_calls;
  }
  if (choice) {
    const mapped: ChatToolChoice =
      choice.mode === "function" ? { type: "function", function: { name: choice.name } } : choice.mode;
    // Servers refuse a tool_choice without tools (OpenAI: "only allowed when tools are specified").
    if (tools.length > 0) request.tool_choice = mapped;
  }

  if (body.max_output_tokens != null)
    request[options.maxTokensField ?? "max_tokens"] = body.max_output_tokens;
  if (body.temperature != null) request.temperature = body.temperature;
  if (body.top_p != null) request.top_p = body.top_p;
  if (body.presence_penalty != null) request.presence_penalty = body.presence_penalty;
  if (body.frequency_penalty != null) request.frequency_penalty = body.frequency_penalty;
  const effort = body.reasoning?.effort;
  if (effort && options.sendReasoningEffort !== false) request.reasoning_effort = effort;

  const format = body.text?.format;
  if (format?.type === "json_schema") {
    const f = format as {
      name?: string;
      description?: string;
      schema?: Record<string, unknown>;
      strict?: boolean | null;
    };
    const jsonSchema: Record<string, unknown> = { name: f.name ?? "output" };
    if (f.description) jsonSchema.description = f.description;
    if (f.schema) jsonSchema.schema = f.schema;
    if (f.strict != null) jsonSchema.strict = f.strict;
    request.response_format = { type: "json_schema", json_schema: jsonSchema };
  } else if ((format as { type?: string } | null | undefined)?.type === "json_object") {
    request.response_format = { type: "json_object" };
  }

  if (options.extraBody) Object.assign(request, options.extraBody);
  return request;
}

function functionTool(tool: FunctionToolParam): Record<string, unknown> {
  const fn: Record<string, unknown> = { name: tool.name };
  if (tool.description != null) fn.description = tool.description;
  fn.parameters = tool.parameters ?? { type: "object", properties: {} };
  if (tool.strict !== undefined) fn.strict = tool.strict;
  return { type: "function", function: fn };
}
