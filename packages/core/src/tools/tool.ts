/**
 * @module tools/tool — `tool()`: define a function tool from a zod 4, zod 3 or JSON Schema.
 */
import { OpenloopError } from "@openloop/protocol";
import type { z as z3 } from "zod/v3";
import type * as z4 from "zod/v4/core";
import { type CompiledSchema, compileSchema } from "./schema/compile.js";
import { quotePointer } from "./schema/pointer.js";
import { schemaErrorDetails } from "./schema/schema-error.js";
import type { FunctionTool, JsonSchema, NeedsApproval, ToolContext, ToolOutput } from "./types.js";

/** What every tool definition has, whatever its `parameters`. */
export interface ToolOptions<TArgs, TContext> {
  /** Sent to the model; providers require `^[a-zA-Z0-9_-]{1,64}$`. */
  name: string;
  /** Tells the model what the tool does and when to call it. Required (models rely on it). */
  description: string;
  /**
   * Ask the model for strict schema adherence. Left unset, a tool is strict when its schema can be
   * (see `strictFallback` on the result for why not); `true` makes an inexpressible schema an
   * error; `false` sends the schema as converted.
   * @default strict when the schema allows it
   */
  strict?: boolean;
  /**
   * Whether a call must be approved by a human before it runs.
   * @default false
   */
  needsApproval?: NeedsApproval<TArgs, TContext>;
  /**
   * Per-call timeout in milliseconds (`Infinity`, or any value above 2^31-1 ms, for none). When it
   * expires `ctx.signal` aborts and the model is told the call timed out.
   * @default the run's `defaultTimeoutMs`
   */
  timeoutMs?: number;
  /**
   * Runs the tool with validated arguments. Return a string, content parts, `undefined`, or any
   * JSON value; throw to tell the model it failed (the message is sent, never the stack).
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: `void` lets `async () => { ... }` tools type-check.
  execute(args: TArgs, ctx: ToolContext<TContext>): ToolOutput | void | Promise<ToolOutput | void>;
}

const NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * Defines a function tool. `parameters` is a zod 4 schema (converted with `z.toJSONSchema`, input
 * side), a zod 3 schema (`zod-to-json-schema`) or a plain JSON Schema; its root must be an object.
 * `execute`'s `args` are inferred from a zod schema; with a JSON Schema they are `unknown` unless
 * given: `tool<{ city: string }>({ ... })`.
 *
 * @throws {OpenloopError} code `invalid_tool_definition` naming the tool and, for schema problems,
 * the JSON pointer of the offending part (also in `error.details.pointer`).
 * @example
 * ```ts
 * const weather = tool({
 *   name: "get_weather",
 *   description: "Current weather for a city",
 *   parameters: z.object({ city: z.string(), unit: z.enum(["C", "F"]).optional() }),
 *   execute: async ({ city, unit = "C" }) => `21°${unit} in ${city}`,
 * });
 * ```
 */
export function tool<S extends z4.$ZodType, TContext = unknown>(
  definition: ToolOptions<z4.output<S>, TContext> & { parameters: S },
): FunctionTool<z4.output<S>, TContext>;
export function tool<S extends z3.ZodTypeAny, TContext = unknown>(
  definition: ToolOptions<z3.output<S>, TContext> & { parameters: S },
): FunctionTool<z3.output<S>, TContext>;
export function tool<TArgs = unknown, TContext = unknown>(
  definition: ToolOptions<TArgs, TContext> & { parameters: JsonSchema },
): FunctionTool<TArgs, TContext>;
export function tool(
  definition: ToolOptions<unknown, unknown> & { parameters: unknown },
): FunctionTool<unknown, unknown> {
  if (typeof definition !== "object" || definition === null) {
    throw new OpenloopError("invalid_tool_definition", `tool() expects an object, got ${String(definition)}`);
  }
  const { name, description, parameters, execute, strict, needsApproval, timeoutMs } = definition;
  checkOptions(definition);
  let compiled: CompiledSchema;
  try {
    compiled = compileSchema(parameters as JsonSchema, { strict: strict ?? "auto" });
  } catch (error) {
    const details = schemaErrorDetails(error);
    if (details === undefined) throw error;
    const what = strict === true ? "strict mode was requested but the parameters" : "parameters";
    const fix = strict === true ? " Pass strict: false, or change the schema." : "";
    throw new OpenloopError(
      "invalid_tool_definition",
      `Invalid tool "${name}": ${what} at JSON pointer ${quotePointer(details.pointer)}: ${sentence(details.reason)}${fix}`,
      { details: { tool: name, pointer: details.pointer, reason: details.reason }, cause: error },
    );
  }
  const fn: FunctionTool<unknown, unknown> = {
    type: "function",
    name,
    description,
    parameters: deepFreeze(compiled.jsonSchema),
    strict: compiled.strict,
    strictFallback: compiled.strictFallback,
    needsApproval: needsApproval ?? false,
    timeoutMs,
    parseArguments: compiled.parse,
    execute: (args, ctx) => execute.call(definition, args, ctx),
  };
  return Object.freeze(fn);
}

function checkOptions(d: ToolOptions<unknown, unknown>): void {
  const fail = (problem: string) => {
    const label = typeof d.name === "string" ? `"${d.name}"` : "(unnamed)";
    throw new OpenloopError("invalid_tool_definition", `Invalid tool ${label}: ${problem}`, {
      details: { tool: d.name },
    });
  };
  if (typeof d.name !== "string" || !NAME.test(d.name)) {
    fail(
      `name must match ^[a-zA-Z0-9_-]{1,64}$ (letters, digits, "_" and "-", at most 64), got ${JSON.stringify(d.name)}`,
    );
  }
  if (typeof d.description !== "string" || d.description.trim() === "") {
    fail("description is required: the model decides when to call a tool from it");
  }
  if (typeof d.execute !== "function") fail("execute must be a function");
  if (d.strict !== undefined && typeof d.strict !== "boolean")
    fail(`strict must be a boolean, got ${String(d.strict)}`);
  if (
    d.needsApproval !== undefined &&
    typeof d.needsApproval !== "boolean" &&
    typeof d.needsApproval !== "function"
  ) {
    fail("needsApproval must be a boolean or a function");
  }
  if (d.timeoutMs !== undefined && !(typeof d.timeoutMs === "number" && d.timeoutMs > 0)) {
    fail(`timeoutMs must be a number above 0 (Infinity for none), got ${String(d.timeoutMs)}`);
  }
}

/** Ends a reason with a period, so a following sentence reads right. */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
