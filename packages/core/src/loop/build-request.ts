/**
 * @module loop/build-request — the request body for the next turn.
 */
import type { CreateResponseBody, ItemParam, ToolParam } from "@openloop/protocol";
import { replayItem } from "../reasoning/replay.js";
import { toolChoiceRequest } from "../tool-choice/request.js";
import type { LoopContext } from "./context.js";

/**
 * Builds the next request: the agent's fixed fields, `instructions`, `tools` and `tool_choice`
 * (adapted to the model's capabilities), and the input: the whole conversation (stateless), or
 * `previous_response_id` with only what is new since that response (chained).
 */
export function buildRequest(ctx: LoopContext): CreateResponseBody {
  const { config, data } = ctx;
  const request: CreateResponseBody = { ...config.baseRequest };
  if (ctx.instructions !== undefined) request.instructions = ctx.instructions;
  const { tools, tool_choice } = toolChoiceRequest(
    data.toolChoice,
    config.toolParams,
    ctx.model.capabilities,
  );
  if (tools !== undefined) request.tools = tools as ToolParam[];
  if (tool_choice !== undefined) request.tool_choice = tool_choice;
  const chain = data.chain;
  if (chain.enabled && !chain.fellBack && chain.previousResponseId !== null) {
    request.previous_response_id = chain.previousResponseId;
    // A chained request is stateful (the server holds the reasoning): the user's list as given.
    if (config.explicitInclude !== undefined) request.include = config.explicitInclude.slice();
    request.input = newItems(ctx, chain.sentItems);
  } else {
    // A copy: the loop keeps appending to `replay`, and a model may keep the request it was given.
    request.input = ctx.replay.slice();
  }
  return request;
}

/** The transcript (input, then generated items) from `from` on, as input items. */
function newItems(ctx: LoopContext, from: number): ItemParam[] {
  const { input, items } = ctx.data;
  const out: ItemParam[] = [];
  const total = input.length + items.length;
  for (let i = from; i < total; i++) {
    const item = i < input.length ? input[i]! : items[i - input.length]!;
    const replayed = replayItem(item, ctx.replayRules);
    if (replayed !== undefined) out.push(replayed);
  }
  return out;
}
