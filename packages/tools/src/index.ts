/** @module @openloop/tools — Coding-agent tools: read, write, edit, list, grep, shell — jailed to a workspace. */
export type {
  AllowPattern,
  ApprovalOption,
  ApprovalPolicy,
  MutatingToolName,
} from "./approval/index.js";
export { type CodingToolsOptions, codingTools } from "./coding-tools.js";
export { type EditFileToolOptions, editFileTool } from "./files/edit-file.js";
export { type GlobToolOptions, globTool } from "./files/glob.js";
export { type ListDirToolOptions, listDirTool } from "./files/list-dir.js";
export { type ReadFileToolOptions, readFileTool } from "./files/read-file.js";
export { type WriteFileToolOptions, writeFileTool } from "./files/write-file.js";
export { type GrepToolOptions, grepTool } from "./grep/grep.js";
export { type ShellOptions, type ShellToolOptions, shellTool } from "./shell/shell-tool.js";
export { type OpenMode, Workspace, type WorkspaceFile } from "./workspace/index.js";
