/**
 * @module run/prepare — a run's starting point: fresh from input, or resumed from a `RunState`.
 */
import { describeZodError, ItemParam, OpenloopError } from "@openloop/protocol";
import PQueue from "p-queue";
import { z } from "zod";
import { type Agent, configOf } from "../agent/agent.js";
import type { EventSink } from "../events/run-event.js";
import { buildReplay, type LoopContext } from "../loop/context.js";
import { fallbackInstructions } from "../output/output-schema.js";
import { replayItem } from "../reasoning/replay.js";
import { loadHistory } from "../session/commit.js";
import type { Session } from "../session/session.js";
import { RUN_STATE_VERSION, type RunItem, type RunStateData } from "../state/data.js";
import { consumeState, RunState } from "../state/run-state.js";
import { sumUsage } from "../usage/usage.js";
import type { RunOptions } from "./options.js";

/** A message written the short way many clients do: `{ role, content }`, without `type`. */
export interface MessageShorthand {
  role: "user" | "assistant" | "system" | "developer";
  content: string | readonly Record<string, unknown>[];
}

/**
 * What `run` and `runStream` accept: a string (one user message); input items (the spec's
 * `ItemParam`s, a previous result's `items` as they are, `{ role, content }` messages); or a
 * `RunState` to resume.
 */
export type RunInput = string | readonly (ItemParam | RunItem | MessageShorthand)[] | RunState;

const Items = z.array(ItemParam);

/** Builds the loop context. Throws `OpenloopError` (`invalid_request`, `invalid_run_state`, `invalid_config`). */
export async function prepareRun(
  agent: Agent<never, unknown>,
  input: RunInput,
  options: RunOptions<unknown>,
  sink: EventSink,
  signal: AbortSignal,
): Promise<LoopContext> {
  const config = configOf(agent);
  const startedAt = performance.now();
  const maxTurns = options.maxTurns ?? config.maxTurns;
  if (!(Number.isInteger(maxTurns) && maxTurns >= 1)) {
    throw new OpenloopError(
      "invalid_config",
      `Expected \`maxTurns\` to be an integer from 1 and up, got \`${String(maxTurns)}\``,
    );
  }
  // Before the state is taken: a failure here leaves a resumable state untouched.
  let instructions =
    typeof agent.instructions === "function"
      ? await agent.instructions({ runContext: options.context as never, agent: agent.name })
      : agent.instructions;
  const output = config.output;
  if (output !== undefined && !output.native) {
    // The model cannot take text.format json_schema: the schema goes in the instructions.
    const fallback = fallbackInstructions(output);
    instructions = instructions ? `${instructions}\n\n${fallback}` : fallback;
  }
  const replayRules = {
    keepReasoningWithoutEncryptedContent: agent.model.capabilities?.reasoningReplay === true,
  };
  let data: RunStateData;
  let resumed = false;
  const session = checkSession(options);
  if (input instanceof RunState) {
    data = cloneData(consumeState(input, agent.name));
    data.status = "running";
    data.stopReason = null;
    data.finalOutput = undefined;
    // A state from a run without a session: the session gets the whole transcript.
    if (session !== undefined && data.session === undefined) data.session = { committed: 0 };
    resumed = true;
  } else {
    const fresh = normalizeInput(input);
    // The history comes first and is already stored; the new input is written with the first turn.
    const history = session === undefined ? [] : normalizeInput(await loadHistory(session, options.history));
    const items = history.length === 0 ? fresh : [...history, ...fresh];
    const fromOutside = options.previousResponseId !== undefined;
    data = freshData(agent.name, items, config.toolChoice, {
      enabled:
        fromOutside ||
        (config.usePreviousResponseId && agent.model.capabilities?.previousResponseId !== false),
      previousResponseId: options.previousResponseId ?? null,
      sentItems: 0,
      fellBack: false,
      fromOutside,
    });
    if (session !== undefined) data.session = { committed: history.length };
  }
  const concurrency = config.maxConcurrentTools;
  return {
    agent,
    config,
    model: agent.model,
    data,
    resumed,
    runContext: options.context,
    sink,
    signal,
    queue: concurrency !== undefined && concurrency !== Infinity ? new PQueue({ concurrency }) : undefined,
    sharedQueue: options.toolQueue,
    session,
    budgets: {
      maxTurns,
      maxToolCalls: config.maxToolCalls,
      maxTokens: config.maxTokens,
      timeoutMs: config.timeoutMs,
    },
    instructions,
    replay: buildReplay(data, replayRules),
    replayRules,
    usage: sumUsage(data.usageByTurn),
    startedAt,
  };
}

function checkSession(options: RunOptions<unknown>): Session | undefined {
  const { session, history } = options;
  if (session !== undefined) {
    const s = session as Partial<Session> | null;
    if (
      typeof s !== "object" ||
      s === null ||
      typeof s.getItems !== "function" ||
      typeof s.addItems !== "function" ||
      typeof s.clear !== "function"
    ) {
      throw new OpenloopError(
        "invalid_config",
        "Expected `session` to be a Session (getItems, addItems, clear), such as new MemorySession()",
      );
    }
  }
  if (history !== undefined && typeof history !== "function") {
    throw new OpenloopError(
      "invalid_config",
      "Expected `history` to be a history policy (a function), such as keepLastTurns(20)",
    );
  }
  if (history !== undefined && session === undefined) {
    throw new OpenloopError(
      "invalid_config",
      "`history` applies to a session's items, but there is no `session`",
    );
  }
  return session;
}

/** A fresh run's data. */
export function freshData(
  agent: string,
  input: ItemParam[],
  toolChoice: RunStateData["toolChoice"],
  chain: RunStateData["chain"],
): RunStateData {
  return {
    version: RUN_STATE_VERSION,
    agent,
    status: "running",
    input,
    items: [],
    responses: [],
    usageByTurn: [],
    turns: 0,
    toolChoice,
    violations: 0,
    outputRetries: 0,
    toolCalls: 0,
    loop: { last: null, streak: 0 },
    elapsedMs: 0,
    chain,
    pending: null,
    finalOutput: undefined,
    stopReason: null,
  };
}

/**
 * The input as items: a string is one user message; `{ role, content }` without `type` (the
 * shorthand many clients write) becomes a `message`. Items are checked against the spec's
 * `ItemParam` (as they will be sent: raw reasoning content removed) and kept as given.
 */
function normalizeInput(input: unknown): ItemParam[] {
  if (typeof input === "string") return [{ type: "message", role: "user", content: input }];
  if (!Array.isArray(input)) {
    const got = input === null ? "null" : typeof input;
    throw new OpenloopError(
      "invalid_request",
      `Invalid input: expected a string, an array of items or a RunState, got ${got}.`,
    );
  }
  const items = input.map((item: unknown) =>
    typeof item === "object" && item !== null && !("type" in item) && "role" in item
      ? ({ type: "message", ...item } as ItemParam)
      : (item as ItemParam),
  );
  const checked = Items.safeParse(
    items.map((item) => replayItem(item, { keepReasoningWithoutEncryptedContent: true }) ?? item),
  );
  if (!checked.success) {
    throw new OpenloopError("invalid_request", `Invalid input: ${describeZodError(checked.error)}`, {
      param: "input",
      details: { issues: checked.error.issues },
    });
  }
  return items;
}

/** Copies the containers a run mutates, so the resumed state object itself never changes. */
function cloneData(data: RunStateData): RunStateData {
  const pending = data.pending;
  return {
    ...data,
    input: data.input.slice(),
    items: data.items.slice(),
    responses: data.responses.slice(),
    usageByTurn: data.usageByTurn.slice(),
    loop: { ...data.loop },
    chain: { ...data.chain },
    session: data.session === undefined ? undefined : { ...data.session },
    pending:
      pending === null
        ? null
        : {
            ...pending,
            calls: pending.calls.slice(),
            outputs: pending.outputs.slice(),
            ran: pending.ran.slice(),
            awaiting: pending.awaiting.slice(),
            decisions: { ...pending.decisions },
            nested: pending.nested === undefined ? undefined : { ...pending.nested },
          },
  };
}
