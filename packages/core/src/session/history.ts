/**
 * @module session/history — which stored items a run replays: history policies, and the rule
 * that no policy ever cuts a `function_call` from its output or a reasoning item from what
 * followed it.
 */
import { OpenloopError } from "@openloop/protocol";
import type { RunItem } from "../state/data.js";

/**
 * Chooses how much of a long conversation a run replays: given the stored items (oldest first),
 * returns the index of the first item to keep (`0`: all of them; `items.length`: none). The loop
 * then moves that index forward to the nearest point that splits no pair: a call and its output,
 * or a reasoning item and the item after it. The new input is always sent, whatever the policy.
 *
 * Built-in: {@link keepLastTurns}, {@link tokenBudget}.
 */
export type HistoryPolicy = (items: readonly RunItem[]) => number;

/**
 * Keeps the last `turns` user turns: everything from the `turns`-th last user message on (all of
 * it when there are fewer).
 *
 * @example run(agent, input, { session, history: keepLastTurns(20) })
 */
export function keepLastTurns(turns: number): HistoryPolicy {
  if (!(Number.isInteger(turns) && turns >= 0)) {
    throw new OpenloopError(
      "invalid_config",
      `Expected \`turns\` of keepLastTurns() to be an integer from 0 and up, got \`${String(turns)}\``,
    );
  }
  return (items) => {
    if (turns === 0) return items.length;
    let seen = 0;
    for (let i = items.length - 1; i >= 0; i--) {
      if (isUserMessage(items[i]!) && ++seen === turns) return i;
    }
    return 0;
  };
}

/**
 * Keeps the most recent items whose estimated size fits `maxTokens` (the history only: the new
 * input comes on top). `estimate` defaults to a quarter of the item's JSON length, a common rule
 * of thumb for English text; pass a real tokenizer's count for precision.
 *
 * @example run(agent, input, { session, history: tokenBudget(8_000) })
 */
export function tokenBudget(
  maxTokens: number,
  estimate: (item: RunItem) => number = estimateTokens,
): HistoryPolicy {
  if (!(typeof maxTokens === "number" && maxTokens >= 0)) {
    throw new OpenloopError(
      "invalid_config",
      `Expected \`maxTokens\` of tokenBudget() to be a number from 0 and up, got \`${String(maxTokens)}\``,
    );
  }
  if (typeof estimate !== "function") {
    throw new OpenloopError("invalid_config", "Expected `estimate` of tokenBudget() to be a function");
  }
  return (items) => {
    const safe = safeStarts(items);
    let total = 0;
    let start = items.length;
    // Whole groups only: a cut inside a pair would be moved forward anyway, and the budget is
    // spent on what is really sent.
    for (let i = items.length - 1; i >= 0; i--) {
      total += estimate(items[i]!);
      if (total > maxTokens) break;
      if (safe[i]) start = i;
    }
    return start;
  };
}

/** A quarter of the item's JSON length, rounded up. */
export function estimateTokens(item: RunItem): number {
  return Math.ceil(JSON.stringify(item).length / 4);
}

/**
 * The items a run replays under `policy`: from the index it returns, moved forward to the first
 * index that splits no pair.
 */
export function applyHistoryPolicy(items: readonly RunItem[], policy: HistoryPolicy | undefined): RunItem[] {
  if (policy === undefined) return items.slice();
  const asked = policy(items);
  if (!Number.isInteger(asked)) {
    throw new OpenloopError(
      "invalid_config",
      `Expected the history policy to return an index (an integer), got \`${String(asked)}\``,
    );
  }
  const safe = safeStarts(items);
  let start = Math.min(Math.max(asked, 0), items.length);
  while (start < items.length && !safe[start]) start++;
  return items.slice(start);
}

/**
 * For each index, whether the history may start there: not right after a reasoning item (it
 * would lose the item it belongs to), and not between a call and its output (any item with a
 * `call_id` whose type ends in `_output` answers the earlier item with that `call_id`).
 * `safe[items.length]` is true (an empty history).
 */
export function safeStarts(items: readonly RunItem[]): boolean[] {
  const n = items.length;
  // +1 where a call/output span opens, -1 where it closes: a running sum > 0 means "inside a span".
  const spans = new Array<number>(n + 2).fill(0);
  const calls = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const item = items[i] as { type?: unknown; call_id?: unknown };
    if (typeof item.call_id !== "string") continue;
    if (typeof item.type === "string" && item.type.endsWith("_output")) {
      const at = calls.get(item.call_id);
      if (at !== undefined) {
        spans[at + 1]!++;
        spans[i + 1]!--;
      }
    } else {
      calls.set(item.call_id, i);
    }
  }
  const safe = new Array<boolean>(n + 1);
  let inside = 0;
  for (let i = 0; i <= n; i++) {
    inside += spans[i]!;
    safe[i] = inside === 0 && (i === 0 || items[i - 1]!.type !== "reasoning");
  }
  return safe;
}

function isUserMessage(item: RunItem): boolean {
  return item.type === "message" && (item as { role?: unknown }).role === "user";
}
