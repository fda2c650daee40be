import { describe, expect, it } from "vitest";
import { toolUseStop } from "./tool-use-behavior.js";

const ran = [
  {
    name: "lookup",
    callId: "c1",
    output: { type: "function_call_output" as const, call_id: "c1", output: "found" },
  },
  {
    name: "render",
    callId: "c2",
    output: {
      type: "function_call_output" as const,
      call_id: "c2",
      output: [{ type: "input_text" as const, text: "chart" }],
    },
  },
];

describe("toolUseStop", () => {
  it("never stops for run_llm_again", () => {
    expect(toolUseStop("run_llm_again", ran)).toBeUndefined();
  });

  it("stop_on_first_tool takes the first call's output, in call order", () => {
    expect(toolUseStop("stop_on_first_tool", ran)).toEqual({
      finalOutput: "found",
      reason: {
        code: "stop_on_first_tool",
        message: 'toolUseBehavior "stop_on_first_tool": "lookup" ran (c1); its output is the final output.',
      },
    });
    expect(toolUseStop("stop_on_first_tool", [])).toBeUndefined();
  });

  it("stopAtTools stops only when a named tool ran, with that call's output", () => {
    expect(toolUseStop({ stopAtTools: ["nope"] }, ran)).toBeUndefined();
    const stop = toolUseStop({ stopAtTools: ["render"] }, ran);
    expect(stop?.reason.code).toBe("stop_at_tools");
    expect(stop?.finalOutput).toBe('[{"type":"input_text","text":"chart"}]');
  });
});
