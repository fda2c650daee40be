/**
 * @module loop/context — the working state of one run (or one resumption): the serializable data
 * that becomes the `RunState`, plus what only lives in memory (the replay input, the signal, the
 * event sink, the tool queue).
 */
import type { ItemParam, Usage } from "@openloop/protocol";
import type PQueue from "p-queue";
import type { Agent, AgentConfig } from "../agent/agent.js";
import type { EventSink } from "../events/run-event.js";
import type { Model } from "../model/model.js";
import { type ReplayRules, replayItem } from "../reasoning/replay.js";
import type { Session } from "../session/session.js";
import type { RunItem, RunStateData } from "../state/data.js";
import type { Budgets } from "../stop/budgets.js";

export interface LoopContext {
  agent: Agent<never, unknown>;
  config: AgentConfig;
  model: Model;
  /** The run's data; becomes `result.state`. Mutated in place as the run goes. */
  data: RunStateData;
  resumed: boolean;
  runContext: unknown;
  sink: EventSink;
  /** The run's signal: the caller's signal, the time budget, and a stream consumer's `break`. */
  signal: AbortSignal;
  /** This run's tool limiter (undefined: no limit). */
  queue: PQueue | undefined;
  /** The limiter shared by many runs. */
  sharedQueue: PQueue | undefined;
  budgets: Budgets;
  /** The conversation's session, if the run has one (see session/commit.ts). */
  session: Session | undefined;
  instructions: string | undefined;
  /**
   * The stateless request input, kept in step with `data.input` + `data.items` as they grow (each
   * item passed through the replay rules once), so a turn never rebuilds the history.
   */
  replay: ItemParam[];
  replayRules: ReplayRules;
  /** Usage summed so far. */
  usage: Usage;
  /** `performance.now()` when this resumption started (for the time budget and `elapsedMs`). */
  startedAt: number;
}

/** Appends items to the transcript and to the replay input. */
export function appendItems(ctx: LoopContext, items: readonly RunItem[]): void {
  const { data, replay, replayRules } = ctx;
  for (const item of items) {
    data.items.push(item);
    const replayed = replayItem(item, replayRules);
    if (replayed !== undefined) replay.push(replayed);
  }
}

/** The replay input for a transcript (used once, when a run starts or resumes). */
export function buildReplay(data: RunStateData, rules: ReplayRules): ItemParam[] {
  const replay: ItemParam[] = [];
  for (const list of [data.input, data.items]) {
    for (const item of list) {
      const replayed = replayItem(item, rules);
      if (replayed !== undefined) replay.push(replayed);
    }
  }
  return replay;
}
