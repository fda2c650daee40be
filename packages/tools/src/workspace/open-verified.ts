/**
 * Opening a file so that the jail holds even if the path changes between the check and the open
 * (a symbolic link swapped in by another process): the last component is opened with
 * `O_NOFOLLOW`, and the file actually opened is checked to still be inside the root.
 */
import { constants, type Stats } from "node:fs";
import { type FileHandle, lstat, open, readlink, realpath, stat, unlink } from "node:fs/promises";
import { isInside } from "./real-path.js";

const { O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_NOFOLLOW } = constants;

/** How a file is opened: read it, replace it (creating it when missing), or read then rewrite it. */
export type OpenMode = "read" | "write" | "update";

export interface VerifiedFile {
  handle: FileHandle;
  /** Whether this open created the file. */
  created: boolean;
}

/** Thrown when the opened file turns out to be outside the root. */
export class EscapedError extends Error {
  constructor(readonly real: string) {
    super("the opened file is outside the workspace");
  }
}

/**
 * Opens `real` (a real path already checked to be inside `root`) and verifies the opened file.
 * Throws {@link EscapedError} when it is not inside `root` (a file this call created outside is
 * removed again), or the fs error (`ELOOP` when the last component became a symbolic link).
 */
export async function openVerified(root: string, real: string, mode: OpenMode): Promise<VerifiedFile> {
  let handle: FileHandle;
  let created = false;
  if (mode === "write") {
    try {
      handle = await open(real, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o666);
      created = true;
    } catch (error) {
      if ((error as { code?: unknown }).code !== "EEXIST") throw error;
      // Exists: opened without truncating, so a file outside is never damaged before the check.
      handle = await open(real, O_WRONLY | O_NOFOLLOW);
    }
  } else {
    handle = await open(real, (mode === "read" ? O_RDONLY : O_RDWR) | O_NOFOLLOW);
  }
  try {
    const actual = await openedPath(handle, real);
    if (actual === undefined || !isInside(root, actual)) {
      if (created && actual !== undefined) await unlink(actual).catch(() => {});
      throw new EscapedError(actual ?? real);
    }
  } catch (error) {
    await handle.close().catch(() => {});
    throw error;
  }
  return { handle, created };
}

let procFd: Promise<boolean> | undefined;

/**
 * Where the open file really is. Linux names it under `/proc/self/fd`; elsewhere the path is
 * resolved again and must name the very file that is open (same device and inode), else
 * `undefined`.
 */
async function openedPath(handle: FileHandle, real: string): Promise<string | undefined> {
  procFd ??= lstat("/proc/self/fd").then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (await procFd) return readlink(`/proc/self/fd/${handle.fd}`);
  const [opened, now, named] = await Promise.all([handle.stat(), realpath(real), stat(real)]);
  return sameFile(opened, named) ? now : undefined;
}

function sameFile(a: Stats, b: Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}
