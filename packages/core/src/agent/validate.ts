/**
 * @module agent/validate — checks an agent's options once, at construction, with one message
 * template: ``Invalid agent "x": expected `maxTurns` to be an integer from 1 and up, got `0` (number).``
 */
import { OpenloopError, ToolChoice } from "@openloop/protocol";
import type { AnyFunctionTool } from "../tools/index.js";
import type { AgentOptions, AgentTool, HostedTool } from "./options.js";

/** Function tools by name, and hosted tools, from the options' `tools`. */
export interface SortedTools {
  functions: Map<string, AnyFunctionTool>;
  hosted: HostedTool[];
}

export function validateOptions(options: AgentOptions<unknown, unknown>): SortedTools {
  if (typeof options !== "object" || options === null) {
    throw new OpenloopError(
      "invalid_config",
      `new Agent() expects an options object, got ${String(options)}`,
    );
  }
  const label = typeof options.name === "string" && options.name !== "" ? `"${options.name}"` : "(unnamed)";
  const fail = (message: string): never => {
    throw new OpenloopError("invalid_config", `Invalid agent ${label}: ${message}`);
  };
  const expected = (key: string, what: string, value: unknown): never =>
    fail(`expected \`${key}\` to be ${what}, got \`${show(value)}\` (${typeof value})`);

  if (typeof options.name !== "string" || options.name.trim() === "")
    expected("name", "a non-empty string", options.name);
  const model = options.model as { stream?: unknown } | undefined;
  if (typeof model !== "object" || model === null || typeof model.stream !== "function") {
    expected("model", "a Model (an object with a stream() method)", options.model);
  }
  const instructions = options.instructions;
  if (instructions !== undefined && typeof instructions !== "string" && typeof instructions !== "function") {
    expected("instructions", "a string or a function", instructions);
  }
  integer(options, "maxTurns", 1, expected);
  integer(options, "maxToolCalls", 1, expected);
  integer(options, "maxTokens", 1, expected);
  integer(options, "toolChoiceRetries", 0, expected);
  integer(options, "outputRetries", 0, expected);
  if (options.output !== undefined && options.modelSettings?.text?.format != null) {
    fail(
      "`output` and `modelSettings.text.format` both set the answer's format; keep `output` (it sends text.format itself)",
    );
  }
  if (options.output === undefined && options.outputName !== undefined)
    fail("`outputName` names the `output` schema, but there is no `output`");
  positive(options, "timeoutMs", expected);
  positive(options, "toolTimeoutMs", expected);
  const concurrency = options.maxConcurrentTools;
  if (
    concurrency !== undefined &&
    concurrency !== Infinity &&
    !(Number.isInteger(concurrency) && concurrency >= 1)
  ) {
    expected("maxConcurrentTools", "an integer from 1 and up (or Infinity)", concurrency);
  }
  for (const key of ["resetToolChoice", "parallelToolCalls", "store", "usePreviousResponseId"] as const) {
    if (options[key] !== undefined && typeof options[key] !== "boolean")
      expected(key, "a boolean", options[key]);
  }
  if (options.stopWhen !== undefined && typeof options.stopWhen !== "function")
    expected("stopWhen", "a function", options.stopWhen);
  const detection = options.loopDetection;
  if (detection !== undefined && detection !== false) {
    const threshold = (detection as { threshold?: unknown })?.threshold;
    if (
      typeof detection !== "object" ||
      (threshold !== undefined && !(Number.isInteger(threshold) && (threshold as number) >= 2))
    )
      expected("loopDetection", "false or { threshold: an integer from 2 and up }", threshold ?? detection);
  }
  const behavior = options.toolUseBehavior;
  if (
    behavior !== undefined &&
    behavior !== "run_llm_again" &&
    behavior !== "stop_on_first_tool" &&
    !(typeof behavior === "object" && behavior !== null && Array.isArray(behavior.stopAtTools))
  ) {
    expected(
      "toolUseBehavior",
      '"run_llm_again", "stop_on_first_tool" or { stopAtTools: [names] }',
      behavior,
    );
  }

  const tools = sortTools(options.tools ?? [], fail);
  checkToolChoice(options, tools, fail);
  if (typeof behavior === "object") checkStopAtTools(behavior.stopAtTools, tools, fail);
  return tools;
}

function sortTools(list: readonly AgentTool<unknown>[], fail: (m: string) => never): SortedTools {
  if (!Array.isArray(list)) fail(`expected \`tools\` to be an array, got \`${show(list)}\``);
  const functions = new Map<string, AnyFunctionTool>();
  const hosted: HostedTool[] = [];
  list.forEach((entry, i) => {
    if (typeof entry !== "object" || entry === null || typeof entry.type !== "string") {
      fail(`tools[${i}] is not a tool (create function tools with tool())`);
    }
    const fn = entry as Partial<AnyFunctionTool>;
    if (typeof fn.execute !== "function") {
      if (entry.type === "function") {
        fail(`tools[${i}] ("${String(fn.name)}") is a function tool without execute; create it with tool()`);
      }
      hosted.push(entry as HostedTool);
      return;
    }
    if (
      typeof fn.name !== "string" ||
      typeof fn.parseArguments !== "function" ||
      typeof fn.parameters !== "object"
    ) {
      fail(`tools[${i}] is not a complete function tool; create it with tool()`);
    }
    if (functions.has(fn.name!)) fail(`two tools are named "${fn.name}"; tool names must be unique`);
    functions.set(fn.name!, entry as AnyFunctionTool);
  });
  return { functions, hosted };
}

function checkToolChoice(
  options: AgentOptions<unknown, unknown>,
  tools: SortedTools,
  fail: (m: string) => never,
): void {
  const choice = options.toolChoice;
  if (choice === undefined) return;
  if (!ToolChoice.safeParse(choice).success) {
    fail(
      `\`toolChoice\` must be "auto", "none", "required", { type: "function", name } or { type: "allowed_tools", tools, mode }, got \`${show(choice)}\``,
    );
  }
  const count = tools.functions.size + tools.hosted.length;
  if (count === 0 && choice !== "auto" && choice !== "none")
    fail(`\`toolChoice\` ${show(choice)} needs at least one tool`);
  const names =
    typeof choice === "object" && choice.type === "function"
      ? [(choice as { name: string }).name]
      : typeof choice === "object" && choice.type === "allowed_tools"
        ? (choice as { tools: { name: string }[] }).tools.map((t) => t.name)
        : [];
  for (const name of names) {
    if (!tools.functions.has(name)) {
      const known = [...tools.functions.keys()];
      fail(
        `\`toolChoice\` names the tool "${name}", which is not among the agent's function tools (${known.length === 0 ? "none" : known.join(", ")})`,
      );
    }
  }
}

/** A name no function tool has would never stop the run: almost surely a typo. */
function checkStopAtTools(names: readonly unknown[], tools: SortedTools, fail: (m: string) => never): void {
  for (const name of names) {
    if (typeof name === "string" && tools.functions.has(name)) continue;
    const known = [...tools.functions.keys()];
    fail(
      `\`toolUseBehavior.stopAtTools\` names ${show(name)}, which is not among the agent's function tools (${known.length === 0 ? "none" : known.join(", ")})`,
    );
  }
}

type Expected = (key: string, what: string, value: unknown) => never;

function integer(
  options: AgentOptions<unknown, unknown>,
  key: keyof AgentOptions<unknown, unknown>,
  min: number,
  expected: Expected,
) {
  const value = options[key];
  if (value !== undefined && !(Number.isInteger(value) && (value as number) >= min))
    expected(key, `an integer from ${min} and up`, value);
}

function positive(
  options: AgentOptions<unknown, unknown>,
  key: keyof AgentOptions<unknown, unknown>,
  expected: Expected,
) {
  const value = options[key];
  if (value !== undefined && !(typeof value === "number" && value > 0))
    expected(key, "a number above 0 (Infinity for none)", value);
}

function show(value: unknown): string {
  if (typeof value === "function") return "function";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
