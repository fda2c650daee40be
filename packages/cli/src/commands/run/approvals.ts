/**
 * @module commands/run/approvals — deciding on calls that wait for approval: from flags
 * (`--approve-all`, `--reject`), or by asking on the terminal.
 */
import { createInterface } from "node:readline/promises";
import type { PendingApproval, RunState } from "@openloop/core";
import { usageError } from "../../exit-codes.js";
import type { Input, Output } from "../../io.js";
import { makeStyle } from "../../render/style.js";
import { argsLine } from "../../render/summarize.js";

/** Decisions given on the command line when resuming. */
export interface FlagDecisions {
  approveAll: boolean;
  reject: readonly string[];
}

/**
 * Applies `--reject <callId...>` and `--approve-all` to `state`. Rejected ids must be pending (a
 * typo would otherwise approve the call under `--approve-all`). Returns the calls still undecided.
 */
export function applyFlagDecisions(state: RunState, decisions: FlagDecisions): PendingApproval[] {
  const pending = state.pendingApprovals;
  const ids = new Set(pending.map((call) => call.callId));
  for (const callId of decisions.reject) {
    if (!ids.has(callId))
      throw usageError(
        `--reject ${callId}: no such call waits for approval. Waiting: ${pending.map((c) => `${c.callId} (${c.name})`).join(", ") || "none"}.`,
      );
    state.reject(callId, {
      message: `A person rejected this ${pending.find((c) => c.callId === callId)!.name} call.`,
    });
  }
  if (decisions.approveAll) for (const call of state.pendingApprovals) state.approve(call.callId);
  return state.pendingApprovals;
}

/**
 * Asks on the terminal about each pending call: `y` approves, `n` rejects, `a` approves it and every
 * later one, `q` (or Ctrl-C, or the end of the input) stops asking (the rest stay pending: the run
 * stops and is saved). Prompts go to
 * `out` (stderr), so `--json` output stays clean. Returns true when every call was decided.
 */
export async function askApprovals(
  state: RunState,
  input: Input,
  out: Output,
  colors: boolean,
): Promise<boolean> {
  const style = makeStyle(colors);
  const rl = createInterface({ input, output: out, terminal: input.isTTY === true });
  // Ctrl-D (the input ends) and Ctrl-C at the prompt mean "stop asking": without this a pending
  // question never settles, and the run would hang or exit without saving its state.
  const ended = new Promise<undefined>((resolve) => rl.once("close", () => resolve(undefined)));
  rl.once("SIGINT", () => rl.close());
  try {
    let all = false;
    for (const call of state.pendingApprovals) {
      if (all) {
        state.approve(call.callId);
        continue;
      }
      out.write(`${style.yellow("?")} ${style.bold(call.name)}(${argsLine(call.arguments, 400)})\n`);
      for (;;) {
        const typed = await Promise.race([
          rl.question("  Allow it? [y]es, [n]o, [a]ll, [q]uit and save: "),
          ended,
        ]);
        if (typed === undefined) {
          out.write("\n");
          return false;
        }
        const answer = typed.trim().toLowerCase();
        if (answer === "y" || answer === "yes") state.approve(call.callId);
        else if (answer === "n" || answer === "no")
          state.reject(call.callId, { message: `A person rejected this ${call.name} call.` });
        else if (answer === "a" || answer === "all") {
          all = true;
          state.approve(call.callId);
        } else if (answer === "q" || answer === "quit") return false;
        else continue;
        break;
      }
    }
    return true;
  } finally {
    rl.close();
  }
}
