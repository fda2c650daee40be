/** @module tools/execute — run a batch of function calls (advanced: for embedders). */
export { executeToolCalls } from "./execute-tool-calls.js";
export { NO_OUTPUT } from "./render-output.js";
export type {
  ExecuteToolCallsOptions,
  ExecuteToolCallsResult,
  FunctionCallLike,
  FunctionCallOutputItem,
  ToolCallErrorCode,
  ToolCallResult,
  ToolCallStart,
} from "./types.js";
