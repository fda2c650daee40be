/**
 * The errors the tools throw. Their messages are read by the model (the loop sends them back as
 * the call's output), so each says what went wrong and what to do next.
 */
import { OpenloopError } from "@openloop/protocol";

/** A tool failure the model can act on. */
export function toolError(
  message: string,
  details?: Record<string, unknown>,
  cause?: unknown,
): OpenloopError {
  return new OpenloopError("tool_error", message, { details, cause });
}

/** Why a path was refused by the jail: where it leads is outside the workspace. */
export function outsideWorkspace(
  path: string,
  root: string,
  via: "path" | "symlink" | "changed",
  real?: string,
): OpenloopError {
  const why =
    via === "path"
      ? `is outside the workspace (${root})`
      : via === "symlink"
        ? `leads outside the workspace (${root}) through a symbolic link`
        : `changed while it was being opened and now leads outside the workspace (${root})`;
  return new OpenloopError(
    "path_outside_workspace",
    `Path ${JSON.stringify(path)} ${why}. Only files under the workspace can be used: ` +
      `give a path relative to it, such as "src/index.ts".`,
    { details: { path, root, ...(real === undefined ? {} : { real }) } },
  );
}

/**
 * Turns a Node fs error about `path` into a tool error with advice. Anything unrecognised keeps
 * its own message.
 */
export function fsError(error: unknown, path: string): OpenloopError {
  if (error instanceof OpenloopError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const p = JSON.stringify(path);
  const advice: Record<string, string> = {
    ENOENT: `${p} does not exist. Use list_dir or glob to find the right path.`,
    ENOTDIR: `${p} is not a valid path: one of its parents is a file, not a directory.`,
    EISDIR: `${p} is a directory, not a file. Use list_dir to see what it contains.`,
    EACCES: `Permission denied for ${p}.`,
    EPERM: `Operation not permitted on ${p}.`,
    ELOOP: `${p} has too many levels of symbolic links (a link cycle?).`,
    ENAMETOOLONG: `${p} is too long for a file name.`,
    ENOSPC: `No space left on the device while writing ${p}.`,
    EROFS: `${p} is on a read-only file system.`,
    ENXIO: `${p} is not a regular file (a FIFO, socket or device); the file tools only use regular files.`,
    EEXIST: `${p} cannot be created: a file stands where one of its parent directories should be.`,
  };
  const known = typeof code === "string" ? advice[code] : undefined;
  const message = known ?? `Could not access ${p}: ${error instanceof Error ? error.message : String(error)}`;
  return toolError(message, { path, ...(typeof code === "string" ? { code } : {}) }, error);
}
