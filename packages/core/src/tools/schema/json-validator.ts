/**
 * Plain JSON Schemas (tool parameters, an agent's `output`) validated with ajv, so the model's
 * arguments and answers are checked whatever the schema was written in, not only with zod.
 *
 * ajv is loaded on first use: a program whose schemas are all zod never pays its import cost. The
 * draft-07 dialect is used because it reads what people paste into tool definitions (draft-07
 * tuples, `definitions`) as well as 2020-12's `$defs` references; keywords it does not know are
 * ignored (`strict: false`), never an error, and formats (`date-time`, `email`, ...) are checked.
 */
import { createRequire } from "node:module";
import type { Ajv, ErrorObject, ValidateFunction } from "ajv";
import type { JsonSchema } from "../types.js";
import { formatPath } from "./format-issues.js";
import { schemaError } from "./schema-error.js";

/** Validates a JSON value; the problems as lines a model can act on, or `undefined` when valid. */
export type JsonValidator = (value: unknown) => string | undefined;

const MAX_LINES = 20;

let shared: Ajv | undefined;

function createAjv(): Ajv {
  const require = createRequire(import.meta.url);
  const AjvClass = (require("ajv") as { default: new (options: object) => Ajv }).default;
  const formats = require("ajv-formats") as { default: (ajv: Ajv) => Ajv };
  return formats.default(new AjvClass({ strict: false, allErrors: true, logger: false }));
}

/**
 * Compiles `schema` once (at definition time).
 *
 * @throws {OpenloopError} code `invalid_config` with `details: { pointer, reason }` when `schema` is
 * not a valid JSON Schema (a misspelt `type`, say) or cannot be compiled (a `$ref` to nowhere).
 */
export function compileJsonValidator(schema: JsonSchema): JsonValidator {
  // Schemas with their own `$id`s get an instance of their own: two tools declaring the same
  // `$id` must not collide in a shared registry.
  let ajv: Ajv;
  if (JSON.stringify(schema).includes('"$id"')) ajv = createAjv();
  else {
    shared ??= createAjv();
    ajv = shared;
  }
  if (!ajv.validateSchema(schema)) {
    const first = ajv.errors?.[0];
    throw schemaError(
      first?.instancePath ?? "",
      `is not a valid JSON Schema: ${first === undefined ? "rejected by the meta-schema" : describe(first)}`,
    );
  }
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    throw schemaError("", `cannot be compiled: ${(error as Error).message}`, error);
  } finally {
    // The compiled function keeps what it needs; the shared registry must not grow with every tool.
    ajv.removeSchema(schema);
  }
  return (value) => (validate(value) ? undefined : formatErrors(validate.errors ?? []));
}

function formatErrors(errors: readonly ErrorObject[]): string {
  const lines: string[] = [];
  for (const error of errors) {
    const line = `- at ${formatPath(pathOf(error))}: ${describe(error)}`;
    if (!lines.includes(line)) lines.push(line);
  }
  const shown = lines.slice(0, MAX_LINES);
  if (lines.length > MAX_LINES) shown.push(`- …and ${lines.length - MAX_LINES} more`);
  return shown.join("\n");
}

/** The value's path; for a missing or unexpected property, the property's own path. */
function pathOf(error: ErrorObject): (string | number)[] {
  const path = error.instancePath
    .split("/")
    .slice(1)
    .map((segment) => {
      const key = segment.replace(/~1/g, "/").replace(/~0/g, "~");
      return /^(0|[1-9]\d*)$/.test(key) ? Number(key) : key;
    });
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  if (error.keyword === "required" && params.missingProperty !== undefined) path.push(params.missingProperty);
  if (error.keyword === "additionalProperties" && params.additionalProperty !== undefined)
    path.push(params.additionalProperty);
  return path;
}

function describe(error: ErrorObject): string {
  const params = error.params as { allowedValues?: unknown[]; allowedValue?: unknown };
  switch (error.keyword) {
    case "required":
      return "required property is missing";
    case "additionalProperties":
      return "unknown property (not in the schema)";
    case "enum":
      return `must be one of ${(params.allowedValues ?? []).map((v) => JSON.stringify(v)).join(", ")}`;
    case "const":
      return `must be ${JSON.stringify(params.allowedValue)}`;
    default:
      return error.message ?? `fails "${error.keyword}"`;
  }
}
