/** Finding files by glob inside the workspace, for `glob` and `grep`. */
import { isAbsolute, join } from "node:path";
import { glob } from "tinyglobby";
import { toolError } from "../errors.js";
import type { Workspace } from "../workspace/index.js";

/** Directories skipped unless the pattern or the search path names them. */
export const SKIPPED_DIRS = ["node_modules", ".git"] as const;

/**
 * The files under `dir` (a real directory inside the workspace) matching `pattern`, as sorted
 * workspace-relative paths (through a link named in the pattern, as the pattern spells them). Symbolic links are not followed while walking, and any result whose
 * real path is outside the workspace (reached through a link named in the pattern) is dropped.
 * @throws a tool error for a pattern that climbs out (`../x`) or is absolute.
 */
export async function findFiles(workspace: Workspace, dir: string, pattern: string): Promise<string[]> {
  const segments = pattern.split("/");
  if (isAbsolute(pattern) || segments.includes("..")) {
    throw toolError(
      `The pattern ${JSON.stringify(pattern)} must be relative to the search directory and cannot contain "..": ` +
        "set path to the directory to search instead.",
      { pattern },
    );
  }
  const named = new Set([...segments, ...workspace.relative(dir).split("/")]);
  const found = await glob([pattern], {
    cwd: dir,
    dot: true,
    followSymbolicLinks: false,
    expandDirectories: false,
    ignore: SKIPPED_DIRS.filter((name) => !named.has(name)).map((name) => `**/${name}/**`),
  });
  const inside = await Promise.all(
    found.map(async (rel) => {
      const path = join(dir, rel);
      try {
        await workspace.resolve(path);
        return workspace.relative(path);
      } catch {
        return undefined;
      }
    }),
  );
  return inside.filter((path): path is string => path !== undefined).sort();
}
