/**
 * @module stop/budgets — the limits a run checks between steps, and the errors they end it with.
 */
import { OpenloopError, type Usage } from "@openloop/protocol";
import type { DetectedLoop } from "./loop-detection.js";

/** The limits of one run (all optional but `maxTurns`). */
export interface Budgets {
  maxTurns: number;
  maxToolCalls: number | undefined;
  maxTokens: number | undefined;
  timeoutMs: number | undefined;
}

/**
 * Checked before each model request: the turn limit, then the token budget (a budget is spent by
 * the turn that crosses it; the next turn is the one refused, so a final answer is never thrown away).
 */
export function checkBeforeTurn(budgets: Budgets, turns: number, usage: Usage): OpenloopError | undefined {
  if (turns >= budgets.maxTurns) {
    return new OpenloopError(
      "max_turns_exceeded",
      `The run reached maxTurns (${budgets.maxTurns}) without a final answer.`,
      { details: { maxTurns: budgets.maxTurns, turns } },
    );
  }
  if (budgets.maxTokens !== undefined && usage.total_tokens >= budgets.maxTokens) {
    return new OpenloopError(
      "budget_exceeded",
      `The run used ${usage.total_tokens} tokens, reaching maxTokens (${budgets.maxTokens}), before a final answer.`,
      { details: { budget: "tokens", limit: budgets.maxTokens, used: usage.total_tokens } },
    );
  }
  return undefined;
}

/** Checked before a batch of calls runs: none of the batch runs if it would go over the limit. */
export function checkToolCalls(budgets: Budgets, used: number, adding: number): OpenloopError | undefined {
  if (budgets.maxToolCalls === undefined || used + adding <= budgets.maxToolCalls) return undefined;
  return new OpenloopError(
    "budget_exceeded",
    `Running ${adding} more tool call${adding === 1 ? "" : "s"} would exceed maxToolCalls (${budgets.maxToolCalls}; ${used} ran already).`,
    { details: { budget: "tool_calls", limit: budgets.maxToolCalls, used, requested: adding } },
  );
}

/** The reason the run's signal aborts with when the wall-clock budget runs out. */
export function timeoutError(timeoutMs: number): OpenloopError {
  return new OpenloopError("budget_exceeded", `The run exceeded its time budget (timeoutMs: ${timeoutMs}).`, {
    details: { budget: "time", limit: timeoutMs },
  });
}

/** The error for a detected loop. */
export function loopError(loop: DetectedLoop): OpenloopError {
  return new OpenloopError(
    "loop_detected",
    `The model called "${loop.name}" with the same arguments ${loop.count} times in a row (${truncate(loop.arguments)}); the last call was not run.`,
    { details: { tool: loop.name, arguments: loop.arguments, count: loop.count } },
  );
}

function truncate(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
