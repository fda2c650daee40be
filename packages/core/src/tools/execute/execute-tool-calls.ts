/**
 * @module tools/execute — runs a batch of the model's function calls.
 */
import { OpenloopError } from "@openloop/protocol";
import PQueue from "p-queue";
import type { AnyFunctionTool, ParseResult, ToolOutput } from "../types.js";
import {
  aborted,
  badArguments,
  badJson,
  badOutput,
  type CallError,
  toolFailed,
  unknownTool,
} from "./call-errors.js";
import { CALL_LINK, isLinked } from "./call-link.js";
import { renderToolOutput } from "./render-output.js";
import { runTool, type Settled } from "./run-tool.js";
import type {
  ExecuteToolCallsOptions,
  ExecuteToolCallsResult,
  FunctionCallLike,
  ToolCallResult,
  ToolCallStart,
} from "./types.js";

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Runs the model's function calls concurrently and answers each with a `function_call_output`,
 * **in call order** whatever the completion order. Arguments are JSON-decoded and validated
 * (`tool.parseArguments`); each tool runs under its timeout and the run's signal, through the
 * per-run limit (`queue` or `concurrency`) and the optional `sharedQueue`. An unknown tool, bad
 * JSON, a schema failure, a throw, a timeout or an abort becomes an output that tells the model
 * what went wrong; one call's failure never touches its siblings, and results completed before an
 * abort are kept. Never rejects for a tool's sake (only for invalid options).
 *
 * Advanced: for embedders writing their own loop. `run`/`runStream` call it for you; approvals
 * (`needsApproval`) and `tool_choice` are the loop's job and are not checked here.
 *
 * @example
 * ```ts
 * const { items, results } = await executeToolCalls(calls, { tools: [weather], signal, concurrency: 4 });
 * input.push(...items);
 * ```
 */
export async function executeToolCalls<TContext = unknown>(
  calls: readonly FunctionCallLike[],
  options: ExecuteToolCallsOptions<TContext>,
): Promise<ExecuteToolCallsResult> {
  const env = environment(options);
  const results = await Promise.all(calls.map((call, index) => runCall(call, index, env)));
  return {
    items: results.map((result) => result.item),
    results,
    aborted: results.some((result) => result.error?.code === "aborted"),
  };
}

interface Env {
  registry: ReadonlyMap<string, AnyFunctionTool>;
  runContext: unknown;
  signal: AbortSignal | undefined;
  defaultTimeoutMs: number;
  queue: PQueue | undefined;
  sharedQueue: PQueue | undefined;
  onCallStart: ((start: ToolCallStart) => void) | undefined;
  onCallFinish: ((result: ToolCallResult) => void) | undefined;
  formatError: (error: CallError, call: FunctionCallLike) => string;
  link: ((call: FunctionCallLike) => unknown) | undefined;
}

/** One call's bookkeeping: it starts once and finishes once, whichever path gets there first. */
interface CallState {
  start: ToolCallStart;
  started: boolean;
  startedAt: number;
  result: ToolCallResult | undefined;
}

async function runCall(call: FunctionCallLike, index: number, env: Env): Promise<ToolCallResult> {
  const tool = env.registry.get(call.name);
  const state: CallState = {
    start: { index, call, tool, args: undefined },
    started: false,
    startedAt: 0,
    result: undefined,
  };
  if (tool === undefined) return fail(state, env, unknownTool(call.name, [...env.registry.keys()]));
  let raw: unknown;
  try {
    // Some providers send "" for a tool without parameters.
    raw = call.arguments.trim() === "" ? {} : JSON.parse(call.arguments);
  } catch (error) {
    return fail(state, env, badJson(call.name, error));
  }
  const parsed = await parse(tool, raw);
  if (!parsed.success) return fail(state, env, badArguments(call.name, parsed.error));
  state.start.args = parsed.data;
  if (env.signal?.aborted) return fail(state, env, aborted(call.name, env.signal.reason));

  const exec = () => execute(tool, state, env);
  try {
    const { queue, signal } = env;
    // A linked tool's nested run takes shared slots itself (see call-link.ts).
    const sharedQueue = isLinked(tool) ? undefined : env.sharedQueue;
    // `signal` lets p-queue drop a queued call at once on abort instead of when a slot frees up.
    if (queue && sharedQueue) return await queue.add(() => sharedQueue.add(exec, { signal }), { signal });
    if (queue ?? sharedQueue) return await (queue ?? sharedQueue)!.add(exec, { signal });
    return await exec();
  } catch (reason) {
    // p-queue rejects with the signal's reason when the run aborts while the call waits (or runs).
    return fail(state, env, env.signal?.aborted ? aborted(call.name, reason) : toolFailed(call.name, reason));
  }
}

async function execute(tool: AnyFunctionTool, state: CallState, env: Env): Promise<ToolCallResult> {
  const name = tool.name;
  if (state.result !== undefined) return state.result;
  if (env.signal?.aborted) return fail(state, env, aborted(name, env.signal.reason));
  begin(state, env);
  const timeoutMs = tool.timeoutMs ?? env.defaultTimeoutMs;
  const outcome = await runTool(
    tool,
    state.start.args,
    state.start.call.call_id,
    env.runContext,
    env.signal,
    timeoutMs,
    env.link !== undefined && isLinked(tool) ? env.link(state.start.call) : undefined,
  );
  return settle(state, env, outcome);
}

function settle(state: CallState, env: Env, outcome: Settled): ToolCallResult {
  const name = state.start.call.name;
  switch (outcome.kind) {
    case "ok": {
      const rendered = renderToolOutput(outcome.value);
      if (!rendered.ok) return fail(state, env, badOutput(name, rendered.reason));
      const item = {
        type: "function_call_output" as const,
        call_id: state.start.call.call_id,
        output: rendered.output,
      };
      return finish(state, env, {
        ...state.start,
        ok: true,
        value: outcome.value as ToolOutput,
        item,
        durationMs: 0,
      });
    }
    case "threw":
      return fail(state, env, toolFailed(name, outcome.error));
    case "timeout":
      return fail(state, env, outcome.error);
    case "aborted":
      return fail(state, env, aborted(name, outcome.reason));
  }
}

function fail(state: CallState, env: Env, error: CallError): ToolCallResult {
  const output = env.formatError(error, state.start.call);
  const item = { type: "function_call_output" as const, call_id: state.start.call.call_id, output };
  return finish(state, env, { ...state.start, ok: false, error, item, durationMs: 0 });
}

function begin(state: CallState, env: Env): void {
  state.started = true;
  state.startedAt = performance.now();
  if (env.onCallStart) guard(() => env.onCallStart?.(state.start));
}

/** Records the call's result once (later arrivals get the first), with its start and finish hooks. */
function finish(state: CallState, env: Env, result: ToolCallResult): ToolCallResult {
  if (state.result !== undefined) return state.result;
  if (!state.started) begin(state, env);
  else result.durationMs = performance.now() - state.startedAt;
  state.result = result;
  if (env.onCallFinish) guard(() => env.onCallFinish?.(result));
  return result;
}

async function parse(tool: AnyFunctionTool, raw: unknown): Promise<ParseResult<unknown>> {
  try {
    const result = tool.parseArguments(raw);
    return result instanceof Promise ? await result : result;
  } catch (error) {
    // The contract says parseArguments does not throw; a hand-written tool might.
    return {
      success: false,
      error: `- at (root): ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/** Hooks belong to the embedder; an exception there must not cost a sibling its result. */
function guard(hook: () => void): void {
  try {
    hook();
  } catch {
    // Documented: hook exceptions are ignored.
  }
}

function environment<TContext>(options: ExecuteToolCallsOptions<TContext>): Env {
  const { concurrency, defaultTimeoutMs = DEFAULT_TIMEOUT_MS } = options;
  if (
    concurrency !== undefined &&
    !(concurrency === Infinity || (Number.isInteger(concurrency) && concurrency >= 1))
  ) {
    throw invalidOption(`\`concurrency\` must be an integer from 1 and up, got \`${concurrency}\``);
  }
  if (!(typeof defaultTimeoutMs === "number" && defaultTimeoutMs > 0)) {
    throw invalidOption(`\`defaultTimeoutMs\` must be a number above 0, got \`${defaultTimeoutMs}\``);
  }
  return {
    registry: toRegistry(options.tools as Iterable<AnyFunctionTool> | ReadonlyMap<string, AnyFunctionTool>),
    runContext: options.runContext,
    signal: options.signal,
    defaultTimeoutMs,
    queue:
      options.queue ??
      (concurrency !== undefined && concurrency !== Infinity ? new PQueue({ concurrency }) : undefined),
    sharedQueue: options.sharedQueue,
    onCallStart: options.onCallStart,
    onCallFinish: options.onCallFinish as ((result: ToolCallResult) => void) | undefined,
    formatError: options.formatError ?? ((error) => `Error: ${error.message}`),
    link: options[CALL_LINK],
  };
}

function toRegistry(
  tools: Iterable<AnyFunctionTool> | ReadonlyMap<string, AnyFunctionTool>,
): ReadonlyMap<string, AnyFunctionTool> {
  if (typeof (tools as ReadonlyMap<string, AnyFunctionTool>).get === "function") {
    return tools as ReadonlyMap<string, AnyFunctionTool>;
  }
  const registry = new Map<string, AnyFunctionTool>();
  for (const tool of tools as Iterable<AnyFunctionTool>) {
    if (registry.has(tool.name))
      throw invalidOption(`two tools are named "${tool.name}"; tool names must be unique`);
    registry.set(tool.name, tool);
  }
  return registry;
}

function invalidOption(message: string): OpenloopError {
  return new OpenloopError("invalid_config", `executeToolCalls: ${message}`);
}
