/**
 * @module usage — token usage summed across a run's turns.
 */
import type { Usage } from "@openloop/protocol";

/** A zeroed {@link Usage} (the spec's shape: totals plus cached and reasoning details). */
export function emptyUsage(): Usage {
  return {
    input_tokens: 0,
    output_tokens: 0,
    total_tokens: 0,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens_details: { reasoning_tokens: 0 },
  };
}

/**
 * A response's usage as a complete {@link Usage}: servers that report none (`usage: null`) count as
 * zero, missing details as zero, and a missing `total_tokens` as input + output.
 */
export function usageOf(reported: unknown): Usage {
  const out = emptyUsage();
  if (typeof reported !== "object" || reported === null) return out;
  const u = reported as Record<string, unknown>;
  out.input_tokens = count(u.input_tokens);
  out.output_tokens = count(u.output_tokens);
  out.total_tokens =
    typeof u.total_tokens === "number" ? count(u.total_tokens) : out.input_tokens + out.output_tokens;
  out.input_tokens_details.cached_tokens = count(
    (u.input_tokens_details as { cached_tokens?: unknown } | null | undefined)?.cached_tokens,
  );
  out.output_tokens_details.reasoning_tokens = count(
    (u.output_tokens_details as { reasoning_tokens?: unknown } | null | undefined)?.reasoning_tokens,
  );
  return out;
}

/** Adds `add` into `into` (mutating it) and returns `into`. */
export function addUsage(into: Usage, add: Usage): Usage {
  into.input_tokens += add.input_tokens;
  into.output_tokens += add.output_tokens;
  into.total_tokens += add.total_tokens;
  into.input_tokens_details.cached_tokens += add.input_tokens_details.cached_tokens;
  into.output_tokens_details.reasoning_tokens += add.output_tokens_details.reasoning_tokens;
  return into;
}

/** The sum of several usages, as a new object. */
export function sumUsage(usages: readonly Usage[]): Usage {
  const total = emptyUsage();
  for (const usage of usages) addUsage(total, usage);
  return total;
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? value : 0;
}
