/**
 * @module anthropic-messages/usage — Anthropic token counts in the spec's `Usage` shape.
 */
import type { Usage } from "@openloop/protocol";
import type { AnthropicUsage } from "./types.js";

/**
 * Anthropic usage in the spec's shape. Anthropic counts cache reads and writes apart from
 * `input_tokens`; the spec's `input_tokens` is the whole prompt, with cache reads as `cached_tokens`.
 */
export function usageOf(usage: AnthropicUsage): Usage | null {
  if (usage.input_tokens == null && usage.output_tokens == null) return null;
  const input =
    (usage.input_tokens ?? 0) +
    (usage.cache_creation_input_tokens ?? 0) +
    (usage.cache_read_input_tokens ?? 0);
  const output = usage.output_tokens ?? 0;
  return {
    input_tokens: input,
    output_tokens: output,
    total_tokens: input + output,
    input_tokens_details: { cached_tokens: usage.cache_read_input_tokens ?? 0 },
    output_tokens_details: { reasoning_tokens: 0 },
  };
}
