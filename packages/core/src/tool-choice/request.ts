/**
 * @module tool-choice/request — the `tool_choice` and `tools` a request carries, adapted to what
 * the server can take. Whatever is sent, the loop enforces the real choice on the response.
 */
import type { ToolChoice, ToolParam } from "@openloop/protocol";
import type { ModelCapabilities } from "../model/model.js";

/** The two request fields the choice decides. */
export interface ToolChoiceRequest {
  tools: readonly ToolParam[] | undefined;
  tool_choice: ToolChoice | undefined;
}

/**
 * What to send for `choice` with `tools`:
 * - no tools: neither field (servers reject a `tool_choice` without tools);
 * - `allowed_tools` to a server without `capabilities.allowedTools`: only the allowed tools, and
 *   the choice's `mode` (`auto` by default) as a plain `tool_choice`;
 * - `{ type: "function", name }` to a server without `capabilities.toolChoiceRequired`: only that
 *   tool, with `"auto"`; `"required"` to such a server: `"auto"`;
 * - otherwise the choice as given. `tools` is the same array unless it had to be filtered.
 */
export function toolChoiceRequest(
  choice: ToolChoice | null | undefined,
  tools: readonly ToolParam[],
  capabilities: ModelCapabilities | undefined,
): ToolChoiceRequest {
  if (tools.length === 0) return { tools: undefined, tool_choice: undefined };
  const canRequire = capabilities?.toolChoiceRequired !== false;
  if (choice === undefined || choice === null) return { tools, tool_choice: undefined };
  if (typeof choice === "string") {
    return { tools, tool_choice: choice === "required" && !canRequire ? "auto" : choice };
  }
  if (choice.type === "allowed_tools" && capabilities?.allowedTools === false) {
    const { tools: allowed, mode = "auto" } = choice as { tools: { name: string }[]; mode?: ToolChoice };
    const names = new Set(allowed.map((t) => t.name));
    return {
      tools: tools.filter((t) => t.type === "function" && names.has((t as { name: string }).name)),
      tool_choice: mode === "required" && !canRequire ? "auto" : mode,
    };
  }
  if (choice.type === "function" && !canRequire) {
    const name = (choice as { name: string }).name;
    return {
      tools: tools.filter((t) => t.type === "function" && (t as { name: string }).name === name),
      tool_choice: "auto",
    };
  }
  return { tools, tool_choice: choice };
}
