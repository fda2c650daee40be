/**
 * @module session/commit — a run's side of a `Session`: the stored history read once at the
 * start, and each completed turn written as one `addItems` call.
 */
import { OpenloopError } from "@openloop/protocol";
import type { LoopContext } from "../loop/context.js";
import type { RunItem } from "../state/data.js";
import { applyHistoryPolicy, type HistoryPolicy } from "./history.js";
import type { Session } from "./session.js";

/** The stored items a new run starts from, under the history policy. */
export async function loadHistory(session: Session, policy: HistoryPolicy | undefined): Promise<RunItem[]> {
  let items: RunItem[];
  try {
    items = await session.getItems();
  } catch (error) {
    throw sessionError("read", error);
  }
  if (!Array.isArray(items)) {
    throw new OpenloopError("session_error", "The session's getItems() did not resolve with an array.");
  }
  return applyHistoryPolicy(items, policy);
}

/**
 * Writes what the session does not hold yet (the transcript from `data.session.committed` on: the
 * run's new input, then its items), when every item is part of a completed turn: not before the
 * first response, and not while a turn's calls are unanswered (paused or cut off). One
 * `addItems` call, so an atomic store never holds half a turn.
 */
export async function commitTurns(ctx: LoopContext): Promise<void> {
  const { session, data } = ctx;
  const track = data.session;
  if (session === undefined || track === undefined) return;
  if (data.pending !== null || data.items.length === 0) return;
  const { input, items } = data;
  const total = input.length + items.length;
  if (track.committed >= total) return;
  const from = track.committed;
  const fresh: RunItem[] =
    from >= input.length ? items.slice(from - input.length) : [...input.slice(from), ...items];
  try {
    await session.addItems(fresh);
  } catch (error) {
    throw sessionError("write", error);
  }
  track.committed = total;
}

function sessionError(what: "read" | "write", error: unknown): OpenloopError {
  const why = error instanceof Error ? error.message : String(error);
  return new OpenloopError(
    "session_error",
    what === "read"
      ? `The session's items could not be read: ${why}`
      : `The session could not store the turn's items: ${why}`,
    { cause: error },
  );
}
