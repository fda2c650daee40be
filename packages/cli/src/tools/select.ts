/**
 * @module tools/select — `--tools code,fs,shell`: the tool sets a headless run gets.
 */
import type { AgentTool } from "@openloop/core";
import { codeRunner } from "@openloop/sandbox";
import { usageError } from "../exit-codes.js";

/**
 * The tool sets `--tools` accepts:
 * - `code`: `run_javascript`, model-written JavaScript in the isolated-vm sandbox (no approval needed:
 *   it cannot touch the machine);
 * - `none`: no tools at all.
 */
export const TOOL_SETS = ["code", "none"] as const;

/** One of {@link TOOL_SETS}. */
export type ToolSet = (typeof TOOL_SETS)[number];

/** How mutating tools ask for approval. */
export type ApproveMode = "never" | "auto" | "prompt";

/** Options of {@link selectTools}. */
export interface SelectToolsOptions {
  /** The directory the file and shell tools are confined to. */
  workspace: string;
  /** `auto` runs mutating calls without asking; `never` and `prompt` make every one wait for a decision. */
  approve: ApproveMode;
}

/** The chosen tools, with what must be closed after the run. */
export interface ToolSelection {
  tools: AgentTool[];
  /** The tools' names, as the model sees them. */
  names: string[];
  close(): Promise<void>;
}

/** Parses a `--tools` value: comma-separated sets, `none` for no tools. */
export function parseToolSets(value: string): ToolSet[] {
  const sets = value
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== "");
  for (const name of sets)
    if (!(TOOL_SETS as readonly string[]).includes(name))
      throw usageError(`Unknown tool set ${JSON.stringify(name)} in --tools: use ${TOOL_SETS.join(", ")}.`);
  if (sets.includes("none") && sets.length > 1)
    throw usageError("--tools none cannot be combined with other sets.");
  return [...new Set(sets)] as ToolSet[];
}

/** Builds the tools of `sets`. */
export function selectTools(sets: readonly ToolSet[], _options: SelectToolsOptions): ToolSelection {
  const tools: AgentTool[] = [];
  const closers: (() => Promise<void>)[] = [];
  if (sets.includes("code")) {
    const runner = codeRunner();
    tools.push(runner);
    closers.push(() => runner.close());
  }
  return {
    tools,
    names: tools.map((t) => (t as { name?: string }).name ?? t.type),
    async close() {
      await Promise.all(closers.map((close) => close()));
    },
  };
}
