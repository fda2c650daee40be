/**
 * @module script/items — the output items a scripted response is made of.
 *
 * Each helper returns a plain spec output item without an `id`; ids (and call ids) are filled in
 * when the turn is played, so scripts stay short. Any other output item (an extension item, a
 * `function_call_output`, ...) can be written out by hand in a turn as well.
 */
import type { UrlCitation } from "@openloop/protocol";

/**
 * An output item of a script: an Open Responses output item whose `id` may be left out
 * (`call_id` too, for function calls).
 */
export type ScriptItem = { type: string; id?: string; [key: string]: unknown };

/** An assistant message with one `output_text` part. */
export function text(
  value: string,
  options: { id?: string; annotations?: UrlCitation[]; phase?: "commentary" | "final_answer" } = {},
): ScriptItem {
  const item: ScriptItem = {
    type: "message",
    role: "assistant",
    status: "completed",
    content: [{ type: "output_text", text: value, annotations: options.annotations ?? [] }],
  };
  if (options.id !== undefined) item.id = options.id;
  if (options.phase !== undefined) item.phase = options.phase;
  return item;
}

/** An assistant message whose only part is a `refusal`. */
export function refusal(value: string, options: { id?: string } = {}): ScriptItem {
  const item: ScriptItem = {
    type: "message",
    role: "assistant",
    status: "completed",
    content: [{ type: "refusal", refusal: value }],
  };
  if (options.id !== undefined) item.id = options.id;
  return item;
}

export interface ReasoningOptions {
  /** Summary parts (`summary_text`), streamed as `response.reasoning_summary_text.*`. */
  summary?: string | string[];
  /** Raw reasoning parts (`reasoning_text`), streamed as `response.reasoning.*`. */
  content?: string | string[];
  /** Opaque `encrypted_content`, for stateless replay. */
  encrypted?: string;
  id?: string;
}

const list = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** A reasoning item with any mix of summary, raw content and encrypted content. */
export function reasoning(options: ReasoningOptions = {}): ScriptItem {
  const item: ScriptItem = {
    type: "reasoning",
    summary: list(options.summary).map((t) => ({ type: "summary_text", text: t })),
  };
  if (options.content !== undefined)
    item.content = list(options.content).map((t) => ({ type: "reasoning_text", text: t }));
  if (options.encrypted !== undefined) item.encrypted_content = options.encrypted;
  if (options.id !== undefined) item.id = options.id;
  return item;
}

/**
 * A function call. `args` is an object (sent as its JSON) or a string sent as is, which may be
 * invalid JSON on purpose. Several calls in one turn are parallel calls.
 */
export function functionCall(
  name: string,
  args: Record<string, unknown> | string = {},
  options: { callId?: string; id?: string } = {},
): ScriptItem {
  const item: ScriptItem = {
    type: "function_call",
    name,
    arguments: typeof args === "string" ? args : JSON.stringify(args),
    status: "completed",
  };
  if (options.callId !== undefined) item.call_id = options.callId;
  if (options.id !== undefined) item.id = options.id;
  return item;
}
