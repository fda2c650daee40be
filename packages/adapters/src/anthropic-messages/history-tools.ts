/**
 * @module anthropic-messages/history-tools — tool definitions for a conversation that used tools
 * when the request itself sends none.
 *
 * Anthropic refuses a request whose messages hold `tool_use` or `tool_result` blocks but which
 * defines no tools (400: "Requests which include `tool_use` or `tool_result` blocks must define
 * tools"). That happens in ordinary runs: `allowed_tools` (filtered here, or by the loop before the
 * request reaches the adapter) can leave no tool to send, and an agent without tools can continue
 * a conversation another agent had with tools. Dropping the history's tool blocks would lose what
 * the model did and learned, so the request instead defines the tools the history used, and asks
 * for `tool_choice: none` so none of them can be called.
 */
import type { FunctionToolParam } from "../shared/input.js";
import type { AnthropicMessage } from "./types.js";

/** What a tool the history used but the request does not offer is defined as, when its schema is unknown. */
const UNAVAILABLE = "Used earlier in this conversation; not available now.";

/** True when some message holds a `tool_use` or `tool_result` block. */
export function usesClientTools(messages: readonly AnthropicMessage[]): boolean {
  for (const message of messages)
    for (const block of message.content)
      if (block.type === "tool_use" || block.type === "tool_result") return true;
  return false;
}

/**
 * A definition for every tool named by the history's `tool_use` blocks, in first-use order: the
 * request's own definition when it has one (e.g. a tool `allowed_tools` filtered out), else a stub
 * with an empty object schema. A history of `tool_result` blocks alone still gets one stub, since the
 * API asks for tools whenever either block is present.
 */
export function historyToolDefinitions(
  messages: readonly AnthropicMessage[],
  declared: readonly FunctionToolParam[],
): Record<string, unknown>[] {
  const names = new Set<string>();
  for (const message of messages)
    for (const block of message.content)
      if (block.type === "tool_use" && typeof block.name === "string" && block.name) names.add(block.name);
  if (names.size === 0) names.add("unavailable_tool");
  return [...names].map((name) => {
    const own = declared.find((tool) => tool.name === name);
    if (own) return anthropicTool(own);
    return { name, description: UNAVAILABLE, input_schema: { type: "object", properties: {} } };
  });
}

/** A function tool as an Anthropic tool definition. */
export function anthropicTool(tool: FunctionToolParam): Record<string, unknown> {
  const out: Record<string, unknown> = { name: tool.name };
  if (tool.description != null) out.description = tool.description;
  // `strict` is not sent: the Messages API rejects unknown tool fields.
  out.input_schema = tool.parameters ?? { type: "object", properties: {} };
  return out;
}
