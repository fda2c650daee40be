/**
 * A minimal `FunctionTool` from a zod schema, for tests — the shape core's `tool()` produces
 * (core's `tool()` has not landed yet; swap this for it when it does).
 */
import { z } from "zod";
import type { FunctionTool, ToolContext, ToolOutput } from "../../src/core-types.js";

export function zodTool<S extends z.ZodType, TContext = unknown>(def: {
  name: string;
  description?: string;
  parameters: S;
  timeoutMs?: number;
  execute: (args: z.infer<S>, ctx: ToolContext<TContext>) => ToolOutput | Promise<ToolOutput>;
}): FunctionTool<z.infer<S>, TContext> {
  return {
    type: "function",
    name: def.name,
    description: def.description ?? `The ${def.name} tool.`,
    parameters: z.toJSONSchema(def.parameters, { io: "input" }) as Record<string, unknown>,
    strict: false,
    needsApproval: false,
    timeoutMs: def.timeoutMs,
    parseArguments(args) {
      const r = def.parameters.safeParse(args);
      return r.success
        ? { success: true, data: r.data }
        : { success: false, error: z.prettifyError(r.error) };
    },
    execute: def.execute,
  };
}
