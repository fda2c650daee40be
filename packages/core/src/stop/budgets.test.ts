import { OpenloopError } from "@openloop/protocol";
import { describe, expect, it } from "vitest";
import { usageOf } from "../usage/usage.js";
import { checkBeforeTurn, checkToolCalls, loopError, timeoutError } from "./budgets.js";

const budgets = { maxTurns: 3, maxToolCalls: 4, maxTokens: 100, timeoutMs: 1000 };

describe("budgets", () => {
  it("refuses the turn after maxTurns", () => {
    expect(checkBeforeTurn(budgets, 2, usageOf(null))).toBeUndefined();
    const error = checkBeforeTurn(budgets, 3, usageOf(null));
    expect(OpenloopError.is(error, "max_turns_exceeded")).toBe(true);
    expect(error?.message).toBe("The run reached maxTurns (3) without a final answer.");
  });

  it("refuses the turn after the token budget was reached", () => {
    expect(checkBeforeTurn(budgets, 1, usageOf({ input_tokens: 50, output_tokens: 49 }))).toBeUndefined();
    const error = checkBeforeTurn(budgets, 1, usageOf({ input_tokens: 60, output_tokens: 40 }));
    expect(error?.code).toBe("budget_exceeded");
    expect(error?.details).toEqual({ budget: "tokens", limit: 100, used: 100 });
  });

  it("refuses a batch of calls that would go over maxToolCalls", () => {
    expect(checkToolCalls(budgets, 2, 2)).toBeUndefined();
    const error = checkToolCalls(budgets, 3, 2);
    expect(error?.code).toBe("budget_exceeded");
    expect(error?.message).toBe("Running 2 more tool calls would exceed maxToolCalls (4; 3 ran already).");
    expect(checkToolCalls({ ...budgets, maxToolCalls: undefined }, 1000, 1000)).toBeUndefined();
  });

  it("has readable time and loop errors", () => {
    expect(timeoutError(250).message).toBe("The run exceeded its time budget (timeoutMs: 250).");
    expect(loopError({ name: "search", arguments: '{"q":"x"}', count: 3 }).message).toBe(
      'The model called "search" with the same arguments 3 times in a row ({"q":"x"}); the last call was not run.',
    );
  });
});
