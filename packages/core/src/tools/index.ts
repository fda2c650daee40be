/** @module tools — define function tools, convert their schemas, execute the model's calls. */
export * from "./execute/index.js";
export * from "./schema/index.js";
export { type ToolOptions, tool } from "./tool.js";
export type {
  AnyFunctionTool,
  FunctionTool,
  JsonSchema,
  JsonValue,
  NeedsApproval,
  ParseResult,
  StrictFallback,
  ToolContext,
  ToolOutput,
  ToolOutputPart,
} from "./types.js";
