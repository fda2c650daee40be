/**
 * @module chat-completions/reasoning-details — OpenRouter-style `reasoning_details` fragments, merged.
 *
 * Gateways stream `reasoning_details` as fragments keyed by `index` (text pieces, then a signature
 * or an encrypted blob). Merged per index they are what the gateway expects back on the next turn.
 */
import type { ChatReasoningDetail } from "./types.js";

/** Folds one `reasoning_details` fragment into the entry of its index (text and signatures appended). */
export function mergeDetail(
  into: Map<number, ChatReasoningDetail>,
  detail: ChatReasoningDetail,
  position: number,
): void {
  const key = typeof detail.index === "number" ? detail.index : position;
  const merged = into.get(key);
  if (!merged) {
    into.set(key, { ...detail });
    return;
  }
  for (const field of ["text", "summary", "data", "signature"] as const) {
    const piece = detail[field];
    if (typeof piece === "string" && piece)
      merged[field] = (typeof merged[field] === "string" ? merged[field] : "") + piece;
  }
  for (const key of Object.keys(detail)) if (!(key in merged)) merged[key] = detail[key];
}
