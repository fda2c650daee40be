/**
 * The errors a call can end with. Their messages are written for the model, which reads them
 * (as `Error: <message>` by default) and can correct itself: they say what went wrong and what
 * would be accepted, never a stack.
 */
import { OpenloopError } from "@openloop/protocol";
import type { ToolCallErrorCode } from "./types.js";

export type CallError = OpenloopError & { code: ToolCallErrorCode };

function callError(
  code: ToolCallErrorCode,
  message: string,
  details: Record<string, unknown>,
  cause?: unknown,
) {
  return new OpenloopError(code, message, { details, cause }) as CallError;
}

export function unknownTool(name: string, available: readonly string[]): CallError {
  const list =
    available.length === 0 ? "No tools are available." : `Available tools: ${available.join(", ")}.`;
  return callError("unknown_tool", `Unknown tool ${JSON.stringify(name)}. ${list}`, {
    tool: name,
    available,
  });
}

export function badJson(name: string, error: unknown): CallError {
  const why = error instanceof Error ? error.message : String(error);
  return callError(
    "invalid_tool_arguments",
    `Invalid arguments for tool "${name}": not valid JSON (${why}). Send the arguments as one JSON object.`,
    { tool: name },
    error,
  );
}

export function badArguments(name: string, issues: string): CallError {
  return callError("invalid_tool_arguments", `Invalid arguments for tool "${name}":\n${issues}`, {
    tool: name,
    issues,
  });
}

export function toolFailed(name: string, thrown: unknown): CallError {
  const why = thrown instanceof Error ? thrown.message || thrown.name : String(thrown);
  return callError("tool_error", `Tool "${name}" failed: ${why}`, { tool: name }, thrown);
}

export function badOutput(name: string, reason: string): CallError {
  return callError("tool_error", `Tool "${name}" failed: it ${reason}`, { tool: name });
}

export function timedOut(name: string, timeoutMs: number): CallError {
  return callError("tool_timeout", `Tool "${name}" timed out after ${timeoutMs} ms.`, {
    tool: name,
    timeoutMs,
  });
}

export function aborted(name: string, reason: unknown): CallError {
  return callError("aborted", `Tool "${name}" did not finish: the run was aborted.`, { tool: name }, reason);
}
