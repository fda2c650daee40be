/** `write_file`: create or replace a whole file. */
import { tool } from "@openloop/core";
import { z } from "zod";
import { pathApproval } from "../approval/index.js";
import type { ApprovalPolicy } from "../approval/policy.js";
import { fsError } from "../errors.js";
import type { Workspace } from "../workspace/index.js";
import { countLines, plural, replaceContent } from "./write-all.js";

const parameters = z.object({
  path: z.string().describe("The file to write, relative to the workspace root."),
  content: z.string().describe("The complete new content of the file."),
});

/** Options of {@link writeFileTool}. */
export interface WriteFileToolOptions {
  workspace: Workspace;
  /**
   * Which calls wait for a human; allow-list globs match the path written.
   * @default "always"
   */
  approval?: ApprovalPolicy;
}

/**
 * `write_file`: writes `content` to a file in the workspace, creating it and its missing parent
 * directories, or replacing what it held.
 */
export function writeFileTool({ workspace, approval = "always" }: WriteFileToolOptions) {
  return tool({
    name: "write_file",
    description:
      "Create a file in the workspace, or replace the whole content of an existing one. Missing parent " +
      "directories are created. To change part of an existing file, use edit_file instead.",
    parameters,
    needsApproval: pathApproval(approval, workspace),
    // One write of a file at a time, with edit_file's: parallel calls could interleave.
    execute: ({ path, content }) => workspace.exclusive(path, () => write(workspace, path, content)),
  });
}

async function write(workspace: Workspace, path: string, content: string): Promise<string> {
  const file = await workspace.open(path, "write");
  try {
    const bytes = await replaceContent(file.handle, content);
    const verb = file.created ? "Created" : "Replaced";
    return `${verb} ${JSON.stringify(path)}: ${plural(countLines(content), "line")}, ${plural(bytes, "byte")}.`;
  } catch (error) {
    throw fsError(error, path);
  } finally {
    await file.handle.close();
  }
}
