/**
 * Regression: `zod-to-json-schema` (built for zod 3) silently returns an EMPTY schema for a zod 4
 * object, so a tool would tell the model it takes no arguments (or anything) and every call would
 * then fail validation. We route by structure (`_zod` marks zod 4) to zod's own converter, and an
 * empty conversion is a definition-time error, never a schema sent to a model.
 */
import { OpenloopError } from "@openloop/protocol";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { zodToJsonSchema } from "zod-to-json-schema";
import { tool } from "../tool.js";

const params = z.object({ city: z.string(), days: z.number().int().optional() });

describe("zod v4 schema given to zod-to-json-schema silently becomes empty", () => {
  it("is a real hazard: the zod 3 converter drops every property of a zod 4 object", () => {
    const wrong = zodToJsonSchema(params as never) as Record<string, unknown>;
    expect(wrong.properties).toBeUndefined();
    expect(Object.keys(wrong).filter((key) => key !== "$schema")).toEqual([]);
  });

  it("does not happen to tool(): a zod 4 schema keeps its properties", () => {
    const t = tool({
      name: "forecast",
      description: "Weather forecast",
      parameters: params,
      execute: () => "",
    });
    expect(Object.keys(t.parameters.properties as object)).toEqual(["city", "days"]);
    expect(t.parameters.required).toEqual(["city", "days"]);
  });

  it("an empty schema (what that converter produces) is rejected at definition time", () => {
    const empty = zodToJsonSchema(params as never) as Record<string, unknown>;
    let error: unknown;
    try {
      tool({ name: "forecast", description: "Weather forecast", parameters: empty, execute: () => "" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OpenloopError);
    expect((error as OpenloopError).code).toBe("invalid_tool_definition");
    expect((error as OpenloopError).message).toMatch(
      /^Invalid tool "forecast": parameters at JSON pointer "" \(the root\)/,
    );
  });
});
