/**
 * zod 4 → JSON Schema through zod's own `toJSONSchema`, on the input side (`io: "input"`): the
 * model writes what the schema *accepts*, so defaults make a field optional and transforms show
 * their input type.
 */
import type * as z4 from "zod/v4/core";
import { toJSONSchema } from "zod/v4/core";
import type { JsonSchema } from "../types.js";
import { toPointer } from "./pointer.js";
import { schemaError } from "./schema-error.js";

export function zod4ToJsonSchema(schema: z4.$ZodType): JsonSchema {
  try {
    // The default `unrepresentable: "throw"` is the authority: nothing unrepresentable can slip
    // through as a silent `{}`, whatever zod 4 minor version is installed.
    return toJSONSchema(schema, { io: "input" }) as JsonSchema;
  } catch (error) {
    throw locateUnrepresentable(schema, error);
  }
}

/**
 * zod's error names the type but not where it is. A second, diagnostic pass with an
 * `unrepresentable` handler (zod >= 4.6) reports the path; older versions keep the root pointer.
 */
function locateUnrepresentable(schema: z4.$ZodType, error: unknown) {
  let found: { path: (string | number)[]; message: string; type: string } | undefined;
  try {
    toJSONSchema(schema, {
      io: "input",
      unrepresentable: (ctx) => {
        found ??= { path: [...ctx.path], message: ctx.message, type: String(ctx.zodSchema._zod.def.type) };
        return "any";
      },
    });
  } catch {
    // A failure other than an unrepresentable type: the first error's message is all we have.
  }
  const message = found?.message ?? (error instanceof Error ? error.message : String(error));
  const reason = `${message.replace(/\.$/, "")}.${fixFor(found?.type, message)}`;
  return schemaError(found ? toPointer(found.path) : "", reason, error);
}

function fixFor(type: string | undefined, message: string): string {
  const kind = type ?? message.split(" ")[0]?.toLowerCase();
  switch (kind) {
    case "date":
      return (
        " JSON has no Date type, so neither z.date() nor z.coerce.date() has a JSON Schema form. Use" +
        " z.iso.datetime() (an ISO 8601 string), plus .transform((s) => new Date(s)) if execute needs a Date."
      );
    case "bigint":
      return " Use z.int() or z.number(), or a string with .transform((s) => BigInt(s)).";
    case "map":
      return " Use z.record() or an array of entries.";
    case "set":
      return " Use z.array().";
    default:
      return " Give this field a JSON type (string, number, boolean, null, object or array).";
  }
}
