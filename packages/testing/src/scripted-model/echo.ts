/**
 * @module scripted-model/echo — the response fields a server echoes from the request.
 */
import type { CreateResponseBody, ResponseResource, Usage } from "@openloop/protocol";
import type { ScriptItem } from "../script/items.js";

type Loose = Record<string, unknown>;

/** Request tools as a response lists them: function tools with every required field. */
function echoTools(tools: unknown): ResponseResource["tools"] {
  if (!Array.isArray(tools)) return [];
  return tools.map((tool: Loose) =>
    tool.type === "function"
      ? {
          ...tool,
          type: "function",
          name: String(tool.name),
          description: (tool.description as string | undefined) ?? null,
          parameters: (tool.parameters as Record<string, unknown> | undefined) ?? null,
          strict: (tool.strict as boolean | undefined) ?? null,
        }
      : tool,
  ) as ResponseResource["tools"];
}

/** The fields of a response that echo `request` (what a conforming server returns). */
export function echoRequest(request: CreateResponseBody, model: string): Partial<ResponseResource> {
  const r = request as Loose;
  const reasoning = r.reasoning as Loose | null | undefined;
  const fields: Loose = {
    model: typeof r.model === "string" ? r.model : model,
    tools: echoTools(r.tools),
    instructions: typeof r.instructions === "string" ? r.instructions : null,
    previous_response_id: r.previous_response_id ?? null,
    reasoning: reasoning ? { effort: reasoning.effort ?? null, summary: reasoning.summary ?? null } : null,
  };
  for (const key of [
    "tool_choice",
    "parallel_tool_calls",
    "store",
    "temperature",
    "top_p",
    "metadata",
    "max_output_tokens",
    "max_tool_calls",
    "text",
    "truncation",
    "service_tier",
    "safety_identifier",
    "prompt_cache_key",
    "presence_penalty",
    "frequency_penalty",
    "top_logprobs",
  ])
    if (r[key] !== undefined && r[key] !== null) fields[key] = r[key];
  return fields as Partial<ResponseResource>;
}

/** A complete `Usage` from a partial one. */
export function fullUsage(usage: Partial<Usage>): Usage {
  const input = usage.input_tokens ?? 0;
  const output = usage.output_tokens ?? 0;
  return {
    ...usage,
    input_tokens: input,
    output_tokens: output,
    total_tokens: usage.total_tokens ?? input + output,
    input_tokens_details: usage.input_tokens_details ?? { cached_tokens: 0 },
    output_tokens_details: usage.output_tokens_details ?? { reasoning_tokens: 0 },
  };
}

const PREFIX: Record<string, string> = { message: "msg", function_call: "fc", reasoning: "rs" };

/**
 * The script's items with ids filled in (`msg_<turn>_<i>`, `fc_...`, `call_...`), and the last one
 * marked `incomplete` when the response is.
 */
export function withIds(items: readonly ScriptItem[], turn: number, incomplete: boolean): ScriptItem[] {
  return items.map((item, i) => {
    const out: ScriptItem = { ...item };
    if (out.id === undefined) out.id = `${PREFIX[item.type] ?? "item"}_${turn}_${i}`;
    if (item.type === "function_call" && out.call_id === undefined) out.call_id = `call_${turn}_${i}`;
    if (incomplete && i === items.length - 1 && "status" in out) out.status = "incomplete";
    return out;
  });
}
