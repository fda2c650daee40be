/**
 * @module pool/fault-report — the report of a run its worker could not finish, and why.
 */
import type { RunStatus } from "../sandbox/result.js";
import type { DoneMessage } from "./messages.js";

/** Why the parent killed a worker, which decides the status of its in-flight run. */
export type KillReason = "deadline" | "rss" | "abort" | "close" | "protocol" | "recycle";

/** The report of a run the worker could not finish. */
export function faultDone(id: string, status: RunStatus, name: string, message: string): DoneMessage {
  return {
    t: "done",
    id,
    status,
    stdout: "",
    stderr: "",
    truncated: { stdout: false, stderr: false, result: false },
    result: null,
    error: { name, message, stack: null },
    stateLost: true,
    fresh: false,
    cpuMs: null,
    heapBytes: null,
  };
}

/**
 * What killed a worker, as the status of the run it carried: the parent's own kill reason when it
 * killed it; otherwise `oom` when the worker reported a catastrophic out-of-memory error on its
 * way out (see worker/main.mjs), `crashed` for anything else.
 */
export function deathReport(
  id: string,
  death: { killReason: KillReason | null; stderr: string; exit: string; maxRssMb: number },
): DoneMessage {
  switch (death.killReason) {
    case "deadline":
      return faultDone(
        id,
        "timeout",
        "TimeoutError",
        "Execution exceeded its time limit and the worker process running it was killed.",
      );
    case "rss":
      return faultDone(
        id,
        "oom",
        "MemoryLimitError",
        `The worker process running the code exceeded ${death.maxRssMb} MB of resident memory and was killed.`,
      );
    case "abort":
      return faultDone(
        id,
        "aborted",
        "AbortError",
        "The run was aborted and the worker process running it was killed.",
      );
    case "close":
      return faultDone(id, "aborted", "AbortError", "The sandbox was closed.");
    default:
      if (/catastrophic/i.test(death.stderr) && /memory|heap|allocation/i.test(death.stderr)) {
        return faultDone(
          id,
          "oom",
          "MemoryLimitError",
          "Execution exhausted the isolate's memory; the worker process running it ended.",
        );
      }
      return faultDone(
        id,
        "crashed",
        "SandboxError",
        `The worker process running the code crashed (${death.exit}).`,
      );
  }
}
