/**
 * @module chat-completions/usage — Chat Completions token counts in the spec's `Usage` shape.
 */
import type { Usage } from "@openloop/protocol";
import type { ChatUsage } from "./types.js";

/** Chat usage in the spec's shape (cached and reasoning token counts where the backend gives them). */
export function usageOf(usage: ChatUsage): Usage {
  const input = usage.prompt_tokens ?? 0;
  const output = usage.completion_tokens ?? 0;
  return {
    input_tokens: input,
    output_tokens: output,
    total_tokens: usage.total_tokens ?? input + output,
    input_tokens_details: {
      cached_tokens: usage.prompt_tokens_details?.cached_tokens ?? usage.prompt_cache_hit_tokens ?? 0,
    },
    output_tokens_details: { reasoning_tokens: usage.completion_tokens_details?.reasoning_tokens ?? 0 },
  };
}
