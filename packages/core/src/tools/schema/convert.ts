/**
 * @module tools/schema/convert — any accepted schema (zod 4, zod 3, plain JSON Schema) → the
 * JSON Schema a model is sent, with keys providers reject removed.
 */
import type { JsonSchema } from "../types.js";
import { zod3ToJsonSchema } from "./convert-zod3.js";
import { zod4ToJsonSchema } from "./convert-zod4.js";
import { isPlainObject, type SchemaKind, schemaKind, type ToolParameters } from "./detect.js";
import { schemaError } from "./schema-error.js";

/** Keywords that only describe a schema: a schema made of nothing else accepts anything. */
const ANNOTATIONS = new Set(["$schema", "$id", "$comment", "title", "description", "examples", "default"]);

/**
 * Converts `schema` to a JSON Schema object: zod 4 through `z.toJSONSchema(schema, { io: "input" })`,
 * zod 3 through `zod-to-json-schema`, a plain JSON Schema deep-copied as given. `$schema` keys are
 * dropped (some providers reject them).
 *
 * @throws {OpenloopError} code `invalid_config`, `details: { pointer, reason }`, when a part cannot
 * be represented (a date, a bigint, a map…) or the result accepts anything (the tell-tale of a
 * zod 4 schema run through a zod 3 converter).
 * @example
 * ```ts
 * toJsonSchema(z.object({ city: z.string() }));
 * // { type: "object", properties: { city: { type: "string" } }, required: ["city"] }
 * ```
 */
export function toJsonSchema(schema: ToolParameters): JsonSchema {
  return convertSchema(schema).json;
}

/** {@link toJsonSchema}, also saying which kind of schema it was. */
export function convertSchema(schema: ToolParameters): { kind: SchemaKind; json: JsonSchema } {
  const kind = schemaKind(schema);
  let json: JsonSchema;
  switch (kind) {
    case "zod4":
      json = zod4ToJsonSchema(schema as Parameters<typeof zod4ToJsonSchema>[0]);
      break;
    case "zod3":
      json = zod3ToJsonSchema(schema as Parameters<typeof zod3ToJsonSchema>[0]);
      break;
    case "json":
      json = cloneJson(schema, "");
      break;
    default:
      throw schemaError(
        "",
        `expected a zod 4 schema, a zod 3 schema or a JSON Schema object, got ${describe(schema)}`,
      );
  }
  dropSchemaKeys(json);
  if (Object.keys(json).every((key) => ANNOTATIONS.has(key))) {
    throw schemaError(
      "",
      "the schema converted to an empty JSON Schema, which accepts anything." +
        (kind === "json" ? "" : " Is it from a zod version this converter does not know?"),
    );
  }
  return { kind, json };
}

/** Removes `$schema` everywhere: providers reject it (and it is meaningless below the root). */
function dropSchemaKeys(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) dropSchemaKeys(item);
  } else if (typeof node === "object" && node !== null) {
    const record = node as Record<string, unknown>;
    delete record.$schema;
    for (const key in record) {
      // enum / const / default / examples hold data, not schemas.
      if (key !== "enum" && key !== "const" && key !== "default" && key !== "examples")
        dropSchemaKeys(record[key]);
    }
  }
}

/** Deep copy of a JSON value, so freezing or rewriting the result never touches the user's object. */
function cloneJson(value: unknown, pointer: string): JsonSchema {
  try {
    return JSON.parse(JSON.stringify(value)) as JsonSchema;
  } catch (error) {
    throw schemaError(
      pointer,
      `the JSON Schema is not JSON-serializable (${(error as Error).message})`,
      error,
    );
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") {
    const name = (value as object).constructor?.name;
    return isPlainObject(value) ? "an object" : `an instance of ${name ?? "an unknown class"}`;
  }
  return `${typeof value} ${String(value)}`;
}
