/** @module tools/schema — schema conversion (zod 4, zod 3, JSON Schema), strict mode, argument parsing. */
export { type CompiledSchema, type CompileSchemaOptions, compileSchema } from "./compile.js";
export { toJsonSchema } from "./convert.js";
export { isZod3Schema, isZod4Schema, type SchemaKind, schemaKind, type ToolParameters } from "./detect.js";
export type { SchemaErrorDetails } from "./schema-error.js";
export { type StrictOptions, toStrictJsonSchema } from "./strict.js";
