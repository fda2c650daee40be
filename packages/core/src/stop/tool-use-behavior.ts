/**
 * @module stop/tool-use-behavior — whether a tool's result ends the run.
 */
import type { FunctionCallOutputItem } from "../tools/index.js";
import type { StopReason } from "./stop-reason.js";

/**
 * What happens after tools run:
 * - `"run_llm_again"`: the model reads the results and continues (the default);
 * - `"stop_on_first_tool"`: the first call's output (in call order) is the final output; the model
 *   is not called again;
 * - `{ stopAtTools: [...] }`: the same, when one of the named tools ran (the first such call's output).
 */
export type ToolUseBehavior = "run_llm_again" | "stop_on_first_tool" | { stopAtTools: readonly string[] };

/** A call that ran, with the output the model would read. */
export interface RanCall {
  name: string;
  callId: string;
  output: FunctionCallOutputItem;
}

/** The stop a behavior calls for after `ran` (calls in call order), if any. */
export function toolUseStop(
  behavior: ToolUseBehavior,
  ran: readonly RanCall[],
): { reason: StopReason; finalOutput: string } | undefined {
  if (behavior === "run_llm_again" || ran.length === 0) return undefined;
  if (behavior === "stop_on_first_tool") {
    const first = ran[0]!;
    return {
      finalOutput: outputText(first.output),
      reason: {
        code: "stop_on_first_tool",
        message: `toolUseBehavior "stop_on_first_tool": "${first.name}" ran (${first.callId}); its output is the final output.`,
      },
    };
  }
  const names = new Set(behavior.stopAtTools);
  const hit = ran.find((call) => names.has(call.name));
  if (hit === undefined) return undefined;
  return {
    finalOutput: outputText(hit.output),
    reason: {
      code: "stop_at_tools",
      message: `toolUseBehavior stopAtTools: "${hit.name}" ran (${hit.callId}); its output is the final output.`,
    },
  };
}

/** A `function_call_output`'s output as text: a string as is, content parts as their JSON. */
export function outputText(item: FunctionCallOutputItem): string {
  return typeof item.output === "string" ? item.output : JSON.stringify(item.output);
}
