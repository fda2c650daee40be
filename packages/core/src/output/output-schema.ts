/**
 * @module output/output-schema — an agent's `output`: the schema of its final answer, compiled
 * once with the same conversion and strict-mode normalization as tool parameters.
 */
import { OpenloopError, type TextParam } from "@openloop/protocol";
import type { z as z3 } from "zod/v3";
import type * as z4 from "zod/v4/core";
import type { ModelCapabilities } from "../model/model.js";
import { type CompiledSchema, compileSchema } from "../tools/schema/compile.js";
import { quotePointer } from "../tools/schema/pointer.js";
import { schemaErrorDetails } from "../tools/schema/schema-error.js";
import type { JsonSchema } from "../tools/types.js";

/**
 * The schema of an agent's final answer: a zod 4 schema, a zod 3 schema, or a plain JSON Schema
 * object. Its root must be an object (`z.object({ ... })`), as providers require for `json_schema`.
 *
 * The answer's type is inferred from a zod schema. A JSON Schema says nothing TypeScript can read,
 * so name the type yourself: `new Agent<unknown, Answer>({ ..., output: { type: "object", ... } })`
 * (without it the JSON Schema does not type-check, rather than silently typing the answer as a string).
 */
export type OutputSchema<T> =
  | z4.$ZodType<T>
  | z3.ZodType<T, z3.ZodTypeDef, unknown>
  // A JSON Schema only once the answer's type is named: it cannot be inferred.
  | ([T] extends [string] ? never : JsonSchema);

/** An agent's compiled `output`, as the loop uses it. */
export interface OutputConfig {
  /** `text.format.name`. */
  readonly name: string;
  /** The JSON Schema sent (strict-normalized when {@link strict}). */
  readonly schema: JsonSchema;
  /** `text.format.strict`: the schema could be expressed in strict mode. */
  readonly strict: boolean;
  /**
   * True when the model takes `text.format` json_schema (`capabilities.jsonSchemaOutput` is not
   * false); otherwise the schema goes into the instructions instead, and the answer is validated
   * the same way.
   */
  readonly native: boolean;
  /** Strict-mode `null`s of optional properties removed, then the user's schema. */
  readonly parse: CompiledSchema["parse"];
}

const NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * Compiles `output` for an agent.
 *
 * @throws {OpenloopError} code `invalid_config` naming the agent and, for schema problems, the JSON
 * pointer of the offending part (also in `details.pointer`).
 */
export function compileOutput(
  agent: string,
  output: unknown,
  name: string | undefined,
  capabilities: ModelCapabilities | undefined,
): OutputConfig {
  const formatName = name ?? "final_output";
  if (typeof formatName !== "string" || !NAME.test(formatName)) {
    throw new OpenloopError(
      "invalid_config",
      `Invalid agent "${agent}": expected \`outputName\` to match ^[a-zA-Z0-9_-]{1,64}$, got \`${String(formatName)}\``,
    );
  }
  let compiled: CompiledSchema;
  try {
    compiled = compileSchema(output as JsonSchema, { strict: "auto" });
  } catch (error) {
    const details = schemaErrorDetails(error);
    if (details === undefined) throw error;
    throw new OpenloopError(
      "invalid_config",
      `Invalid agent "${agent}": \`output\` at JSON pointer ${quotePointer(details.pointer)}: ${details.reason}`,
      { details: { agent, pointer: details.pointer, reason: details.reason }, cause: error },
    );
  }
  return Object.freeze({
    name: formatName,
    schema: compiled.jsonSchema,
    strict: compiled.strict,
    native: capabilities?.jsonSchemaOutput !== false,
    parse: compiled.parse,
  });
}

/**
 * The request's `text` with the output format: `text.format` json_schema, keeping any other `text`
 * setting (`verbosity`). `undefined` when the model cannot take it (the fallback uses instructions).
 */
export function textWithFormat(
  output: OutputConfig,
  text: TextParam | null | undefined,
): TextParam | undefined {
  if (!output.native) return text ?? undefined;
  return {
    ...text,
    format: { type: "json_schema", name: output.name, schema: output.schema, strict: output.strict },
  };
}

/**
 * The instructions a model without `json_schema` support gets instead (appended to the agent's):
 * the schema, and how to answer.
 */
export function fallbackInstructions(output: OutputConfig): string {
  return (
    "Your final answer must be one JSON object that matches the JSON Schema below. Reply with the JSON " +
    `object alone: no prose before or after it, no code fence.\nJSON Schema (${output.name}):\n` +
    JSON.stringify(output.schema)
  );
}
