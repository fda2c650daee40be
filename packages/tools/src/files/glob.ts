/** `glob`: find files by name pattern. */
import { tool } from "@openloop/core";
import { z } from "zod";
import type { Workspace } from "../workspace/index.js";
import { findFiles, SKIPPED_DIRS } from "./find-files.js";
import { resolveDirectory } from "./resolve-dir.js";

/** Most paths `glob` returns. */
export const MAX_GLOB_RESULTS = 1000;

const parameters = z.object({
  pattern: z.string().describe('A glob such as "**/*.ts", "src/**/test_*.py" or "*.{json,yaml}".'),
  path: z
    .string()
    .optional()
    .describe('The directory to search from, relative to the workspace root (default ".").'),
});

/** Options of {@link globTool}. */
export interface GlobToolOptions {
  workspace: Workspace;
}

/**
 * `glob`: the files matching a pattern under a directory, as workspace-relative paths, sorted;
 * at most 1000. `node_modules` and `.git` are skipped unless the pattern or path names them.
 */
export function globTool({ workspace }: GlobToolOptions) {
  return tool({
    name: "glob",
    description:
      "Find files in the workspace whose path matches a glob pattern (**, *, ?, {a,b}, [abc]). Returns " +
      `workspace-relative paths, sorted, at most ${MAX_GLOB_RESULTS}. ${SKIPPED_DIRS.join(" and ")} are ` +
      "skipped unless the pattern or path names them. Symbolic links are not followed.",
    parameters,
    needsApproval: false,
    execute: async ({ pattern, path = "." }) => {
      const found = await findFiles(workspace, await resolveDirectory(workspace, path), pattern);
      if (found.length === 0)
        return `No files match ${JSON.stringify(pattern)} under ${JSON.stringify(path)}.`;
      if (found.length <= MAX_GLOB_RESULTS) return found.join("\n");
      return (
        `${found.slice(0, MAX_GLOB_RESULTS).join("\n")}\n\n[Showing the first ${MAX_GLOB_RESULTS} of ` +
        `${found.length} matches. Use a more specific pattern or path.]`
      );
    },
  });
}
