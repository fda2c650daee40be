import { OpenloopError } from "@openloop/protocol";
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { z as z3 } from "zod/v3";
import { tool } from "./tool.js";
import type { FunctionTool, ToolContext } from "./types.js";

function definitionError(define: () => unknown): OpenloopError {
  try {
    define();
  } catch (error) {
    expect(error).toBeInstanceOf(OpenloopError);
    expect((error as OpenloopError).code).toBe("invalid_tool_definition");
    return error as OpenloopError;
  }
  throw new Error("expected a definition-time error");
}

const base = { description: "Does a thing", execute: () => "ok" };

describe("tool()", () => {
  it("builds a spec function tool, strict by default, from a zod 4 schema", () => {
    const t = tool({
      name: "get_weather",
      description: "Current weather for a city",
      parameters: z.object({ city: z.string(), unit: z.enum(["C", "F"]).optional() }),
      execute: ({ city, unit = "C" }) => `21°${unit} in ${city}`,
    });
    expect(t).toMatchObject({ type: "function", name: "get_weather", strict: true, needsApproval: false });
    expect(t.strictFallback).toBeUndefined();
    expect(t.timeoutMs).toBeUndefined();
    expect(t.parameters).toEqual({
      type: "object",
      properties: { city: { type: "string" }, unit: { type: ["string", "null"], enum: ["C", "F", null] } },
      required: ["city", "unit"],
      additionalProperties: false,
    });
  });

  it("parses the model's strict-mode arguments into what execute expects", async () => {
    const t = tool({
      name: "w",
      ...base,
      parameters: z.object({ city: z.string(), unit: z.enum(["C", "F"]).default("C") }),
    });
    expect(await t.parseArguments({ city: "Oslo", unit: null })).toEqual({
      success: true,
      data: { city: "Oslo", unit: "C" },
    });
    const bad = await t.parseArguments({ city: 7, unit: "K" });
    expect(bad.success).toBe(false);
    expect(bad.success === false && bad.error).toMatch(/- at city: .*expected string/);
  });

  it("passes callId, signal and runContext to execute", async () => {
    const t = tool({
      name: "ctx",
      description: "Echoes its context",
      parameters: z.object({}),
      execute: (_args, ctx: ToolContext<{ user: string }>) =>
        `${ctx.callId}:${ctx.runContext.user}:${ctx.signal.aborted}`,
    });
    const signal = new AbortController().signal;
    expect(await t.execute({}, { callId: "call_1", signal, runContext: { user: "ada" } })).toBe(
      "call_1:ada:false",
    );
  });

  it("falls back to non-strict for a schema strict mode cannot express, and says why", () => {
    const t = tool({
      name: "scores",
      ...base,
      parameters: z.object({ byName: z.record(z.string(), z.number()) }),
    });
    expect(t.strict).toBe(false);
    expect(t.strictFallback).toEqual({
      pointer: "/properties/byName",
      reason: expect.stringMatching(/record/),
    });
    expect(t.parameters).toEqual({
      type: "object",
      properties: {
        byName: {
          type: "object",
          propertyNames: { type: "string" },
          additionalProperties: { type: "number" },
        },
      },
      required: ["byName"],
    });
  });

  it("makes strict: true with an inexpressible schema an error naming the tool and pointer", () => {
    const error = definitionError(() =>
      tool({
        name: "scores",
        ...base,
        strict: true,
        parameters: z.object({ byName: z.record(z.string(), z.number()) }),
      }),
    );
    expect(error.message).toMatch(
      /^Invalid tool "scores": strict mode was requested but the parameters at JSON pointer "\/properties\/byName": .*record.*Pass strict: false/,
    );
    expect(error.details).toMatchObject({ tool: "scores", pointer: "/properties/byName" });
  });

  it("sends the schema as converted with strict: false", () => {
    const t = tool({
      name: "loose",
      ...base,
      strict: false,
      parameters: z.object({ a: z.string().optional() }),
    });
    expect(t.strict).toBe(false);
    expect(t.strictFallback).toBeUndefined();
    expect(t.parameters).toEqual({ type: "object", properties: { a: { type: "string" } } });
  });

  it("accepts zod 3 and plain JSON Schema parameters", async () => {
    const v3 = tool({
      name: "v3",
      ...base,
      parameters: z3.object({ q: z3.string(), limit: z3.number().default(5) }),
    });
    expect(v3.strict).toBe(true);
    expect(await v3.parseArguments({ q: "x", limit: null })).toEqual({
      success: true,
      data: { q: "x", limit: 5 },
    });
    const json = tool<{ q: string }>({
      name: "json",
      ...base,
      parameters: { type: "object", properties: { q: { type: "string" } }, required: ["q"] },
    });
    expect(json.parameters.additionalProperties).toBe(false);
    expect(await json.parseArguments({ q: "x" })).toEqual({ success: true, data: { q: "x" } });
    expect(await json.parseArguments(["x"])).toMatchObject({ success: false });
  });

  it("validates arguments against a plain JSON Schema too (types, bounds, enums, formats, required)", async () => {
    const book = tool<{ seats: number; when: string; area?: string }>({
      name: "book",
      ...base,
      parameters: {
        type: "object",
        properties: {
          seats: { type: "integer", minimum: 1 },
          when: { type: "string", format: "date-time" },
          area: { type: "string", enum: ["inside", "terrace"] },
        },
        required: ["seats", "when"],
      },
    });
    // Strict-mode nulls of optional properties are removed first, as for zod.
    expect(await book.parseArguments({ seats: 2, when: "2026-04-24T19:30:00Z", area: null })).toEqual({
      success: true,
      data: { seats: 2, when: "2026-04-24T19:30:00Z" },
    });
    expect(await book.parseArguments({ seats: 0.5, when: "tonight", area: "roof" })).toEqual({
      success: false,
      error: [
        "- at seats: must be integer",
        "- at seats: must be >= 1",
        '- at when: must match format "date-time"',
        '- at area: must be one of "inside", "terrace"',
      ].join("\n"),
    });
    expect(await book.parseArguments({ seats: 2 })).toEqual({
      success: false,
      error: "- at when: required property is missing",
    });
  });

  it("parses asynchronously when the schema has async refinements", async () => {
    const t = tool({
      name: "async_check",
      ...base,
      parameters: z.object({ id: z.string().refine(async (id) => id.startsWith("u_"), "unknown id") }),
    });
    const result = t.parseArguments({ id: "nope" });
    expect(result).toBeInstanceOf(Promise);
    expect(await result).toEqual({ success: false, error: "- at id: unknown id" });
    expect(await t.parseArguments({ id: "u_1" })).toEqual({ success: true, data: { id: "u_1" } });
  });

  it("is immutable, and never shares or changes the user's JSON Schema", () => {
    const schema = { type: "object", properties: { q: { type: "string" } } };
    const t = tool({ name: "frozen", ...base, parameters: schema });
    expect(Object.isFrozen(t)).toBe(true);
    expect(Object.isFrozen(t.parameters.properties)).toBe(true);
    expect(schema).toEqual({ type: "object", properties: { q: { type: "string" } } });
    expect(Object.isFrozen(schema.properties)).toBe(false);
  });

  describe("definition-time errors name the tool and the offending part", () => {
    it.each([
      ["get weather", /name must match \^\[a-zA-Z0-9_-\]\{1,64\}\$/],
      ["", /name must match/],
      ["x".repeat(65), /name must match/],
    ])("rejects the name %j", (name, message) => {
      expect(definitionError(() => tool({ name, ...base, parameters: z.object({}) })).message).toMatch(
        message,
      );
    });

    it("requires a description", () => {
      const error = definitionError(() =>
        tool({ name: "t", description: " ", parameters: z.object({}), execute: () => "" }),
      );
      expect(error.message).toBe(
        'Invalid tool "t": description is required: the model decides when to call a tool from it',
      );
    });

    it.each([
      ["a timeoutMs of 0", { timeoutMs: 0 }, /timeoutMs must be a number above 0/],
      ["a non-boolean strict", { strict: "yes" }, /strict must be a boolean/],
      ["a non-function execute", { execute: "run" }, /execute must be a function/],
    ])("rejects %s", (_what, extra, message) => {
      const error = definitionError(() =>
        tool({ name: "t", ...base, parameters: z.object({}), ...(extra as object) }),
      );
      expect(error.message).toMatch(message);
    });

    it("rejects z.date() with the pointer and a fix that works", () => {
      const error = definitionError(() =>
        tool({ name: "schedule", ...base, parameters: z.object({ meeting: z.object({ at: z.date() }) }) }),
      );
      expect(error.message).toMatch(
        /^Invalid tool "schedule": parameters at JSON pointer "\/properties\/meeting\/properties\/at": Date cannot be represented/,
      );
      expect(error.details).toMatchObject({ tool: "schedule", pointer: "/properties/meeting/properties/at" });
      // The suggested fix is a schema tool() accepts and parses into a Date.
      const fixed = tool({
        name: "schedule",
        ...base,
        parameters: z.object({ meeting: z.object({ at: z.iso.datetime().transform((s) => new Date(s)) }) }),
      });
      expect(fixed.parseArguments({ meeting: { at: "2026-04-24T09:00:00Z" } })).toEqual({
        success: true,
        data: { meeting: { at: new Date("2026-04-24T09:00:00Z") } },
      });
    });

    it("rejects zod 3 z.date() with a zod 3 fix", () => {
      const error = definitionError(() =>
        tool({ name: "when", ...base, parameters: z3.object({ at: z3.date() }) }),
      );
      expect(error.message).toMatch(/"\/properties\/at": Date cannot be represented.*z\.coerce\.date\(\)/);
    });

    it("rejects an invalid plain JSON Schema with the pointer of the mistake", () => {
      const misspelt = definitionError(() =>
        tool({
          name: "lookup",
          ...base,
          parameters: { type: "object", properties: { id: { type: "strng" } }, required: ["id"] },
        }),
      );
      expect(misspelt.message).toMatch(
        /^Invalid tool "lookup": parameters at JSON pointer "\/properties\/id\/type": is not a valid JSON Schema: must be one of "array", "boolean"/,
      );
      expect(misspelt.details).toMatchObject({ tool: "lookup", pointer: "/properties/id/type" });
      const dangling = definitionError(() =>
        tool({
          name: "lookup",
          ...base,
          parameters: { type: "object", properties: { id: { $ref: "#/definitions/missing" } } },
        }),
      );
      expect(dangling.message).toMatch(/cannot be compiled: can't resolve reference #\/definitions\/missing/);
    });

    it.each([
      ["a non-object root", z.string(), /must be an object schema \(type: "object"\), got type "string"/],
      ["an object without properties", { type: "object" }, /without "properties"/],
      [
        "no schema",
        undefined,
        /expected a zod 4 schema, a zod 3 schema or a JSON Schema object, got undefined/,
      ],
    ])("rejects %s at the root pointer", (_what, parameters, message) => {
      const error = definitionError(() => tool({ name: "t", ...base, parameters: parameters as never }));
      expect(error.message).toMatch(/^Invalid tool "t": parameters at JSON pointer "" \(the root\): /);
      expect(error.message).toMatch(message);
    });
  });

  it("infers execute's arguments from zod 4 and zod 3, and takes them as a generic for JSON Schema", () => {
    const v4 = tool({
      name: "a",
      ...base,
      parameters: z.object({ n: z.number().default(1), s: z.string().optional() }),
      execute: (args) => {
        expectTypeOf(args).toEqualTypeOf<{ n: number; s?: string | undefined }>();
        return "";
      },
    });
    expectTypeOf(v4).toEqualTypeOf<FunctionTool<{ n: number; s?: string | undefined }, unknown>>();
    const v3 = tool({
      name: "b",
      ...base,
      parameters: z3.object({ n: z3.number().default(1) }),
      execute: (args) => {
        expectTypeOf(args).toEqualTypeOf<{ n: number }>();
      },
    });
    expectTypeOf(v3.execute).parameter(0).toEqualTypeOf<{ n: number }>();
    const json = tool<{ q: string }>({ name: "c", ...base, parameters: { type: "object", properties: {} } });
    expectTypeOf(json.execute).parameter(0).toEqualTypeOf<{ q: string }>();
    const untyped = tool({ name: "d", ...base, parameters: { type: "object", properties: {} } });
    expectTypeOf(untyped.execute).parameter(0).toEqualTypeOf<unknown>();
  });
});
