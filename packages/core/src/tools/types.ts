/**
 * @module tools/types — what a tool is, to the loop.
 *
 * Contract: a {@link FunctionTool} is an immutable description plus two functions. The loop
 * sends `name`, `description`, `parameters` and `strict` to the model as a spec `function` tool,
 * calls `parseArguments` on the model's JSON-decoded arguments (awaiting it: it may return a
 * promise), and, when that succeeds, calls `execute` under the tool's timeout and the run's
 * AbortSignal. `execute` may throw: the loop turns the error into a `function_call_output` for the
 * model. Tools never see the wire format. Implementations other than `tool()` (hosted tools, the
 * sandbox's code runner) must keep `parameters` a JSON Schema whose root is `type: "object"` and
 * must not throw from `parseArguments` (return `{ success: false, error }` instead).
 */

/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON Schema object, as sent to the model. */
export type JsonSchema = { [key: string]: unknown };

/** What `execute` receives besides its arguments. */
export interface ToolContext<TContext = unknown> {
  /**
   * Aborts when the run is cancelled or the tool's timeout expires; `signal.reason` says which
   * (an `OpenloopError` with code `tool_timeout`, or the run's own abort reason). Pass it to I/O.
   */
  signal: AbortSignal;
  /** The `call_id` of the `function_call` being answered. */
  callId: string;
  /** The value the user passed as `context` to `run`/`runStream`, shared by every tool of the run. */
  runContext: TContext;
}

/**
 * A content part a tool may return, as the spec allows in `function_call_output.output`
 * (`InputTextContentParam`, `InputImageContentParamAutoParam`, `InputFileContentParam`,
 * `InputVideoContent`).
 */
export type ToolOutputPart =
  | { type: "input_text"; text: string }
  | { type: "input_image"; image_url: string; detail?: "low" | "high" | "auto" }
  | { type: "input_file"; filename?: string; file_data?: string; file_url?: string }
  | { type: "input_video"; video_url: string };

/**
 * What a tool may return: a string (sent as is), content parts (sent as an array), `undefined`
 * (sent as a short "no output" marker) or any other JSON-serializable value (sent as its JSON
 * text). `object` is part of the union so interface-typed results need no index signature.
 */
export type ToolOutput = string | ToolOutputPart[] | JsonValue | object | undefined;

/** Result of validating model-produced arguments. */
export type ParseResult<T> = { success: true; data: T } | { success: false; error: string };

/**
 * Decides whether a call needs a human's approval before it runs.
 * `true` pauses the run with the call pending (see RunState).
 */
export type NeedsApproval<TArgs, TContext> =
  | boolean
  | ((args: TArgs, ctx: { callId: string; runContext: TContext }) => boolean | Promise<boolean>);

/** Why a tool that asked for strict mode by default is sent non-strict (see `tool()`). */
export interface StrictFallback {
  /** What strict mode cannot express, in words. */
  reason: string;
  /** JSON pointer (RFC 6901) of the offending part of the converted schema; `""` is the root. */
  pointer: string;
}

/** A function tool the loop can offer to a model and execute. Create one with `tool()`. */
export interface FunctionTool<TArgs = unknown, TContext = unknown> {
  readonly type: "function";
  readonly name: string;
  readonly description: string;
  /** The JSON Schema sent to the model (strict-normalized when `strict`). */
  readonly parameters: JsonSchema;
  /** Whether the model is asked for strict schema adherence. */
  readonly strict: boolean;
  /**
   * Set when strict mode was the default but the schema cannot be expressed strictly (a record,
   * an `any`, a tuple…): the tool is then sent with `strict: false` and this says why.
   */
  readonly strictFallback?: StrictFallback | undefined;
  readonly needsApproval: NeedsApproval<TArgs, TContext>;
  /** Per-call timeout in milliseconds; `undefined` means the run's default. */
  readonly timeoutMs: number | undefined;
  /**
   * Validates JSON-decoded model arguments (turning strict-mode `null`s back into "absent").
   * Synchronous for ordinary schemas; a promise only when the schema has async refinements.
   */
  parseArguments(args: unknown): ParseResult<TArgs> | Promise<ParseResult<TArgs>>;
  /** Runs the tool. Returning `void`/`undefined` is allowed (the model sees a "no output" marker). */
  // biome-ignore lint/suspicious/noConfusingVoidType: `void` lets `async () => { ... }` tools type-check.
  execute(args: TArgs, ctx: ToolContext<TContext>): ToolOutput | void | Promise<ToolOutput | void>;
}

/**
 * A tool of any argument type, for registries that hold many tools. `any` (not `unknown`) because
 * `needsApproval` takes the arguments as a parameter, which makes `FunctionTool` contravariant in
 * `TArgs`: a `FunctionTool<{ city: string }>` is not a `FunctionTool<unknown>`.
 */
// biome-ignore lint/suspicious/noExplicitAny: see above; the executor only passes parsed arguments through.
export type AnyFunctionTool<TContext = any> = FunctionTool<any, TContext>;
