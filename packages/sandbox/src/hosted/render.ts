/**
 * @module hosted/render — a run's outcome as text for a model: stdout, then the result, then the error.
 */
import type { RunResult } from "../sandbox/result.js";

/**
 * Renders `result` for a model. Sections appear only when they have content:
 * a note when session state was lost, `stdout:`, `stderr:`, `result:` (the preview), `error:`
 * (the stack inside the sandbox, or `Name: message`).
 *
 * @example
 * renderForModel(await sandbox.run("console.log('hi'); 6 * 7"));
 * // "stdout:\nhi\n\nresult: 42"
 */
export function renderForModel(result: RunResult): string {
  const parts: string[] = [];
  const s = result.session;
  if (s?.previousStateLost) {
    parts.push(
      `note: the session's earlier state is gone (${lossText(s.previousStateLost)}); variables, functions and classes from earlier calls no longer exist.`,
    );
  }
  if (result.stdout !== "") parts.push(`stdout:\n${trimNewline(result.stdout)}`);
  if (result.stderr !== "") parts.push(`stderr:\n${trimNewline(result.stderr)}`);
  if (result.result !== null) {
    parts.push(
      `result: ${result.result.preview}${result.truncated.result ? " (too large; shown truncated)" : ""}`,
    );
  }
  if (result.error !== null) {
    const e = result.error;
    parts.push(`error: ${e.stack ?? `${e.name}: ${e.message}`}`);
  }
  if (s?.stateLost && result.status !== "ok") {
    parts.push("note: this failure discarded the session's state; the next call starts from a clean state.");
  }
  if (parts.length === 0) return "(no output; the last expression's value was undefined)";
  return parts.join("\n\n");
}

function trimNewline(text: string): string {
  return text.endsWith("\n") ? text.slice(0, -1) : text;
}

function lossText(reason: NonNullable<NonNullable<RunResult["session"]>["previousStateLost"]>): string {
  switch (reason) {
    case "expired":
      return "it was idle too long";
    case "evicted":
      return "it was evicted to make room for newer sessions";
    case "timeout":
      return "an earlier call ran out of time and its process was stopped";
    case "oom":
      return "an earlier call ran out of memory";
    case "aborted":
      return "an earlier call was aborted";
    default:
      return "the process holding it crashed";
  }
}
