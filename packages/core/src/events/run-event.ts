/**
 * @module events/run-event — what `runStream` yields: the model's own events, unchanged, plus the
 * loop's events.
 *
 * Loop events have dotted names (`run.*`, `turn.*`, `tool_call.*`, `tool_choice.*`, `approval.*`,
 * `output.*`, `agent.*`) with no `:` and no `response.` prefix, so they never collide with the spec's event types or its
 * slug-prefixed extensions. Switch on `type`:
 *
 * ```ts
 * for await (const event of runStream(agent, "Hi")) {
 *   if (event.type === "response.output_text.delta") process.stdout.write(event.delta);
 *   else if (event.type === "tool_call.completed") console.log(event.name, event.output.output);
 * }
 * ```
 */
import type {
  CreateResponseBody,
  ItemParam,
  OpenloopError,
  ResponseResource,
  StreamEvent,
  ToolChoice,
  Usage,
} from "@openloop/protocol";
import type { RunError } from "../errors/run-error.js";
import type { RunResult } from "../run/result.js";
import type { PendingApproval } from "../state/run-state.js";
import type { FunctionCallOutputItem, ToolCallErrorCode, ToolOutput } from "../tools/index.js";

/** The run began (or resumed from a `RunState`). Always the first event. */
export interface RunStartedEvent {
  type: "run.started";
  /** The agent's name. */
  agent: string;
  /** True when the run resumes a `RunState`. */
  resumed: boolean;
  /** The run's input items (for a resumed run: the original run's input). */
  input: readonly ItemParam[];
}

/** A model request is about to be sent. `turn` counts from 1. */
export interface TurnStartedEvent {
  type: "turn.started";
  turn: number;
  /** The request body as sent (do not modify it). */
  request: CreateResponseBody;
}

/**
 * The turn's request is sent again, differently: the server did not know `previous_response_id`
 * (`reason.code` is `previous_response_not_found`), so this turn and every later one replay the
 * whole conversation instead.
 */
export interface TurnRetryingEvent {
  type: "turn.retrying";
  turn: number;
  reason: { code: string; message: string };
  request: CreateResponseBody;
}

/** The model's response arrived complete (before any tool runs). */
export interface TurnCompletedEvent {
  type: "turn.completed";
  turn: number;
  response: ResponseResource;
  /**
   * This turn's response's usage (zeros when the server reported none). Agent tools its calls run
   * add theirs on `tool_call.completed` / `tool_call.failed`; the run's sum is on the result.
   */
  usage: Usage;
}

/**
 * The model is writing a function call's arguments. Normalized whatever the server sent: ids come
 * from the item's `output_item.added` (stable even when a server changes `item_id` per event), and
 * a server that sends the arguments only at the end (LM Studio) still yields one delta with all of
 * them, so the deltas of a call always add up to its final `arguments`.
 */
export interface ToolCallArgumentsDeltaEvent {
  type: "tool_call.arguments.delta";
  turn: number;
  outputIndex: number;
  itemId: string;
  callId: string;
  /** The tool's name (`""` if the server never announced the item). */
  name: string;
  delta: string;
  /** The arguments so far (JSON text, usually incomplete). */
  arguments: string;
}

/**
 * A response broke the turn's `tool_choice`. With `retry`, the loop asks again (after a
 * `missing_call` it first appends `correction`); otherwise the run fails with `tool_choice_violation`.
 */
export interface ToolChoiceViolatedEvent {
  type: "tool_choice.violated";
  turn: number;
  kind: "missing_call" | "forbidden_call";
  message: string;
  toolChoice: ToolChoice;
  retry: boolean;
  correction: ItemParam | undefined;
}

/** A tool call starts (for a call that fails validation: just before `tool_call.failed`). */
export interface ToolCallStartedEvent {
  type: "tool_call.started";
  turn: number;
  callId: string;
  name: string;
  /** The arguments as the model sent them (JSON text). */
  arguments: string;
  /** The validated arguments (`undefined` when they did not validate). */
  args: unknown;
}

/** A tool returned. `output` is the item the model will read. */
export interface ToolCallCompletedEvent {
  type: "tool_call.completed";
  turn: number;
  callId: string;
  name: string;
  output: FunctionCallOutputItem;
  /** What `execute` returned. */
  value: ToolOutput;
  durationMs: number;
  /**
   * An agent tool's call only (`agent.asTool()`): every token its nested run used, already added
   * to this turn's usage and the run's `usage`.
   */
  usage?: Usage;
}

/**
 * A call failed: unknown tool, bad JSON, a schema failure, a throw, a timeout, or an abort. The model
 * is told what went wrong through `output`, except for code `aborted`: the run ends, nothing is sent,
 * and the call has no result (a resumed run runs it again).
 */
export interface ToolCallFailedEvent {
  type: "tool_call.failed";
  turn: number;
  callId: string;
  name: string;
  code: ToolCallErrorCode;
  message: string;
  error: OpenloopError;
  output: FunctionCallOutputItem;
  durationMs: number;
  /** An agent tool's call only: the tokens its failed nested run used (counted as on `tool_call.completed`). */
  usage?: Usage;
}

/**
 * A call was not run: refused by `tool_choice` (`by: "tool_choice"`) or rejected by a person
 * (`by: "approval"`). `output` tells the model why.
 */
export interface ToolCallRejectedEvent {
  type: "tool_call.rejected";
  turn: number;
  callId: string;
  name: string;
  by: "tool_choice" | "approval";
  message: string;
  output: FunctionCallOutputItem;
}

/** A call needs a person's approval; the run will end `interrupted` once the turn's other calls ran. */
export interface ApprovalRequestedEvent extends PendingApproval {
  type: "approval.requested";
  turn: number;
}

/**
 * Structured output (an agent with `output`): the final answer's JSON so far, parsed best-effort
 * from the text streamed until now (`value` is for display: it is neither validated nor final).
 * Emitted as text deltas arrive (for every delta while the text is short; for a long answer as
 * often as keeps parsing linear in its length, see docs/structured-output.md), in any turn: the run
 * only knows which text is the final answer once the response is complete.
 */
export interface OutputPartialEvent {
  type: "output.partial";
  turn: number;
  outputIndex: number;
  itemId: string;
  /** The message's text so far. */
  text: string;
  /** A best-effort parse of `text` (incomplete strings, arrays and objects; whole numbers only). */
  value: unknown;
}

/** Structured output: the final answer, parsed and validated (the run's `finalOutput`). */
export interface OutputCompletedEvent<TOutput = string> {
  type: "output.completed";
  turn: number;
  value: TOutput;
}

/**
 * Structured output: the final answer was not valid JSON or failed the schema. With `retry`, the
 * model is told what was wrong (`correction`) and asked again; otherwise the run fails with
 * `output_validation_error`. Partial values shown for this turn are void.
 */
export interface OutputInvalidEvent {
  type: "output.invalid";
  turn: number;
  /** What is wrong (also what the model reads). */
  message: string;
  /** The reply as received. */
  text: string;
  retry: boolean;
}

/**
 * An event of a nested run: an agent used as a tool (`agent.asTool()`) runs in the call `callId`
 * of the parent's turn `turn`, and each of its events reaches the parent's stream wrapped in one
 * of these (a nested agent's own nested events are wrapped twice).
 */
export interface AgentEvent {
  type: "agent.event";
  /** The nested agent's name. */
  agent: string;
  /** The parent's call that runs the nested agent. */
  callId: string;
  /** The parent's turn. */
  turn: number;
  event: RunEvent<unknown>;
}

/** The run ended with a final answer. Last event. */
export interface RunCompletedEvent<TOutput = string> {
  type: "run.completed";
  result: RunResult<TOutput>;
}

/** The run ended on the user's terms (`stopWhen`, `toolUseBehavior`). Last event. */
export interface RunStoppedEvent<TOutput = string> {
  type: "run.stopped";
  result: RunResult<TOutput>;
}

/** The run paused for approvals; `result.state` resumes it. Last event. */
export interface RunInterruptedEvent<TOutput = string> {
  type: "run.interrupted";
  result: RunResult<TOutput>;
}

/** The run failed (or was aborted); `error.result` is the partial result. Last event. */
export interface RunFailedEvent<TOutput = string> {
  type: "run.failed";
  error: RunError<TOutput>;
}

/** Events the loop adds to the model's. */
export type LoopEvent<TOutput = string> =
  | RunStartedEvent
  | TurnStartedEvent
  | TurnRetryingEvent
  | TurnCompletedEvent
  | ToolCallArgumentsDeltaEvent
  | ToolChoiceViolatedEvent
  | ToolCallStartedEvent
  | ToolCallCompletedEvent
  | ToolCallFailedEvent
  | ToolCallRejectedEvent
  | ApprovalRequestedEvent
  | OutputPartialEvent
  | OutputCompletedEvent<TOutput>
  | OutputInvalidEvent
  | AgentEvent
  | RunCompletedEvent<TOutput>
  | RunStoppedEvent<TOutput>
  | RunInterruptedEvent<TOutput>
  | RunFailedEvent<TOutput>;

/** Everything `runStream` yields: the model's events, passed through as they came, and loop events. */
export type RunEvent<TOutput = string> = StreamEvent | LoopEvent<TOutput>;

/**
 * Where the loop sends events. `ready()` lets a slow consumer hold the loop back: it returns a
 * promise while the consumer is behind, `undefined` otherwise (so the fast path costs nothing).
 */
export interface EventSink {
  push(event: RunEvent<unknown>): void;
  ready(): Promise<void> | undefined;
}

/** A sink that drops everything (what `run()` uses). */
export const NO_EVENTS: EventSink = {
  push() {},
  ready() {
    return undefined;
  },
};
