/** `list_dir`: the entries of one directory. */
import type { Dirent } from "node:fs";
import { readdir, readlink, stat } from "node:fs/promises";
import { join } from "node:path";
import { tool } from "@openloop/core";
import { z } from "zod";
import { fsError } from "../errors.js";
import type { Workspace } from "../workspace/index.js";
import { resolveDirectory } from "./resolve-dir.js";

/** Most entries `list_dir` returns. */
export const MAX_ENTRIES = 1000;

const parameters = z.object({
  path: z
    .string()
    .optional()
    .describe('The directory to list, relative to the workspace root (default ".").'),
});

/** Options of {@link listDirTool}. */
export interface ListDirToolOptions {
  workspace: Workspace;
}

/**
 * `list_dir`: one entry per line, sorted; directories end with `/`, symbolic links show their
 * target (and say when it is outside the workspace or missing). At most 1000 entries.
 */
export function listDirTool({ workspace }: ListDirToolOptions) {
  return tool({
    name: "list_dir",
    description:
      "List the entries of a directory in the workspace, one per line, sorted by name. Directories end " +
      `with "/", symbolic links show "-> target". At most ${MAX_ENTRIES} entries; use glob to find files ` +
      "by pattern across directories.",
    parameters,
    needsApproval: false,
    execute: async ({ path = "." }) => {
      const dir = await resolveDirectory(workspace, path);
      const entries = await readdir(dir, { withFileTypes: true }).catch((error: unknown) => {
        throw fsError(error, path);
      });
      if (entries.length === 0) return "(empty directory)";
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const shown = entries.slice(0, MAX_ENTRIES);
      const lines = await Promise.all(shown.map((entry) => describeEntry(workspace, dir, entry)));
      if (entries.length > shown.length) {
        lines.push(
          `\n[Showing the first ${shown.length} of ${entries.length} entries. Use glob with a pattern to narrow the listing.]`,
        );
      }
      return lines.join("\n");
    },
  });
}

async function describeEntry(workspace: Workspace, dir: string, entry: Dirent): Promise<string> {
  if (entry.isDirectory()) return `${entry.name}/`;
  if (!entry.isSymbolicLink()) return entry.name;
  const link = join(dir, entry.name);
  const target = await readlink(link).catch(() => "?");
  let note = "";
  try {
    const real = await workspace.resolve(link);
    const stats = await stat(real).catch(() => undefined);
    if (stats === undefined) note = " (missing)";
    else if (stats.isDirectory()) note = " (directory)";
  } catch {
    note = " (outside the workspace: cannot be used)";
  }
  return `${entry.name} -> ${target}${note}`;
}
