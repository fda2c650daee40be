/**
 * @module state/run-state — `RunState`: a run you can pause, serialize, and resume.
 */
import { OpenloopError } from "@openloop/protocol";
import { type PendingTurn, RUN_STATE_VERSION, type RunStateData, RunStateSchema } from "./data.js";

/** A call waiting for a person's decision. */
export interface PendingApproval {
  /** The `call_id` to pass to `state.approve()` / `state.reject()`. */
  callId: string;
  /** The tool's name. */
  name: string;
  /** The arguments as the model sent them (JSON text). */
  arguments: string;
  /** The arguments JSON-decoded (`undefined` when they are not JSON). */
  args: unknown;
  /** The name of the agent whose call it is. */
  agent: string;
  /**
   * For a call of a nested run (an agent used as a tool): the call ids of the agent-tool calls it
   * runs inside, outermost first. Absent for the run's own calls.
   */
  path?: readonly string[];
}

const internal = new WeakMap<RunState, { data: RunStateData; consumed: boolean }>();

/**
 * Everything needed to continue a run: the transcript so far, budgets spent, the current
 * `tool_choice`, and the calls of the last turn that are not answered yet (with the approvals
 * taken). Every `RunResult` has one (`result.state`), and so does the partial result of a failed
 * run (`error.result.state`).
 *
 * Resume with `run(agent, state)`: calls that were approved run, rejected ones are answered with a
 * rejection, calls that already produced an output never run again, and the loop continues where it
 * stopped. A `RunState` object can be resumed once (its result carries the next state).
 *
 * Serialize with `JSON.stringify(state)` (or `state.toJSON()`); load with `RunState.fromJSON()`.
 * The format is versioned (`{ "version": 1, ... }`) and checked when loaded.
 *
 * @example
 * ```ts
 * const result = await run(agent, "Delete the temp files");
 * if (result.status === "interrupted") {
 *   const saved = JSON.stringify(result.state);
 *   // ... later, maybe in another process:
 *   const state = RunState.fromJSON(saved, agent);
 *   for (const call of state.pendingApprovals) state.approve(call.callId);
 *   const resumed = await run(agent, state);
 * }
 * ```
 */
export class RunState {
  /** The serialized format version this build writes and reads. */
  static readonly VERSION = RUN_STATE_VERSION;

  /** @internal Use `RunState.fromJSON()`, or the `state` of a run's result. */
  constructor(data: RunStateData) {
    internal.set(this, { data, consumed: false });
  }

  /** The name of the agent that ran. */
  get agentName(): string {
    return dataOf(this).agent;
  }

  /** Where the run stands: `interrupted` while calls wait for approval. */
  get status(): RunStateData["status"] {
    return dataOf(this).status;
  }

  /** Model responses received so far. */
  get turns(): number {
    return dataOf(this).turns;
  }

  /**
   * Calls waiting for a decision (approve or reject each, then resume): the run's own, then those
   * of nested runs (agents used as tools) that paused inside it, with their agent and `path`.
   */
  get pendingApprovals(): PendingApproval[] {
    return pendingApprovalsOf(dataOf(this));
  }

  /**
   * Approves a pending call: it runs when the run resumes. Pass the call id, or the
   * `PendingApproval` itself (needed only when nested runs wait on calls with the same id).
   */
  approve(call: string | PendingApproval): this {
    this.#decide(call, { approved: true });
    return this;
  }

  /**
   * Rejects a pending call: it does not run, and the model reads `message` (by default, that a
   * person rejected the call) as its output.
   */
  reject(call: string | PendingApproval, options: { message?: string } = {}): this {
    this.#decide(call, { approved: false, message: options.message });
    return this;
  }

  /** The versioned JSON form (what `JSON.stringify(state)` writes). */
  toJSON(): RunStateData {
    return { ...dataOf(this) };
  }

  /**
   * Loads a state written by `toJSON()`/`JSON.stringify`, from its JSON text or the parsed object.
   * With `agent`, also checks that the state belongs to an agent of that name.
   *
   * @throws {OpenloopError} code `invalid_run_state`: not JSON, another format version, a malformed
   * state (the message lists what is wrong and where), or another agent's state.
   */
  static fromJSON(json: string | unknown, agent?: { name: string }): RunState {
    let value = json;
    if (typeof json === "string") {
      try {
        value = JSON.parse(json);
      } catch (error) {
        throw invalidState(`not valid JSON (${(error as Error).message})`);
      }
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw invalidState(`expected a JSON object, got ${value === null ? "null" : typeof value}`);
    }
    const version = (value as { version?: unknown }).version;
    if (version !== RUN_STATE_VERSION) {
      throw invalidState(
        `unsupported format version ${JSON.stringify(version)} (this version of openloop reads version ${RUN_STATE_VERSION})`,
        { version },
      );
    }
    const parsed = RunStateSchema.safeParse(value);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .slice(0, 5)
        .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`)
        .join("; ");
      throw invalidState(`malformed state: ${issues}`, { issues: parsed.error.issues });
    }
    const state = new RunState(parsed.data as unknown as RunStateData);
    if (agent !== undefined) assertAgent(state, agent.name);
    return state;
  }

  #decide(
    call: string | PendingApproval,
    decision: { approved: boolean; message?: string | undefined },
  ): void {
    const entry = internal.get(this)!;
    if (entry.consumed) {
      throw invalidState("this state was already resumed; decide on the state of the resumed run's result");
    }
    const callId = typeof call === "string" ? call : call?.callId;
    // A PendingApproval names its run exactly (no path: the run's own call); an id may be anywhere.
    const path = typeof call === "string" ? undefined : (call?.path ?? []);
    const matches: PendingTurn[] = [];
    collectAwaiting(entry.data, callId, path, matches);
    if (matches.length === 0) {
      const waiting = awaitingIds(entry.data);
      const list = waiting.length === 0 ? "no call awaits approval" : `awaiting: ${waiting.join(", ")}`;
      throw invalidState(`call ${JSON.stringify(callId)} does not await approval (${list})`);
    }
    if (matches.length > 1) {
      throw invalidState(
        `call ${JSON.stringify(callId)} awaits approval in ${matches.length} runs (nested agents reuse ids); pass the PendingApproval from state.pendingApprovals instead of its id`,
      );
    }
    matches[0]!.decisions[callId] = decision;
  }
}

/**
 * @internal The calls of `data` (and of its nested runs, recursively) waiting for a decision.
 */
export function pendingApprovalsOf(data: RunStateData, path: readonly string[] = []): PendingApproval[] {
  const pending = data.pending;
  if (pending === null) return [];
  const out: PendingApproval[] = [];
  for (const callId of pending.awaiting) {
    if (pending.decisions[callId] !== undefined) continue;
    const call = pending.calls.find((c) => c.call_id === callId);
    if (call === undefined) continue;
    const approval = approvalOf(call, data.agent);
    if (path.length > 0) approval.path = path;
    out.push(approval);
  }
  if (pending.nested !== undefined) {
    for (const [callId, nested] of Object.entries(pending.nested))
      out.push(...pendingApprovalsOf(nested, [...path, callId]));
  }
  return out;
}

/** @internal Whether a (nested) run still waits for a decision. */
export function hasUndecided(data: RunStateData): boolean {
  const pending = data.pending;
  if (pending === null) return false;
  if (pending.awaiting.some((id) => pending.decisions[id] === undefined)) return true;
  return Object.values(pending.nested ?? {}).some(hasUndecided);
}

/** The pending turns (this run's, or nested ones') in which `callId` awaits approval. */
function collectAwaiting(
  data: RunStateData,
  callId: string,
  path: readonly string[] | undefined,
  out: PendingTurn[],
): void {
  const pending = data.pending;
  if (pending === null) return;
  if (path !== undefined && path.length > 0) {
    const nested = pending.nested?.[path[0]!];
    if (nested !== undefined) collectAwaiting(nested, callId, path.slice(1), out);
    return;
  }
  if (pending.awaiting.includes(callId)) out.push(pending);
  if (path === undefined) {
    for (const nested of Object.values(pending.nested ?? {})) collectAwaiting(nested, callId, undefined, out);
  }
}

function awaitingIds(data: RunStateData): string[] {
  const pending = data.pending;
  if (pending === null) return [];
  return [...pending.awaiting, ...Object.values(pending.nested ?? {}).flatMap(awaitingIds)];
}

/** @internal The state's data, for the loop. */
export function dataOf(state: RunState): RunStateData {
  const entry = internal.get(state);
  if (entry === undefined) throw invalidState("not a RunState created by openloop");
  return entry.data;
}

/**
 * @internal Takes a state for resuming: checks it belongs to `agentName` and was not resumed
 * before (a second resume could run a tool twice), and marks it resumed.
 */
export function consumeState(state: RunState, agentName: string): RunStateData {
  const entry = internal.get(state);
  if (entry === undefined) throw invalidState("not a RunState created by openloop");
  assertAgent(state, agentName);
  if (entry.consumed) {
    throw invalidState("this state was already resumed once; resume from the state of that run's result");
  }
  if (entry.data.status === "completed" || entry.data.status === "stopped") {
    throw invalidState(
      `the run already ended (${entry.data.status}); start a new run with its items as input`,
    );
  }
  entry.consumed = true;
  return entry.data;
}

/** A call as a {@link PendingApproval}. */
export function approvalOf(
  call: { call_id: string; name: string; arguments: string },
  agent: string,
): PendingApproval {
  let args: unknown;
  try {
    args = JSON.parse(call.arguments.trim() === "" ? "{}" : call.arguments);
  } catch {
    args = undefined;
  }
  return { callId: call.call_id, name: call.name, arguments: call.arguments, args, agent };
}

function assertAgent(state: RunState, name: string): void {
  const owner = dataOf(state).agent;
  if (owner !== name) {
    throw invalidState(`the state belongs to agent ${JSON.stringify(owner)}, not ${JSON.stringify(name)}`, {
      expected: name,
      actual: owner,
    });
  }
}

function invalidState(problem: string, details?: Record<string, unknown>): OpenloopError {
  return new OpenloopError("invalid_run_state", `Invalid RunState: ${problem}.`, { details });
}
