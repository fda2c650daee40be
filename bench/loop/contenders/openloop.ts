/**
 * @module bench/loop/contenders/openloop — openloop's `run` (and `runStream`, every event
 * consumed, for the fairest comparison with the peers' streaming APIs) over `openResponses`.
 */
import { Agent, openResponses, type RunResult, run, runStream, tool } from "@openloop/core";
import { z } from "zod";
import { FINAL_A, FINAL_B, lookup, MODEL_A, MODEL_B, TOOL, TOOL_TURNS } from "../workloads.js";
import { type Contender, expectRun } from "./contender.js";

/**
 * @param consumeEvents Run through `runStream` and iterate every event (as a UI would) instead of
 *   `run`.
 */
export async function create(baseURL: string, consumeEvents = false): Promise<Contender> {
  const lookupTool = tool({
    name: TOOL.name,
    description: TOOL.description,
    parameters: z.object({ city: z.string(), turn: z.number() }),
    execute: async (args) => lookup(args),
  });
  const agent = (model: string, stream: boolean, tools: boolean) =>
    new Agent({
      name: "bench",
      instructions: "You are a benchmark.",
      model: openResponses({ baseURL, model, stream, apiKey: "bench" }),
      tools: tools ? [lookupTool] : [],
      maxTurns: 20,
    });
  const a = agent(MODEL_A, true, true);
  const aj = agent(MODEL_A, false, true);
  const b = agent(MODEL_B, true, false);

  /** One run; the tool calls it answered are counted from its own result. */
  async function once(which: Agent, input: string): Promise<{ text: unknown; calls: number }> {
    let result: RunResult;
    if (consumeEvents) {
      const streamed = runStream(which, input);
      for await (const _event of streamed) {
        // A consumer that looks at every event and does nothing with it.
      }
      result = await streamed.result;
    } else {
      result = await run(which, input);
    }
    const calls = result.items.filter((item) => item.type === "function_call_output").length;
    return { text: result.finalOutput, calls };
  }
  const loop = (which: Agent) => once(which, "Look up Paris ten times.");
  const name = consumeEvents ? "openloop-stream" : "openloop";
  const want = { text: FINAL_A, calls: TOOL_TURNS };
  return {
    async a() {
      expectRun(name, "A", await loop(a), want);
    },
    async aj() {
      expectRun(name, "Aj", await loop(aj), want);
    },
    async b() {
      expectRun(name, "B", await once(b, "Talk."), { text: FINAL_B, calls: 0 });
    },
  };
}
