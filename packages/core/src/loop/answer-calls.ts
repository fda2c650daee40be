/**
 * @module loop/answer-calls — answering the function calls of a turn: approvals, budgets, running
 * the tools, and moving the outputs into the transcript in call order once every call has one.
 *
 * A turn's calls live in `data.pending` until all are answered, so a pause (approvals) or an
 * abort keeps the outputs already produced and a resumed run answers only the rest: no tool runs
 * twice.
 */
import { OpenloopError } from "@openloop/protocol";
import { type CallLink, nestedInterruptionOf } from "../agent-tool/nested-run.js";
import type { ToolCallCompletedEvent, ToolCallFailedEvent } from "../events/run-event.js";
import type { CallItem, PendingTurn } from "../state/data.js";
import { approvalOf, hasUndecided } from "../state/run-state.js";
import { checkToolCalls, loopError } from "../stop/budgets.js";
import { findLoop, recordCalls } from "../stop/loop-detection.js";
import { type RanCall, toolUseStop } from "../stop/tool-use-behavior.js";
import { nextToolChoice, type ToolChoiceDecision } from "../tool-choice/policy.js";
import { CALL_LINK } from "../tools/execute/call-link.js";
import {
  type AnyFunctionTool,
  executeToolCalls,
  type FunctionCallOutputItem,
  type ToolCallResult,
} from "../tools/index.js";
import { appendItems, type LoopContext } from "./context.js";
import { countNestedUsage } from "./nested-usage.js";
import { abortError } from "./stream-turn.js";

/** How answering ended, when the run does not simply go on to the next turn. */
export type AnswerEnd =
  | { kind: "interrupted" }
  | {
      kind: "stopped";
      finalOutput: string;
      reason: { code: "stop_on_first_tool" | "stop_at_tools"; message: string };
    };

/**
 * Opens the turn's pending answers: one slot per call, in call order. Calls the `tool_choice`
 * policy refused are answered at once with the refusal (the model reads why); the rest are
 * answered by {@link answerCalls}.
 */
export function beginAnswering(
  ctx: LoopContext,
  turn: number,
  calls: CallItem[],
  decision: ToolChoiceDecision,
): void {
  const pending: PendingTurn = {
    turn,
    calls,
    outputs: new Array(calls.length).fill(null),
    ran: new Array(calls.length).fill(false),
    awaiting: [],
    decisions: {},
    satisfied: decision.satisfied,
  };
  ctx.data.pending = pending;
  for (let i = 0; i < calls.length; i++) {
    const verdict = decision.verdicts[i]!;
    if (verdict.allowed) continue;
    const call = calls[i]!;
    const output: FunctionCallOutputItem = {
      type: "function_call_output",
      call_id: call.call_id,
      output: verdict.message,
    };
    pending.outputs[i] = output;
    ctx.sink.push({
      type: "tool_call.rejected",
      turn,
      callId: call.call_id,
      name: call.name,
      by: "tool_choice",
      message: verdict.message,
      output,
    });
  }
}

/**
 * Answers what can be answered of `data.pending`. Returns an end when the run pauses for approvals
 * or the agent's `toolUseBehavior` stops it; `undefined` when every call is answered and the loop
 * goes on. Throws (an `OpenloopError`) for budgets, loops and aborts; the pending turn stays.
 */
export async function answerCalls(ctx: LoopContext): Promise<AnswerEnd | undefined> {
  const pending = ctx.data.pending!;
  const toRun: number[] = [];
  for (let i = 0; i < pending.calls.length; i++) {
    if (pending.outputs[i] !== null) continue;
    const call = pending.calls[i]!;
    const decision = pending.decisions[call.call_id];
    const nested = pending.nested?.[call.call_id];
    if (nested !== undefined) {
      // An agent tool whose run paused: it resumes once every approval inside it is decided.
      if (!hasUndecided(nested)) toRun.push(i);
    } else if (decision !== undefined) {
      if (decision.approved) toRun.push(i);
      else reject(ctx, pending, i, decision.message);
    } else if (pending.awaiting.includes(call.call_id)) {
      // Still waiting for a person.
    } else if (await needsApproval(ctx, call)) {
      pending.awaiting.push(call.call_id);
      ctx.sink.push({ type: "approval.requested", turn: pending.turn, ...approvalOf(call, ctx.data.agent) });
    } else {
      toRun.push(i);
    }
  }
  if (toRun.length > 0) await runCalls(ctx, pending, toRun);
  if (pending.outputs.includes(null)) return { kind: "interrupted" };

  // Every call is answered: the outputs join the transcript, in call order.
  appendItems(ctx, pending.outputs as FunctionCallOutputItem[]);
  ctx.data.pending = null;
  const { config, data } = ctx;
  data.toolChoice = nextToolChoice(data.toolChoice, pending, config.resetToolChoice) ?? null;
  const ran: RanCall[] = [];
  for (let i = 0; i < pending.calls.length; i++) {
    if (pending.ran[i])
      ran.push({
        name: pending.calls[i]!.name,
        callId: pending.calls[i]!.call_id,
        output: pending.outputs[i]!,
      });
  }
  const stop = toolUseStop(config.toolUseBehavior, ran);
  return stop === undefined ? undefined : ({ kind: "stopped", ...stop } as AnswerEnd);
}

async function runCalls(ctx: LoopContext, pending: PendingTurn, toRun: number[]): Promise<void> {
  const { data, budgets, config, sink } = ctx;
  const calls = toRun.map((i) => pending.calls[i]!);
  const overBudget = checkToolCalls(budgets, data.toolCalls, calls.length);
  if (overBudget) throw overBudget;
  if (config.loopThreshold !== undefined) {
    const loop = findLoop(data.loop, calls, config.loopThreshold);
    if (loop) throw loopError(loop);
  }
  if (ctx.signal.aborted) throw abortError(ctx.signal.reason);
  const turn = pending.turn;
  // The links handed to agent tools (by call id): each reports its nested run's usage back here.
  let links: Map<string, CallLink> | undefined;
  const { results, aborted } = await executeToolCalls(calls, {
    tools: config.functions,
    runContext: ctx.runContext,
    signal: ctx.signal,
    defaultTimeoutMs: config.toolTimeoutMs,
    queue: ctx.queue,
    sharedQueue: ctx.sharedQueue,
    onCallStart: ({ call, args }) =>
      sink.push({
        type: "tool_call.started",
        turn,
        callId: call.call_id,
        name: call.name,
        arguments: call.arguments,
        args,
      }),
    onCallFinish: (result) => {
      const usage = links?.get(result.call.call_id)?.usage;
      if (usage !== undefined) countNestedUsage(ctx, turn, usage);
      // A nested run that paused is not a failure: the call simply has no output yet.
      if (nestedInterruptionOf(result.error) !== undefined) return;
      const event = finishEvent(turn, result);
      if (usage !== undefined) event.usage = usage;
      sink.push(event);
    },
    [CALL_LINK]: (call) => {
      const link: CallLink = {
        sink,
        turn,
        sharedQueue: ctx.sharedQueue,
        resume: pending.nested?.[call.call_id],
        usage: undefined,
      };
      if (links === undefined) links = new Map();
      links.set(call.call_id, link);
      return link;
    },
  });
  const finished: CallItem[] = [];
  for (let k = 0; k < results.length; k++) {
    const result = results[k]!;
    // A call cut off by an abort has no answer: a resumed run runs it again.
    if (result.error?.code === "aborted") continue;
    const i = toRun[k]!;
    const callId = pending.calls[i]!.call_id;
    const paused = nestedInterruptionOf(result.error);
    if (paused !== undefined) {
      if (pending.nested === undefined) pending.nested = {};
      pending.nested[callId] = paused;
      continue;
    }
    if (pending.nested?.[callId] !== undefined) delete pending.nested[callId];
    pending.outputs[i] = result.item;
    pending.ran[i] = true;
    finished.push(pending.calls[i]!);
  }
  data.toolCalls += finished.length;
  recordCalls(data.loop, finished);
  if (aborted || ctx.signal.aborted) throw abortError(ctx.signal.reason);
}

function finishEvent(turn: number, result: ToolCallResult): ToolCallCompletedEvent | ToolCallFailedEvent {
  const { call } = result;
  if (result.ok) {
    return {
      type: "tool_call.completed" as const,
      turn,
      callId: call.call_id,
      name: call.name,
      output: result.item,
      value: result.value,
      durationMs: result.durationMs,
    };
  }
  return {
    type: "tool_call.failed" as const,
    turn,
    callId: call.call_id,
    name: call.name,
    code: result.error.code,
    message: result.error.message,
    error: result.error,
    output: result.item,
    durationMs: result.durationMs,
  };
}

function reject(ctx: LoopContext, pending: PendingTurn, i: number, message: string | undefined): void {
  const call = pending.calls[i]!;
  const text = message ?? `Error: Tool "${call.name}" was not run: a person rejected the call.`;
  const output: FunctionCallOutputItem = {
    type: "function_call_output",
    call_id: call.call_id,
    output: text,
  };
  pending.outputs[i] = output;
  ctx.sink.push({
    type: "tool_call.rejected",
    turn: pending.turn,
    callId: call.call_id,
    name: call.name,
    by: "approval",
    message: text,
    output,
  });
}

/**
 * Whether a call needs approval. Arguments that do not parse never need it (the model is told they
 * are invalid, and nothing runs); a `needsApproval` function that throws counts as "yes" (fail closed).
 */
async function needsApproval(ctx: LoopContext, call: CallItem): Promise<boolean> {
  const tool: AnyFunctionTool | undefined = ctx.config.functions.get(call.name);
  const rule = tool?.needsApproval;
  if (tool === undefined || rule === undefined || rule === false) return false;
  let raw: unknown;
  try {
    raw = JSON.parse(call.arguments.trim() === "" ? "{}" : call.arguments);
  } catch {
    return false;
  }
  const parsed = await tool.parseArguments(raw);
  if (!parsed.success) return false;
  if (rule === true) return true;
  try {
    return (await rule(parsed.data, { callId: call.call_id, runContext: ctx.runContext })) === true;
  } catch {
    return true;
  }
}

/** The `tool_choice_violation` error a run fails with once retries are spent. */
export function violationError(message: string, retries: number): OpenloopError {
  return new OpenloopError(
    "tool_choice_violation",
    `${message} It still did after ${retries} ${retries === 1 ? "retry" : "retries"}.`,
    { details: { retries } },
  );
}
