/**
 * @module run/outcome — how a finished run becomes the response's status, usage and error fields, and
 * which request fields go upstream.
 */
import type { ModelSettings, RunResult } from "@openloop/core";
import type { CreateResponseBody, OpenloopError, ResponseResource, Usage } from "@openloop/protocol";
import type { RunEnd } from "../emit/run-mapper.js";

/** The request fields passed to the upstream as given (the loop sets the rest; `metadata` stays here). */
export function modelSettings(body: CreateResponseBody): ModelSettings {
  const settings: Record<string, unknown> = {};
  for (const key of [
    "temperature",
    "top_p",
    "presence_penalty",
    "frequency_penalty",
    "max_output_tokens",
    "truncation",
    "text",
    "service_tier",
    "top_logprobs",
    "safety_identifier",
    "prompt_cache_key",
    // The upstream is called statelessly, turn after turn: the loop adds the
    // `reasoning.encrypted_content` its replay needs to whatever the client asked to include.
    "include",
  ] as const) {
    const value = body[key];
    if (value !== undefined && value !== null) settings[key] = value;
  }
  return settings as ModelSettings;
}

/** The summed usage, or `null` when no turn reported any. */
export function usageOf(result: RunResult<unknown>): Usage | null {
  return result.responses.some((r) => r.usage !== null && r.usage !== undefined) ? result.usage : null;
}

/**
 * A run that ran out of a limit is `incomplete` (its `incomplete_details.reason` says which), as is
 * one the model itself left incomplete; every other failure is `failed`.
 */
export function statusOf(end: RunEnd): ResponseResource["status"] {
  if (end.kind !== "failed") return "completed";
  return incompleteReason(end.error) === undefined ? "failed" : "incomplete";
}

function incompleteReason(error: OpenloopError): string | undefined {
  if (error.code === "max_turns_exceeded") return "max_turns";
  if (error.code === "budget_exceeded" && error.details?.budget === "tool_calls") return "max_tool_calls";
  if (error.code === "response_incomplete") return "max_output_tokens";
  return undefined;
}

export function failureFields(end: RunEnd, result: RunResult<unknown>): Partial<ResponseResource> {
  if (end.kind !== "failed") return {};
  const reason = incompleteReason(end.error);
  if (reason !== undefined) {
    const last = result.responses[result.responses.length - 1];
    const details =
      end.error.code === "response_incomplete" && last?.incomplete_details
        ? last.incomplete_details
        : { reason };
    return { incomplete_details: details };
  }
  return { error: { code: end.error.code, message: end.error.message } };
}
