/**
 * @module hosted/code-interpreter — the sandbox code runner as the server's hosted tool.
 *
 * The model sees a function (`run_javascript`); the loop runs it like any tool; the client sees a
 * `code_interpreter_call` item (OpenAI's shape, which the `openai` SDK knows), or an
 * `openloop:code_interpreter_call` item when it opted in to extensions. A client that replays such
 * an item as input (stateless) gets it translated back into the call and output the model made.
 */
import { randomUUID } from "node:crypto";
import type { AnyFunctionTool, FunctionCallOutputItem, ToolContext } from "@openloop/core";
import type { ItemParam } from "@openloop/protocol";
import type { CodeInterpreterCallItem, CodeRunnerOutcome, CodeRunnerTool } from "@openloop/sandbox";

/** What the server's tools see as `ctx.runContext`. */
export interface ServerRunContext {
  /** The id of the response being made. */
  responseId: string;
  /**
   * The id of the first response of the `previous_response_id` chain (this response's own id when
   * it starts one): the same for every turn of a conversation, so a code runner can keep one
   * notebook session per conversation (`session: (ctx) => ctx.runContext.conversationId`).
   */
  conversationId: string;
}

/** Request tool types that turn the code runner on. */
export const CODE_INTERPRETER_TYPES: ReadonlySet<string> = new Set([
  "code_interpreter",
  "openloop:code_interpreter",
]);

/** The item type shown to a client: OpenAI's by default, the slug-prefixed one on opt-in. */
export function codeItemType(extensions: boolean): CodeInterpreterCallItem["type"] {
  return extensions ? "openloop:code_interpreter_call" : "code_interpreter_call";
}

/** The item id of a call (the sandbox's rule: `ci_` + the call id). */
export function codeItemId(callId: string): string {
  return callId.startsWith("ci_") ? callId : `ci_${callId}`;
}

/**
 * Names the container of each hosted call of one response, for the item's `container_id`: the
 * runner's session for the call (what `invoke` will run it in: `session: (ctx) =>
 * ctx.runContext.conversationId` gives every call of a conversation the same container), or, for a
 * runner without sessions, a fresh `cntr_…` id per call (its state is gone when it ends, so no
 * other call shares its container; a fixed name would claim they all did).
 */
export function containerNamer(
  runner: CodeRunnerTool<ServerRunContext> | undefined,
  runContext: ServerRunContext,
  signal: AbortSignal,
): (callId: string) => string {
  return (callId) => {
    let session: string | undefined;
    try {
      session = runner?.hosted.sessionOf({ callId, runContext, signal });
    } catch {
      // The runner's own session function failed: the call itself fails the same way when it runs.
    }
    return session ?? `cntr_${randomUUID().replaceAll("-", "")}`;
  };
}

/**
 * The runner as this request's loop tool: the same name, description and schema, run through
 * `hosted.invoke` so the finished item is kept (in `outcomes`, by call id) for the client.
 */
export function bindCodeRunner(
  runner: CodeRunnerTool<ServerRunContext>,
  outcomes: Map<string, CodeRunnerOutcome>,
): AnyFunctionTool<ServerRunContext> {
  return {
    type: "function",
    name: runner.name,
    description: runner.description,
    parameters: runner.parameters,
    strict: runner.strict,
    strictFallback: runner.strictFallback,
    needsApproval: false,
    timeoutMs: runner.timeoutMs,
    parseArguments: (args) => runner.parseArguments(args),
    execute: async (args: { code: string }, ctx: ToolContext<ServerRunContext>) => {
      const outcome = await runner.hosted.invoke(args, ctx);
      outcomes.set(ctx.callId, outcome);
      return outcome.output;
    },
  };
}

/**
 * The model's view of a `code_interpreter_call` item a client sent back as input: the function call
 * it made and the output it read. `undefined` when the item is not one of ours (no code).
 */
export function codeItemToModelItems(
  item: Record<string, unknown>,
  toolName: string,
): ItemParam[] | undefined {
  const id = item.id;
  const code = item.code;
  if (typeof id !== "string" || typeof code !== "string") return undefined;
  const callId = id.startsWith("ci_") ? id.slice(3) : id;
  const logs = Array.isArray(item.outputs)
    ? (item.outputs as { type?: unknown; logs?: unknown }[])
        .map((o) => (typeof o?.logs === "string" ? o.logs : ""))
        .join("\n")
    : "";
  const output: FunctionCallOutputItem = {
    type: "function_call_output",
    call_id: callId,
    output: logs === "" ? "(no output)" : logs,
  };
  return [
    {
      type: "function_call",
      call_id: callId,
      name: toolName,
      arguments: JSON.stringify({ code }),
      status: "completed",
    } as ItemParam,
    output as ItemParam,
  ];
}
