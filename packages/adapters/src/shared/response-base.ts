/**
 * @module shared/response-base — the `ResponseResource` fields an adapter echoes from the request.
 */
import type {
  CreateResponseBody,
  ResponseResource,
  ResponseToolChoice,
  TextField,
  Tool,
} from "@openloop/protocol";

/**
 * The response an adapter starts from: the request's settings echoed in the spec's response shapes
 * (the writer fills every other required field), `store: false` because these backends keep nothing.
 */
export function responseBase(request: CreateResponseBody, model: string): Partial<ResponseResource> {
  return {
    model,
    status: "in_progress",
    instructions: request.instructions ?? null,
    tools: echoTools(request.tools),
    tool_choice: echoToolChoice(request.tool_choice),
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    text: echoText(request.text?.format),
    temperature: request.temperature ?? undefined,
    top_p: request.top_p ?? undefined,
    presence_penalty: request.presence_penalty ?? undefined,
    frequency_penalty: request.frequency_penalty ?? undefined,
    reasoning: request.reasoning
      ? { effort: request.reasoning.effort ?? null, summary: request.reasoning.summary ?? null }
      : null,
    max_output_tokens: request.max_output_tokens ?? null,
    max_tool_calls: request.max_tool_calls ?? null,
    store: false,
    metadata: request.metadata ?? {},
    safety_identifier: request.safety_identifier ?? null,
    prompt_cache_key: request.prompt_cache_key ?? null,
  };
}

function echoTools(tools: CreateResponseBody["tools"]): Tool[] {
  if (!tools) return [];
  return tools.map((tool) =>
    tool.type === "function"
      ? {
          type: "function",
          name: tool.name,
          description: tool.description ?? null,
          parameters: tool.parameters ?? null,
          strict: tool.strict ?? null,
        }
      : tool,
  ) as Tool[];
}

function echoToolChoice(choice: CreateResponseBody["tool_choice"]): ResponseToolChoice {
  if (choice == null) return "auto";
  if (typeof choice === "object" && choice.type === "allowed_tools") {
    return { ...choice, mode: (choice as { mode?: "none" | "auto" | "required" }).mode ?? "auto" };
  }
  return choice as ResponseToolChoice;
}

function echoText(format: NonNullable<CreateResponseBody["text"]>["format"]): TextField {
  if (format?.type === "json_schema") {
    const f = format as {
      name?: string;
      description?: string;
      schema?: Record<string, unknown>;
      strict?: boolean | null;
    };
    return {
      format: {
        type: "json_schema",
        name: f.name ?? "output",
        description: f.description ?? null,
        schema: f.schema ?? null,
        strict: f.strict ?? false,
      },
    };
  }
  return { format: { type: "text" } };
}
