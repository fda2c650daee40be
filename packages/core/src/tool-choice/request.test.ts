import type { ToolParam } from "@openloop/protocol";
import { describe, expect, it } from "vitest";
import { toolChoiceRequest } from "./request.js";

const fn = (name: string): ToolParam => ({
  type: "function",
  name,
  parameters: { type: "object", properties: {} },
});
const tools = [fn("add"), fn("search"), { type: "web_search" } as never];

describe("toolChoiceRequest", () => {
  it("sends nothing about tools when there are none", () => {
    expect(toolChoiceRequest("required", [], undefined)).toEqual({
      tools: undefined,
      tool_choice: undefined,
    });
  });

  it("sends the choice as given to a server that takes it, with the same tools array", () => {
    const choice = { type: "allowed_tools" as const, tools: [{ type: "function" as const, name: "add" }] };
    const sent = toolChoiceRequest(choice, tools, {});
    expect(sent.tools).toBe(tools);
    expect(sent.tool_choice).toBe(choice);
  });

  it("falls back to sending only the allowed tools where allowed_tools is not supported", () => {
    const sent = toolChoiceRequest(
      { type: "allowed_tools", tools: [{ type: "function", name: "search" }], mode: "required" },
      tools,
      { allowedTools: false },
    );
    expect(sent).toEqual({ tools: [fn("search")], tool_choice: "required" });
    const modeless = toolChoiceRequest(
      { type: "allowed_tools", tools: [{ type: "function", name: "add" }] },
      tools,
      {
        allowedTools: false,
        toolChoiceRequired: false,
      },
    );
    expect(modeless).toEqual({ tools: [fn("add")], tool_choice: "auto" });
  });

  it("sends auto (and only the forced tool) where forced choices are not supported", () => {
    expect(toolChoiceRequest("required", tools, { toolChoiceRequired: false }).tool_choice).toBe("auto");
    expect(
      toolChoiceRequest({ type: "function", name: "add" }, tools, { toolChoiceRequired: false }),
    ).toEqual({
      tools: [fn("add")],
      tool_choice: "auto",
    });
    expect(toolChoiceRequest("none", tools, { toolChoiceRequired: false }).tool_choice).toBe("none");
  });
});
