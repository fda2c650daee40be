import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { JsonSchema } from "../types.js";
import { compileSchema } from "./compile.js";
import { toJsonSchema } from "./convert.js";
import { applyNullPlan, buildNullPlan } from "./null-plan.js";

function strip(schema: JsonSchema, value: unknown): unknown {
  const plan = buildNullPlan(schema);
  return plan === undefined ? value : applyNullPlan(value, plan);
}

describe("strict-mode nulls turned back into absent", () => {
  it("keeps .optional() meaning absent, .nullable() meaning null, and applies .default()", () => {
    const compiled = compileSchema(
      z.object({
        a: z.string().optional(),
        b: z.string().nullable(),
        c: z.string().nullable().optional(),
        d: z.number().default(3),
      }),
    );
    const result = compiled.parse({ a: null, b: null, c: null, d: null });
    expect(result).toEqual({ success: true, data: { b: null, c: null, d: 3 } });
    expect(Object.hasOwn((result as { data: object }).data, "a")).toBe(false);
    // Without the walk zod would reject the strict-mode null of an optional string.
    expect(z.object({ a: z.string().optional() }).safeParse({ a: null }).success).toBe(false);
  });

  it("still passes real values through, and still reports a missing required key", () => {
    const compiled = compileSchema(z.object({ a: z.string().optional(), b: z.string() }));
    expect(compiled.parse({ a: "x", b: "y" })).toEqual({ success: true, data: { a: "x", b: "y" } });
    expect(compiled.parse({ a: null, b: null })).toMatchObject({ success: false });
  });

  it("walks nested objects, arrays, records and $ref'd recursive definitions", () => {
    const node = z.object({
      label: z.string().optional(),
      get kids(): z.ZodOptional<z.ZodArray<typeof node>> {
        return z.array(node).optional();
      },
    });
    const schema = toJsonSchema(
      z.object({
        tree: node,
        list: z.array(z.object({ note: z.string().optional() })),
        map: z.record(z.string(), z.object({ tag: z.string().optional() })),
      }),
    );
    const args = {
      tree: { label: null, kids: [{ label: "x", kids: null }] },
      list: [{ note: null }, { note: "n" }],
      map: { k: { tag: null } },
    };
    expect(strip(schema, args)).toEqual({
      tree: { kids: [{ label: "x" }] },
      list: [{}, { note: "n" }],
      map: { k: {} },
    });
  });

  it("picks the union member by its discriminator before removing nulls", () => {
    const schema: JsonSchema = {
      type: "object",
      properties: {
        shape: {
          anyOf: [
            // In "circle", `r` may be null for real; in "square", `side` is optional.
            {
              type: "object",
              properties: { kind: { const: "circle" }, r: { type: ["number", "null"] } },
              required: ["kind"],
            },
            {
              type: "object",
              properties: { kind: { const: "square" }, r: { type: "number" } },
              required: ["kind"],
            },
          ],
        },
      },
      required: ["shape"],
    };
    expect(strip(schema, { shape: { kind: "circle", r: null } })).toEqual({
      shape: { kind: "circle", r: null },
    });
    expect(strip(schema, { shape: { kind: "square", r: null } })).toEqual({ shape: { kind: "square" } });
  });

  it("copies only what it changes and never mutates the model's arguments", () => {
    const schema = toJsonSchema(
      z.object({ a: z.object({ x: z.string().optional() }), b: z.object({ y: z.string() }) }),
    );
    const args = { a: { x: null }, b: { y: "kept" } };
    const frozen = structuredClone(args);
    const out = strip(schema, args) as typeof args;
    expect(args).toEqual(frozen);
    expect(out.b).toBe(args.b);
    expect(out).toEqual({ a: {}, b: { y: "kept" } });
  });

  it("builds no plan when no property is optional (nothing to do per call)", () => {
    expect(buildNullPlan(toJsonSchema(z.object({ a: z.string(), b: z.array(z.number()) })))).toBeUndefined();
  });
});
