import type { ToolChoice } from "@openloop/protocol";
import { describe, expect, it } from "vitest";
import { correctionText } from "./messages.js";
import { decideToolCalls, nextToolChoice } from "./policy.js";

const known = new Set(["add", "multiply", "search"]);
const calls = (...names: string[]) => names.map((name) => ({ name }));
const runs = (choice: ToolChoice | undefined, ...names: string[]) =>
  decideToolCalls(choice, calls(...names), known).verdicts.map((v) => v.allowed);

describe("decideToolCalls: which calls run", () => {
  it.each<[string, ToolChoice | undefined, string[], boolean[]]>([
    ["auto runs every call", "auto", ["add", "multiply"], [true, true]],
    ["unset means auto", undefined, ["add", "nope"], [true, true]],
    ["none refuses every call", "none", ["add", "multiply"], [false, false]],
    ["required runs every call", "required", ["add", "search"], [true, true]],
    [
      "function runs only that function",
      { type: "function", name: "add" },
      ["multiply", "add"],
      [false, true],
    ],
    [
      "allowed_tools runs only the set",
      { type: "allowed_tools", tools: [{ type: "function", name: "search" }], mode: "auto" },
      ["add", "search"],
      [false, true],
    ],
    [
      "allowed_tools mode none refuses even the set",
      { type: "allowed_tools", tools: [{ type: "function", name: "search" }], mode: "none" },
      ["search"],
      [false],
    ],
    [
      "a hosted tool choice is not enforced on function calls",
      { type: "web_search" } as never,
      ["add"],
      [true],
    ],
  ])("%s", (_name, choice, names, expected) => {
    expect(runs(choice, ...names)).toEqual(expected);
  });
});

describe("decideToolCalls: violations", () => {
  it.each<[string, ToolChoice, string[], "missing_call" | "forbidden_call" | undefined]>([
    ["required with no call", "required", [], "missing_call"],
    ["function with no call", { type: "function", name: "add" }, [], "missing_call"],
    ["function with only other calls", { type: "function", name: "add" }, ["multiply"], "forbidden_call"],
    [
      "function with the right call among others",
      { type: "function", name: "add" },
      ["multiply", "add"],
      undefined,
    ],
    ["none with a call", "none", ["add"], "forbidden_call"],
    ["none with no call", "none", [], undefined],
    ["auto with no call", "auto", [], undefined],
    [
      "allowed_tools required with no call",
      { type: "allowed_tools", tools: [{ type: "function", name: "add" }], mode: "required" },
      [],
      "missing_call",
    ],
    [
      "allowed_tools auto with only outside calls",
      { type: "allowed_tools", tools: [{ type: "function", name: "add" }] },
      ["search"],
      "forbidden_call",
    ],
  ])("%s", (_name, choice, names, kind) => {
    expect(decideToolCalls(choice, calls(...names), known).violation?.kind).toBe(kind);
  });

  it("a call the server ran itself (a hosted tool) meets required, not a named function", () => {
    expect(decideToolCalls("required", [], known, { hostedCall: true })).toMatchObject({
      violation: undefined,
      satisfied: true,
    });
    expect(
      decideToolCalls({ type: "function", name: "add" }, [], known, { hostedCall: true }).violation?.kind,
    ).toBe("missing_call");
  });

  it("a missing call comes with a developer correction message naming what to call", () => {
    const decision = decideToolCalls({ type: "function", name: "add" }, [], known);
    expect(decision.correction).toEqual({
      type: "message",
      role: "developer",
      content:
        'You must call the function "add" now (tool_choice requires "add"). Reply with a call to "add", not a message.',
    });
    expect(correctionText(constraintFor("required"))).toBe(
      'You must call a tool now (tool_choice is "required"). Reply with a function call, not a message.',
    );
  });

  it("refused calls are answered with an output that says why and what to do", () => {
    const [verdict] = decideToolCalls({ type: "function", name: "add" }, calls("multiply"), known).verdicts;
    expect(verdict).toEqual({
      allowed: false,
      message:
        'Error: Tool "multiply" was not run: this turn requires a call to "add" (tool_choice requires "add"). Call "add" instead.',
    });
    const none = decideToolCalls("none", calls("add"), known).verdicts[0];
    expect(none).toMatchObject({ message: expect.stringContaining("Answer without calling tools") });
    const allowed = decideToolCalls(
      {
        type: "allowed_tools",
        tools: [
          { type: "function", name: "add" },
          { type: "function", name: "search" },
        ],
      },
      calls("multiply"),
      known,
    ).verdicts[0];
    expect(allowed).toMatchObject({ message: expect.stringContaining("Allowed tools: add, search.") });
  });
});

describe("nextToolChoice: a forced choice resets once met, so the loop cannot spin", () => {
  it.each<[string, ToolChoice, string[], ToolChoice]>([
    ["required met → auto", "required", ["add"], "auto"],
    ["function met → auto", { type: "function", name: "add" }, ["add"], "auto"],
    [
      "allowed_tools required met → same set, mode auto",
      { type: "allowed_tools", tools: [{ type: "function", name: "add" }], mode: "required" },
      ["add"],
      { type: "allowed_tools", tools: [{ type: "function", name: "add" }], mode: "auto" },
    ],
    ["required not met (unknown tool only) stays", "required", ["hallucinated"], "required"],
    [
      "function not met stays",
      { type: "function", name: "add" },
      ["multiply"],
      { type: "function", name: "add" },
    ],
    ["none never changes", "none", ["add"], "none"],
    ["auto never changes", "auto", ["add"], "auto"],
    ["a hosted choice resets after one turn", { type: "web_search" } as never, [], "auto"],
  ])("%s", (_name, choice, names, expected) => {
    const decision = decideToolCalls(choice, calls(...names), known);
    expect(nextToolChoice(choice, decision, true)).toEqual(expected);
  });

  it("keeps the choice when reset is off", () => {
    const decision = decideToolCalls("required", calls("add"), known);
    expect(nextToolChoice("required", decision, false)).toBe("required");
  });
});

function constraintFor(choice: ToolChoice) {
  return {
    allowed: "all",
    required: true,
    label: `tool_choice is ${JSON.stringify(choice)}`,
    hosted: false,
  } as const;
}
