/**
 * @module shared/reasoning-blob — what an adapter needs back from a reasoning item, kept in its
 * `encrypted_content`.
 *
 * On stateless replay the loop strips reasoning `content` (the spec requires input reasoning content
 * to be null) and drops reasoning items that have no `encrypted_content`. Backends that need their
 * reasoning back (Anthropic's signed thinking blocks, DeepSeek-style `reasoning_content`,
 * OpenRouter's `reasoning_details`) therefore get it from here: an adapter-owned string,
 * `openloop.<wire>.v1:` followed by JSON. The prefix tells the adapters' own blobs from a
 * provider's opaque ones (OpenAI's `gAAAA…`), and one wire's from another's.
 */

/** What the Chat Completions adapter keeps: the field the backend used, and its content. */
export type ChatReasoningBlob =
  | { field: "reasoning_content" | "reasoning"; text: string }
  | { field: "reasoning_details"; details: Record<string, unknown>[] };

/** What the Anthropic adapter keeps: the thinking block, verbatim (signature or redacted data). */
export type AnthropicReasoningBlob =
  | { block: { type: "thinking"; thinking: string; signature: string } }
  | { block: { type: "redacted_thinking"; data: string } };

interface Blobs {
  "chat-completions": ChatReasoningBlob;
  "anthropic-messages": AnthropicReasoningBlob;
}

const prefix = (wire: keyof Blobs): string => `openloop.${wire}.v1:`;

/** Encodes `value` as the `encrypted_content` of a reasoning item emitted by `wire`'s adapter. */
export function encodeReasoningBlob<W extends keyof Blobs>(wire: W, value: Blobs[W]): string {
  return prefix(wire) + JSON.stringify(value);
}

/**
 * Decodes an `encrypted_content` written by `wire`'s adapter; `undefined` for anything else
 * (another wire's blob, a provider's opaque string, a malformed value).
 */
export function decodeReasoningBlob<W extends keyof Blobs>(
  wire: W,
  encrypted: string | null | undefined,
): Blobs[W] | undefined {
  const tag = prefix(wire);
  if (typeof encrypted !== "string" || !encrypted.startsWith(tag)) return undefined;
  try {
    const value = JSON.parse(encrypted.slice(tag.length)) as unknown;
    return typeof value === "object" && value !== null ? (value as Blobs[W]) : undefined;
  } catch {
    return undefined;
  }
}
