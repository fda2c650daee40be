/**
 * @module loop/run-loop — the agent loop: plain functions over a context and an event sink.
 *
 * request → stream → (tool_choice policy → approvals → tools) → next turn, until a response has
 * no function call to answer (completed), calls wait for approval (interrupted), the agent's rules
 * stop it (stopped), or something fails (a `RunError` with the partial result).
 */
import { OpenloopError, type ResponseResource } from "@openloop/protocol";
import type { RunError } from "../errors/run-error.js";
import type { RunResult } from "../run/result.js";
import { commitTurns } from "../session/commit.js";
import type { CallItem } from "../state/data.js";
import { pendingApprovalsOf } from "../state/run-state.js";
import { checkBeforeTurn } from "../stop/budgets.js";
import { decideToolCalls } from "../tool-choice/policy.js";
import { addUsage, usageOf } from "../usage/usage.js";
import { type AnswerEnd, answerCalls, beginAnswering, violationError } from "./answer-calls.js";
import { buildRequest } from "./build-request.js";
import { appendItems, type LoopContext } from "./context.js";
import { answerOf, emptyResponseError, stoppedOutput, toolStopOutput } from "./final-output.js";
import { failRun, finishRun } from "./finish.js";
import { abortError, isPreviousResponseNotFound, streamTurn } from "./stream-turn.js";

/** How the loop ended: a result to resolve with, or a `RunError` to reject with. */
export type LoopOutcome = { ok: true; result: RunResult<unknown> } | { ok: false; error: RunError<unknown> };

/** Runs (or resumes) the loop to its end. Never throws. */
export async function runLoop(ctx: LoopContext): Promise<LoopOutcome> {
  ctx.sink.push({ type: "run.started", agent: ctx.data.agent, resumed: ctx.resumed, input: ctx.data.input });
  try {
    let end: LoopEnd | undefined;
    if (ctx.data.pending !== null) end = await afterAnswer(ctx, await answerCalls(ctx));
    while (end === undefined) end = await takeTurn(ctx);
    return { ok: true, result: await settle(ctx, end) };
  } catch (thrown) {
    // Turns that completed before the failure are kept (a failed turn is never half-written).
    if (!OpenloopError.is(thrown, "session_error")) await commitTurns(ctx).catch(() => undefined);
    return { ok: false, error: failRun(ctx, thrown) };
  }
}

type LoopEnd =
  | { kind: "completed"; response: ResponseResource; finalOutput: unknown }
  | { kind: "interrupted" }
  | {
      kind: "stopped";
      finalOutput: unknown;
      reason: { code: "stop_when" | "stop_on_first_tool" | "stop_at_tools"; message: string };
    };

/** One turn: request, stream, and what the response calls for. `undefined`: go on. */
async function takeTurn(ctx: LoopContext): Promise<LoopEnd | undefined> {
  const { data, config, sink } = ctx;
  // The previous turn is complete (its calls answered): the session gets it before the next one.
  await commitTurns(ctx);
  if (ctx.signal.aborted) throw abortError(ctx.signal.reason);
  const limit = checkBeforeTurn(ctx.budgets, data.turns, ctx.usage);
  if (limit) throw limit;

  const turn = data.turns + 1;
  let request = buildRequest(ctx);
  sink.push({ type: "turn.started", turn, request });
  let { response, failure } = await streamTurn(ctx, request, turn);
  if (failure && request.previous_response_id != null && isPreviousResponseNotFound(failure)) {
    if (data.chain.fromOutside) throw failure;
    // The server lost the chain: replay everything, this turn and every later one.
    data.chain.fellBack = true;
    request = buildRequest(ctx);
    sink.push({
      type: "turn.retrying",
      turn,
      reason: { code: failure.code, message: failure.message },
      request,
    });
    ({ response, failure } = await streamTurn(ctx, request, turn));
  }
  data.responses.push(response);
  if (failure) throw failure;

  data.turns = turn;
  const usage = usageOf(response.usage);
  data.usageByTurn.push(usage);
  addUsage(ctx.usage, usage);
  sink.push({ type: "turn.completed", turn, response, usage });
  // Before the items join the transcript: a turn with no answer is never replayed or stored.
  const empty = emptyResponseError(response, turn);
  if (empty !== undefined) throw empty;
  appendItems(ctx, response.output);
  data.chain.previousResponseId = response.id;
  data.chain.sentItems = data.input.length + data.items.length;

  const calls: CallItem[] = [];
  let hostedCall = false;
  for (const item of response.output) {
    if (item.type === "function_call") calls.push(item as CallItem);
    else if (item.type.endsWith("_call")) hostedCall = true;
  }
  const decision = decideToolCalls(data.toolChoice, calls, config.functions, { hostedCall });
  const violation = decision.violation;
  if (violation === undefined) {
    data.violations = 0;
  } else {
    data.violations++;
    const retry = data.violations <= config.toolChoiceRetries;
    sink.push({
      type: "tool_choice.violated",
      turn,
      kind: violation.kind,
      message: violation.message,
      toolChoice: data.toolChoice ?? "auto",
      retry,
      correction: retry ? decision.correction : undefined,
    });
    if (violation.kind === "missing_call") {
      if (!retry) throw violationError(violation.message, config.toolChoiceRetries);
      appendItems(ctx, [decision.correction!]);
      return stopWhen(ctx, response);
    }
  }
  if (calls.length === 0) {
    const answer = await answerOf(ctx, response, turn);
    // No answer: the model was shown why its reply is invalid, and is asked again.
    return answer === undefined ? undefined : { kind: "completed", response, ...answer };
  }

  beginAnswering(ctx, turn, calls, decision);
  const answered = await answerCalls(ctx);
  if (violation?.kind === "forbidden_call" && data.violations > config.toolChoiceRetries) {
    throw violationError(violation.message, config.toolChoiceRetries);
  }
  return afterAnswer(ctx, answered);
}

async function afterAnswer(ctx: LoopContext, end: AnswerEnd | undefined): Promise<LoopEnd | undefined> {
  if (end !== undefined) return end;
  const last = ctx.data.responses[ctx.data.responses.length - 1];
  return last === undefined ? undefined : stopWhen(ctx, last);
}

/** The agent's `stopWhen`, after a turn that would otherwise continue. */
async function stopWhen(ctx: LoopContext, response: ResponseResource): Promise<LoopEnd | undefined> {
  const predicate = ctx.config.stopWhen;
  if (predicate === undefined) return undefined;
  const { data } = ctx;
  const stop = await predicate({
    turn: data.turns,
    response,
    items: data.items,
    usage: { ...ctx.usage },
    toolCalls: data.toolCalls,
    runContext: ctx.runContext,
  });
  if (stop !== true) return undefined;
  return {
    kind: "stopped",
    finalOutput: await stoppedOutput(ctx, response),
    reason: { code: "stop_when", message: `stopWhen returned true after turn ${data.turns}.` },
  };
}

async function settle(ctx: LoopContext, end: LoopEnd): Promise<RunResult<unknown>> {
  const { sink } = ctx;
  if (end.kind !== "interrupted") await commitTurns(ctx);
  if (end.kind === "completed") {
    const result = finishRun(
      ctx,
      "completed",
      {
        code: "completed",
        message: `The model gave its final answer in turn ${ctx.data.turns}.`,
      },
      end.finalOutput,
    );
    sink.push({ type: "run.completed", result });
    return result;
  }
  if (end.kind === "interrupted") {
    const waiting = pendingApprovalsOf(ctx.data);
    const list = waiting
      .map((c) => `${c.name} (${c.callId}${c.path === undefined ? "" : `, in agent "${c.agent}"`})`)
      .join(", ");
    const one = waiting.length === 1;
    const result = finishRun(
      ctx,
      "interrupted",
      {
        code: "interrupted",
        message: `${waiting.length} tool call${one ? "" : "s"} await${one ? "s" : ""} approval: ${list}.`,
      },
      undefined,
    );
    sink.push({ type: "run.interrupted", result });
    return result;
  }
  const finalOutput =
    end.reason.code === "stop_when" ? end.finalOutput : await toolStopOutput(ctx, end.finalOutput as string);
  const result = finishRun(ctx, "stopped", end.reason, finalOutput);
  sink.push({ type: "run.stopped", result });
  return result;
}
