export type { OpenMode } from "./open-verified.js";
export { Workspace, type WorkspaceFile } from "./workspace.js";
