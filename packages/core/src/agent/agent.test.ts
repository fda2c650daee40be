import { OpenloopError, outputText, type ResponseResource } from "@openloop/protocol";
import { ScriptedModel, text } from "@openloop/testing";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { RunError } from "../errors/run-error.js";
import { run } from "../run/run.js";
import { tool } from "../tools/index.js";
import { Agent } from "./agent.js";
import type { AgentOptions } from "./options.js";

const model = new ScriptedModel([]);
const lookup = tool({
  name: "lookup",
  description: "Look up",
  parameters: z.object({ q: z.string() }),
  execute: ({ q }) => q,
});

function configError(options: Partial<AgentOptions>): string {
  try {
    new Agent({ name: "a", model, ...options } as AgentOptions);
  } catch (error) {
    expect(OpenloopError.is(error, "invalid_config")).toBe(true);
    return (error as Error).message;
  }
  throw new Error("expected invalid_config");
}

describe("new Agent: invalid options fail at once, naming the option", () => {
  it.each<[string, Partial<AgentOptions>, string]>([
    [
      "an empty name",
      { name: "" },
      'Invalid agent (unnamed): expected `name` to be a non-empty string, got `""` (string)',
    ],
    [
      "no model",
      { model: undefined as never },
      "expected `model` to be a Model (an object with a stream() method)",
    ],
    ["maxTurns 0", { maxTurns: 0 }, "expected `maxTurns` to be an integer from 1 and up, got `0` (number)"],
    [
      "a fractional maxToolCalls",
      { maxToolCalls: 1.5 },
      "expected `maxToolCalls` to be an integer from 1 and up",
    ],
    ["a negative timeoutMs", { timeoutMs: -1 }, "expected `timeoutMs` to be a number above 0"],
    [
      "maxConcurrentTools 0",
      { maxConcurrentTools: 0 },
      "expected `maxConcurrentTools` to be an integer from 1 and up",
    ],
    ["a loop threshold of 1", { loopDetection: { threshold: 1 } }, "expected `loopDetection` to be false or"],
    ["an unknown toolUseBehavior", { toolUseBehavior: "stop" as never }, "expected `toolUseBehavior` to be"],
    ["a non-boolean store", { store: "yes" as never }, "expected `store` to be a boolean"],
    ["a malformed toolChoice", { toolChoice: "always" as never }, "`toolChoice` must be"],
    [
      "a forced toolChoice without tools",
      { toolChoice: "required" },
      '`toolChoice` "required" needs at least one tool',
    ],
    [
      "a toolChoice naming a missing tool",
      { tools: [lookup], toolChoice: { type: "function", name: "search" } },
      'names the tool "search", which is not among the agent\'s function tools (lookup)',
    ],
    [
      "allowed_tools naming a missing tool",
      { tools: [lookup], toolChoice: { type: "allowed_tools", tools: [{ type: "function", name: "nope" }] } },
      'names the tool "nope"',
    ],
    [
      "stopAtTools naming a missing tool (it could never stop the run)",
      { tools: [lookup], toolUseBehavior: { stopAtTools: ["lookup", "finish"] } },
      '`toolUseBehavior.stopAtTools` names "finish", which is not among the agent\'s function tools (lookup)',
    ],
    ["two tools with one name", { tools: [lookup, lookup] }, 'two tools are named "lookup"'],
    [
      "a function tool without execute",
      { tools: [{ type: "function", name: "x", parameters: {} } as never] },
      'tools[0] ("x") is a function tool without execute; create it with tool()',
    ],
  ])("%s", (_name, options, message) => {
    expect(configError(options)).toContain(message);
  });
});

describe("Agent", () => {
  it("sends its settings: model settings, vendor fields, reasoning, include, non-strict tools where unsupported", async () => {
    const scripted = new ScriptedModel([[text("ok")]], { capabilities: { strictTools: false } });
    const agent = new Agent({
      name: "settings",
      model: scripted,
      tools: [lookup],
      toolChoice: "auto",
      reasoning: { effort: "low", summary: "auto" },
      parallelToolCalls: true,
      modelSettings: {
        temperature: 0.2,
        max_output_tokens: 500,
        include: ["message.output_text.logprobs"],
        extraBody: { top_k: 40 },
      },
    });
    await run(agent, "hi");
    expect(scripted.requests[0]).toMatchObject({
      temperature: 0.2,
      max_output_tokens: 500,
      top_k: 40,
      reasoning: { effort: "low", summary: "auto" },
      parallel_tool_calls: true,
      tool_choice: "auto",
      store: false,
      include: ["message.output_text.logprobs", "reasoning.encrypted_content"],
    });
    expect(scripted.requests[0]?.tools?.[0]).toMatchObject({ name: "lookup", strict: false });
  });

  it("clones with overrides, leaving the original as it was", () => {
    const agent = new Agent({ name: "a", model, maxTurns: 3 });
    const copy = agent.clone({ name: "b" });
    expect(copy.name).toBe("b");
    expect(copy.options.maxTurns).toBe(3);
    expect(agent.name).toBe("a");
  });

  it("lets a subclass shape the final output (the extension point for typed outputs)", async () => {
    class Shouting extends Agent<unknown, { text: string; loud: true }> {
      override resolveFinalOutput(response: ResponseResource) {
        const said = response.output.find((item) => item.type === "message");
        const part = said?.type === "message" ? said.content[0] : undefined;
        return { text: part?.type === "output_text" ? part.text.toUpperCase() : "", loud: true as const };
      }
    }
    const result = await run(new Shouting({ name: "s", model: new ScriptedModel([[text("hello")]]) }), "hi");
    expect(result.finalOutput).toEqual({ text: "HELLO", loud: true });
  });

  it("fails the run, keeping the code, when resolveFinalOutput throws", async () => {
    class Strict extends Agent<unknown, number> {
      override resolveFinalOutput(): number {
        throw new OpenloopError("output_validation_error", "Expected a number.");
      }
    }
    const error = (await run(
      new Strict({ name: "s", model: new ScriptedModel([[text("nope")]]), outputRetries: 0 }),
      "hi",
    ).catch((e: unknown) => e)) as RunError;
    expect(error).toBeInstanceOf(RunError);
    expect(error.code).toBe("output_validation_error");
    expect(error.result.items).toHaveLength(1);
  });

  it("asks the model again when a subclass's resolveFinalOutput throws output_validation_error", async () => {
    class Numeric extends Agent<unknown, number> {
      override resolveFinalOutput(response: ResponseResource): number {
        const value = Number(outputText(response));
        if (Number.isNaN(value)) throw new OpenloopError("output_validation_error", "Expected a number.");
        return value;
      }
    }
    const model = new ScriptedModel([[text("nope")], [text("42")]]);
    const result = await run(new Numeric({ name: "n", model }), "hi");
    expect(result.finalOutput).toBe(42);
    expect(model.requests[1]?.input?.at(-1)).toEqual({
      type: "message",
      role: "developer",
      content:
        "Your last reply is not a valid final answer: Expected a number.\nReply again in the required format.",
    });
  });
});
