/**
 * @module bench/loop/contenders/agents — `@openai/agents`: an `Agent` with its Responses model
 * (`OpenAIProvider` with `useResponses`, so `OpenAIResponsesModel` over the `openai` client it
 * bundles) pointed at the bench server, tracing disabled. Streaming runs iterate every event, as that API is meant to be used.
 */
import { Agent, OpenAIProvider, run, setTracingDisabled, tool } from "@openai/agents";
import { z } from "zod";
import { FINAL_A, FINAL_B, lookup, MODEL_A, MODEL_B, TOOL, TOOL_TURNS } from "../workloads.js";
import { type Contender, expectRun } from "./contender.js";

export async function create(baseURL: string): Promise<Contender> {
  setTracingDisabled(true);
  const provider = new OpenAIProvider({ baseURL, apiKey: "bench", useResponses: true });
  const lookupTool = tool({
    name: TOOL.name,
    description: TOOL.description,
    parameters: z.object({ city: z.string(), turn: z.number() }),
    execute: async (args) => lookup(args),
  });
  const agentA = new Agent({
    name: "bench",
    instructions: "You are a benchmark.",
    model: await provider.getModel(MODEL_A),
    tools: [lookupTool],
  });
  const agentB = new Agent({
    name: "bench",
    instructions: "You are a benchmark.",
    model: await provider.getModel(MODEL_B),
  });

  /** The tool calls a run answered, counted from its own result. */
  const answered = (items: readonly { type: string }[]) =>
    items.filter((item) => item.type === "tool_call_output_item").length;
  async function streamed(agent: Agent, input: string): Promise<{ text: unknown; calls: number }> {
    const result = await run(agent, input, { stream: true, maxTurns: 20 });
    for await (const _event of result) {
      // A consumer that looks at every event and does nothing with it.
    }
    await result.completed;
    return { text: result.finalOutput, calls: answered(result.newItems) };
  }
  const want = { text: FINAL_A, calls: TOOL_TURNS };
  return {
    async a() {
      expectRun("agents", "A", await streamed(agentA, "Look up Paris ten times."), want);
    },
    async aj() {
      const result = await run(agentA, "Look up Paris ten times.", { maxTurns: 20 });
      expectRun("agents", "Aj", { text: result.finalOutput, calls: answered(result.newItems) }, want);
    },
    async b() {
      expectRun("agents", "B", await streamed(agentB, "Talk."), { text: FINAL_B, calls: 0 });
    },
  };
}
