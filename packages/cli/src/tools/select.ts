/**
 * @module tools/select — `--tools code,fs,shell`: the tool sets a headless run gets.
 */
import type { AgentTool } from "@openloop/core";
import { codeRunner } from "@openloop/sandbox";
import {
  type ApprovalPolicy,
  editFileTool,
  globTool,
  grepTool,
  listDirTool,
  readFileTool,
  shellTool,
  Workspace,
  writeFileTool,
} from "@openloop/tools";
import { usageError } from "../exit-codes.js";

/**
 * The tool sets `--tools` accepts:
 * - `read`: `read_file`, `list_dir`, `glob`, `grep` (never ask for approval);
 * - `fs`: `read` plus `write_file` and `edit_file`;
 * - `shell`: `shell`, a bash command in the workspace (scrubbed environment, timeout, output cap);
 * - `code`: `run_javascript`, model-written JavaScript in the isolated-vm sandbox (it cannot touch
 *   the machine, so it never asks);
 * - `none`: no tools at all.
 *
 * Every file and shell tool is confined to the workspace (paths and symbolic links that lead out
 * are refused).
 */
export const TOOL_SETS = ["fs", "read", "shell", "code", "none"] as const;

/** One of {@link TOOL_SETS}. */
export type ToolSet = (typeof TOOL_SETS)[number];

/** `--approve`: how calls that change things (writes, edits, shell) are decided. */
export type ApproveMode = "never" | "auto" | "prompt";

/** Options of {@link selectTools}. */
export interface SelectToolsOptions {
  /** The directory the file and shell tools are confined to. */
  workspace: string;
  /**
   * `auto` runs every call without asking; `never` and `prompt` make calls wait for a decision
   * unless an allow pattern matches.
   */
  approve: ApproveMode;
  /** Shell command patterns that run without asking (`--allow-shell "npm test*"`). */
  allowShell?: readonly string[];
  /** Globs of paths `write_file` and `edit_file` change without asking (`--allow-write "src/**"`). */
  allowWrite?: readonly string[];
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

function policy(mode: ApproveMode, allow: readonly string[] | undefined): ApprovalPolicy {
  if (mode === "auto") return "never";
  return allow !== undefined && allow.length > 0 ? { allow } : "always";
}

function openWorkspace(dir: string): Workspace {
  try {
    return new Workspace(dir);
  } catch {
    throw usageError(
      `The workspace ${dir} is not an existing directory: pass --workspace DIR (default: the current directory).`,
    );
  }
}

/** Builds the tools of `sets`; a workspace that is not a directory is a usage error. */
export function selectTools(sets: readonly ToolSet[], options: SelectToolsOptions): ToolSelection {
  const tools: AgentTool[] = [];
  const closers: (() => Promise<void>)[] = [];
  const needsWorkspace = sets.some((set) => set === "fs" || set === "read" || set === "shell");
  const workspace = needsWorkspace ? openWorkspace(options.workspace) : undefined;
  if (workspace && (sets.includes("fs") || sets.includes("read")))
    tools.push(
      readFileTool({ workspace }),
      listDirTool({ workspace }),
      globTool({ workspace }),
      grepTool({ workspace }),
    );
  if (workspace && sets.includes("fs")) {
    const approval = policy(options.approve, options.allowWrite);
    tools.push(writeFileTool({ workspace, approval }), editFileTool({ workspace, approval }));
  }
  if (workspace && sets.includes("shell"))
    tools.push(shellTool({ workspace, approval: policy(options.approve, options.allowShell) }));
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
