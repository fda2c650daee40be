/**
 * @module hosted/code-runner — `codeRunner()`: the sandbox as a tool the loop runs like any other.
 */

import { type FunctionTool, type NeedsApproval, type ToolContext, tool } from "@openloop/core";
import { z } from "zod";
import type { SandboxTool } from "../code-mode/dispatcher.js";
import { invalidConfig, MAX_TIMEOUT_MS, type SandboxOptions, validateTools } from "../options/options.js";
import type { RunResult } from "../sandbox/result.js";
import { Sandbox } from "../sandbox/sandbox.js";
import { type CodeInterpreterCallItem, type CodeInterpreterItemType, toCodeInterpreterItem } from "./item.js";
import { renderForModel } from "./render.js";

/** The tool's arguments. */
export interface CodeRunnerArgs {
  code: string;
}

/** Options of {@link codeRunner}. */
export interface CodeRunnerOptions<TContext = unknown> {
  /** The sandbox to run in. By default the tool makes its own (from `sandboxOptions`), closed by `close()`. */
  sandbox?: Sandbox;
  /** Options of the sandbox the tool makes (ignored when `sandbox` is given). */
  sandboxOptions?: SandboxOptions;
  /**
   * The tool's name, as the model sees it.
   * @default "run_javascript"
   */
  name?: string;
  /** Replaces the generated description (which states the language, the limits and the tools). */
  description?: string;
  /**
   * Tools the code may call as `await tools.name(args)`; listed in the description.
   * @default the sandbox's own `tools`
   */
  tools?: readonly SandboxTool[];
  /**
   * Notebook semantics: the session the code runs in, so variables persist across calls. A string
   * names one session for every call; a function picks one per call (from `ctx.runContext`, say —
   * one per conversation); `undefined` (the default) runs every call in a fresh context.
   */
  session?: string | ((ctx: ToolContext<TContext>) => string | undefined);
  /** Per-call deadline in ms (at most 30000). @default the sandbox's `limits.timeoutMs` */
  timeoutMs?: number;
  /** @default false */
  needsApproval?: NeedsApproval<CodeRunnerArgs, TContext>;
  /** @default "openloop:code_interpreter_call" (see `toCodeInterpreterItem`) */
  itemType?: CodeInterpreterItemType;
}

/** What one hosted invocation produced. */
export interface CodeRunnerOutcome {
  /** What the model is shown (see `renderForModel`). */
  output: string;
  result: RunResult;
  /** The item a server presents for this call. */
  item: CodeInterpreterCallItem;
}

/** The code runner: a `FunctionTool` plus what a server needs to present it as a hosted tool. */
export interface CodeRunnerTool<TContext = unknown> extends FunctionTool<CodeRunnerArgs, TContext> {
  readonly sandbox: Sandbox;
  /** For servers presenting the tool as a hosted tool (a `code_interpreter_call`-style item). */
  readonly hosted: {
    readonly itemType: CodeInterpreterItemType;
    /** Runs the call and returns the model's text, the full result and the finished item. */
    invoke(args: CodeRunnerArgs, ctx: ToolContext<TContext>): Promise<CodeRunnerOutcome>;
    /**
     * The item for a call: `interpreting` without `result`, final with it. Its `container_id` is
     * the call's session (`sessionOf(ctx)`, so pass the call's `ctx` for a runner whose `session`
     * is a function), else a `cntr_…` id derived from `id`: the same for the in-flight item and the
     * finished one `invoke` returns.
     */
    toItem(init: {
      id: string;
      code: string;
      result?: RunResult;
      ctx?: ToolContext<TContext>;
    }): CodeInterpreterCallItem;
    /**
     * The session a call with this context runs in, as `invoke` picks it (the `session` option),
     * or `undefined` for a fresh context: a server names the call's container before it runs.
     */
    sessionOf(ctx: ToolContext<TContext>): string | undefined;
  };
  /** Closes the sandbox if the tool made it (a sandbox passed in is left to its owner). */
  close(): Promise<void>;
}

const PARAMETERS = z.object({
  code: z
    .string()
    .describe("JavaScript to run. Top-level await works; the value of the last expression is returned."),
});

/**
 * A tool that runs model-written JavaScript in the sandbox and answers with its output.
 *
 * @example
 * const runner = codeRunner({ tools: [getWeather], session: (ctx) => ctx.runContext.conversationId });
 * const agent = new Agent({ name: "analyst", model, tools: [runner] });
 * // … and when done: await runner.close();
 */
export function codeRunner<TContext = unknown>(
  options: CodeRunnerOptions<TContext> = {},
): CodeRunnerTool<TContext> {
  const owned = options.sandbox === undefined;
  if (!owned && !(options.sandbox instanceof Sandbox))
    throw invalidConfig("sandbox", "a Sandbox", options.sandbox);
  if (options.tools !== undefined) validateTools(options.tools, "tools");
  const name = options.name ?? "run_javascript";
  const session = options.session;
  if (session !== undefined && typeof session !== "string" && typeof session !== "function") {
    throw invalidConfig("session", "a string or a function", session);
  }
  // Checked now, not at the first call (where the error would name a per-run option).
  const { timeoutMs } = options;
  if (
    timeoutMs !== undefined &&
    (typeof timeoutMs !== "number" ||
      !Number.isInteger(timeoutMs) ||
      timeoutMs < 1 ||
      timeoutMs > MAX_TIMEOUT_MS)
  ) {
    throw invalidConfig("timeoutMs", `an integer from 1 to ${MAX_TIMEOUT_MS}`, timeoutMs);
  }
  const itemType = options.itemType ?? "openloop:code_interpreter_call";
  if (itemType !== "openloop:code_interpreter_call" && itemType !== "code_interpreter_call") {
    throw invalidConfig("itemType", '"openloop:code_interpreter_call" or "code_interpreter_call"', itemType);
  }
  // Cheap: a Sandbox starts no process until its first run.
  const sandbox = options.sandbox ?? new Sandbox(options.sandboxOptions);
  const tools = options.tools;
  const description =
    options.description ??
    describe({
      timeoutMs: options.timeoutMs ?? sandbox.limits.timeoutMs,
      memoryMb: sandbox.limits.memoryMb,
      maxOutputChars: sandbox.limits.maxOutputChars,
      persistent: session !== undefined,
      tools: tools ?? sandbox.tools,
    });

  const sessionOf = (ctx: ToolContext<TContext>): string | undefined =>
    typeof session === "function" ? session(ctx) : session;
  const invoke = async (args: CodeRunnerArgs, ctx: ToolContext<TContext>): Promise<CodeRunnerOutcome> => {
    const sessionId = sessionOf(ctx);
    const runOptions = {
      signal: ctx.signal,
      context: ctx.runContext,
      callId: ctx.callId,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(tools === undefined ? {} : { tools }),
    };
    const result =
      sessionId === undefined
        ? await sandbox.run(args.code, runOptions)
        : await sandbox.session(sessionId).run(args.code, runOptions);
    const item = toCodeInterpreterItem({ id: itemId(ctx.callId), code: args.code, result, type: itemType });
    return { output: renderForModel(result), result, item };
  };

  // core's tool() validates the definition and compiles the (strict) schema and its parser.
  const base = tool<typeof PARAMETERS, TContext>({
    name,
    description,
    parameters: PARAMETERS,
    strict: true,
    needsApproval: options.needsApproval ?? false,
    // No tool timeout: the sandbox enforces its own deadline, and tells the model about it.
    execute: async (args, ctx) => (await invoke(args, ctx)).output,
  });
  return {
    ...base,
    sandbox,
    hosted: {
      itemType,
      invoke,
      toItem: ({ id, code, result, ctx }) => {
        let containerId: string | undefined;
        try {
          containerId =
            typeof session === "string" ? session : ctx === undefined ? undefined : sessionOf(ctx);
        } catch {
          // The session function failed: the call fails the same way when it runs; name the call's own.
        }
        return toCodeInterpreterItem({
          id,
          code,
          type: itemType,
          ...(result === undefined ? {} : { result }),
          ...(containerId === undefined ? {} : { containerId }),
        });
      },
      sessionOf,
    },
    close: async () => {
      if (owned) await sandbox.close();
    },
  };
}

function itemId(callId: string): string {
  return callId.startsWith("ci_") ? callId : `ci_${callId}`;
}

function describe(d: {
  timeoutMs: number;
  memoryMb: number;
  maxOutputChars: number;
  persistent: boolean;
  tools: readonly SandboxTool[];
}): string {
  const lines = [
    "Run JavaScript in an isolated sandbox, like a REPL: you get back what it printed with console.log and the value of its last expression.",
    "Top-level await works. Only the ECMAScript built-ins exist: no require/import, no filesystem, no network, no process, no setTimeout.",
    `Limits per call: ${d.timeoutMs / 1000} s wall-clock, ${d.memoryMb} MB of memory, ${Math.round(d.maxOutputChars / 1024)} KiB of output.`,
    d.persistent
      ? "State persists between calls (notebook-style): variables, functions and classes defined in one call exist in the next; re-declaring them is fine."
      : "Each call starts from a clean state.",
  ];
  if (d.tools.length > 0) {
    lines.push(
      "Inside the code, these async functions are available (pass one object argument; they return the tool's result):",
    );
    for (const t of d.tools) lines.push(`- await tools.${t.name}(args): ${t.description}`);
  }
  return lines.join("\n");
}
