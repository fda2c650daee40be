/**
 * @module bench/loop/contenders/ai — the `ai` SDK: `streamText` / `generateText` over
 * `@ai-sdk/openai`'s Responses provider pointed at the bench server, with a step limit.
 * Streaming runs iterate the full stream, as that API is meant to be used.
 */
import { createOpenAI } from "@ai-sdk/openai";
import { generateText, stepCountIs, streamText, tool } from "ai";
import { z } from "zod";
import { FINAL_A, FINAL_B, lookup, MODEL_A, MODEL_B, TOOL, TOOL_TURNS } from "../workloads.js";
import { type Contender, expectRun } from "./contender.js";

export async function create(baseURL: string): Promise<Contender> {
  const provider = createOpenAI({ baseURL, apiKey: "bench" });
  const modelA = provider.responses(MODEL_A);
  const modelB = provider.responses(MODEL_B);
  const tools = {
    [TOOL.name]: tool({
      description: TOOL.description,
      inputSchema: z.object({ city: z.string(), turn: z.number() }),
      execute: async (args) => lookup(args),
    }),
  };
  const common = {
    system: "You are a benchmark.",
    maxRetries: 0,
    stopWhen: stepCountIs(20),
    // Stateless, as the other contenders run: replay items instead of referencing stored ones.
    providerOptions: { openai: { store: false } },
  };
  const want = { text: FINAL_A, calls: TOOL_TURNS };
  /** The tool calls a run answered, counted from its own steps. */
  const answered = (steps: readonly { toolResults: readonly unknown[] }[]) =>
    steps.reduce((n, step) => n + step.toolResults.length, 0);
  return {
    async a() {
      const result = streamText({ ...common, model: modelA, tools, prompt: "Look up Paris ten times." });
      for await (const _part of result.fullStream) {
        // A consumer that looks at every part and does nothing with it.
      }
      expectRun("ai", "A", { text: await result.text, calls: answered(await result.steps) }, want);
    },
    async aj() {
      const result = await generateText({
        ...common,
        model: modelA,
        tools,
        prompt: "Look up Paris ten times.",
      });
      expectRun("ai", "Aj", { text: result.text, calls: answered(result.steps) }, want);
    },
    async b() {
      const result = streamText({ ...common, model: modelB, prompt: "Talk." });
      for await (const _part of result.fullStream) {
        // Every part, as above.
      }
      expectRun("ai", "B", { text: await result.text, calls: 0 }, { text: FINAL_B, calls: 0 });
    },
  };
}
