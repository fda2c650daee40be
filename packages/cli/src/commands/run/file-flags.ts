/**
 * @module commands/run/file-flags — `--output` and `--state-file` are checked before the run
 * starts, so a mistyped path costs no model call and loses no work at the end.
 */
import { mkdir, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { usageError } from "../../exit-codes.js";

/**
 * The absolute path of a file the run will write (`flag` names it in messages), its directory
 * created now. A usage error when the path is a directory or its directory cannot be created.
 */
export async function prepareFileFlag(flag: string, path: string, cwd: string): Promise<string> {
  const absolute = resolve(cwd, path);
  const existing = await stat(absolute).catch(() => undefined);
  if (existing?.isDirectory())
    throw usageError(`${flag} ${path} is a directory: give the path of a file to write.`);
  try {
    await mkdir(dirname(absolute), { recursive: true });
  } catch (error) {
    throw usageError(
      `${flag} ${path}: its directory ${dirname(absolute)} cannot be created (${fsReason(error)}).`,
    );
  }
  return absolute;
}

/** `ENOTDIR: not a directory, mkdir '/x'` → `ENOTDIR: not a directory`, for one-line messages. */
export function fsReason(error: unknown): string {
  const { code, message } = error as { code?: string; message?: string };
  const text = String(message ?? error).replace(/, \w+ '.*'$/, "");
  return code !== undefined && !text.startsWith(code) ? `${code}: ${text}` : text;
}
