/**
 * Opening a file so that the jail holds even if the path changes between the check and the open
 * (a symbolic link swapped in by another process): the last component is opened with
 * `O_NOFOLLOW`, and the file actually opened is checked to still be inside the root.
 */
import { constants, type Stats } from "node:fs";
import { type FileHandle, lstat, open, readlink, realpath, stat, unlink } from "node:fs/promises";
import { isInside } from "./real-path.js";

const { O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK } = constants;
// O_NONBLOCK: opening a FIFO would otherwise wait (forever, holding a libuv thread) for a writer.
// It changes nothing for regular files, and anything else is refused once opened.
const FLAGS = O_NOFOLLOW | O_NONBLOCK;

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

/** Thrown for a FIFO, a socket or a device: the tools read and write regular files only. */
export class NotRegularError extends Error {
  constructor() {
    super("not a regular file");
  }
}

/**
 * Opens `real` (a real path already checked to be inside `root`) and verifies the opened file.
 * Throws {@link EscapedError} when it is not inside `root` (a file this call created outside is
 * removed again), {@link NotRegularError} for a FIFO, socket or device, or the fs error (`ELOOP`
 * when the last component became a symbolic link, `EISDIR` for a directory).
 */
export async function openVerified(root: string, real: string, mode: OpenMode): Promise<VerifiedFile> {
  let handle: FileHandle;
  let created = false;
  if (mode === "write") {
    try {
      handle = await open(real, O_WRONLY | O_CREAT | O_EXCL | FLAGS, 0o666);
      created = true;
    } catch (error) {
      if ((error as { code?: unknown }).code !== "EEXIST") throw error;
      // Exists: opened without truncating, so a file outside is never damaged before the check.
      handle = await open(real, O_WRONLY | FLAGS);
    }
  } else {
    handle = await open(real, (mode === "read" ? O_RDONLY : O_RDWR) | FLAGS);
  }
  try {
    const actual = await openedPath(handle, real);
    if (actual === undefined || !isInside(root, actual)) {
      if (created && actual !== undefined) await unlink(actual).catch(() => {});
      throw new EscapedError(actual ?? real);
    }
    const stats = await handle.stat();
    if (stats.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    if (!stats.isFile()) throw new NotRegularError();
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
