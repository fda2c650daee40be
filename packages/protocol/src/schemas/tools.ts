/**
 * @module schemas/tools — tool definitions and every `tool_choice` form.
 *
 * Request side (`*Param`, what clients send) and response side (what `ResponseResource` echoes).
 * Tool unions are open: hosted tools (`web_search`, `code_interpreter`, `mcp`,
 * `acme:custom_search`) are kept as {@link ExtensionTool}s.
 */
import { z } from "zod";
import { discriminatorValues, type ExtensionType, extensionMember } from "./open-union.js";

/** A hosted or vendor tool (any `type` other than `function`); kept verbatim. */
export type ExtensionTool = { type: ExtensionType; [key: string]: unknown };

/** A tool choice naming a hosted tool (`{ type: "web_search_preview" }`); kept verbatim. */
export type ExtensionToolChoice = { type: ExtensionType; [key: string]: unknown };

const toolName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-zA-Z0-9_-]+$/);

/** A function tool in a request. `parameters` is a JSON Schema object. */
export const FunctionToolParam = z.looseObject({
  type: z.literal("function"),
  name: toolName,
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().optional(),
});
export type FunctionToolParam = z.infer<typeof FunctionToolParam>;

const KnownToolParam = z.discriminatedUnion("type", [FunctionToolParam]);
/** A tool in `CreateResponseBody.tools`: a function, or a hosted/vendor tool. */
export const ToolParam = z.union([
  KnownToolParam,
  extensionMember<ExtensionTool>(discriminatorValues(KnownToolParam), "a tool"),
]);
export type ToolParam = z.infer<typeof ToolParam>;

/** A function tool as a response echoes it (every field present, nulls allowed). */
export const FunctionTool = z.looseObject({
  type: z.literal("function"),
  name: z.string(),
  description: z.string().nullable(),
  parameters: z.record(z.string(), z.unknown()).nullable(),
  strict: z.boolean().nullable(),
});
export type FunctionTool = z.infer<typeof FunctionTool>;

const KnownTool = z.discriminatedUnion("type", [FunctionTool]);
/** A tool in `ResponseResource.tools`. */
export const Tool = z.union([
  KnownTool,
  extensionMember<ExtensionTool>(discriminatorValues(KnownTool), "a tool"),
]);
export type Tool = z.infer<typeof Tool>;

/** `none` | `auto` | `required`. */
export const ToolChoiceValue = z.enum(["none", "auto", "required"]);
export type ToolChoiceValue = z.infer<typeof ToolChoiceValue>;

/** Force one function: `{ type: "function", name }` (spec `SpecificFunctionParam`). */
export const FunctionToolChoice = z.looseObject({ type: z.literal("function"), name: z.string() });
export type FunctionToolChoice = z.infer<typeof FunctionToolChoice>;

/** Restrict calls to a subset of `tools` (spec `AllowedToolsParam`); `mode` defaults to `auto`. */
export const AllowedToolsChoice = z.looseObject({
  type: z.literal("allowed_tools"),
  tools: z.array(FunctionToolChoice).min(1).max(128),
  mode: ToolChoiceValue.optional(),
});
export type AllowedToolsChoice = z.infer<typeof AllowedToolsChoice>;

const KnownToolChoiceObject = z.discriminatedUnion("type", [FunctionToolChoice, AllowedToolsChoice]);

/**
 * Every `tool_choice` form: `"none" | "auto" | "required"`, `{ type: "function", name }`,
 * `{ type: "allowed_tools", tools, mode? }`, or a hosted tool's own choice object.
 */
export const ToolChoice = z.union([
  ToolChoiceValue,
  KnownToolChoiceObject,
  extensionMember<ExtensionToolChoice>(discriminatorValues(KnownToolChoiceObject), "a tool choice"),
]);
export type ToolChoice = z.infer<typeof ToolChoice>;

/** `tool_choice` as a response echoes it: `name` may be absent and `mode` is always present. */
export const ResponseToolChoice = z.union([
  ToolChoiceValue,
  z.discriminatedUnion("type", [
    z.looseObject({ type: z.literal("function"), name: z.string().optional() }),
    z.looseObject({
      type: z.literal("allowed_tools"),
      tools: z.array(z.looseObject({ type: z.literal("function"), name: z.string().optional() })),
      mode: ToolChoiceValue,
    }),
  ]),
  extensionMember<ExtensionToolChoice>(new Set(["function", "allowed_tools"]), "a tool choice"),
]);
export type ResponseToolChoice = z.infer<typeof ResponseToolChoice>;
