/**
 * @module agent/options — everything an `Agent` can be configured with.
 */
import type {
  CreateResponseBody,
  ReasoningParam,
  ResponseResource,
  ToolChoice,
  Usage,
} from "@openloop/protocol";
import type { Model } from "../model/model.js";
import type { OutputSchema } from "../output/output-schema.js";
import type { RunItem } from "../state/data.js";
import type { LoopDetectionOptions } from "../stop/loop-detection.js";
import type { ToolUseBehavior } from "../stop/tool-use-behavior.js";
import type { AnyFunctionTool } from "../tools/index.js";

/**
 * A tool the server runs itself (`{ type: "web_search" }`, `{ type: "mcp", ... }`, ...): sent as
 * is in `tools`, never executed by the loop. Its output items are kept and replayed like any other.
 */
export interface HostedTool {
  readonly type: string;
  readonly [key: string]: unknown;
}

/** A tool an agent offers: a function tool (from `tool()`), or a hosted tool. */
export type AgentTool<TContext = unknown> = AnyFunctionTool<TContext> | HostedTool;

/** What `instructions` as a function receives. */
export interface InstructionsContext<TContext> {
  /** The run's `context`. */
  runContext: TContext;
  /** The agent's name. */
  agent: string;
}

/** What a `stopWhen` predicate receives after each turn. */
export interface StopWhenContext<TContext> {
  /** The turn that just finished (from 1). */
  turn: number;
  /** That turn's response. */
  response: ResponseResource;
  /** Everything generated so far (see `RunResult.items`). */
  items: readonly RunItem[];
  /** Tokens used so far, summed. */
  usage: Usage;
  /** Tool calls run so far. */
  toolCalls: number;
  /** The run's `context`. */
  runContext: TContext;
}

/**
 * Request fields passed to the model as given (`temperature`, `top_p`, `max_output_tokens`,
 * `truncation`, `text`, `metadata`, `service_tier`, `include`, ...). The loop's own fields
 * (`input`, `tools`, `tool_choice`, `instructions`, `previous_response_id`, `store`,
 * `parallel_tool_calls`, `reasoning`, `stream`) are set through the agent's options instead.
 *
 * `include` is merged with the loop's own `"reasoning.encrypted_content"` (yours first, no
 * duplicates), which stateless replay needs; on a stateful run (`store: true` or
 * `previous_response_id` chaining) it is sent as given.
 */
export type ModelSettings = Pick<
  CreateResponseBody,
  | "temperature"
  | "top_p"
  | "presence_penalty"
  | "frequency_penalty"
  | "max_output_tokens"
  | "max_tool_calls"
  | "truncation"
  | "text"
  | "metadata"
  | "service_tier"
  | "top_logprobs"
  | "safety_identifier"
  | "prompt_cache_key"
  | "include"
> & {
  /** Vendor fields merged into every request body as given (e.g. `{ top_k: 40 }`). */
  extraBody?: Record<string, unknown>;
};

/**
 * Options of `new Agent(...)`. Only `name` and `model` are required. `TOutput` is the type of the
 * final answer: inferred from a zod `output` schema, `string` without one.
 */
export interface AgentOptions<TContext = unknown, TOutput = string> {
  /**
   * The agent's name: in events, errors, and its run states (a state resumes only with an agent of
   * the same name).
   * @example "travel-planner"
   */
  name: string;
  /**
   * System instructions, sent as the request's `instructions`. A function is called once per run
   * with the run's context.
   * @default none
   * @example ({ runContext }) => `You help ${runContext.user}.`
   */
  instructions?: string | ((ctx: InstructionsContext<TContext>) => string | Promise<string>);
  /**
   * The model: `openResponses(...)`, a preset such as `openai({ model })`, an adapter, or a test
   * double such as `ScriptedModel`.
   */
  model: Model;
  /**
   * Tools the model may call: function tools made with `tool()` (run by the loop) and hosted
   * tools (run by the server).
   * @default []
   */
  tools?: readonly AgentTool<TContext>[];
  /**
   * `tool_choice`, enforced on the client whatever the server does: `"auto"`, `"none"`,
   * `"required"`, `{ type: "function", name }`, `{ type: "allowed_tools", tools, mode }`.
   * See docs/tool-choice.md.
   * @default "auto"
   */
  toolChoice?: ToolChoice;
  /**
   * After a forced `toolChoice` (`required`, a function, `allowed_tools` with mode `required`) is
   * met, go back to `"auto"` so the model is not forced to call tools forever.
   * @default true
   */
  resetToolChoice?: boolean;
  /**
   * How many times a turn that broke `toolChoice` is retried (with a correction message when a call
   * was missing) before the run fails with `tool_choice_violation`.
   * @default 1
   */
  toolChoiceRetries?: number;
  /**
   * `parallel_tool_calls` for the server. `false` also makes the loop run a response's calls one at
   * a time, in order, should the server send several anyway.
   * @default not sent (the server's default, usually parallel)
   */
  parallelToolCalls?: boolean;
  /**
   * Most model responses in one run; the run fails with `max_turns_exceeded` beyond it.
   * @default 10
   */
  maxTurns?: number;
  /**
   * Reasoning settings sent to reasoning models.
   * @default none
   * @example { effort: "high", summary: "auto" }
   */
  reasoning?: ReasoningParam;
  /**
   * The schema of a structured final answer: a zod 4 or zod 3 schema (the answer's type is
   * inferred from it), or a JSON Schema object (name the type: `new Agent<Ctx, Answer>(...)`). Its
   * root is an object. It is converted and strict-normalized as tool parameters are, and sent as
   * `text.format` (`json_schema`); `result.finalOutput` is the parsed, validated value. A model whose
   * `capabilities.jsonSchemaOutput` is false gets the schema in its instructions instead.
   * See docs/structured-output.md.
   * @default none (the final answer is the response's text)
   * @example z.object({ city: z.string(), temperature: z.number() })
   */
  output?: OutputSchema<TOutput>;
  /**
   * `text.format.name` of the `output` schema (`^[a-zA-Z0-9_-]{1,64}$`).
   * @default "final_output"
   */
  outputName?: string;
  /**
   * How many times a final answer that is not valid JSON or fails `output` is sent back to the
   * model (with what is wrong) before the run fails with `output_validation_error`.
   * @default 1
   */
  outputRetries?: number;
  /**
   * Other request fields: temperature, max_output_tokens, ...
   * @default {}
   */
  modelSettings?: ModelSettings;
  /**
   * What happens after tools ran: `"run_llm_again"`, `"stop_on_first_tool"` (that tool's output is
   * the final output) or `{ stopAtTools: [names] }`.
   * @default "run_llm_again"
   */
  toolUseBehavior?: ToolUseBehavior;
  /**
   * Ends the run (status `stopped`) when it returns true. Called after each turn that would
   * otherwise continue (after its tools ran).
   * @default none
   * @example ({ usage }) => usage.total_tokens > 50_000
   */
  stopWhen?: (ctx: StopWhenContext<TContext>) => boolean | Promise<boolean>;
  /**
   * The request's `store`. With `false` the server keeps nothing, and the loop replays the whole
   * conversation each turn (reasoning included, as encrypted content).
   * @default false (true when `usePreviousResponseId`)
   */
  store?: boolean;
  /**
   * Continue each turn from the last response with `previous_response_id`, sending only the new
   * items, instead of replaying everything. If the server answers that it does not know the id, the
   * loop replays the whole conversation for that turn and every later one.
   * @default false
   */
  usePreviousResponseId?: boolean;
  /**
   * Most tool calls in one run; a response whose calls would go over it fails the run with
   * `budget_exceeded` (none of them runs).
   * @default unlimited
   */
  maxToolCalls?: number;
  /**
   * Token budget for the run (total tokens, summed over turns). Once reached, the next model request
   * is not sent and the run fails with `budget_exceeded`.
   * @default unlimited
   */
  maxTokens?: number;
  /**
   * Wall-clock budget for the run in milliseconds (time paused for approvals does not count; above
   * 2^31-1 ms it is no limit). When it runs out, the model request and running tools are aborted
   * and the run fails with `budget_exceeded`.
   * @default unlimited
   */
  timeoutMs?: number;
  /**
   * Fail with `loop_detected` when the model makes the same call (name and arguments) this many
   * times in a row; `false` turns it off.
   * @default { threshold: 3 }
   */
  loopDetection?: LoopDetectionOptions | false;
  /**
   * Timeout for each tool call without its own `timeoutMs` (`Infinity`, or any value above
   * 2^31-1 ms, for none).
   * @default 60_000
   */
  toolTimeoutMs?: number;
  /**
   * Most tool calls of one run running at once (a shared limit across runs: `toolQueue` of `run`).
   * @default unlimited (1 when `parallelToolCalls` is false)
   */
  maxConcurrentTools?: number;
}
