/**
 * @module state/data — what a run state holds: version 1 of the serialized format.
 *
 * Everything needed to continue a run in another process: the input, every item generated so far,
 * the responses, counters for the budgets, the current `tool_choice`, and the turn whose function
 * calls are not all answered yet (with the outputs already produced and the approval decisions).
 * Plain JSON: `JSON.stringify(state)` is the serialized form.
 */
import type { ItemParam, OutputItem, ResponseResource, ToolChoice, Usage } from "@openloop/protocol";
import { z } from "zod";
import type { LoopTrack } from "../stop/loop-detection.js";
import type { StopReason } from "../stop/stop-reason.js";
import type { FunctionCallOutputItem } from "../tools/index.js";

/** The format version this build writes and reads. */
export const RUN_STATE_VERSION = 1;

/**
 * Anything a run puts in its transcript: model output items, and the input items it appended
 * (`function_call_output`s, correction messages).
 */
export type RunItem = OutputItem | ItemParam | FunctionCallOutputItem;

/** A `function_call` item as the loop keeps it. */
export interface CallItem {
  type: "function_call";
  id?: string | null;
  call_id: string;
  name: string;
  arguments: string;
  [key: string]: unknown;
}

/** A person's decision on a call that needed approval. */
export interface ApprovalDecision {
  approved: boolean;
  /** For a rejection: what the model reads (a default explains the rejection). */
  message?: string | undefined;
}

/** The last response's function calls, until every one of them has an output. */
export interface PendingTurn {
  turn: number;
  /** The function calls, in call order. */
  calls: CallItem[];
  /** The output for each call (same index), or null while it has none. */
  outputs: (FunctionCallOutputItem | null)[];
  /** Whether each call actually ran a tool (false for refused and rejected calls). */
  ran: boolean[];
  /** Call ids waiting for a decision. */
  awaiting: string[];
  /** Decisions taken, by call id. */
  decisions: Record<string, ApprovalDecision>;
  /** Whether the response met a forced `tool_choice` (it then resets once the turn is answered). */
  satisfied: boolean;
  /**
   * Agents used as tools whose nested run paused for approvals, by the parent's call id: the
   * nested run's state (same format, recursively). The call is answered once that run resumes and
   * ends; its own approvals are decided through the parent's `RunState`.
   */
  nested?: Record<string, RunStateData>;
}

/**
 * How requests continue the conversation. With `enabled`, a request carries `previous_response_id`
 * and only the transcript items (input then generated) from index `sentItems` on; once `fellBack`
 * (the server lost an id), every request replays everything instead. `fromOutside` marks a run
 * that started from a response id given by the caller: it has no full transcript to fall back to.
 */
export interface ChainState {
  enabled: boolean;
  previousResponseId: string | null;
  sentItems: number;
  fellBack: boolean;
  fromOutside: boolean;
}

/** Version 1 of the run state. */
export interface RunStateData {
  version: typeof RUN_STATE_VERSION;
  /** The agent's name: a state resumes only with an agent of the same name. */
  agent: string;
  status: "running" | "completed" | "interrupted" | "stopped" | "failed" | "aborted";
  /** The run's input, as items. */
  input: ItemParam[];
  /** Every item generated so far, in order (outputs of a pending turn are held in `pending`). */
  items: RunItem[];
  responses: ResponseResource[];
  usageByTurn: Usage[];
  /** Model responses received (turns). */
  turns: number;
  /** The `tool_choice` for the next turn. */
  toolChoice: ToolChoice | null;
  /** `tool_choice` violations in a row (reset when a choice is met). */
  violations: number;
  /** Final answers sent back for failing the agent's `output` schema (absent in older states: 0). */
  outputRetries?: number;
  /** Tool calls run so far. */
  toolCalls: number;
  loop: LoopTrack;
  /** Wall-clock time spent running, across resumptions (for `timeoutMs`). */
  elapsedMs: number;
  /** `previous_response_id` chaining (see {@link ChainState}). */
  chain: ChainState;
  pending: PendingTurn | null;
  /**
   * For a run with a `Session`: how much of the transcript (input then items) the session holds;
   * the rest is written as turns complete. Absent for runs without one.
   */
  session?: { committed: number };
  finalOutput: unknown;
  stopReason: StopReason | null;
}

const jsonObject = z.looseObject({ type: z.string() });
const usage = z.looseObject({
  input_tokens: z.number(),
  output_tokens: z.number(),
  total_tokens: z.number(),
  input_tokens_details: z.looseObject({ cached_tokens: z.number() }),
  output_tokens_details: z.looseObject({ reasoning_tokens: z.number() }),
});
const callItem = z.looseObject({
  type: z.literal("function_call"),
  call_id: z.string(),
  name: z.string(),
  arguments: z.string(),
});
const outputItem = z.looseObject({
  type: z.literal("function_call_output"),
  call_id: z.string(),
  output: z.union([z.string(), z.array(jsonObject)]),
});

/**
 * The shape `RunState.fromJSON` checks. Items and responses are checked only as objects with a
 * `type` (they were produced by the loop and are replayed verbatim, unknown fields included).
 * Nested runs (`pending.nested`) are checked with the same schema.
 */
export const RunStateSchema: z.ZodType<unknown> = z.object({
  version: z.literal(RUN_STATE_VERSION),
  agent: z.string(),
  status: z.enum(["running", "completed", "interrupted", "stopped", "failed", "aborted"]),
  input: z.array(jsonObject),
  items: z.array(jsonObject),
  responses: z.array(z.looseObject({ id: z.string(), object: z.literal("response") })),
  usageByTurn: z.array(usage),
  turns: z.int().min(0),
  toolChoice: z.union([z.string(), jsonObject]).nullable(),
  violations: z.int().min(0),
  outputRetries: z.int().min(0).optional(),
  toolCalls: z.int().min(0),
  loop: z.object({ last: z.string().nullable(), streak: z.int().min(0) }),
  elapsedMs: z.number().min(0),
  chain: z.object({
    enabled: z.boolean(),
    previousResponseId: z.string().nullable(),
    sentItems: z.int().min(0),
    fellBack: z.boolean(),
    fromOutside: z.boolean(),
  }),
  pending: z
    .object({
      turn: z.int().min(1),
      calls: z.array(callItem),
      outputs: z.array(outputItem.nullable()),
      ran: z.array(z.boolean()),
      awaiting: z.array(z.string()),
      decisions: z.record(z.string(), z.object({ approved: z.boolean(), message: z.string().optional() })),
      satisfied: z.boolean(),
      nested: z
        .record(
          z.string(),
          z.lazy(() => RunStateSchema),
        )
        .optional(),
    })
    .refine((p) => p.outputs.length === p.calls.length && p.ran.length === p.calls.length, {
      message: "pending.outputs and pending.ran must have one entry per call",
    })
    .nullable(),
  session: z.object({ committed: z.int().min(0) }).optional(),
  finalOutput: z.unknown().optional(),
  stopReason: z.object({ code: z.string(), message: z.string() }).nullable(),
});
