/**
 * zod 3 → JSON Schema through `zod-to-json-schema` (the library built for zod 3; it returns an
 * empty schema for zod 4 objects, which is why {@link schemaKind} routes by structure).
 * Types whose values JSON cannot carry are rejected with their pointer instead of being
 * converted to something the model can send but zod will never accept.
 */
import { createRequire } from "node:module";
import type { z as z3 } from "zod/v3";
import type * as Zod3ToJson from "zod-to-json-schema";
import type { JsonSchema } from "../types.js";
import { toPointer } from "./pointer.js";
import { schemaError } from "./schema-error.js";

/**
 * Loaded on the first zod 3 schema, not with `@openloop/core`: it brings zod 3 itself (about
 * 2 MB of RSS) that users of zod 4 or JSON Schema never need. Synchronous (`tool()` is), hence
 * `require` of its CommonJS build; it reads schemas structurally (`_def.typeName`), so a zod 3
 * schema made through zod's ES module converts the same.
 */
let library: typeof Zod3ToJson | undefined;
const load = (): typeof Zod3ToJson => {
  library ??= createRequire(import.meta.url)("zod-to-json-schema") as typeof Zod3ToJson;
  return library;
};

export function zod3ToJsonSchema(schema: z3.ZodTypeAny): JsonSchema {
  const { ignoreOverride, zodToJsonSchema } = load();
  let problem: { pointer: string; reason: string } | undefined;
  const json = zodToJsonSchema(schema, {
    // "root" keeps recursive and reused schemas as `$ref`s instead of an `{}` ("none"/"seen").
    $refStrategy: "root",
    effectStrategy: "input",
    pipeStrategy: "input",
    target: "jsonSchema7",
    override: (def, refs) => {
      if (problem === undefined) {
        const reason = unrepresentable(def as unknown as { typeName?: string; coerce?: boolean });
        // currentPath starts with the base path "#".
        if (reason !== undefined) problem = { pointer: toPointer(refs.currentPath.slice(1)), reason };
      }
      return ignoreOverride;
    },
  });
  if (problem !== undefined) throw schemaError(problem.pointer, problem.reason);
  return json as JsonSchema;
}

function unrepresentable(def: { typeName?: string; coerce?: boolean }): string | undefined {
  switch (def.typeName) {
    case "ZodDate":
      // zod 3's coerce.date() does accept the ISO string the JSON Schema asks for.
      return def.coerce
        ? undefined
        : "Date cannot be represented in JSON Schema: the model sends a string and z.date() accepts only" +
            " Date objects. Use z.coerce.date() (parses the ISO 8601 string) or z.string().datetime().";
    case "ZodBigInt":
      return def.coerce
        ? undefined
        : "BigInt cannot be represented in JSON Schema: the model sends a number and z.bigint() accepts" +
            " only bigints. Use z.coerce.bigint() or z.number().int().";
    case "ZodMap":
      return "Map cannot be represented in JSON Schema. Use z.record() or an array of entries.";
    case "ZodSet":
      return "Set cannot be represented in JSON Schema. Use z.array().";
    case "ZodSymbol":
    case "ZodFunction":
    case "ZodPromise":
    case "ZodUndefined":
    case "ZodVoid":
    case "ZodNaN":
      return (
        `${def.typeName.slice(3)} cannot be represented in JSON Schema.` +
        " Give this field a JSON type (string, number, boolean, null, object or array)."
      );
    default:
      return undefined;
  }
}
