/**
 * Path arithmetic for the jail: where a path really leads, once every symbolic link on it is
 * followed — including links whose target does not exist yet, since writing through such a link
 * would create its target.
 */
import { lstat, readlink, realpath } from "node:fs/promises";
import { basename, dirname, resolve, sep } from "node:path";

/** Linux's own limit on symbolic links followed while resolving one path. */
const MAX_LINKS = 40;

/** Whether `path` is `root` or lies below it. Both must be absolute and normalized. */
export function isInside(root: string, path: string): boolean {
  if (path === root) return true;
  return path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * The real absolute path `path` leads to: the `realpath` of its deepest existing ancestor, with
 * the missing rest appended. A dangling symbolic link is followed to where its target would be.
 * Throws the fs error for anything but a missing entry (`ELOOP` for a link cycle, `EACCES`, …).
 */
export async function realPathOf(path: string): Promise<string> {
  return follow(resolve(path), { links: 0 });
}

async function follow(path: string, budget: { links: number }): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  const parent = dirname(path);
  if (parent === path) return path;
  const realParent = await follow(parent, budget);
  const link = await lstat(path).catch(() => undefined);
  if (link?.isSymbolicLink()) {
    if (++budget.links > MAX_LINKS)
      throw Object.assign(new Error(`ELOOP: too many symbolic links`), { code: "ELOOP" });
    // A relative target is relative to the directory holding the link.
    return follow(resolve(realParent, await readlink(path)), budget);
  }
  return resolve(realParent, basename(path));
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "ENOENT" || code === "ENOTDIR";
}
