/**
 * @module render/summarize — one short line for a tool's arguments or result.
 */
import type { FunctionCallOutputItem } from "@openloop/core";

/** `text` on one line, at most `max` characters, saying how much was left out. */
export function oneLine(text: string, max = 120): string {
  const lines = text.split("\n");
  const first = (lines.find((line) => line.trim() !== "") ?? "").trim();
  const more = lines.filter((line) => line.trim() !== "").length - 1;
  let out = first.length > max ? `${first.slice(0, max - 1)}…` : first;
  if (more > 0) out += ` (+${more} line${more === 1 ? "" : "s"})`;
  return out;
}

/** The text of a `function_call_output` (its text parts when the output is a list of parts). */
export function outputText(output: FunctionCallOutputItem["output"]): string {
  if (typeof output === "string") return output;
  if (!Array.isArray(output)) return JSON.stringify(output);
  return output
    .map((part) => {
      const p = part as { type?: string; text?: string };
      return p.type === "input_text" ? (p.text ?? "") : `[${p.type ?? "part"}]`;
    })
    .join(" ");
}

/** A call's arguments for display: compact JSON on one line, cut at `max` characters. */
export function argsLine(args: string, max = 160): string {
  let text = args;
  try {
    text = JSON.stringify(JSON.parse(args));
  } catch {
    // Not JSON (the model wrote something else): show it as it came.
  }
  return oneLine(text, max);
}
