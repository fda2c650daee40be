import { OpenloopError } from "@openloop/protocol";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { z as z3 } from "zod/v3";
import type { JsonSchema } from "../types.js";
import { toJsonSchema } from "./convert.js";
import { toStrictJsonSchema } from "./strict.js";

const ajv = new Ajv2020({ strict: false });

function strictError(schema: JsonSchema, options?: { oneOfAsAnyOf?: boolean }): OpenloopError {
  try {
    toStrictJsonSchema(schema, options);
  } catch (error) {
    expect(error).toBeInstanceOf(OpenloopError);
    return error as OpenloopError;
  }
  throw new Error("expected toStrictJsonSchema to throw");
}

describe("toStrictJsonSchema", () => {
  it("requires every property, closes every object and makes optional ones nullable", () => {
    const strict = toStrictJsonSchema({
      type: "object",
      properties: {
        name: { type: "string" },
        nick: { type: "string", description: "optional" },
        size: { type: "string", enum: ["S", "M"] },
        kind: { const: "x" },
        home: { type: "object", properties: { city: { type: "string" } } },
      },
      required: ["name"],
    });
    expect(strict).toEqual({
      type: "object",
      properties: {
        name: { type: "string" },
        nick: { type: ["string", "null"], description: "optional" },
        size: { type: ["string", "null"], enum: ["S", "M", null] },
        kind: { enum: ["x", null] },
        home: {
          anyOf: [
            {
              type: "object",
              properties: { city: { type: ["string", "null"] } },
              required: ["city"],
              additionalProperties: false,
            },
            { type: "null" },
          ],
        },
      },
      required: ["name", "nick", "size", "kind", "home"],
      additionalProperties: false,
    });
  });

  it("leaves a property that already accepts null as it is", () => {
    const strict = toStrictJsonSchema({
      type: "object",
      properties: { a: { anyOf: [{ type: "string" }, { type: "null" }] }, b: { type: ["number", "null"] } },
    });
    expect(strict.properties).toEqual({
      a: { anyOf: [{ type: "string" }, { type: "null" }] },
      b: { type: ["number", "null"] },
    });
  });

  it("recurses into array items, anyOf branches and $defs", () => {
    const strict = toStrictJsonSchema({
      type: "object",
      properties: {
        list: { type: "array", items: { type: "object", properties: { x: { type: "number" } } } },
        either: { anyOf: [{ type: "object", properties: { y: { type: "string" } } }, { type: "string" }] },
        ref: { $ref: "#/$defs/point" },
      },
      required: ["list", "either", "ref"],
      $defs: { point: { type: "object", properties: { x: { type: "number" } }, required: ["x"] } },
    });
    const props = strict.properties as Record<string, JsonSchema>;
    expect(props.list?.items).toMatchObject({ additionalProperties: false, required: ["x"] });
    expect(props.either?.anyOf).toMatchObject([
      { required: ["y"], additionalProperties: false },
      { type: "string" },
    ]);
    expect((strict.$defs as Record<string, JsonSchema>).point?.additionalProperties).toBe(false);
  });

  it("rewrites a $ref whose target moved into an anyOf, so it still resolves", () => {
    // zod-to-json-schema points a reused zod 3 schema at its first use.
    const street = z3.object({ street: z3.string() });
    const converted = toJsonSchema(z3.object({ a: z3.object({ s: street }).optional(), b: street }));
    expect((converted.properties as Record<string, JsonSchema>).b).toEqual({
      $ref: "#/properties/a/properties/s",
    });
    const strict = toStrictJsonSchema(converted);
    expect((strict.properties as Record<string, JsonSchema>).b).toEqual({
      $ref: "#/properties/a/anyOf/0/properties/s",
    });
    const validate = ajv.compile(strict);
    expect(validate({ a: null, b: { street: "Main" } })).toBe(true);
    expect(validate({ a: null, b: { street: 1 } })).toBe(false);
  });

  it("drops $schema and annotation-only keywords strict mode rejects", () => {
    const strict = toStrictJsonSchema({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      properties: { blob: { type: "string", contentEncoding: "base64", contentMediaType: "image/png" } },
      required: ["blob"],
    });
    expect(strict).toEqual({
      type: "object",
      properties: { blob: { type: "string" } },
      required: ["blob"],
      additionalProperties: false,
    });
  });

  it("does not modify its input", () => {
    const input: JsonSchema = { type: "object", properties: { a: { type: "string" } } };
    const copy = structuredClone(input);
    toStrictJsonSchema(input);
    expect(input).toEqual(copy);
  });

  it("turns oneOf into anyOf only when told the schema came from zod", () => {
    const schema: JsonSchema = {
      type: "object",
      properties: { u: { oneOf: [{ type: "string" }, { type: "number" }] } },
      required: ["u"],
    };
    expect(
      (toStrictJsonSchema(schema, { oneOfAsAnyOf: true }).properties as Record<string, JsonSchema>).u,
    ).toEqual({
      anyOf: [{ type: "string" }, { type: "number" }],
    });
    const error = strictError(schema);
    expect(error.code).toBe("invalid_config");
    expect(error.details).toMatchObject({ pointer: "/properties/u" });
    expect(error.message).toMatch(/oneOf/);
  });

  it.each([
    [
      "a record",
      { r: { type: "object", additionalProperties: { type: "number" } } },
      "/properties/r",
      /record/,
    ],
    [
      "a loose object",
      { o: { type: "object", properties: {}, additionalProperties: {} } },
      "/properties/o",
      /record/,
    ],
    ["a value of any type", { v: {} }, "/properties/v", /any type/],
    ["a description-only value", { v: { description: "anything" } }, "/properties/v", /any type/],
    ["a tuple", { t: { type: "array", items: [{ type: "string" }] } }, "/properties/t", /tuple/],
    [
      "prefixItems",
      { t: { type: "array", prefixItems: [{ type: "string" }] } },
      "/properties/t",
      /prefixItems/,
    ],
    ["allOf", { a: { allOf: [{ type: "string" }] } }, "/properties/a", /allOf/],
    ["not", { n: { not: { type: "string" } } }, "/properties/n", /"not"/],
    [
      "patternProperties",
      { p: { type: "object", patternProperties: { x: {} } } },
      "/properties/p",
      /patternProperties/,
    ],
    [
      "a nested record",
      { deep: { type: "object", properties: { m: { type: "object", additionalProperties: true } } } },
      "/properties/deep/properties/m",
      /record/,
    ],
  ])("refuses %s with its JSON pointer", (_what, properties, pointer, reason) => {
    const error = strictError({ type: "object", properties, required: Object.keys(properties) });
    expect(error.code).toBe("invalid_config");
    expect(error.details).toMatchObject({ pointer });
    expect(error.message).toContain(`"${pointer}"`);
    expect(error.message).toMatch(reason);
  });

  it("refuses a root that is not an object schema", () => {
    const error = strictError({ anyOf: [{ type: "object", properties: {} }] });
    expect(error.details).toMatchObject({ pointer: "" });
    expect(error.message).toMatch(/root/);
  });
});
