/**
 * @module tools/types — what a tool is, to the loop.
 *
 * Contract: a {@link FunctionTool} is an immutable description plus two functions. The loop
 * sends `name`, `description`, `parameters` and `strict` to the model as a spec `function` tool,
 * calls `parseArguments` on the model's JSON-decoded arguments, and, when that succeeds, calls
 * `execute` under the tool's timeout and the run's AbortSignal. `execute` may throw: the loop turns
 * the error into a `function_call_output` for the model. Tools never see the wire format.
 */

/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON Schema object, as sent to the model. */
export type JsonSchema = { [key: string]: unknown };

/** What `execute` receives besides its arguments. */
export interface ToolContext<TContext = unknown> {
  /** Aborts when the run is cancelled or the tool's timeout expires. Pass it to I/O. */
  signal: AbortSignal;
  /** The `call_id` of the `function_call` being answered. */
  callId: string;
  /** The value the user passed as `context` to `run`/`runStream`, shared by every tool of the run. */
  runContext: TContext;
}

/** A content part a tool may return, as the spec allows in `function_call_output.output`. */
export type ToolOutputPart =
  | { type: "input_text"; text: string }
  | { type: "input_image"; image_url: string; detail?: "low" | "high" | "auto" }
  | { type: "input_file"; filename?: string; file_data?: string; file_url?: string };

/**
 * What a tool may return: a string (sent as is), content parts (sent as an array), or any other
 * JSON value (sent as its JSON text).
 */
export type ToolOutput = string | ToolOutputPart[] | JsonValue;

/** Result of validating model-produced arguments. */
export type ParseResult<T> = { success: true; data: T } | { success: false; error: string };

/**
 * Decides whether a call needs a human's approval before it runs.
 * `true` pauses the run with the call pending (see RunState).
 */
export type NeedsApproval<TArgs, TContext> =
  | boolean
  | ((args: TArgs, ctx: { callId: string; runContext: TContext }) => boolean | Promise<boolean>);

/** A function tool the loop can offer to a model and execute. Create one with `tool()`. */
export interface FunctionTool<TArgs = unknown, TContext = unknown> {
  readonly type: "function";
  readonly name: string;
  readonly description: string;
  /** The JSON Schema sent to the model (strict-normalized when `strict`). */
  readonly parameters: JsonSchema;
  /** Whether the model is asked for strict schema adherence. */
  readonly strict: boolean;
  readonly needsApproval: NeedsApproval<TArgs, TContext>;
  /** Per-call timeout in milliseconds; `undefined` means the run's default. */
  readonly timeoutMs: number | undefined;
  /** Validates JSON-decoded model arguments (turning strict-mode `null`s back into "absent"). */
  parseArguments(args: unknown): ParseResult<TArgs>;
  execute(args: TArgs, ctx: ToolContext<TContext>): ToolOutput | Promise<ToolOutput>;
}
