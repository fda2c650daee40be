/**
 * @module tool-choice/constraint — what a `tool_choice` value means, reduced to two questions:
 * which function calls may run, and must the model call one.
 */
import type { ToolChoice } from "@openloop/protocol";

/** A `tool_choice` as the loop reads it. */
export interface ToolChoiceConstraint {
  /** Names the model may call: every tool (`"all"`), none, or a set. */
  allowed: "all" | "none" | ReadonlySet<string>;
  /** The model must call one of the allowed tools. */
  required: boolean;
  /** A short human description, for messages (`tool_choice is "required"`). */
  label: string;
  /** True for a hosted tool's own choice object (`{ type: "web_search" }`): not enforced here. */
  hosted: boolean;
}

const AUTO: ToolChoiceConstraint = {
  allowed: "all",
  required: false,
  label: 'tool_choice is "auto"',
  hosted: false,
};

/** Reads any `tool_choice` form; `undefined`/`null` mean `"auto"` (the spec's default). */
export function constraintOf(choice: ToolChoice | null | undefined): ToolChoiceConstraint {
  if (choice === undefined || choice === null || choice === "auto") return AUTO;
  if (choice === "none")
    return { allowed: "none", required: false, label: 'tool_choice is "none"', hosted: false };
  if (choice === "required")
    return { allowed: "all", required: true, label: 'tool_choice is "required"', hosted: false };
  if (choice.type === "function") {
    const name = (choice as { name: string }).name;
    return {
      allowed: new Set([name]),
      required: true,
      label: `tool_choice requires "${name}"`,
      hosted: false,
    };
  }
  if (choice.type === "allowed_tools") {
    const { tools, mode } = choice as { tools: { name: string }[]; mode?: string };
    const names = new Set(tools.map((t) => t.name));
    const list = [...names].join(", ");
    if (mode === "none")
      return { allowed: "none", required: false, label: 'tool_choice mode is "none"', hosted: false };
    return {
      allowed: names,
      required: mode === "required",
      label: `tool_choice allows only: ${list}${mode === "required" ? ' (mode "required")' : ""}`,
      hosted: false,
    };
  }
  return { ...AUTO, label: `tool_choice is ${JSON.stringify(choice)}`, hosted: true };
}

/** True when the constraint lets `name` run. */
export function allows(constraint: ToolChoiceConstraint, name: string): boolean {
  const { allowed } = constraint;
  return allowed === "all" ? true : allowed === "none" ? false : allowed.has(name);
}

/** The names a constraint allows, for messages (`undefined` when every tool is allowed). */
export function allowedNames(constraint: ToolChoiceConstraint): string[] | undefined {
  const { allowed } = constraint;
  return allowed === "all" ? undefined : allowed === "none" ? [] : [...allowed];
}
