/**
 * @module commands/run/settings — the flags of `openloop run`, checked, and what a saved run keeps.
 */
import { resolve } from "node:path";
import { usageError } from "../../exit-codes.js";
import { type ApproveMode, parseToolSets, type ToolSet } from "../../tools/select.js";

/** The raw flags as commander parses them. */
export interface RunFlags {
  model?: string;
  baseUrl?: string;
  wire?: string;
  tools?: string;
  workspace?: string;
  maxTurns?: string;
  maxTokens?: string;
  timeout?: string;
  approve?: string;
  json?: boolean;
  output?: string;
  stateFile?: string;
  resume?: string;
  approveAll?: boolean;
  reject?: string[];
  instructions?: string;
  reasoning?: string;
  allowShell?: string[];
  allowWrite?: string[];
}

/** The settings a run uses and a saved run keeps (so `--resume` rebuilds the same agent). */
export interface RunSettings {
  tools: ToolSet[];
  workspace: string;
  maxTurns: number;
  maxTokens?: number;
  timeoutMs?: number;
  instructions?: string;
  reasoning?: "low" | "medium" | "high";
  /** Shell command patterns that run without asking. */
  allowShell?: string[];
  /** Path globs that `write_file` and `edit_file` change without asking. */
  allowWrite?: string[];
}

export const DEFAULT_TOOLS = "fs,shell";
export const DEFAULT_MAX_TURNS = 20;
const APPROVE_MODES: readonly ApproveMode[] = ["never", "auto", "prompt"];
const EFFORTS = ["low", "medium", "high"] as const;

/** `--approve`, checked. @default "prompt" */
export function approveMode(value: string | undefined): ApproveMode {
  const mode = (value ?? "prompt").toLowerCase();
  if (!(APPROVE_MODES as readonly string[]).includes(mode))
    throw usageError(`--approve must be one of ${APPROVE_MODES.join(", ")}, got ${JSON.stringify(value)}.`);
  return mode as ApproveMode;
}

/** A whole number from 1 up, or a usage error naming the flag. */
export function positiveInt(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw usageError(`${flag} must be a whole number from 1 up, got ${JSON.stringify(value)}.`);
  return n;
}

/** The settings from flags, over `base` (a saved run's settings when resuming). */
export function settingsFrom(flags: RunFlags, cwd: string, base?: RunSettings): RunSettings {
  const settings: RunSettings = base
    ? { ...base }
    : { tools: parseToolSets(flags.tools ?? DEFAULT_TOOLS), workspace: cwd, maxTurns: DEFAULT_MAX_TURNS };
  if (base && flags.tools !== undefined) settings.tools = parseToolSets(flags.tools);
  if (flags.workspace !== undefined) settings.workspace = resolve(cwd, flags.workspace);
  if (flags.maxTurns !== undefined) settings.maxTurns = positiveInt("--max-turns", flags.maxTurns);
  if (flags.maxTokens !== undefined) settings.maxTokens = positiveInt("--max-tokens", flags.maxTokens);
  if (flags.timeout !== undefined) settings.timeoutMs = positiveInt("--timeout", flags.timeout) * 1000;
  if (flags.instructions !== undefined) settings.instructions = flags.instructions;
  if (flags.allowShell !== undefined) settings.allowShell = flags.allowShell;
  if (flags.allowWrite !== undefined) settings.allowWrite = flags.allowWrite;
  if (flags.reasoning !== undefined) {
    const effort = flags.reasoning.toLowerCase();
    if (!(EFFORTS as readonly string[]).includes(effort))
      throw usageError(
        `--reasoning must be one of ${EFFORTS.join(", ")}, got ${JSON.stringify(flags.reasoning)}.`,
      );
    settings.reasoning = effort as RunSettings["reasoning"];
  }
  return settings;
}
