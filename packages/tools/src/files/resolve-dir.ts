import { stat } from "node:fs/promises";
import { fsError, toolError } from "../errors.js";
import type { Workspace } from "../workspace/index.js";

/**
 * The real path of a directory inside the workspace.
 * @throws a tool error when it is missing or a file (saying which tool reads files).
 */
export async function resolveDirectory(workspace: Workspace, path: string): Promise<string> {
  const dir = await workspace.resolve(path);
  const stats = await stat(dir).catch((error: unknown) => {
    throw fsError(error, path);
  });
  if (!stats.isDirectory()) {
    throw toolError(`${JSON.stringify(path)} is a file, not a directory. Use read_file to read it.`, {
      path,
    });
  }
  return dir;
}
