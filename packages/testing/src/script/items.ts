/**
 * @module script/items — the output items a scripted response is made of.
 *
 * Each helper returns a plain spec output item without an `id`; ids (and call ids) are filled in
 * when the turn is played, so scripts stay short. Any other output item (an extension item, a
 * `function_call_output`, ...) can be written out by hand in a turn as well.
 */
import { OpenloopError, type UrlCitation } from "@openloop/protocol";

/** A helper given the wrong thing (from JavaScript, or `as any`): say so now, not as a malformed stream later. */
function expectString(fn: string, what: string, value: unknown): void {
  if (typeof value !== "string")
    throw new OpenloopError(
      "invalid_config",
      `${fn}: Expected ${what} to be a string, got ${value === null ? "null" : typeof value}`,
    );
}

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
  expectString("text()", "the text", value);
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
  expectString("refusal()", "the refusal", value);
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
  for (const key of ["summary", "content"] as const)
    for (const part of list(options[key])) expectString("reasoning()", `each \`${key}\` part`, part);
  if (options.encrypted !== undefined) expectString("reasoning()", "`encrypted`", options.encrypted);
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
  expectString("functionCall()", "the function name", name);
  if (typeof args !== "string" && (typeof args !== "object" || args === null || Array.isArray(args)))
    throw new OpenloopError(
      "invalid_config",
      `functionCall(${JSON.stringify(name)}): Expected the arguments to be an object or a JSON string, got ${args === null ? "null" : Array.isArray(args) ? "an array" : typeof args}`,
    );
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
