/**
 * @module agent-tool/as-tool — `agent.asTool()`: an agent another agent can call as a tool.
 */
import { OpenloopError } from "@openloop/protocol";
import { z } from "zod";
import type { Agent } from "../agent/agent.js";
import type { RunInput } from "../run/prepare.js";
import { markLinked } from "../tools/execute/call-link.js";
import type { ToolParameters } from "../tools/schema/detect.js";
import { tool } from "../tools/tool.js";
import type { AnyFunctionTool, NeedsApproval } from "../tools/types.js";
import { runNested } from "./nested-run.js";

/** Options of `agent.asTool()`. */
export interface AgentToolOptions<TArgs, TContext> {
  /** The tool's name, as the calling model sees it (`^[a-zA-Z0-9_-]{1,64}$`). */
  name: string;
  /** When to call it: what the agent does, for the calling model. */
  description: string;
  /**
   * The tool's parameters (zod 4, zod 3 or JSON Schema, object root). By default one string,
   * `{ input }`, which becomes the nested run's user message; with a schema of your own, the
   * arguments' JSON is the message (or say how with `toInput`).
   * @default z.object({ input: z.string() })
   */
  input?: ToolParameters;
  /**
   * The nested run's input from the validated arguments.
   * @default the `input` string (default parameters), else the arguments as JSON text
   */
  toInput?: (args: TArgs) => RunInput;
  /** Whether a call needs approval before the nested agent runs at all (as for any tool). */
  needsApproval?: NeedsApproval<TArgs, TContext>;
  /**
   * A timeout for the whole nested run, in milliseconds. The nested agent's own budgets
   * (`maxTurns`, `timeoutMs`, ...) apply either way. When it runs out, the nested run is aborted
   * and the call fails with `tool_timeout` once that run has stopped, its tokens counted in the
   * caller's usage.
   * @default Infinity (not the calling agent's `toolTimeoutMs`)
   */
  timeoutMs?: number;
}

/** @internal The implementation of `agent.asTool()`. */
export function agentTool(
  agent: Agent<never, unknown>,
  options: AgentToolOptions<unknown, unknown>,
): AnyFunctionTool {
  if (typeof options !== "object" || options === null) {
    throw new OpenloopError(
      "invalid_tool_definition",
      `agent.asTool() expects { name, description, input? }, got ${String(options)}`,
    );
  }
  const custom = options.input !== undefined;
  const parameters =
    options.input ??
    z.object({ input: z.string().describe(`What to ask the "${agent.name}" agent, in full.`) });
  const toInput =
    options.toInput ??
    (custom ? (args: unknown) => JSON.stringify(args) : (args: unknown) => (args as { input: string }).input);
  if (typeof toInput !== "function") {
    throw new OpenloopError(
      "invalid_tool_definition",
      `Invalid tool "${options.name}": toInput must be a function`,
    );
  }
  const fn = tool({
    name: options.name,
    description: options.description,
    parameters: parameters as Record<string, unknown>,
    needsApproval: options.needsApproval,
    timeoutMs: options.timeoutMs ?? Infinity,
    execute: (args, ctx) => runNested(agent, toInput(args), ctx),
  });
  return markLinked(fn);
}
