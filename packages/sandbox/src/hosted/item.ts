/**
 * @module hosted/item — the item a server shows for a code run: a `code_interpreter_call`-style item.
 *
 * Open Responses requires hosted tools to have their own item type, and items outside the spec to
 * carry the implementor's slug: the default type is `openloop:code_interpreter_call`. Its fields
 * are those of OpenAI's `code_interpreter_call` (which the official SDK knows), so a server
 * talking to OpenAI-flavoured clients can emit `type: "code_interpreter_call"` instead.
 */
import { createHash } from "node:crypto";
import type { RunResult } from "../sandbox/result.js";
import { renderForModel } from "./render.js";

/** The item types a code run can be presented as. */
export type CodeInterpreterItemType = "openloop:code_interpreter_call" | "code_interpreter_call";

/** A hosted code run, as an output item. */
export interface CodeInterpreterCallItem {
  type: CodeInterpreterItemType;
  id: string;
  /** `in_progress` while the code streams in, `interpreting` while it runs, then `completed` (ok or an exception of the code), `incomplete` (timeout, memory, abort) or `failed` (the sandbox crashed). */
  status: "in_progress" | "interpreting" | "completed" | "incomplete" | "failed";
  code: string;
  /**
   * Where the code runs: the session id for session runs; otherwise a `cntr_…` id of the call's
   * own (see {@link containerIdOf}), since a fresh context is shared with no other call.
   */
  container_id: string;
  /** One `logs` entry holding what the model was shown; `null` until the run ends. */
  outputs: Array<{ type: "logs"; logs: string }> | null;
}

/**
 * The container id of a call run in a fresh context: `cntr_` and 32 hex digits derived from the
 * item id, so the in-flight and the finished item of one call agree with no state kept between
 * them, and no two calls claim one container.
 */
export function containerIdOf(itemId: string): string {
  return `cntr_${createHash("sha256").update(itemId).digest("hex").slice(0, 32)}`;
}

/**
 * Builds the item for a run: pass `result` once it finished, omit it while running.
 * `container_id` is `containerId` when given, else the session of `result` (a session run), else
 * `containerIdOf(id)`; while a session run is in flight, pass its session as `containerId`.
 */
export function toCodeInterpreterItem(init: {
  id: string;
  code: string;
  result?: RunResult;
  type?: CodeInterpreterItemType;
  containerId?: string;
}): CodeInterpreterCallItem {
  const { result } = init;
  return {
    type: init.type ?? "openloop:code_interpreter_call",
    id: init.id,
    status: result === undefined ? "interpreting" : itemStatus(result),
    code: init.code,
    container_id: init.containerId ?? result?.session?.id ?? containerIdOf(init.id),
    outputs: result === undefined ? null : [{ type: "logs", logs: renderForModel(result) }],
  };
}

function itemStatus(result: RunResult): CodeInterpreterCallItem["status"] {
  switch (result.status) {
    case "ok":
    case "error":
      return "completed";
    case "crashed":
      return "failed";
    default:
      return "incomplete";
  }
}
