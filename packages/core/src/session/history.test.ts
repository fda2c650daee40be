/**
 * History policies: what a long conversation replays, and the pairs no cut may split.
 */
import { describe, expect, it } from "vitest";
import type { RunItem } from "../state/data.js";
import { applyHistoryPolicy, estimateTokens, keepLastTurns, safeStarts, tokenBudget } from "./history.js";

const user = (content: string): RunItem => ({ type: "message", role: "user", content });
const assistant = (text: string): RunItem => ({
  type: "message",
  role: "assistant",
  status: "completed",
  content: [{ type: "output_text", text, annotations: [] }],
});
const call = (id: string): RunItem => ({
  type: "function_call",
  call_id: id,
  name: "f",
  arguments: "{}",
  status: "completed",
});
const output = (id: string): RunItem => ({ type: "function_call_output", call_id: id, output: "ok" });
const thought = (id: string): RunItem => ({ type: "reasoning", id, summary: [], encrypted_content: "x" });

// turn 1: user, reasoning, two parallel calls, their outputs, answer; turn 2: user, answer.
const conversation: RunItem[] = [
  user("one"), // 0
  thought("rs_1"), // 1
  call("c1"), // 2
  call("c2"), // 3
  output("c1"), // 4
  output("c2"), // 5
  assistant("done one"), // 6
  user("two"), // 7
  assistant("done two"), // 8
];

describe("safe starts", () => {
  it("never between a call and its output, nor right after a reasoning item", () => {
    expect(safeStarts(conversation)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
      true,
      true,
      true,
      true,
    ]);
  });
});

describe("keepLastTurns", () => {
  it("keeps everything from the n-th last user message", () => {
    expect(applyHistoryPolicy(conversation, keepLastTurns(1))).toEqual(conversation.slice(7));
    expect(applyHistoryPolicy(conversation, keepLastTurns(2))).toEqual(conversation);
    expect(applyHistoryPolicy(conversation, keepLastTurns(5))).toEqual(conversation);
    expect(applyHistoryPolicy(conversation, keepLastTurns(0))).toEqual([]);
  });

  it("rejects a count that is not a whole number", () => {
    expect(() => keepLastTurns(-1)).toThrow(/integer from 0 and up/);
    expect(() => keepLastTurns(1.5)).toThrow(/integer from 0 and up/);
  });
});

describe("tokenBudget", () => {
  const each = () => 10;

  it("keeps the longest recent stretch that fits, cut only where no pair splits", () => {
    expect(applyHistoryPolicy(conversation, tokenBudget(90, each))).toEqual(conversation);
    expect(applyHistoryPolicy(conversation, tokenBudget(35, each))).toEqual(conversation.slice(6));
    // 7 items would fit (from index 2), but 2..5 is inside the c1/c2 spans and 1 is a reasoning
    // item whose call would be lost at 2: the first safe start within budget is 6.
    expect(applyHistoryPolicy(conversation, tokenBudget(70, each))).toEqual(conversation.slice(6));
    expect(applyHistoryPolicy(conversation, tokenBudget(80, each))).toEqual(conversation.slice(1));
    expect(applyHistoryPolicy(conversation, tokenBudget(5, each))).toEqual([]);
  });

  it("estimates a quarter of the JSON length by default", () => {
    const item = user("x".repeat(400));
    expect(estimateTokens(item)).toBe(Math.ceil(JSON.stringify(item).length / 4));
    expect(applyHistoryPolicy([item], tokenBudget(50))).toEqual([]);
    expect(applyHistoryPolicy([item], tokenBudget(200))).toEqual([item]);
  });
});

describe("custom policies", () => {
  it("are moved forward to a safe start, and must return an integer", () => {
    expect(applyHistoryPolicy(conversation, () => 3)).toEqual(conversation.slice(6));
    expect(applyHistoryPolicy(conversation, () => 2)).toEqual(conversation.slice(6));
    expect(applyHistoryPolicy(conversation, () => 1)).toEqual(conversation.slice(1));
    expect(applyHistoryPolicy(conversation, () => -4)).toEqual(conversation);
    expect(applyHistoryPolicy(conversation, () => 99)).toEqual([]);
    expect(() => applyHistoryPolicy(conversation, () => Number.NaN)).toThrow(/return an index/);
  });
});
