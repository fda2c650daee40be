/**
 * @module core-types — the tool contract of `@openloop/core` (`packages/core/src/tools/types.ts`),
 * restated structurally because core does not export it from its entry point yet.
 *
 * Every type here is identical in shape to core's, so a `FunctionTool` made by core's `tool()` is
 * assignable to these and back. Replace this file with `import type { … } from "@openloop/core"`
 * once core exports them.
 */

/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON Schema object, as sent to the model. */
export type JsonSchema = { [key: string]: unknown };

/** What `execute` receives besides its arguments. */
export interface ToolContext<TContext = unknown> {
  signal: AbortSignal;
  callId: string;
  runContext: TContext;
}

/** A content part a tool may return. */
export type ToolOutputPart =
  | { type: "input_text"; text: string }
  | { type: "input_image"; image_url: string; detail?: "low" | "high" | "auto" }
  | { type: "input_file"; filename?: string; file_data?: string; file_url?: string };

/** What a tool may return. */
export type ToolOutput = string | ToolOutputPart[] | JsonValue;

/** Result of validating model-produced arguments. */
export type ParseResult<T> = { success: true; data: T } | { success: false; error: string };

/** Decides whether a call needs a human's approval before it runs. */
export type NeedsApproval<TArgs, TContext> =
  | boolean
  | ((args: TArgs, ctx: { callId: string; runContext: TContext }) => boolean | Promise<boolean>);

/** A function tool the loop can offer to a model and execute. */
export interface FunctionTool<TArgs = unknown, TContext = unknown> {
  readonly type: "function";
  readonly name: string;
  readonly description: string;
  readonly parameters: JsonSchema;
  readonly strict: boolean;
  readonly needsApproval: NeedsApproval<TArgs, TContext>;
  readonly timeoutMs: number | undefined;
  parseArguments(args: unknown): ParseResult<TArgs>;
  execute(args: TArgs, ctx: ToolContext<TContext>): ToolOutput | Promise<ToolOutput>;
}
