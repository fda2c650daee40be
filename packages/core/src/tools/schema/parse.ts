/**
 * Argument parsers: the null plan, then the user's schema (zod, or ajv for a plain JSON Schema).
 * Errors become readable text (the model reads it); a zod schema with async refinements is parsed
 * asynchronously.
 */
import type { z as z3 } from "zod/v3";
import type * as z4 from "zod/v4/core";
import { safeParse as zod4SafeParse, safeParseAsync as zod4SafeParseAsync } from "zod/v4/core";
import type { JsonSchema, ParseResult } from "../types.js";
import type { SchemaKind } from "./detect.js";
import { formatIssues } from "./format-issues.js";
import { compileJsonValidator } from "./json-validator.js";
import { applyNullPlan, type NullPlan } from "./null-plan.js";

export type ArgumentParser<T> = (value: unknown) => ParseResult<T> | Promise<ParseResult<T>>;

interface SafeParseResult {
  success: boolean;
  data?: unknown;
  error?: { issues: readonly { path: readonly PropertyKey[]; message: string }[] };
}

export function makeParser<T>(
  kind: SchemaKind,
  schema: unknown,
  plan: NullPlan | undefined,
): ArgumentParser<T> {
  const prepare =
    plan === undefined ? (value: unknown) => value : (value: unknown) => applyNullPlan(value, plan);
  if (kind === "json") {
    // `schema` is the converted JSON Schema (not strict-normalized): what the nulls are removed for.
    const validate = compileJsonValidator(schema as JsonSchema);
    return (value) => {
      if (!isRecord(value))
        return { success: false, error: `- at (root): expected a JSON object, received ${describe(value)}` };
      const data = prepare(value);
      const problems = validate(data);
      return problems === undefined
        ? { success: true, data: data as T }
        : { success: false, error: problems };
    };
  }
  const sync =
    kind === "zod4"
      ? zod4Sync(schema as z4.$ZodType)
      : (v: unknown) => (schema as z3.ZodTypeAny).safeParse(v);
  const async =
    kind === "zod4"
      ? (v: unknown) => zod4SafeParseAsync(schema as z4.$ZodType, v)
      : (v: unknown) => (schema as z3.ZodTypeAny).safeParseAsync(v);
  return (value) => {
    const input = prepare(value);
    let result: SafeParseResult;
    try {
      result = sync(input) as SafeParseResult;
    } catch {
      // zod throws on a synchronous parse that meets an async refinement or transform.
      return async(input).then(toParseResult<T>, (error: unknown) => failure(error));
    }
    return toParseResult<T>(result);
  };
}

function zod4Sync(schema: z4.$ZodType): (value: unknown) => unknown {
  // Classic schemas have a method; zod/mini schemas only work through the function.
  const method = (schema as { safeParse?: (value: unknown) => unknown }).safeParse;
  return typeof method === "function"
    ? (value) => method.call(schema, value)
    : (value) => zod4SafeParse(schema, value);
}

function toParseResult<T>(result: unknown): ParseResult<T> {
  const r = result as SafeParseResult;
  if (r.success) return { success: true, data: r.data as T };
  return { success: false, error: formatIssues(r.error?.issues ?? []) };
}

function failure(error: unknown): { success: false; error: string } {
  return { success: false, error: `- at (root): ${error instanceof Error ? error.message : String(error)}` };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
}
