/** `codingTools()`: every coding tool over one workspace, with one approval setting. */
import type { AnyFunctionTool } from "@openloop/core";
import { type ApprovalOption, policyFor } from "./approval/index.js";
import { editFileTool } from "./files/edit-file.js";
import { globTool } from "./files/glob.js";
import { listDirTool } from "./files/list-dir.js";
import { readFileTool } from "./files/read-file.js";
import { writeFileTool } from "./files/write-file.js";
import { grepTool } from "./grep/grep.js";
import { type ShellOptions, shellTool } from "./shell/shell-tool.js";
import { Workspace } from "./workspace/index.js";

/** Options of {@link codingTools}. */
export interface CodingToolsOptions {
  /** The workspace: a directory path, or a {@link Workspace}. Every tool is confined to it. */
  root: string | Workspace;
  /**
   * Which calls of `write_file`, `edit_file` and `shell` wait for a human (read-only tools never
   * do): `"never"`, `"always"`, `{ allow: [patterns] }`, or one of those per tool.
   * @default "always"
   * @example { write_file: "never", edit_file: "never", shell: { allow: ["git status", "npm test*"] } }
   */
  approval?: ApprovalOption;
  /** Settings of the `shell` tool (timeouts, output size, environment); `false` leaves it out. */
  shell?: ShellOptions | false;
}

/**
 * The coding tools, confined to `root`: `read_file`, `write_file`, `edit_file`, `list_dir`,
 * `glob`, `grep` and `shell`, ready for an agent's `tools`.
 *
 * @throws {OpenloopError} code `invalid_config` when `root` is not a directory or an option is
 * malformed.
 * @example
 * ```ts
 * const agent = new Agent({
 *   name: "coder",
 *   model,
 *   tools: codingTools({ root: process.cwd(), approval: { shell: { allow: ["npm test*"] } } }),
 * });
 * ```
 */
export function codingTools(options: CodingToolsOptions): AnyFunctionTool[] {
  const workspace = options.root instanceof Workspace ? options.root : new Workspace(options.root);
  const { approval, shell } = options;
  const tools: AnyFunctionTool[] = [
    readFileTool({ workspace }),
    writeFileTool({ workspace, approval: policyFor(approval, "write_file") }),
    editFileTool({ workspace, approval: policyFor(approval, "edit_file") }),
    listDirTool({ workspace }),
    globTool({ workspace }),
    grepTool({ workspace }),
  ];
  if (shell !== false) tools.push(shellTool({ ...shell, workspace, approval: policyFor(approval, "shell") }));
  return tools;
}
