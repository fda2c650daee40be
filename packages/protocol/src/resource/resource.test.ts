import { validateAgainstSpec } from "@openloop/protocol/fixtures";
import { describe, expect, test } from "vitest";
import { RESPONSE_REQUIRED_KEYS, ResponseResource } from "../schemas/response.js";
import { createResponseResource } from "./create-response-resource.js";
import { outputText } from "./output-text.js";

describe("createResponseResource", () => {
  test("fills all 31 required fields; the result passes zod and the spec", () => {
    const response = createResponseResource();
    expect(Object.keys(response).sort()).toEqual([...RESPONSE_REQUIRED_KEYS].sort());
    expect(RESPONSE_REQUIRED_KEYS).toHaveLength(31);
    expect(ResponseResource.safeParse(response).error).toBeUndefined();
    expect(validateAgainstSpec("ResponseResource", response)).toEqual([]);
    expect(response.id).toMatch(/^resp_[0-9a-f]{32}$/);
  });

  test("keeps given fields and extra keys; a null where the spec forbids null takes the default", () => {
    const response = createResponseResource({
      model: "grok",
      temperature: null,
      top_p: 0.5,
      usage: null,
      user: "u",
    });
    expect(response).toMatchObject({ model: "grok", temperature: 1, top_p: 0.5, usage: null, user: "u" });
    expect(validateAgainstSpec("ResponseResource", response)).toEqual([]);
  });

  test("completes a real provider's partial response (xAI omits fields and sends nulls)", () => {
    const xai = {
      id: "x",
      object: "response",
      created_at: 1,
      model: "grok",
      output: [],
      status: "completed",
      temperature: null,
    };
    expect(ResponseResource.safeParse(xai).success).toBe(false);
    expect(ResponseResource.safeParse(createResponseResource(xai)).success).toBe(true);
  });
});

describe("outputText", () => {
  test("concatenates the output_text of message items, skipping refusals, reasoning and calls", () => {
    const output = [
      { type: "reasoning", id: "rs", summary: [{ type: "summary_text", text: "no" }] },
      {
        type: "message",
        id: "m1",
        status: "completed",
        role: "assistant",
        content: [
          { type: "output_text", text: "Hello, ", annotations: [] },
          { type: "refusal", refusal: "no" },
        ],
      },
      { type: "function_call", id: "f", call_id: "c", name: "n", arguments: "{}", status: "completed" },
      {
        type: "message",
        id: "m2",
        status: "completed",
        role: "assistant",
        content: [{ type: "output_text", text: "world", annotations: [] }],
      },
    ] as const;
    expect(outputText({ output: [...output] } as never)).toBe("Hello, world");
    expect(outputText([...output] as never)).toBe("Hello, world");
    expect(outputText([])).toBe("");
  });
});
