/**
 * @module tool-choice/policy — `tool_choice`, enforced on the client whatever the server did.
 *
 * Pure functions: (the turn's choice, the response's function calls) → which calls run, which are
 * refused (each still answered, so the transcript stays valid for replay), whether the turn violated
 * the choice, and the choice for the next turn. Many servers ignore `tool_choice` (Ollama, vLLM,
 * LM Studio); this is what makes it hold anyway.
 */
import type { ToolChoice } from "@openloop/protocol";
import { allows, constraintOf, type ToolChoiceConstraint } from "./constraint.js";
import { correctionItem, refusalMessage } from "./messages.js";

/** The part of a `function_call` the policy reads. */
export interface CallName {
  name: string;
}

/** What the policy says about one call. */
export type CallVerdict = { allowed: true } | { allowed: false; message: string };

/** How a turn broke its `tool_choice`. */
export interface ToolChoiceViolation {
  /**
   * `missing_call`: a call was required and the model answered without one.
   * `forbidden_call`: the model called tools, and every one of them was refused.
   */
  kind: "missing_call" | "forbidden_call";
  /** What went wrong, in words (for errors and events). */
  message: string;
}

/** The policy's decision for one response. */
export interface ToolChoiceDecision {
  /** One verdict per call, in call order. */
  verdicts: CallVerdict[];
  /** Set when the response broke the choice; the loop retries (up to a limit) or fails. */
  violation: ToolChoiceViolation | undefined;
  /**
   * For `missing_call`: the developer message to append before retrying (see `correctionText`).
   */
  correction: ReturnType<typeof correctionItem> | undefined;
  /**
   * True when a forced choice was met: a call to a tool that exists and is allowed will run.
   * (A call to an unknown name runs into an `unknown_tool` answer and does not count.)
   */
  satisfied: boolean;
}

/**
 * Decides what to do with a response's function calls under `choice`.
 *
 * | choice | calls that run | refused | violation |
 * | --- | --- | --- | --- |
 * | `auto` | all | none | never |
 * | `none` | none | all | `forbidden_call` when there are calls |
 * | `required` | all | none | `missing_call` when there are none |
 * | `{ type: "function", name }` | calls to `name` | the others | `missing_call` / `forbidden_call` |
 * | `{ type: "allowed_tools", tools, mode }` | calls in `tools` (none if mode `none`) | the others | as `mode` says |
 *
 * A hosted tool's choice object (`{ type: "web_search" }`) is passed to the server and not
 * enforced here: every function call runs. `options.hostedCall` says the response holds a call the
 * server ran itself (an item such as `web_search_call`): it meets `"required"`.
 */
export function decideToolCalls(
  choice: ToolChoice | null | undefined,
  calls: readonly CallName[],
  knownTools: ReadonlySet<string> | ReadonlyMap<string, unknown>,
  options: { hostedCall?: boolean } = {},
): ToolChoiceDecision {
  const constraint = constraintOf(choice);
  const verdicts: CallVerdict[] = new Array(calls.length);
  let running = 0;
  // A hosted tool the server ran (`web_search_call`, ...) is a tool call for "required" (and for
  // a hosted tool's own choice), though not for a named function.
  let satisfied = options.hostedCall === true && constraint.allowed === "all";
  for (let i = 0; i < calls.length; i++) {
    const name = calls[i]!.name;
    if (allows(constraint, name)) {
      verdicts[i] = ALLOWED;
      running++;
      if (knownTools.has(name)) satisfied = true;
    } else {
      verdicts[i] = { allowed: false, message: refusalMessage(name, constraint) };
    }
  }
  let violation: ToolChoiceViolation | undefined;
  let correction: ToolChoiceDecision["correction"];
  if (calls.length > 0 && running === 0) {
    violation = {
      kind: "forbidden_call",
      message: `The model called ${names(calls)} although ${constraint.label}.`,
    };
  } else if (calls.length === 0 && constraint.required && !satisfied) {
    violation = {
      kind: "missing_call",
      message: `The model answered without a tool call although ${constraint.label}.`,
    };
    correction = correctionItem(constraint);
  }
  return { verdicts, violation, correction, satisfied: constraint.required && satisfied };
}

/**
 * The choice for the turn after a decision. With `reset` (the default), a forced choice that was
 * met goes back to `"auto"` (`allowed_tools` keeps its set and goes back to mode `"auto"`), so the
 * model is not forced to call tools forever. A hosted tool's choice resets after one turn. `auto`
 * and `none` never change.
 */
export function nextToolChoice(
  choice: ToolChoice | null | undefined,
  decision: Pick<ToolChoiceDecision, "satisfied">,
  reset: boolean,
): ToolChoice | null | undefined {
  if (!reset || choice === undefined || choice === null || choice === "auto" || choice === "none")
    return choice;
  const constraint = constraintOf(choice);
  if (constraint.hosted) return "auto";
  if (!decision.satisfied) return choice;
  if (typeof choice === "object" && choice.type === "allowed_tools") return { ...choice, mode: "auto" };
  return "auto";
}

/** Whether the constraint of `choice` requires a call (used to validate configurations). */
export function isForcedChoice(choice: ToolChoice | null | undefined): boolean {
  return constraintOf(choice).required;
}

export type { ToolChoiceConstraint };

const ALLOWED: CallVerdict = Object.freeze({ allowed: true }) as CallVerdict;

function names(calls: readonly CallName[]): string {
  const unique = [...new Set(calls.map((c) => `"${c.name}"`))];
  return unique.join(", ");
}
