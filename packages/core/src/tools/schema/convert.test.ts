import { OpenloopError } from "@openloop/protocol";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as zm from "zod/mini";
import { z as z3 } from "zod/v3";
import type { JsonSchema } from "../types.js";
import { compileSchema } from "./compile.js";
import { toJsonSchema } from "./convert.js";
import { schemaKind } from "./detect.js";

function conversionError(schema: unknown): OpenloopError {
  try {
    toJsonSchema(schema as JsonSchema);
  } catch (error) {
    expect(error).toBeInstanceOf(OpenloopError);
    return error as OpenloopError;
  }
  throw new Error("expected toJsonSchema to throw");
}

describe("schemaKind", () => {
  it("tells zod 4 (classic and mini), zod 3 and plain JSON Schema apart", () => {
    expect(schemaKind(z.object({ a: z.string() }))).toBe("zod4");
    expect(schemaKind(zm.object({ a: zm.string() }))).toBe("zod4");
    expect(schemaKind(z3.object({ a: z3.string() }))).toBe("zod3");
    expect(schemaKind({ type: "object", properties: {} })).toBe("json");
    expect(schemaKind(new Map())).toBeUndefined();
    expect(schemaKind([])).toBeUndefined();
  });
});

describe("toJsonSchema", () => {
  it("converts zod 4 on the input side: a default makes a field optional, a transform shows its input", () => {
    const json = toJsonSchema(
      z.object({ n: z.number().default(1), s: z.string().transform((v) => v.length) }),
    );
    expect(json).toEqual({
      type: "object",
      properties: { n: { type: "number", default: 1 }, s: { type: "string" } },
      required: ["s"],
    });
  });

  it("converts zod/mini schemas, and parses with them", () => {
    const schema = zm.object({ a: zm.optional(zm.string()) });
    expect(toJsonSchema(schema)).toEqual({ type: "object", properties: { a: { type: "string" } } });
    const compiled = compileSchema(schema);
    expect(compiled.parse({ a: null })).toEqual({ success: true, data: {} });
    expect(compiled.parse({ a: 1 })).toMatchObject({
      success: false,
      error: expect.stringMatching(/- at a: /),
    });
  });

  it("converts zod 3 through zod-to-json-schema, input side", () => {
    const json = toJsonSchema(
      z3.object({ n: z3.number().default(1), s: z3.string().transform((v) => v.length) }),
    );
    expect(json).toEqual({
      type: "object",
      properties: { n: { type: "number", default: 1 }, s: { type: "string" } },
      required: ["s"],
      additionalProperties: false,
    });
  });

  it("copies a plain JSON Schema (never shares the user's objects) and drops $schema", () => {
    const enumValues = ["a", "b"];
    const input = {
      $schema: "http://json-schema.org/draft-07/schema#",
      type: "object",
      properties: { e: { enum: enumValues } },
    };
    const json = toJsonSchema(input);
    expect(json).toEqual({ type: "object", properties: { e: { enum: ["a", "b"] } } });
    expect((json.properties as Record<string, JsonSchema>).e?.enum).not.toBe(enumValues);
    expect(input.$schema).toBeDefined();
  });

  it.each([
    ["zod 4 date", z.object({ when: z.date() }), "/properties/when", /z\.iso\.datetime\(\)/],
    [
      "zod 4 coerced date",
      z.object({ at: z.object({ when: z.coerce.date() }) }),
      "/properties/at/properties/when",
      /z\.iso\.datetime\(\)/,
    ],
    ["zod 4 bigint", z.object({ n: z.bigint() }), "/properties/n", /BigInt/],
    ["zod 4 map", z.object({ m: z.map(z.string(), z.number()) }), "/properties/m", /z\.record\(\)/],
    ["zod 4 in an array", z.object({ list: z.array(z.date()) }), "/properties/list/items", /Date/],
    ["zod 3 date", z3.object({ when: z3.date() }), "/properties/when", /z\.coerce\.date\(\)/],
    ["zod 3 bigint", z3.object({ n: z3.bigint() }), "/properties/n", /z\.coerce\.bigint\(\)/],
    ["zod 3 set", z3.object({ s: z3.set(z3.string()) }), "/properties/s", /z\.array\(\)/],
    ["zod 3 function", z3.object({ f: z3.function() }), "/properties/f", /Function cannot be represented/],
  ])("rejects a %s with its JSON pointer and a fix", (_what, schema, pointer, fix) => {
    const error = conversionError(schema);
    expect(error.code).toBe("invalid_config");
    expect(error.details).toMatchObject({ pointer });
    expect(error.message).toContain(`"${pointer}"`);
    expect(error.message).toMatch(fix);
  });

  it("accepts what zod 3 can parse from JSON: coerce.date() and coerce.bigint()", () => {
    expect(toJsonSchema(z3.object({ when: z3.coerce.date() })).properties).toEqual({
      when: { type: "string", format: "date-time" },
    });
  });

  it("rejects something that is no schema at all", () => {
    expect(conversionError(new Date()).message).toMatch(
      /expected a zod 4 schema, a zod 3 schema or a JSON Schema/,
    );
    expect(conversionError(undefined).message).toMatch(/got undefined/);
  });

  it("rejects a schema that converts to nothing (it would accept anything)", () => {
    const error = conversionError({
      $schema: "http://json-schema.org/draft-07/schema#",
      description: "args",
    });
    expect(error.details).toMatchObject({ pointer: "" });
    expect(error.message).toMatch(/empty JSON Schema/);
  });
});
