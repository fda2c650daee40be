/**
 * Test support: the loop's stateless replay rule, and "equal in substance" for wire requests.
 */
import type { OutputItem } from "@openloop/protocol";

/**
 * Output items as the loop sends them back on the next turn: reasoning `content` removed (the spec
 * requires input reasoning content to be null), reasoning without `encrypted_content` dropped.
 */
export function replayItems(output: readonly OutputItem[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const item of output) {
    if (item.type === "reasoning") {
      const { content: _content, ...rest } = item as Record<string, unknown>;
      if (typeof rest.encrypted_content === "string") out.push(rest);
    } else {
      out.push(item as Record<string, unknown>);
    }
  }
  return out;
}

/** `value` without `null`/`undefined` members, recursively (absent and null mean the same on these wires). */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== null && v !== undefined) out[key] = withoutNulls(v);
  return out;
}
