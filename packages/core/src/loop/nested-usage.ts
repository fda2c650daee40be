/**
 * @module loop/nested-usage — counting an agent tool's nested run in the caller's usage.
 *
 * A specialist's tokens are the caller's cost too: they join the usage of the caller's turn whose
 * call ran it (`usageByTurn[turn - 1]`, so `usage` stays the sum of `usageByTurn`, and a saved
 * state carries them), and the running total that `maxTokens` and `stopWhen` see.
 */
import type { Usage } from "@openloop/protocol";
import { addUsage, emptyUsage, sumUsage } from "../usage/usage.js";
import type { LoopContext } from "./context.js";

/** Adds a nested run's usage to the caller's turn `turn` and to its running total. */
export function countNestedUsage(ctx: LoopContext, turn: number, usage: Usage): void {
  const byTurn = ctx.data.usageByTurn;
  // A new object: the old one is also the `usage` of that turn's `turn.completed` event, and may
  // be shared with the state this run resumed from.
  byTurn[turn - 1] = sumUsage([byTurn[turn - 1] ?? emptyUsage(), usage]);
  addUsage(ctx.usage, usage);
}
