/**
 * @module reasoning/replay — how an output item is sent back as input on the next turn.
 *
 * Stateless servers (`store: false`) see only what the request carries, so every earlier output
 * item is replayed verbatim: same object, same `id`, same order, unknown fields kept. Reasoning items
 * are the exception, because the spec's `ReasoningItemParam` differs from the output `Reasoning`:
 * - `content` (raw reasoning text) must be null on input: it is removed;
 * - `summary` and `encrypted_content` are kept (the encrypted blob is what lets the model resume);
 * - an item without `encrypted_content` is an orphan to a stateless server (it cannot be decrypted,
 *   and OpenAI answers 400 "provided without its required following item"), so it is dropped unless
 *   the model says it accepts such items (`capabilities.reasoningReplay`).
 */
import type { ItemParam, OutputItem } from "@openloop/protocol";
import type { FunctionCallOutputItem } from "../tools/index.js";

/** What the target server accepts. */
export interface ReplayRules {
  /** Keep reasoning items that carry no `encrypted_content` (summary only). */
  keepReasoningWithoutEncryptedContent: boolean;
}

/**
 * The input item that replays `item`, or `undefined` when it must not be sent. Allocates only for
 * reasoning items that carry `content` (or lack `summary`); everything else is returned as is.
 */
export function replayItem(
  item: OutputItem | ItemParam | FunctionCallOutputItem,
  rules: ReplayRules,
): ItemParam | undefined {
  if (item.type !== "reasoning") return item as ItemParam;
  const reasoning = item as Record<string, unknown>;
  const encrypted = reasoning.encrypted_content;
  if ((typeof encrypted !== "string" || encrypted === "") && !rules.keepReasoningWithoutEncryptedContent) {
    return undefined;
  }
  const hasContent = reasoning.content !== undefined && reasoning.content !== null;
  if (!hasContent && Array.isArray(reasoning.summary)) return item as ItemParam;
  const { content: _raw, ...rest } = reasoning;
  if (!Array.isArray(rest.summary)) rest.summary = [];
  return rest as ItemParam;
}
