/**
 * @module tools/schema/compile — one schema, compiled once: the JSON Schema to send (strict when
 * possible), why it is not strict when it is not, and the parser for what the model sends back.
 * `tool()` uses it for `parameters`; structured output can use it for a response format.
 */
import type { JsonSchema, ParseResult, StrictFallback } from "../types.js";
import { convertSchema } from "./convert.js";
import type { SchemaKind, ToolParameters } from "./detect.js";
import { buildNullPlan } from "./null-plan.js";
import { makeParser } from "./parse.js";
import { schemaError, schemaErrorDetails } from "./schema-error.js";
import { isObjectShaped, toStrictJsonSchema } from "./strict.js";

export interface CompileSchemaOptions {
  /**
   * `true`: strict or an error. `false`: never strict. `"auto"`: strict when the schema allows it,
   * otherwise non-strict with {@link CompiledSchema.strictFallback} saying why.
   * @default "auto"
   */
  strict?: boolean | "auto";
}

/** A schema ready to send to a model and to parse what the model sends back. */
export interface CompiledSchema<T = unknown> {
  readonly kind: SchemaKind;
  /** The JSON Schema to send: the strict form when {@link strict}, else the plain conversion. */
  readonly jsonSchema: JsonSchema;
  /** Whether {@link jsonSchema} is in strict-mode form. */
  readonly strict: boolean;
  /** Set when `strict: "auto"` fell back to non-strict. */
  readonly strictFallback: StrictFallback | undefined;
  /**
   * Validates a JSON-decoded value: strict-mode `null`s of optional properties are removed, then
   * the zod schema parses (defaults and transforms apply), or ajv validates against a plain JSON
   * Schema (the value is passed on as is). Never throws; a promise only for zod schemas with async
   * refinements.
   */
  parse(value: unknown): ParseResult<T> | Promise<ParseResult<T>>;
}

/**
 * Converts and checks `schema` (root must be `type: "object"` with `properties`), normalizes it
 * for strict mode as asked, and builds its parser.
 *
 * @throws {OpenloopError} code `invalid_config`, `details: { pointer, reason }`.
 */
export function compileSchema<T = unknown>(
  schema: ToolParameters,
  options: CompileSchemaOptions = {},
): CompiledSchema<T> {
  const { kind, json } = convertSchema(schema);
  checkRoot(json);
  const mode = options.strict ?? "auto";
  let jsonSchema = json;
  let strictFallback: StrictFallback | undefined;
  if (mode !== false) {
    try {
      // zod's `oneOf` comes from discriminated unions: exclusive by construction, and re-checked.
      jsonSchema = toStrictJsonSchema(json, { oneOfAsAnyOf: kind !== "json" });
    } catch (error) {
      const details = schemaErrorDetails(error);
      if (mode === true || details === undefined) throw error;
      strictFallback = { reason: details.reason, pointer: details.pointer };
    }
  }
  // A plain JSON Schema is validated as converted (a copy without `$schema`), zod by the user's schema.
  const parse = makeParser<T>(kind, kind === "json" ? json : schema, buildNullPlan(json));
  return { kind, jsonSchema, strict: mode !== false && strictFallback === undefined, strictFallback, parse };
}

function checkRoot(json: JsonSchema): void {
  if (json.type !== "object" || !isObjectShaped(json)) {
    const got = json.type === undefined ? "no type" : `type ${JSON.stringify(json.type)}`;
    throw schemaError(
      "",
      `must be an object schema (type: "object"), got ${got}. Tool arguments are always a JSON object:` +
        " wrap the value in z.object({ ... })",
    );
  }
  if (typeof json.properties !== "object" || json.properties === null || Array.isArray(json.properties)) {
    throw schemaError(
      "",
      'an object schema without "properties" says nothing about the arguments. Declare them' +
        " (properties: {} for a tool that takes none)",
    );
  }
}
