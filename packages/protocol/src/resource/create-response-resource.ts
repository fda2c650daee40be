/**
 * @module resource/create-response-resource — a complete `ResponseResource` from a partial one.
 */
import { randomUUID } from "node:crypto";
import type { ResponseResource } from "../schemas/response.js";

/**
 * The value each required field takes when nobody said otherwise: the defaults of the request
 * fields they echo (OpenAI's documented defaults where the spec names none).
 */
function defaults(): ResponseResource {
  return {
    // `id` and `created_at` are filled after the copy, and only when the partial has none: a
    // UUID per call showed in the loop's profile (several calls a turn, nearly always with an id).
    id: "",
    object: "response",
    created_at: 0,
    completed_at: null,
    status: "in_progress",
    incomplete_details: null,
    model: "",
    previous_response_id: null,
    instructions: null,
    output: [],
    error: null,
    tools: [],
    tool_choice: "auto",
    truncation: "disabled",
    parallel_tool_calls: true,
    text: { format: { type: "text" } },
    top_p: 1,
    presence_penalty: 0,
    frequency_penalty: 0,
    top_logprobs: 0,
    temperature: 1,
    reasoning: null,
    usage: null,
    max_output_tokens: null,
    max_tool_calls: null,
    store: true,
    background: false,
    service_tier: "default",
    metadata: {},
    safety_identifier: null,
    prompt_cache_key: null,
  };
}

/**
 * A `ResponseResource` with every one of the spec's 31 required fields: the given fields as they
 * are (extra keys kept), the rest filled with defaults. A field given as `undefined`, or as `null`
 * where the spec does not allow null (xAI sends `temperature: null`), takes the default.
 *
 * @example
 * const response = createResponseResource({ model: "gpt-5", status: "completed", output });
 */
export function createResponseResource(
  partial: Partial<ResponseResource> | Record<string, unknown> = {},
): ResponseResource {
  const out = defaults() as Record<string, unknown>;
  const nullable = NULLABLE;
  let id = false;
  let createdAt = false;
  for (const key in partial) {
    const value = (partial as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (value === null && key in out && !nullable.has(key)) continue;
    out[key] = value;
    if (key === "id") id = true;
    else if (key === "created_at") createdAt = true;
  }
  if (!id) out.id = `resp_${randomUUID().replaceAll("-", "")}`;
  if (!createdAt) out.created_at = Math.floor(Date.now() / 1000);
  return out as ResponseResource;
}

/** The required fields whose value may be null. */
const NULLABLE: ReadonlySet<string> = new Set([
  "completed_at",
  "incomplete_details",
  "previous_response_id",
  "instructions",
  "error",
  "reasoning",
  "usage",
  "max_output_tokens",
  "max_tool_calls",
  "safety_identifier",
  "prompt_cache_key",
]);
