/**
 * @module agent-tool/nested-run — one call of an agent used as a tool: a run of its own, under
 * the caller's signal, queue and event stream, that can pause for approvals inside the caller's run.
 */
import { OpenloopError, type Usage } from "@openloop/protocol";
import type PQueue from "p-queue";
import type { Agent } from "../agent/agent.js";
import { RunError } from "../errors/run-error.js";
import { type EventSink, NO_EVENTS, type RunEvent } from "../events/run-event.js";
import { executeRun } from "../run/execute.js";
import type { RunInput } from "../run/prepare.js";
import type { RunStateData } from "../state/data.js";
import { dataOf, RunState } from "../state/run-state.js";
import { CALL_LINK } from "../tools/execute/call-link.js";
import type { ToolContext } from "../tools/index.js";

/** What the parent's loop hands an agent tool's call (as `ctx[CALL_LINK]`). */
export interface CallLink {
  /** The parent's event sink: nested events are wrapped and pushed there. */
  sink: EventSink;
  /** The parent's turn. */
  turn: number;
  /** The queue shared by many runs, which the nested run's tools share too. */
  sharedQueue: PQueue | undefined;
  /** The nested run's state when this call resumes one that paused for approvals. */
  resume: RunStateData | undefined;
  /**
   * Set by the nested run as it ends (completed, stopped, failed or aborted): every token it used,
   * its own nested agents' included, for the caller to count. A run that pauses sets nothing: its
   * resumption's usage covers the turns before the pause too.
   */
  usage: Usage | undefined;
}

/**
 * Thrown by an agent tool's call whose nested run paused for approvals: the parent's loop keeps
 * the nested state in its pending turn (the call has no output yet) and pauses too.
 */
export class NestedInterruption extends Error {
  override readonly name = "NestedInterruption";
  constructor(readonly data: RunStateData) {
    super("The nested agent's run awaits approvals.");
  }
}

/** The nested run's state when a tool call ended because its nested run paused, else undefined. */
export function nestedInterruptionOf(error: { cause?: unknown } | undefined): RunStateData | undefined {
  const cause = error?.cause;
  return cause instanceof NestedInterruption ? cause.data : undefined;
}

/** Wraps each nested event as `agent.event` for the parent's stream; backpressure passes through. */
class TaggedSink implements EventSink {
  readonly #parent: EventSink;
  readonly #agent: string;
  readonly #callId: string;
  readonly #turn: number;

  constructor(parent: EventSink, agent: string, callId: string, turn: number) {
    this.#parent = parent;
    this.#agent = agent;
    this.#callId = callId;
    this.#turn = turn;
  }

  push(event: RunEvent<unknown>): void {
    this.#parent.push({
      type: "agent.event",
      agent: this.#agent,
      callId: this.#callId,
      turn: this.#turn,
      event,
    });
  }

  ready(): Promise<void> | undefined {
    return this.#parent.ready();
  }
}

/**
 * Runs (or resumes) `agent` for one call. Resolves with its final output (the model reads a
 * string as is, a structured output as its JSON). A failed nested run rejects with its `RunError`
 * (the model reads its message); a paused one throws {@link NestedInterruption} inside a loop, or
 * `approval_required` when called outside one (`executeToolCalls` has no way to pause).
 */
export async function runNested(
  agent: Agent<never, unknown>,
  input: RunInput,
  ctx: ToolContext<unknown>,
): Promise<unknown> {
  const link = (ctx as { [CALL_LINK]?: CallLink })[CALL_LINK];
  const sink =
    link === undefined || link.sink === NO_EVENTS
      ? NO_EVENTS
      : new TaggedSink(link.sink, agent.name, ctx.callId, link.turn);
  const start = link?.resume !== undefined ? new RunState(link.resume) : input;
  let result: Awaited<ReturnType<typeof executeRun>>;
  try {
    result = await executeRun(
      agent,
      start,
      { context: ctx.runContext, signal: ctx.signal, toolQueue: link?.sharedQueue },
      sink,
      new AbortController(),
    );
  } catch (error) {
    // A failed specialist still spent its tokens.
    if (link !== undefined && error instanceof RunError) link.usage = error.result.usage;
    throw error;
  }
  if (result.status !== "interrupted") {
    if (link !== undefined) link.usage = result.usage;
    return result.finalOutput;
  }
  if (link === undefined) {
    throw new OpenloopError(
      "approval_required",
      `The agent "${agent.name}" needs approval for a tool call, and only a run can pause for it (this call ran outside one).`,
    );
  }
  throw new NestedInterruption(dataOf(result.state));
}
