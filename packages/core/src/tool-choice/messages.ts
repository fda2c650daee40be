/**
 * @module tool-choice/messages — what the model reads when the loop enforces `tool_choice`.
 * Written for the model: what happened, and what to do instead.
 */
import type { DeveloperMessageItemParam } from "@openloop/protocol";
import { allowedNames, type ToolChoiceConstraint } from "./constraint.js";

/** The `function_call_output` text for a call the policy did not run. */
export function refusalMessage(name: string, constraint: ToolChoiceConstraint): string {
  const names = allowedNames(constraint) ?? [];
  if (names.length === 0) {
    return `Error: Tool "${name}" was not run: tool calls are disabled for this turn (${constraint.label}). Answer without calling tools.`;
  }
  if (constraint.required && names.length === 1) {
    return `Error: Tool "${name}" was not run: this turn requires a call to "${names[0]}" (${constraint.label}). Call "${names[0]}" instead.`;
  }
  return `Error: Tool "${name}" was not run: it is not allowed for this turn. Allowed tools: ${names.join(", ")}.`;
}

/**
 * The text of the developer message appended when a turn that had to call a tool answered without
 * one (`"required"`, `{ type: "function" }`, `allowed_tools` with mode `"required"`).
 */
export function correctionText(constraint: ToolChoiceConstraint): string {
  const names = allowedNames(constraint);
  if (names === undefined)
    return `You must call a tool now (${constraint.label}). Reply with a function call, not a message.`;
  if (names.length === 1)
    return `You must call the function "${names[0]}" now (${constraint.label}). Reply with a call to "${names[0]}", not a message.`;
  return `You must call one of these tools now: ${names.join(", ")} (${constraint.label}). Reply with a function call, not a message.`;
}

/** The correction as the input item the loop appends (a `developer` message). */
export function correctionItem(constraint: ToolChoiceConstraint): DeveloperMessageItemParam {
  return { type: "message", role: "developer", content: correctionText(constraint) };
}
