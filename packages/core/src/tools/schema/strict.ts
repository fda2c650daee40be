/**
 * @module tools/schema/strict — strict-mode normalization of a JSON Schema.
 *
 * Strict mode (structured outputs) only accepts a subset of JSON Schema: every object lists all
 * its properties in `required` and sets `additionalProperties: false`, every value has a type,
 * unions are `anyOf`. An optional property is therefore made required and nullable; the model's
 * `null` is turned back into "absent" before the arguments are parsed (see `null-plan.ts`).
 */
import type { JsonSchema } from "../types.js";
import { childPointer } from "./pointer.js";
import { schemaError } from "./schema-error.js";

/** Keywords strict mode rejects (the set the `openai` SDK's own strict transform refuses). */
const UNSUPPORTED = new Set([
  "$anchor",
  "$dynamicAnchor",
  "$dynamicRef",
  "$recursiveAnchor",
  "$recursiveRef",
  "additionalItems",
  "allOf",
  "contains",
  "contentSchema",
  "dependencies",
  "dependentRequired",
  "dependentSchemas",
  "else",
  "if",
  "maxContains",
  "maxProperties",
  "minContains",
  "minProperties",
  "not",
  "patternProperties",
  "prefixItems",
  "propertyNames",
  "then",
  "unevaluatedItems",
  "unevaluatedProperties",
  "uniqueItems",
]);

/** Annotations strict mode rejects but that validate nothing: dropped rather than failing. */
const DROPPED = new Set(["$schema", "contentEncoding", "contentMediaType"]);

/** Keys that say something about the value's type; a schema with none of them accepts anything. */
const TYPE_KEYS = ["type", "anyOf", "oneOf", "$ref", "enum", "const", "properties", "items"];

/** Keys allowed beside `anyOf` for a null branch to be appended in place. */
const ANNOTATION_KEYS = new Set([
  "anyOf",
  "oneOf",
  "title",
  "description",
  "default",
  "examples",
  "$comment",
]);

const PRIMITIVE_TYPES = new Set(["string", "number", "integer", "boolean", "null"]);

export interface StrictOptions {
  /**
   * Rewrite `oneOf` as `anyOf`. Right for schemas converted from zod, whose `oneOf` comes from
   * discriminated unions (mutually exclusive by construction; zod re-checks anyway); for a plain
   * JSON Schema `oneOf` means "exactly one", which strict mode cannot express.
   * @default false
   */
  oneOfAsAnyOf?: boolean;
}

/**
 * Returns the strict-mode form of `schema` (a new object; the input is not modified): every
 * property required, optional ones made nullable (`type: [..., "null"]` for primitives, an
 * `anyOf` with `{ type: "null" }` otherwise), `additionalProperties: false` on every object,
 * recursing into properties, `items`, `anyOf`, `$defs` and `definitions`. Local `$ref`s are
 * rewritten when the part they point at moved.
 *
 * @throws {OpenloopError} code `invalid_config`, `details: { pointer, reason }`, when strict mode
 * cannot express the schema: records and loose objects (open keys), values of any type
 * (`z.any()`, `{}`), tuples, `allOf`, `not`, `if`/`then`/`else`, `patternProperties`, …
 */
export function toStrictJsonSchema(schema: JsonSchema, options: StrictOptions = {}): JsonSchema {
  const ctx: Ctx = { moved: new Map(), oneOfAsAnyOf: options.oneOfAsAnyOf ?? false };
  if (!isRecord(schema) || !isObjectShaped(schema)) {
    throw schemaError("", 'strict mode needs an object schema at the root (type: "object")');
  }
  const out = strictNode(schema, "", "", ctx);
  if (ctx.moved.size > 0) rewriteRefs(out, ctx.moved);
  return out;
}

interface Ctx {
  /** Old pointer → new pointer, for parts wrapped in an `anyOf` (so `$ref`s can follow them). */
  moved: Map<string, string>;
  oneOfAsAnyOf: boolean;
}

function strictNode(node: unknown, oldPtr: string, newPtr: string, ctx: Ctx): JsonSchema {
  if (oldPtr !== newPtr) ctx.moved.set(oldPtr, newPtr);
  if (node === false) throw schemaError(oldPtr, "accepts no value (false), which strict mode cannot express");
  if (isRecord(node)) {
    // Checked first: a zod 4 record also carries `propertyNames`, and "a record" is the useful news.
    if (
      isObjectShaped(node) &&
      node.additionalProperties !== undefined &&
      node.additionalProperties !== false
    ) {
      throw schemaError(
        oldPtr,
        "accepts keys it does not name (a record, z.looseObject() or .catchall()); strict mode needs every" +
          " key declared",
      );
    }
    for (const key in node) {
      if (UNSUPPORTED.has(key)) throw schemaError(oldPtr, `uses "${key}", which strict mode cannot express`);
    }
  }
  if (!isRecord(node) || !TYPE_KEYS.some((key) => key in node)) {
    throw schemaError(
      oldPtr,
      "accepts a value of any type (z.any(), z.unknown() or {}); strict mode needs a type for every value",
    );
  }
  if ("anyOf" in node && "oneOf" in node) {
    throw schemaError(oldPtr, 'uses both "anyOf" and "oneOf", which strict mode cannot express');
  }

  const out: JsonSchema = {};
  for (const key in node) {
    const value = node[key];
    if (DROPPED.has(key)) continue;
    switch (key) {
      case "oneOf":
        if (!ctx.oneOfAsAnyOf) {
          throw schemaError(
            oldPtr,
            'uses "oneOf" ("exactly one of"), which strict mode cannot express; use anyOf',
          );
        }
        out.anyOf = strictArray(value, oldPtr, "oneOf", childPointer(newPtr, "anyOf"), ctx);
        break;
      case "anyOf":
        out.anyOf = strictArray(value, oldPtr, "anyOf", childPointer(newPtr, "anyOf"), ctx);
        break;
      case "items":
        if (Array.isArray(value)) throw schemaError(oldPtr, "is a tuple, which strict mode cannot express");
        out.items = strictNode(value, childPointer(oldPtr, "items"), childPointer(newPtr, "items"), ctx);
        break;
      case "$defs":
      case "definitions":
        out[key] = strictMap(value, childPointer(oldPtr, key), childPointer(newPtr, key), ctx);
        break;
      case "properties":
      case "required":
      case "additionalProperties":
        break; // handled with the object below
      default:
        out[key] = value;
    }
  }
  if (isObjectShaped(node)) strictObject(node, out, oldPtr, newPtr, ctx);
  return out;
}

function strictObject(node: JsonSchema, out: JsonSchema, oldPtr: string, newPtr: string, ctx: Ctx): void {
  const properties = node.properties ?? {};
  if (!isRecord(properties)) throw schemaError(oldPtr, '"properties" is not an object');
  const required = new Set(Array.isArray(node.required) ? (node.required as unknown[]) : []);
  for (const key of required) {
    if (typeof key !== "string" || !(key in properties)) {
      throw schemaError(oldPtr, `requires ${JSON.stringify(key)} but does not declare it in "properties"`);
    }
  }
  const propsOld = childPointer(oldPtr, "properties");
  const propsNew = childPointer(newPtr, "properties");
  const outProps: JsonSchema = {};
  for (const key of Object.keys(properties)) {
    const child = properties[key];
    const childOld = childPointer(propsOld, key);
    const childNew = childPointer(propsNew, key);
    if (required.has(key) || acceptsNull(child)) {
      outProps[key] = strictNode(child, childOld, childNew, ctx);
    } else if (isRecord(child) && nullableInPlace(child)) {
      outProps[key] = addNull(strictNode(child, childOld, childNew, ctx));
    } else {
      const inner = strictNode(child, childOld, childPointer(childPointer(childNew, "anyOf"), 0), ctx);
      outProps[key] = { anyOf: [inner, { type: "null" }] };
    }
  }
  if (out.type === undefined) out.type = "object";
  out.properties = outProps;
  out.required = Object.keys(outProps);
  out.additionalProperties = false;
}

function strictArray(value: unknown, oldPtr: string, oldKey: string, newPtr: string, ctx: Ctx): JsonSchema[] {
  if (!Array.isArray(value)) throw schemaError(oldPtr, `"${oldKey}" is not an array`);
  const base = childPointer(oldPtr, oldKey);
  return value.map((branch, i) => strictNode(branch, childPointer(base, i), childPointer(newPtr, i), ctx));
}

function strictMap(value: unknown, oldPtr: string, newPtr: string, ctx: Ctx): JsonSchema {
  if (!isRecord(value)) throw schemaError(oldPtr, "is not an object of schemas");
  const out: JsonSchema = {};
  for (const key of Object.keys(value)) {
    out[key] = strictNode(value[key], childPointer(oldPtr, key), childPointer(newPtr, key), ctx);
  }
  return out;
}

/** Whether `null` is already a valid value (so an optional property needs no widening). */
export function acceptsNull(node: unknown): boolean {
  if (!isRecord(node)) return node === true;
  const type = node.type;
  if (type === "null" || (Array.isArray(type) && type.includes("null"))) return true;
  if (Array.isArray(node.enum) && node.enum.includes(null)) return true;
  if ("const" in node && node.const === null) return true;
  if (node.nullable === true) return true;
  for (const key of ["anyOf", "oneOf"]) {
    const branches = node[key];
    if (Array.isArray(branches) && branches.some(acceptsNull)) return true;
  }
  return false;
}

/**
 * Whether `null` can be added without moving the schema (so `$ref`s into it stay valid): primitive
 * `type`s, a bare `anyOf`, or an `enum`/`const` without a `type`.
 */
function nullableInPlace(node: JsonSchema): boolean {
  if ("$ref" in node) return false;
  const type = node.type;
  if (type !== undefined) {
    const types = Array.isArray(type) ? type : [type];
    return !("anyOf" in node) && !("oneOf" in node) && types.every((t) => PRIMITIVE_TYPES.has(t as string));
  }
  if ("anyOf" in node || "oneOf" in node) return Object.keys(node).every((key) => ANNOTATION_KEYS.has(key));
  return "enum" in node || "const" in node;
}

/** Adds `null` to an already strict node for which {@link nullableInPlace} holds. */
function addNull(node: JsonSchema): JsonSchema {
  if (Array.isArray(node.anyOf)) {
    node.anyOf = [...node.anyOf, { type: "null" }];
    return node;
  }
  if (node.type !== undefined) node.type = [...(Array.isArray(node.type) ? node.type : [node.type]), "null"];
  if ("const" in node) {
    node.enum = [node.const, null];
    delete node.const;
  } else if (Array.isArray(node.enum)) {
    node.enum = [...node.enum, null];
  }
  return node;
}

function rewriteRefs(node: unknown, moved: Map<string, string>): void {
  if (Array.isArray(node)) {
    for (const item of node) rewriteRefs(item, moved);
    return;
  }
  if (!isRecord(node)) return;
  for (const key in node) {
    const value = node[key];
    if (key === "$ref" && typeof value === "string" && value.startsWith("#")) {
      const target = moved.get(value.slice(1));
      if (target !== undefined) node.$ref = `#${target}`;
    } else if (key !== "enum" && key !== "const" && key !== "default" && key !== "examples") {
      rewriteRefs(value, moved);
    }
  }
}

/** An object schema: typed `object`, or shaped like one (`properties` / `additionalProperties`). */
export function isObjectShaped(node: JsonSchema): boolean {
  const type = node.type;
  if (type === "object" || (Array.isArray(type) && type.includes("object"))) return true;
  return type === undefined && ("properties" in node || "additionalProperties" in node);
}

function isRecord(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
