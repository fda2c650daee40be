/**
 * @module agent — `Agent`: a model, instructions and tools, with the rules of its loop.
 */
import type { CreateResponseBody, ResponseResource, ToolChoice, ToolParam } from "@openloop/protocol";
import { OpenloopError, outputText } from "@openloop/protocol";
import type { z as z3 } from "zod/v3";
import type * as z4 from "zod/v4/core";
import { type AgentToolOptions, agentTool } from "../agent-tool/as-tool.js";
import type { Model } from "../model/model.js";
import { compileOutput, type OutputConfig, textWithFormat } from "../output/output-schema.js";
import { parseFinalOutput } from "../output/parse-output.js";
import type { ToolUseBehavior } from "../stop/tool-use-behavior.js";
import type { AnyFunctionTool, FunctionTool, JsonSchema } from "../tools/index.js";
import { requestInclude } from "./include.js";
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
  /** The compiled `output` schema (undefined: the final answer is text). */
  output: OutputConfig | undefined;
  outputRetries: number;
  /** The request fields that do not change between turns (no `input`, `tools`, `instructions`). */
  baseRequest: Readonly<CreateResponseBody>;
  /** The user's own `include` (`modelSettings.include`), sent as given on chained requests. */
  explicitInclude: Readonly<CreateResponseBody["include"]>;
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
  readonly instructions: AgentOptions<TContext, TOutput>["instructions"];
  readonly tools: readonly AgentTool<TContext>[];
  /** The options as given (defaults not applied). */
  readonly options: Readonly<AgentOptions<TContext, TOutput>>;

  constructor(options: AgentOptions<TContext, TOutput>) {
    const sorted = validateOptions(options as unknown as AgentOptions<unknown, unknown>);
    this.options = Object.freeze({ ...options });
    this.name = options.name;
    this.model = options.model;
    this.instructions = options.instructions;
    this.tools = Object.freeze([...(options.tools ?? [])]);
    configs.set(
      this as Agent<never, unknown>,
      configure(options as unknown as AgentOptions<unknown, unknown>, sorted.functions, sorted.hosted),
    );
  }

  /** A copy of this agent with some options changed. */
  clone(overrides: Partial<AgentOptions<TContext, TOutput>>): Agent<TContext, TOutput> {
    return new Agent<TContext, TOutput>({ ...this.options, ...overrides });
  }

  /**
   * This agent as a tool another agent can call. Each call is a run of its own (its own turns and
   * budgets) that shares the caller's `context`, AbortSignal, shared tool queue and approvals: a
   * call needing approval inside it pauses the caller's whole run, and resuming the caller's
   * `RunState` continues it. Its final output (text, or a structured output as JSON) is the
   * `function_call_output`; its events reach the caller's stream as `agent.event`s.
   *
   * The tool takes `{ input: string }` by default (the nested run's user message); give `input` a
   * schema of your own to take structured arguments.
   *
   * @throws {OpenloopError} code `invalid_tool_definition`, as `tool()` does.
   * @example
   * ```ts
   * const orchestrator = new Agent({
   *   name: "orchestrator",
   *   model,
   *   tools: [researcher.asTool({ name: "research", description: "Finds facts on a topic" })],
   * });
   * ```
   */
  asTool(
    options: AgentToolOptions<{ input: string }, TContext> & { input?: undefined },
  ): FunctionTool<{ input: string }, TContext>;
  asTool<S extends z4.$ZodType>(
    options: AgentToolOptions<z4.output<S>, TContext> & { input: S },
  ): FunctionTool<z4.output<S>, TContext>;
  asTool<S extends z3.ZodTypeAny>(
    options: AgentToolOptions<z3.output<S>, TContext> & { input: S },
  ): FunctionTool<z3.output<S>, TContext>;
  asTool<TArgs = unknown>(
    options: AgentToolOptions<TArgs, TContext> & { input: JsonSchema },
  ): FunctionTool<TArgs, TContext>;
  // biome-ignore lint/suspicious/noExplicitAny: the overloads above carry the types.
  asTool(options: AgentToolOptions<any, TContext>): FunctionTool<any, TContext> {
    return agentTool(this as Agent<never, unknown>, options as AgentToolOptions<unknown, unknown>);
  }

  /**
   * Turns the final response into the run's `finalOutput`: with `output`, the response's text
   * JSON-decoded and validated by the schema; otherwise its text (every `output_text` of its
   * messages). A subclass may parse differently here.
   *
   * Contract: called with the response that ends a run `completed` or stopped by `stopWhen`
   * (never for `toolUseBehavior` stops, whose output is the tool's); may return a promise. A throw
   * fails the run with a `RunError` (an `OpenloopError`'s code is kept; anything else becomes
   * `internal_error`), except an `OpenloopError` of code `output_validation_error` from a
   * completed response: the model is then shown its message and asked again, up to `outputRetries`
   * times, so this may be called once per attempt. The built-in parser throws code `refusal` for a
   * message with a `refusal` part.
   */
  resolveFinalOutput(response: ResponseResource): TOutput | Promise<TOutput> {
    const output = configOf(this as Agent<never, unknown>).output;
    if (output !== undefined) return parseFinalOutput(output, response) as Promise<TOutput>;
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
  options: AgentOptions<unknown, unknown>,
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
  const output =
    options.output === undefined
      ? undefined
      : compileOutput(options.name, options.output, options.outputName, capabilities);
  if (output !== undefined) {
    const text = textWithFormat(output, settings.text);
    if (text !== undefined) baseRequest.text = text;
  }
  baseRequest.store = options.store ?? usePreviousResponseId;
  baseRequest.include = requestInclude(include, baseRequest.store === true || usePreviousResponseId);
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
    output,
    outputRetries: options.outputRetries ?? 1,
    baseRequest: Object.freeze(baseRequest),
    explicitInclude: include === undefined ? undefined : Object.freeze(include.slice()),
  };
}
