/**
 * @module schemas/normalize — what real clients send, made into spec `ItemParam`s before validation.
 */

/**
 * Adds `type: "message"` to input items written in the `{ role, content }` shorthand, which every
 * real client sends (the `openai` SDK included) although the spec's `ItemParam` requires the
 * `type`. Anything else is left as it is (validation reports it). A string `input` and items that
 * already have a `type` are returned unchanged; the array is copied only when an item changed.
 *
 * @example
 * normalizeInput([{ role: "user", content: "Hi" }]);
 * // [{ type: "message", role: "user", content: "Hi" }]
 */
export function normalizeInput<T>(input: T): T {
  if (!Array.isArray(input)) return input;
  let out: unknown[] | undefined;
  for (let i = 0; i < input.length; i++) {
    const item: unknown = input[i];
    if (!isShorthandMessage(item)) continue;
    out ??= input.slice();
    out[i] = { type: "message", ...item };
  }
  return (out ?? input) as T;
}

function isShorthandMessage(item: unknown): item is Record<string, unknown> {
  if (typeof item !== "object" || item === null || Array.isArray(item)) return false;
  const record = item as Record<string, unknown>;
  return record.type === undefined && typeof record.role === "string" && "content" in record;
}
