/**
 * @module shared/input — reading a `CreateResponseBody` the same way in every adapter: the input as
 * a list of items, the tools a `tool_choice` allows, content parts as text, data URLs.
 */
import { type CreateResponseBody, OpenloopError, type ToolParam } from "@openloop/protocol";

/** An input item as adapters read it: a `type` plus whatever the item carries. */
export type InputItem = { type: string; [key: string]: unknown };

/**
 * The request's input as items. A string becomes one user message; the `{ role, content }`
 * shorthand many clients send becomes a `message`. An `item_reference` is refused: these backends
 * store nothing, so there is nothing to refer to.
 */
export function inputItems(body: CreateResponseBody): InputItem[] {
  const input = body.input;
  if (input == null) return [];
  if (typeof input === "string") return [{ type: "message", role: "user", content: input }];
  const out: InputItem[] = [];
  input.forEach((raw, i) => {
    const item = raw as Record<string, unknown>;
    const type =
      typeof item.type === "string" ? item.type : typeof item.role === "string" ? "message" : undefined;
    if (type === undefined || type === "item_reference") {
      throw new OpenloopError(
        "invalid_request",
        type === undefined
          ? `input[${i}] has no \`type\` (and is not a { role, content } message).`
          : `input[${i}] is an item_reference; this backend keeps no items, so send the item itself.`,
        { param: `input[${i}]` },
      );
    }
    if (type === "function_call" || type === "function_call_output") requireCallFields(item, type, i);
    out.push(type === item.type ? (item as InputItem) : { ...item, type });
  });
  return out;
}

/**
 * A call and its output are paired by `call_id` on every wire, and a call needs its `name`: without
 * them the backend would get `"undefined"` ids (refused, or silently mismatched).
 */
function requireCallFields(item: Record<string, unknown>, type: string, i: number): void {
  const fields = type === "function_call" ? ["call_id", "name"] : ["call_id"];
  for (const field of fields) {
    const value = item[field];
    if (typeof value !== "string" || value === "") {
      throw new OpenloopError(
        "invalid_request",
        `input[${i}] is a ${type} without a \`${field}\` (got ${JSON.stringify(value) ?? "undefined"}).`,
        { param: `input[${i}].${field}` },
      );
    }
  }
}

/** Refuses `previous_response_id`: the backends behind these adapters keep no responses. */
export function refusePreviousResponseId(body: CreateResponseBody, wire: string): void {
  if (body.previous_response_id) {
    throw new OpenloopError(
      "invalid_request",
      `previous_response_id is not supported by the ${wire} adapter: the backend stores no responses. ` +
        "Send the whole conversation as input instead (the loop does this by default).",
      { param: "previous_response_id" },
    );
  }
}

/** A function tool of the request. */
export type FunctionToolParam = Extract<ToolParam, { type: "function" }>;

/** What `tool_choice` asks for, once `allowed_tools` has been applied to the tool list. */
export type ToolChoicePlan = { mode: "auto" | "none" | "required" } | { mode: "function"; name: string };

/**
 * The tools to send and the choice to ask for. `allowed_tools` becomes a filtered tool list plus
 * its `mode`, since neither wire has an equivalent. A hosted tool's own choice object gives no plan
 * (the backend's default applies).
 */
export function planTools(body: CreateResponseBody): {
  tools: ToolParam[];
  choice: ToolChoicePlan | undefined;
} {
  let tools = body.tools ?? [];
  const choice = body.tool_choice;
  if (choice == null) return { tools, choice: undefined };
  if (typeof choice === "string") return { tools, choice: { mode: choice } };
  if (choice.type === "function")
    return { tools, choice: { mode: "function", name: (choice as { name: string }).name } };
  if (choice.type === "allowed_tools") {
    const allowed = choice as { tools: { name: string }[]; mode?: "auto" | "none" | "required" };
    const names = new Set(allowed.tools.map((t) => t.name));
    tools = tools.filter((t) => t.type === "function" && names.has((t as FunctionToolParam).name));
    return { tools, choice: { mode: allowed.mode ?? "auto" } };
  }
  return { tools, choice: undefined };
}

/** Concatenated text of a string or of content parts (`input_text`, `output_text`, `text`, `refusal`). */
export function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  let text = "";
  for (const part of content as Record<string, unknown>[]) {
    if (typeof part?.text === "string") text += part.text;
    else if (typeof part?.refusal === "string") text += part.refusal;
  }
  return text;
}

/** `data:<media type>;base64,<data>` split into its parts; `undefined` for any other URL. */
export function parseDataUrl(url: string): { mediaType: string; data: string } | undefined {
  const match = /^data:([^;,]+)(?:;[^,]*)?;base64,(.*)$/s.exec(url);
  return match ? { mediaType: match[1]!, data: match[2]! } : undefined;
}

/** Parses a function call's `arguments`; a backend needing an object gets the raw text kept visible. */
export function argumentsObject(args: string): Record<string, unknown> {
  if (args.trim() === "") return {};
  try {
    const value = JSON.parse(args) as unknown;
    if (typeof value === "object" && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // fall through: keep what the model wrote so it can see its mistake
  }
  return { _raw_arguments: args };
}
