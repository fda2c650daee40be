/**
 * @module run/echo — the request fields a response echoes, with the spec's defaults.
 */
import {
  type CreateResponseBody,
  createResponseResource,
  type ResponseResource,
  type ToolChoice,
} from "@openloop/protocol";

/** The tools as a response shows them: functions with every field present, hosted tools as given. */
function echoTools(tools: CreateResponseBody["tools"]): ResponseResource["tools"] {
  return (tools ?? []).map((tool) => {
    if (tool.type !== "function") return tool as ResponseResource["tools"][number];
    const fn = tool as { name: string; description?: string | null; parameters?: unknown; strict?: boolean };
    return {
      ...fn,
      type: "function",
      name: fn.name,
      description: fn.description ?? null,
      parameters: (fn.parameters ?? null) as Record<string, unknown> | null,
      strict: fn.strict ?? null,
    };
  });
}

/** `tool_choice` as a response shows it (`allowed_tools` always carries its `mode`). */
function echoChoice(choice: ToolChoice | undefined): ResponseResource["tool_choice"] {
  if (choice === undefined) return "auto";
  if (typeof choice === "object" && choice.type === "allowed_tools") {
    return {
      ...choice,
      mode: (choice as { mode?: string }).mode ?? "auto",
    } as ResponseResource["tool_choice"];
  }
  return choice as ResponseResource["tool_choice"];
}

/**
 * `text` as a response shows it: a `json_schema` format carries every field the spec requires of
 * the echo (`description` and `strict` as well as `name` and `schema`), as OpenAI's own echo does.
 */
function echoText(text: CreateResponseBody["text"]): ResponseResource["text"] {
  const format = (text?.format ?? { type: "text" }) as Record<string, unknown>;
  const echoed =
    format.type === "json_schema"
      ? { ...format, description: format.description ?? null, strict: format.strict ?? false }
      : format;
  return { ...text, format: echoed } as ResponseResource["text"];
}

/**
 * The in-progress response for a request: our id and creation time, the model name as requested,
 * and every setting the request gave (or its default), so all 31 required fields are there.
 */
export function responseBase(
  body: CreateResponseBody,
  init: { id: string; model: string; toolChoice: ToolChoice | undefined },
): ResponseResource {
  return createResponseResource({
    id: init.id,
    created_at: Math.floor(Date.now() / 1000),
    status: "in_progress",
    model: init.model,
    previous_response_id: body.previous_response_id ?? null,
    instructions: body.instructions ?? null,
    tools: echoTools(body.tools),
    tool_choice: echoChoice(init.toolChoice),
    truncation: body.truncation ?? "disabled",
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    text: echoText(body.text ?? undefined),
    top_p: body.top_p ?? 1,
    presence_penalty: body.presence_penalty ?? 0,
    frequency_penalty: body.frequency_penalty ?? 0,
    top_logprobs: body.top_logprobs ?? 0,
    temperature: body.temperature ?? 1,
    reasoning: (body.reasoning ?? null) as ResponseResource["reasoning"],
    max_output_tokens: body.max_output_tokens ?? null,
    max_tool_calls: body.max_tool_calls ?? null,
    store: body.store ?? true,
    background: false,
    service_tier: body.service_tier ?? "default",
    metadata: body.metadata ?? {},
    safety_identifier: body.safety_identifier ?? null,
    prompt_cache_key: body.prompt_cache_key ?? null,
  });
}
