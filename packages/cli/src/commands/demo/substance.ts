/**
 * @module commands/demo/substance — what must match between the request openloop sends and the
 * request a recording holds: the conversation, the tools and the model, not the transport knobs.
 *
 * For a Chat Completions request that is the `model`, `tool_choice`, every message (role, text,
 * tool calls with their ids, names and decoded arguments, tool results with their call ids,
 * replayed `reasoning_content`) and every tool (name, description, parameters). Left out: `stream`,
 * `stream_options`, token limits and other sampling settings, which differ between clients without
 * changing what the model is asked.
 */

type Json = unknown;

/** One difference: where, what the recording has, what openloop sent. */
export interface Difference {
  path: string;
  recorded: Json;
  sent: Json;
}

function text(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((part) => (part as { text?: string }).text ?? "").join("");
  return "";
}

function decoded(args: unknown): Json {
  if (typeof args !== "string") return args;
  try {
    return JSON.parse(args);
  } catch {
    return args;
  }
}

function message(m: Record<string, unknown>): Record<string, Json> {
  const out: Record<string, Json> = { role: m.role, content: text(m.content) };
  const calls = m.tool_calls as
    | { id?: string; function?: { name?: string; arguments?: unknown } }[]
    | undefined;
  if (Array.isArray(calls) && calls.length > 0)
    out.tool_calls = calls.map((c) => ({
      id: c.id,
      name: c.function?.name,
      arguments: decoded(c.function?.arguments),
    }));
  if (m.tool_call_id !== undefined) out.tool_call_id = m.tool_call_id;
  if (typeof m.reasoning_content === "string" && m.reasoning_content !== "")
    out.reasoning_content = m.reasoning_content;
  return out;
}

/** The substance of a Chat Completions request body. */
export function chatSubstance(body: unknown): Record<string, Json> {
  const b = (body ?? {}) as Record<string, unknown>;
  const tools =
    (b.tools as { function?: { name?: string; description?: string; parameters?: unknown } }[] | undefined) ??
    [];
  return {
    model: b.model,
    tool_choice: b.tool_choice ?? "auto",
    messages: ((b.messages as Record<string, unknown>[] | undefined) ?? []).map(message),
    tools: tools.map((t) => ({
      name: t.function?.name,
      description: t.function?.description,
      parameters: t.function?.parameters,
    })),
  };
}

/** Every difference between two JSON values, by path (`messages[2].tool_calls[0].id`). */
export function differences(recorded: Json, sent: Json, path = ""): Difference[] {
  if (Object.is(recorded, sent)) return [];
  if (Array.isArray(recorded) && Array.isArray(sent)) {
    const out: Difference[] = [];
    for (let i = 0; i < Math.max(recorded.length, sent.length); i++)
      out.push(...differences(recorded[i], sent[i], `${path}[${i}]`));
    return out;
  }
  if (isObject(recorded) && isObject(sent)) {
    const out: Difference[] = [];
    for (const key of new Set([...Object.keys(recorded), ...Object.keys(sent)]))
      out.push(...differences(recorded[key], sent[key], path === "" ? key : `${path}.${key}`));
    return out;
  }
  return [{ path: path || "(root)", recorded, sent }];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A difference for people: `path: recorded X, sent Y`. */
export function describeDifference(d: Difference): string {
  const show = (v: Json): string => (v === undefined ? "(nothing)" : JSON.stringify(v));
  return `${d.path}: recorded ${show(d.recorded)}, sent ${show(d.sent)}`;
}
