/**
 * Which kind of schema a user passed as `parameters`. Detection is structural so it also works
 * across copies of zod (a user's own zod next to ours): zod 4 schemas (classic and mini) carry
 * `_zod`; zod 3 schemas (the `zod@3` package or `zod/v3`) carry `_def.typeName` and `safeParse`
 * and no `_zod`. Order matters: zod 4 classic schemas have a `_def` too.
 */
import type { z as z3 } from "zod/v3";
import type * as z4 from "zod/v4/core";
import type { JsonSchema } from "../types.js";

export type SchemaKind = "zod4" | "zod3" | "json";

/** Anything `tool()` accepts as `parameters`. */
export type ToolParameters = z4.$ZodType | z3.ZodTypeAny | JsonSchema;

export function isZod4Schema(value: unknown): value is z4.$ZodType {
  if (typeof value !== "object" || value === null || !("_zod" in value)) return false;
  const internals = (value as { _zod: unknown })._zod;
  return typeof internals === "object" && internals !== null && "def" in internals;
}

export function isZod3Schema(value: unknown): value is z3.ZodTypeAny {
  if (typeof value !== "object" || value === null || "_zod" in value) return false;
  const def = (value as { _def?: unknown })._def;
  return (
    typeof def === "object" &&
    def !== null &&
    typeof (def as { typeName?: unknown }).typeName === "string" &&
    typeof (value as { safeParse?: unknown }).safeParse === "function"
  );
}

/** A plain object (not a class instance, array or function): what a JSON Schema literal is. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The kind of `parameters`, or `undefined` when it is none of the three. */
export function schemaKind(value: unknown): SchemaKind | undefined {
  if (isZod4Schema(value)) return "zod4";
  if (isZod3Schema(value)) return "zod3";
  if (isPlainObject(value)) return "json";
  return undefined;
}
