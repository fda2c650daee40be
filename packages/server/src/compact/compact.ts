/**
 * @module compact/compact — `POST /v1/responses/compact`: a long window made short.
 *
 * The window (the `previous_response_id` chain, then `input`) is split at its last user message.
 * Everything before it is summarized by the routed model (one plain request, no tools) into a
 * `compaction` item; the last user message and what follows it are kept verbatim. The reply's
 * `output` — the compaction item, then the kept items — is the base `input` of the next request;
 * this server reads the compaction item back as the summary it holds.
 */
import { randomUUID } from "node:crypto";
import { Agent, run } from "@openloop/core";
import type { CompactResource, ItemParam, OutputItem, Usage } from "@openloop/protocol";
import { encodeCompaction } from "./codec.js";

/** What the model is asked to do with the window. */
export const COMPACTION_INSTRUCTIONS = [
  "You compact conversations. Write a summary of the conversation you are given, for the assistant",
  "to continue it without the original: the user's goals and constraints, decisions made, facts",
  "learned (tool results included), work done, and what is still open. Be complete and specific",
  "(names, numbers, code identifiers); omit pleasantries. Answer with the summary only.",
].join(" ");

const ZERO_USAGE: Usage = {
  input_tokens: 0,
  output_tokens: 0,
  total_tokens: 0,
  input_tokens_details: { cached_tokens: 0 },
  output_tokens_details: { reasoning_tokens: 0 },
};

/**
 * Compacts `window` (the model's view of the conversation) with `model`.
 * @throws {RunError} when the model fails (answered as an HTTP error).
 */
export async function compactWindow(
  window: readonly ItemParam[],
  options: {
    model: import("@openloop/core").Model;
    instructions?: string | null | undefined;
    signal?: AbortSignal;
  },
): Promise<CompactResource> {
  const split = lastUserMessage(window);
  const kept = split < 0 ? [] : window.slice(split);
  const summarized = split > 0 ? window.slice(0, split) : window.slice();
  const extra = options.instructions
    ? `\n\nThe conversation's own instructions were:\n${options.instructions}`
    : "";
  const agent = new Agent({
    name: "openloop-compaction",
    model: options.model,
    instructions: COMPACTION_INSTRUCTIONS + extra,
    maxTurns: 1,
    store: false,
  });
  const result = await run(
    agent,
    [...summarized, { type: "message", role: "user", content: "Summarize the conversation above now." }],
    { signal: options.signal },
  );
  const summary = typeof result.finalOutput === "string" ? result.finalOutput : "";
  const reported = result.responses.some((r) => r.usage !== null && r.usage !== undefined);
  return {
    id: `resp_${randomUUID().replaceAll("-", "")}`,
    object: "response.compaction",
    created_at: Math.floor(Date.now() / 1000),
    output: [
      {
        type: "compaction",
        id: `cmp_${randomUUID().replaceAll("-", "")}`,
        encrypted_content: encodeCompaction({ summary }),
        created_by: "openloop",
      } as OutputItem,
      ...kept.map(asOutputItem),
    ],
    usage: reported ? result.usage : ZERO_USAGE,
  };
}

/** The index of the last user message (-1 when there is none). */
function lastUserMessage(window: readonly ItemParam[]): number {
  for (let i = window.length - 1; i >= 0; i--) {
    const item = window[i] as { type?: unknown; role?: unknown };
    if (item.type === "message" && item.role === "user") return i;
  }
  return -1;
}

/** A kept input item in output form: every item has an `id` and a `status`, message content is parts. */
function asOutputItem(item: ItemParam): OutputItem {
  const out = { ...(item as Record<string, unknown>) };
  const prefix =
    out.type === "message"
      ? "msg"
      : out.type === "function_call"
        ? "fc"
        : out.type === "function_call_output"
          ? "fco"
          : "item";
  if (typeof out.id !== "string") out.id = `${prefix}_${randomUUID().replaceAll("-", "")}`;
  if (out.type !== "reasoning" && typeof out.status !== "string") out.status = "completed";
  if (out.type === "message" && typeof out.content === "string") {
    out.content = [{ type: out.role === "assistant" ? "output_text" : "input_text", text: out.content }];
    if (out.role === "assistant") (out.content as Record<string, unknown>[])[0]!.annotations = [];
  }
  return out as OutputItem;
}
