/**
 * @module tools/execute/types — the executor's inputs and outputs.
 */
import type { OpenloopError } from "@openloop/protocol";
import type PQueue from "p-queue";
import type { AnyFunctionTool, ToolOutput, ToolOutputPart } from "../types.js";
import type { CALL_LINK } from "./call-link.js";

/**
 * A model's `function_call` item, as far as the executor needs it.
 * (A local structural type: the protocol package's item types are assignable to it.)
 */
export interface FunctionCallLike {
  call_id: string;
  name: string;
  /** The arguments as the model sent them: JSON text (`""` is read as `{}`). */
  arguments: string;
  id?: string | null;
}

/** The spec's `function_call_output` item (input side) answering one call. */
export interface FunctionCallOutputItem {
  type: "function_call_output";
  call_id: string;
  output: string | ToolOutputPart[];
}

/** Why a call did not produce the tool's own output; each is an `OpenloopError` code. */
export type ToolCallErrorCode =
  | "invalid_tool_arguments"
  | "unknown_tool"
  | "tool_error"
  | "tool_timeout"
  | "aborted";

/** Sent to `onCallStart` when a call begins (for a call rejected before running: just before it finishes). */
export interface ToolCallStart {
  /** Position of the call in the batch. */
  index: number;
  call: FunctionCallLike;
  /** The tool, when the name is known. */
  tool: AnyFunctionTool | undefined;
  /** Validated arguments, when they parsed. */
  args: unknown;
}

interface ToolCallResultBase extends ToolCallStart {
  /** The item to append to the conversation for this call. */
  item: FunctionCallOutputItem;
  /** Milliseconds from the call's start to its end (0 for calls rejected before running). */
  durationMs: number;
}

/** What happened to one call, in call order; `item` is what the model will read. */
export type ToolCallResult =
  | (ToolCallResultBase & {
      ok: true;
      /** What `execute` returned. */
      value: ToolOutput;
      error?: undefined;
    })
  | (ToolCallResultBase & {
      ok: false;
      value?: undefined;
      /** What went wrong; the model saw `formatError(error)`. `cause` holds what the tool threw. */
      error: OpenloopError & { code: ToolCallErrorCode };
    });

/** Options of {@link executeToolCalls}. */
export interface ExecuteToolCallsOptions<TContext = unknown> {
  /** The tools the model may call, by name. */
  tools: Iterable<AnyFunctionTool<TContext>> | ReadonlyMap<string, AnyFunctionTool<TContext>>;
  /** Passed to every tool as `ctx.runContext`. */
  runContext?: TContext;
  /**
   * The run's signal. When it aborts, running tools see `ctx.signal` abort with its reason,
   * queued calls never start, and every unfinished call settles as `aborted` at once.
   */
  signal?: AbortSignal;
  /**
   * Timeout for tools without their own `timeoutMs`, in milliseconds (`Infinity` for none).
   * The clock starts when the call starts running, not while it waits in a queue.
   * @default 60_000
   */
  defaultTimeoutMs?: number;
  /**
   * Most calls of this batch running at once, when no `queue` is given.
   * @default Infinity
   */
  concurrency?: number;
  /**
   * The run's own limiter (one `PQueue` per run, reused across its turns). Takes precedence over
   * `concurrency`.
   * @example new PQueue({ concurrency: 4 })
   */
  queue?: PQueue;
  /**
   * A limiter shared by many runs (e.g. one per process, to cap tool load overall). A call holds
   * its run's slot while it waits here.
   */
  sharedQueue?: PQueue;
  /** Called as each call starts. Must not throw (an exception is ignored). */
  onCallStart?: (start: ToolCallStart) => void;
  /** Called as each call ends, in completion order. Must not throw (an exception is ignored). */
  onCallFinish?: (result: ToolCallResult) => void;
  /**
   * What the model reads for a failed call.
   * @default (error) => `Error: ${error.message}` (never the stack)
   */
  formatError?: (error: OpenloopError & { code: ToolCallErrorCode }, call: FunctionCallLike) => string;
  /** @internal The loop's link for linked tools (agents as tools), built per call. */
  [CALL_LINK]?: (call: FunctionCallLike) => unknown;
}

/** The outcome of a batch. */
export interface ExecuteToolCallsResult {
  /** One `function_call_output` per call, **in call order**. */
  items: FunctionCallOutputItem[];
  /** Per-call details, in call order (`results[i].item === items[i]`). */
  results: ToolCallResult[];
  /** Whether the run's signal aborted before every call finished on its own. */
  aborted: boolean;
}
