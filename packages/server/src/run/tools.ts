/**
 * @module run/tools — a request's `tools` and `tool_choice`, sorted into what the loop runs.
 *
 * Function tools the client sent are the client's: the loop offers them to the model and, when the
 * model calls one, pauses and hands the call to the client (the spec's external tools), exactly as
 * it pauses for an approval. Hosted tools (`{ type: "code_interpreter" }`) are the server's: the
 * model sees them as functions and the loop runs them.
 */
import type { AnyFunctionTool } from "@openloop/core";
import { type CreateResponseBody, OpenloopError, type ToolChoice } from "@openloop/protocol";
import { CODE_INTERPRETER_TYPES } from "../hosted/code-interpreter.js";

/** The request's tools, sorted. */
export interface RequestTools {
  /** The client's function tools, as loop tools that pause the run when called. */
  client: AnyFunctionTool[];
  /** Whether the hosted code runner is on for this request. */
  codeInterpreter: boolean;
  /** `tool_choice` for the loop (a hosted tool's choice turned into its function's). */
  toolChoice: ToolChoice | undefined;
}

/** What the server offers, for sorting. */
export interface HostedOffer {
  /** The code runner's function name, when the server has one. */
  codeTool: string | undefined;
  /** Offer the code runner on every request, not only when asked for. */
  always: boolean;
}

/**
 * A client function as a loop tool: its definition is sent as given; any arguments are accepted
 * (checking them is the client's business); and it always "needs approval", which is what makes the
 * loop stop and return the call, after running the turn's hosted calls, instead of running it.
 */
function clientTool(definition: {
  name: string;
  description?: string | null;
  parameters?: Record<string, unknown> | null;
  strict?: boolean;
}): AnyFunctionTool {
  return {
    type: "function",
    name: definition.name,
    description: definition.description ?? "",
    parameters: definition.parameters ?? { type: "object", properties: {} },
    strict: definition.strict ?? false,
    needsApproval: true,
    timeoutMs: undefined,
    parseArguments: (args: unknown) => ({ success: true, data: args }),
    execute: () => {
      throw new OpenloopError(
        "internal_error",
        `"${definition.name}" is the client's tool: the server never runs it.`,
      );
    },
  };
}

/**
 * Sorts `body.tools` and checks `body.tool_choice` against them.
 * @throws {OpenloopError} `invalid_request` naming the parameter: an unsupported tool type, a
 *   function named like a hosted tool or twice, a `tool_choice` naming a tool that is not offered.
 */
export function sortTools(body: CreateResponseBody, offer: HostedOffer): RequestTools {
  const client: AnyFunctionTool[] = [];
  const names = new Set<string>();
  let codeInterpreter = offer.always && offer.codeTool !== undefined;
  (body.tools ?? []).forEach((tool, i) => {
    if (tool.type === "function") {
      const fn = tool as {
        name: string;
        description?: string | null;
        parameters?: Record<string, unknown> | null;
      };
      if (fn.name === offer.codeTool || names.has(fn.name)) {
        throw new OpenloopError(
          "invalid_request",
          `tools[${i}]: the name "${fn.name}" is taken (${names.has(fn.name) ? "by another tool" : "by the server's hosted code tool"}).`,
          { param: `tools[${i}].name` },
        );
      }
      names.add(fn.name);
      client.push(clientTool(tool as Parameters<typeof clientTool>[0]));
    } else if (CODE_INTERPRETER_TYPES.has(tool.type) && offer.codeTool !== undefined) {
      codeInterpreter = true;
    } else {
      throw new OpenloopError(
        "invalid_request",
        `tools[${i}]: this server does not offer tools of type "${tool.type}" (it offers function tools${offer.codeTool === undefined ? "" : " and code_interpreter"}).`,
        { param: `tools[${i}].type` },
      );
    }
  });
  if (codeInterpreter) names.add(offer.codeTool!);
  return { client, codeInterpreter, toolChoice: checkChoice(body.tool_choice ?? undefined, names, offer) };
}

function checkChoice(
  choice: ToolChoice | undefined,
  names: ReadonlySet<string>,
  offer: HostedOffer,
): ToolChoice | undefined {
  if (choice === undefined || typeof choice === "string") return choice;
  const unknown = (name: string, param: string) =>
    new OpenloopError("invalid_request", `tool_choice names "${name}", which is not in tools.`, { param });
  if (choice.type === "function") {
    const name = (choice as { name: string }).name;
    if (!names.has(name)) throw unknown(name, "tool_choice.name");
    return choice;
  }
  if (choice.type === "allowed_tools") {
    const tools = (choice as { tools: { name: string }[] }).tools;
    tools.forEach((tool, i) => {
      if (!names.has(tool.name)) throw unknown(tool.name, `tool_choice.tools[${i}].name`);
    });
    return choice;
  }
  if (CODE_INTERPRETER_TYPES.has(choice.type) && offer.codeTool !== undefined && names.has(offer.codeTool)) {
    return { type: "function", name: offer.codeTool };
  }
  throw new OpenloopError(
    "invalid_request",
    `tool_choice of type "${choice.type}" names a tool that is not in tools.`,
    {
      param: "tool_choice",
    },
  );
}
