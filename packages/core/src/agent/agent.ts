/**
 * @module agent — `Agent`: a model, instructions and tools, with the rules of its loop.
 */
import type { CreateResponseBody, ResponseResource, ToolChoice, ToolParam } from "@openloop/protocol";
import { OpenloopError, outputText } from "@openloop/protocol";
import type { Model } from "../model/model.js";
import type { ToolUseBehavior } from "../stop/tool-use-behavior.js";
import type { AnyFunctionTool } from "../tools/index.js";
import type { AgentOptions, AgentTool, StopWhenContext } from "./options.js";
import { validateOptions } from "./validate.js";

/** The run-ready form of an agent's options (defaults applied), for the loop. */
export interface AgentConfig {
  functions: ReadonlyMap<string, AnyFunctionTool>;
  /** `tools` as sent: function tools as spec `function` tools, hosted tools as given. */
  toolParams: readonly ToolParam[];
  toolChoice: ToolChoice | null;
  resetToolChoice: boolean;
  toolChoiceRetries: number;
  parallelToolCalls: boolean | undefined;
  maxTurns: number;
  maxToolCalls: number | undefined;
  maxTokens: number | undefined;
  timeoutMs: number | undefined;
  loopThreshold: number | undefined;
  toolTimeoutMs: number;
  maxConcurrentTools: number | undefined;
  toolUseBehavior: ToolUseBehavior;
  stopWhen: ((ctx: StopWhenContext<unknown>) => boolean | Promise<boolean>) | undefined;
  usePreviousResponseId: boolean;
  /** The request fields that do not change between turns (no `input`, `tools`, `instructions`). */
  baseRequest: Readonly<CreateResponseBody>;
}

const configs = new WeakMap<Agent<never, unknown>, AgentConfig>();

/**
 * An agent: a model, instructions, tools, and the rules its loop follows (tool_choice, budgets,
 * stop conditions). Immutable and reusable: run it any number of times, concurrently, with
 * `run(agent, input)` or `runStream(agent, input)`.
 *
 * @throws {OpenloopError} code `invalid_config` for an invalid option (the message names it).
 * @example
 * ```ts
 * const agent = new Agent({
 *   name: "weather",
 *   instructions: "Answer with the current weather.",
 *   model: openai({ model: "gpt-5-mini" }),
 *   tools: [getWeather],
 * });
 * const result = await run(agent, "Weather in Paris?");
 * console.log(result.finalOutput);
 * ```
 */
export class Agent<TContext = unknown, TOutput = string> {
  readonly name: string;
  readonly model: Model;
  readonly instructions: AgentOptions<TContext>["instructions"];
  readonly tools: readonly AgentTool<TContext>[];
  /** The options as given (defaults not applied). */
  readonly options: Readonly<AgentOptions<TContext>>;

  constructor(options: AgentOptions<TContext>) {
    const sorted = validateOptions(options as AgentOptions<unknown>);
    this.options = Object.freeze({ ...options });
    this.name = options.name;
    this.model = options.model;
    this.instructions = options.instructions;
    this.tools = Object.freeze([...(options.tools ?? [])]);
    configs.set(
      this as Agent<never, unknown>,
      configure(options as AgentOptions<unknown>, sorted.functions, sorted.hosted),
    );
  }

  /** A copy of this agent with some options changed. */
  clone(overrides: Partial<AgentOptions<TContext>>): Agent<TContext, TOutput> {
    return new Agent<TContext, TOutput>({ ...this.options, ...overrides });
  }

  /**
   * Turns the final response into the run's `finalOutput`: by default its text (every
   * `output_text` of its messages). The extension point for typed outputs: a subclass (or a later
   * `outputType` option) parses and validates here.
   *
   * Contract: called once per run that ends `completed` or stopped by `stopWhen`, with the
   * response that ended it (never for `toolUseBehavior` stops, whose output is the tool's); may
   * return a promise; a throw fails the run with a `RunError` (an `OpenloopError`'s code is kept,
   * e.g. `output_validation_error`; anything else becomes `internal_error`).
   */
  resolveFinalOutput(response: ResponseResource): TOutput | Promise<TOutput> {
    return outputText(response) as TOutput;
  }
}

/** @internal The agent's run-ready configuration. */
export function configOf(agent: Agent<never, unknown>): AgentConfig {
  const config = configs.get(agent);
  if (config === undefined)
    throw new OpenloopError("invalid_config", "Expected an Agent (create one with new Agent({ ... })).");
  return config;
}

function configure(
  options: AgentOptions<unknown>,
  functions: Map<string, AnyFunctionTool>,
  hosted: readonly AgentTool<unknown>[],
): AgentConfig {
  const capabilities = options.model.capabilities;
  const strictOk = capabilities?.strictTools !== false;
  const toolParams: ToolParam[] = [];
  for (const fn of functions.values()) {
    toolParams.push({
      type: "function",
      name: fn.name,
      description: fn.description,
      parameters: fn.parameters as Record<string, unknown>,
      strict: fn.strict && strictOk,
    });
  }
  for (const tool of hosted) toolParams.push(tool as ToolParam);

  const usePreviousResponseId = options.usePreviousResponseId === true;
  const { extraBody, include, ...settings } = options.modelSettings ?? {};
  const baseRequest: CreateResponseBody = { ...extraBody, ...settings };
  baseRequest.store = options.store ?? usePreviousResponseId;
  // Asked for in both modes: stateless replay needs it, and a chained run that falls back to
  // replaying (the server lost the id) needs it too. An explicit `include` is sent as given.
  baseRequest.include = include ?? ["reasoning.encrypted_content"];
  if (options.reasoning !== undefined) baseRequest.reasoning = options.reasoning;
  if (options.parallelToolCalls !== undefined) baseRequest.parallel_tool_calls = options.parallelToolCalls;

  const detection = options.loopDetection;
  return {
    functions,
    toolParams,
    toolChoice: options.toolChoice ?? null,
    resetToolChoice: options.resetToolChoice ?? true,
    toolChoiceRetries: options.toolChoiceRetries ?? 1,
    parallelToolCalls: options.parallelToolCalls,
    maxTurns: options.maxTurns ?? 10,
    maxToolCalls: options.maxToolCalls,
    maxTokens: options.maxTokens,
    timeoutMs: options.timeoutMs,
    loopThreshold: detection === false ? undefined : (detection?.threshold ?? 3),
    toolTimeoutMs: options.toolTimeoutMs ?? 60_000,
    maxConcurrentTools: options.maxConcurrentTools ?? (options.parallelToolCalls === false ? 1 : undefined),
    toolUseBehavior: options.toolUseBehavior ?? "run_llm_again",
    stopWhen: options.stopWhen,
    usePreviousResponseId,
    baseRequest: Object.freeze(baseRequest),
  };
}
