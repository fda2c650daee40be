/**
 * @module commands/demo/tools — the recorded session's tools, really computing: `add` and
 * `multiply`, with the exact JSON Schemas the recorded client sent.
 */
import { tool } from "@openloop/core";

// The recorded request's parameters, verbatim: the replay checks that ours are the same.
const TWO_INTEGERS = {
  type: "object",
  properties: {
    a: { description: "first number", type: "integer" },
    b: { description: "second number", type: "integer" },
  },
  required: ["a", "b"],
} as const;

function integers(args: { a: unknown; b: unknown }): { a: number; b: number } {
  // A JSON Schema tool is not validated by the loop: check here, so a bad call gets a clear answer.
  if (!Number.isInteger(args.a) || !Number.isInteger(args.b))
    throw new Error(`Expected integers a and b, got ${JSON.stringify(args)}.`);
  return args as { a: number; b: number };
}

/** `add(a, b)`: a + b. */
export const add = tool<{ a: number; b: number }>({
  name: "add",
  description: "Add two numbers",
  parameters: TWO_INTEGERS,
  strict: false,
  execute: (args) => {
    const { a, b } = integers(args);
    return a + b;
  },
});

/** `multiply(a, b)`: a × b. */
export const multiply = tool<{ a: number; b: number }>({
  name: "multiply",
  description: "Multiply two numbers",
  parameters: TWO_INTEGERS,
  strict: false,
  execute: (args) => {
    const { a, b } = integers(args);
    return a * b;
  },
});
