/**
 * The schemas people really write, in zod 4, zod 3 and plain JSON Schema: each converts to a JSON
 * Schema that ajv compiles, the arguments a model sends validate against what the model was sent,
 * and they parse back to what `execute` should get.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { z as z3 } from "zod/v3";
import type { JsonSchema } from "../types.js";
import { compileSchema } from "./compile.js";
import type { ToolParameters } from "./detect.js";

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));

interface Case {
  name: string;
  v4: ToolParameters;
  v3: ToolParameters;
  json: JsonSchema;
  /** What a model sends under the schema it is given (strict form: every key, `null` for "absent"). */
  modelArgs: string;
  /** What zod hands to `execute` (defaults applied, optional keys absent). */
  parsed: unknown;
  /** What a plain JSON Schema hands to `execute` (nulls of optional keys removed, nothing else). */
  parsedJson?: unknown;
  /** The schema cannot be strict: sent non-strict with this pointer in `strictFallback`. */
  fallbackPointer?: string;
}

const treeV4 = z.object({
  name: z.string(),
  get children(): z.ZodOptional<z.ZodArray<typeof treeV4>> {
    return z.array(treeV4).optional();
  },
});
type Tree3 = { name: string; children?: Tree3[] };
const treeV3: z3.ZodType<Tree3> = z3.object({
  name: z3.string(),
  children: z3.lazy(() => z3.array(treeV3)).optional(),
});

const cases: Case[] = [
  {
    name: "nested objects",
    v4: z.object({
      user: z.object({
        name: z.string(),
        address: z.object({ city: z.string(), zip: z.string().optional() }),
      }),
    }),
    v3: z3.object({
      user: z3.object({
        name: z3.string(),
        address: z3.object({ city: z3.string(), zip: z3.string().optional() }),
      }),
    }),
    json: {
      type: "object",
      properties: {
        user: {
          type: "object",
          properties: {
            name: { type: "string" },
            address: {
              type: "object",
              properties: { city: { type: "string" }, zip: { type: "string" } },
              required: ["city"],
            },
          },
          required: ["name", "address"],
        },
      },
      required: ["user"],
    },
    modelArgs: '{"user":{"name":"Ada","address":{"city":"London","zip":null}}}',
    parsed: { user: { name: "Ada", address: { city: "London" } } },
  },
  {
    name: "arrays of scalars and of objects",
    v4: z.object({
      tags: z.array(z.string()),
      items: z.array(z.object({ sku: z.string(), qty: z.int().min(1) })),
    }),
    v3: z3.object({
      tags: z3.array(z3.string()),
      items: z3.array(z3.object({ sku: z3.string(), qty: z3.number().int().min(1) })),
    }),
    json: {
      type: "object",
      properties: {
        tags: { type: "array", items: { type: "string" } },
        items: {
          type: "array",
          items: {
            type: "object",
            properties: { sku: { type: "string" }, qty: { type: "integer", minimum: 1 } },
            required: ["sku", "qty"],
          },
        },
      },
      required: ["tags", "items"],
    },
    modelArgs: '{"tags":["a","b"],"items":[{"sku":"X1","qty":2},{"sku":"Y2","qty":1}]}',
    parsed: {
      tags: ["a", "b"],
      items: [
        { sku: "X1", qty: 2 },
        { sku: "Y2", qty: 1 },
      ],
    },
  },
  {
    name: "enums, required and optional",
    v4: z.object({ unit: z.enum(["C", "F"]), detail: z.enum(["low", "high"]).optional() }),
    v3: z3.object({ unit: z3.enum(["C", "F"]), detail: z3.enum(["low", "high"]).optional() }),
    json: {
      type: "object",
      properties: {
        unit: { type: "string", enum: ["C", "F"] },
        detail: { type: "string", enum: ["low", "high"] },
      },
      required: ["unit"],
    },
    modelArgs: '{"unit":"F","detail":null}',
    parsed: { unit: "F" },
  },
  {
    name: "unions",
    v4: z.object({
      id: z.union([z.string(), z.number()]),
      extra: z.union([z.string(), z.boolean()]).optional(),
    }),
    v3: z3.object({
      id: z3.union([z3.string(), z3.number()]),
      extra: z3.union([z3.string(), z3.boolean()]).optional(),
    }),
    json: {
      type: "object",
      properties: {
        id: { anyOf: [{ type: "string" }, { type: "number" }] },
        extra: { anyOf: [{ type: "string" }, { type: "boolean" }] },
      },
      required: ["id"],
    },
    modelArgs: '{"id":42,"extra":null}',
    parsed: { id: 42 },
  },
  {
    name: "discriminated unions",
    v4: z.object({
      shape: z.discriminatedUnion("kind", [
        z.object({ kind: z.literal("circle"), r: z.number() }),
        z.object({ kind: z.literal("rect"), w: z.number(), h: z.number(), label: z.string().optional() }),
      ]),
    }),
    v3: z3.object({
      shape: z3.discriminatedUnion("kind", [
        z3.object({ kind: z3.literal("circle"), r: z3.number() }),
        z3.object({
          kind: z3.literal("rect"),
          w: z3.number(),
          h: z3.number(),
          label: z3.string().optional(),
        }),
      ]),
    }),
    json: {
      type: "object",
      properties: {
        shape: {
          anyOf: [
            {
              type: "object",
              properties: { kind: { const: "circle" }, r: { type: "number" } },
              required: ["kind", "r"],
            },
            {
              type: "object",
              properties: {
                kind: { const: "rect" },
                w: { type: "number" },
                h: { type: "number" },
                label: { type: "string" },
              },
              required: ["kind", "w", "h"],
            },
          ],
        },
      },
      required: ["shape"],
    },
    modelArgs: '{"shape":{"kind":"rect","w":2,"h":3,"label":null}}',
    parsed: { shape: { kind: "rect", w: 2, h: 3 } },
  },
  {
    name: "optional, nullable, nullable-optional and default",
    v4: z.object({
      a: z.string().optional(),
      b: z.string().nullable(),
      c: z.string().nullable().optional(),
      d: z.number().default(10),
    }),
    v3: z3.object({
      a: z3.string().optional(),
      b: z3.string().nullable(),
      c: z3.string().nullable().optional(),
      d: z3.number().default(10),
    }),
    json: {
      type: "object",
      properties: {
        a: { type: "string" },
        b: { type: ["string", "null"] },
        c: { type: ["string", "null"] },
        d: { type: "number", default: 10 },
      },
      required: ["b"],
    },
    modelArgs: '{"a":null,"b":null,"c":null,"d":null}',
    // `c` accepts null, so its null is a value; `a` and `d` were left out.
    parsed: { b: null, c: null, d: 10 },
    parsedJson: { b: null, c: null },
  },
  {
    name: "descriptions",
    v4: z.object({ city: z.string().describe("City name, e.g. Paris") }).describe("Where to look"),
    v3: z3.object({ city: z3.string().describe("City name, e.g. Paris") }).describe("Where to look"),
    json: {
      type: "object",
      description: "Where to look",
      properties: { city: { type: "string", description: "City name, e.g. Paris" } },
      required: ["city"],
    },
    modelArgs: '{"city":"Paris"}',
    parsed: { city: "Paris" },
  },
  {
    name: "records (strict mode cannot declare their keys)",
    v4: z.object({ scores: z.record(z.string(), z.number()) }),
    v3: z3.object({ scores: z3.record(z3.number()) }),
    json: {
      type: "object",
      properties: { scores: { type: "object", additionalProperties: { type: "number" } } },
      required: ["scores"],
    },
    modelArgs: '{"scores":{"ada":3,"bob":5}}',
    parsed: { scores: { ada: 3, bob: 5 } },
    fallbackPointer: "/properties/scores",
  },
  {
    name: "dates as ISO strings",
    v4: z.object({ when: z.iso.datetime().transform((s) => new Date(s)) }),
    v3: z3.object({ when: z3.coerce.date() }),
    json: {
      type: "object",
      properties: { when: { type: "string", format: "date-time" } },
      required: ["when"],
    },
    modelArgs: '{"when":"2026-04-24T10:30:00Z"}',
    parsed: { when: new Date("2026-04-24T10:30:00Z") },
    parsedJson: { when: "2026-04-24T10:30:00Z" },
  },
  {
    name: "recursive schemas",
    v4: z.object({ root: treeV4 }),
    v3: z3.object({ root: treeV3 }),
    json: {
      type: "object",
      properties: { root: { $ref: "#/$defs/tree" } },
      required: ["root"],
      $defs: {
        tree: {
          type: "object",
          properties: {
            name: { type: "string" },
            children: { type: "array", items: { $ref: "#/$defs/tree" } },
          },
          required: ["name"],
        },
      },
    },
    modelArgs: '{"root":{"name":"a","children":[{"name":"b","children":null},{"name":"c","children":[]}]}}',
    parsed: { root: { name: "a", children: [{ name: "b" }, { name: "c", children: [] }] } },
  },
];

describe.each(["v4", "v3", "json"] as const)("schema zoo, %s", (kind) => {
  it.each(cases)("$name: converts, validates the model's arguments and parses them back", (c) => {
    const compiled = compileSchema(c[kind]);
    const sent = compiled.jsonSchema;
    expect(sent.$schema).toBeUndefined();
    expect(sent.type).toBe("object");
    const validate = ajv.compile(sent);
    const args = JSON.parse(c.modelArgs) as unknown;
    expect(validate(args), JSON.stringify(validate.errors)).toBe(true);
    expect(compiled.parse(args)).toEqual({
      success: true,
      data: kind === "json" ? (c.parsedJson ?? c.parsed) : c.parsed,
    });

    if (c.fallbackPointer === undefined) {
      expect(compiled.strict).toBe(true);
      assertStrictShape(sent);
    } else {
      expect(compiled.strict).toBe(false);
      expect(compiled.strictFallback?.pointer).toBe(c.fallbackPointer);
    }
  });

  it("keeps descriptions for the model", () => {
    const sent = compileSchema(cases.find((c) => c.name === "descriptions")![kind]).jsonSchema;
    expect(sent.description).toBe("Where to look");
    expect((sent.properties as Record<string, JsonSchema>).city?.description).toBe("City name, e.g. Paris");
  });

  it("rejects arguments that break the schema with the path of each problem", () => {
    const compiled = compileSchema(cases[1]![kind]);
    const result = compiled.parse({ tags: "a", items: [{ sku: "X1", qty: 0 }] });
    expect(result).toMatchObject({ success: false });
    const error = (result as { error: string }).error;
    expect(error).toMatch(/- at tags: /);
    expect(error).toMatch(/- at items\[0\]\.qty: /);
  });
});

/** What strict mode requires of every object: all keys required, no others allowed. */
function assertStrictShape(node: unknown): void {
  if (Array.isArray(node)) {
    node.forEach(assertStrictShape);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const schema = node as JsonSchema;
  if (schema.properties !== undefined) {
    expect(schema.additionalProperties).toBe(false);
    expect([...(schema.required as string[])].sort()).toEqual(
      Object.keys(schema.properties as object).sort(),
    );
  }
  expect(schema.oneOf).toBeUndefined();
  for (const [key, value] of Object.entries(schema))
    if (key !== "enum" && key !== "const") assertStrictShape(value);
}
