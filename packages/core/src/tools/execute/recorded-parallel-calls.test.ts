/**
 * Real recorded traffic: gpt-4o answered with two parallel function calls, and the client sent the
 * outputs back in the next request (fixtures/responses/TestOpenAIResponsesCommon__openai-gpt-4o__multi_tool.yaml,
 * from charmbracelet/fantasy, see fixtures/SOURCE.md). Our executor, given the recorded calls and
 * tools with the recorded schemas, must produce exactly the `function_call_output` items that
 * went over the wire.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { tool } from "../tool.js";
import type { JsonSchema } from "../types.js";
import { executeToolCalls } from "./execute-tool-calls.js";
import type { FunctionCallLike } from "./types.js";

const cassette = parseYaml(
  readFileSync(
    new URL(
      "../../../../../fixtures/responses/TestOpenAIResponsesCommon__openai-gpt-4o__multi_tool.yaml",
      import.meta.url,
    ),
    "utf8",
  ),
) as { interactions: { request: { body: string }; response: { body: string } }[] };

const [turn1, turn2] = cassette.interactions;
const firstRequest = JSON.parse(turn1!.request.body) as { tools: { name: string; parameters: JsonSchema }[] };
const calls = (
  JSON.parse(turn1!.response.body) as { output: (FunctionCallLike & { type: string })[] }
).output.filter((item) => item.type === "function_call");
const sentBack = (JSON.parse(turn2!.request.body) as { input: { type?: string }[] }).input.filter(
  (item) => item.type === "function_call_output",
);

describe("recorded parallel function calls (gpt-4o, Responses API)", () => {
  it("are two calls the fixture really holds", () => {
    expect(calls.map((c) => c.name)).toEqual(["add", "multiply"]);
    expect(sentBack).toHaveLength(2);
  });

  it("produce the recorded outputs, in call order, with tools defined from the recorded JSON Schemas", async () => {
    const schemaOf = (name: string) => firstRequest.tools.find((t) => t.name === name)!.parameters;
    const add = tool<{ a: number; b: number }>({
      name: "add",
      description: "Add two numbers",
      parameters: schemaOf("add"),
      execute: ({ a, b }) => String(a + b),
    });
    const multiply = tool<{ a: number; b: number }>({
      name: "multiply",
      description: "Multiply two numbers",
      parameters: schemaOf("multiply"),
      execute: ({ a, b }) => String(a * b),
    });
    const { items } = await executeToolCalls(calls, { tools: [multiply, add] });
    expect(items).toEqual(sentBack);
  });

  it("produce the same outputs with zod tools returning numbers", async () => {
    const args = z.object({ a: z.int().describe("first number"), b: z.int().describe("second number") });
    const add = tool({
      name: "add",
      description: "Add two numbers",
      parameters: args,
      execute: ({ a, b }) => a + b,
    });
    const multiply = tool({
      name: "multiply",
      description: "Multiply",
      parameters: args,
      execute: ({ a, b }) => a * b,
    });
    const { items } = await executeToolCalls(calls, { tools: [add, multiply], concurrency: 1 });
    expect(items).toEqual(sentBack);
  });
});
