/**
 * @module workspace — the jail every coding tool works through: paths are resolved against one
 * root directory, and nothing outside it (by `..`, an absolute path or a symbolic link) is used.
 */
import { realpathSync, statSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { OpenloopError } from "@openloop/protocol";
import { fsError, outsideWorkspace, toolError } from "../errors.js";
import {
  EscapedError,
  NotRegularError,
  type OpenMode,
  openVerified,
  type VerifiedFile,
} from "./open-verified.js";
import { isInside, realPathOf } from "./real-path.js";

/** An opened file inside the workspace. Close `handle` when done. */
export interface WorkspaceFile extends VerifiedFile {
  /** The real absolute path of the file. */
  path: string;
}

/**
 * A directory the tools are confined to.
 *
 * {@link Workspace.resolve} turns a path a model gave (relative to the root, or absolute) into the
 * real path it leads to, following every symbolic link, and refuses it with an `OpenloopError`
 * of code `path_outside_workspace` when that is outside the root: `../x`, `/etc/passwd`, a link to
 * `/etc`, a dangling link whose target would be created outside. {@link Workspace.open}
 * additionally checks the file it opened, so a link swapped in after the check is caught too.
 *
 * @example
 * ```ts
 * const ws = new Workspace("./my-project");
 * await ws.resolve("src/index.ts"); // "/home/me/my-project/src/index.ts"
 * await ws.resolve("../secrets");   // throws OpenloopError { code: "path_outside_workspace" }
 * ```
 */
export class Workspace {
  /** The real absolute path of the root (symbolic links resolved). */
  readonly root: string;
  /** The root as given (made absolute), so absolute paths spelt through a linked root are accepted. */
  readonly #given: string;
  /** Per real path, the end of the last {@link Workspace.exclusive} call queued for it. */
  readonly #queues = new Map<string, Promise<void>>();
  /** The last path {@link Workspace.exclusive} resolves: they resolve one by one, in call order. */
  #resolving: Promise<unknown> = Promise.resolve();

  /**
   * @param root an existing directory.
   * @throws {OpenloopError} code `invalid_config` when `root` is not an existing directory.
   */
  constructor(root: string) {
    if (typeof root !== "string" || root === "") {
      throw new OpenloopError(
        "invalid_config",
        `Expected \`root\` to be a directory path, got ${String(root)}`,
      );
    }
    this.#given = resolve(root);
    try {
      this.root = realpathSync.native(this.#given);
      if (!statSync(this.root).isDirectory()) throw new Error("not a directory");
    } catch (error) {
      throw new OpenloopError(
        "invalid_config",
        `Expected \`root\` to be an existing directory, got ${JSON.stringify(root)}`,
        { cause: error },
      );
    }
  }

  /**
   * The real absolute path `path` leads to (relative paths are relative to the root).
   * @throws {OpenloopError} code `path_outside_workspace` when it leads outside the root; code
   * `tool_error` when it cannot be resolved (a link cycle, a NUL byte, permissions).
   */
  async resolve(path: string): Promise<string> {
    if (typeof path !== "string") throw fsError(new Error("a path must be a string"), String(path));
    if (path.includes("\0")) throw fsError(new Error("a path cannot contain a NUL byte"), path);
    let lexical = resolve(this.root, path);
    if (!isInside(this.root, lexical)) {
      // `/link/to/ws/file`, when the root was given as `/link/to/ws`.
      if (!(isAbsolute(path) && isInside(this.#given, lexical))) {
        throw outsideWorkspace(path, this.root, "path");
      }
      lexical = resolve(this.root, relative(this.#given, lexical));
    }
    let real: string;
    try {
      real = await realPathOf(lexical);
    } catch (error) {
      throw fsError(error, path);
    }
    if (!isInside(this.root, real)) throw outsideWorkspace(path, this.root, "symlink", real);
    return real;
  }

  /** `absolute` relative to the root, with `/` separators; `"."` for the root itself. */
  relative(absolute: string): string {
    const rel = relative(this.root, absolute);
    return rel === "" ? "." : sep === "/" ? rel : rel.split(sep).join("/");
  }

  /**
   * Resolves and opens a file: `"read"` it, `"write"` it (created with its missing parent
   * directories when absent; not truncated — the caller truncates after the check), or
   * `"update"` it (read and write an existing file). The opened file is verified to be inside
   * the root, and to be a regular file.
   * @throws {OpenloopError} code `path_outside_workspace`, or `tool_error` for fs failures
   * (missing file, a directory, a FIFO, permissions) with advice for the model.
   */
  async open(path: string, mode: OpenMode): Promise<WorkspaceFile> {
    let real = await this.resolve(path);
    try {
      if (mode === "write") {
        await mkdir(dirname(real), { recursive: true });
        // The parents may have moved while they were created: check again.
        real = await this.resolve(path);
      }
      return { ...(await openVerified(this.root, real, mode)), path: real };
    } catch (error) {
      if (error instanceof EscapedError) throw outsideWorkspace(path, this.root, "changed", error.real);
      if (error instanceof NotRegularError) {
        throw toolError(
          `${JSON.stringify(path)} is not a regular file (a FIFO, socket or device); the file tools only use regular files.`,
          { path },
        );
      }
      // O_NOFOLLOW refuses a last component that became a link after `resolve` looked.
      if ((error as { code?: unknown }).code === "ELOOP") throw outsideWorkspace(path, this.root, "changed");
      throw fsError(error, path);
    }
  }

  /**
   * Runs `fn` once every earlier `exclusive` call for the same file (by real path, however it is
   * spelt) has finished, so read-modify-write changes to one file cannot overwrite each other, and
   * apply in the order the calls were made. Calls for different files run concurrently. A model
   * often sends several `edit_file` calls for one file in one turn, and the loop runs them
   * concurrently: without this, each reads the file before the others wrote it, and all but the
   * last edit are lost while every call reports success.
   * @throws {OpenloopError} as {@link Workspace.resolve} does, before waiting; else what `fn` throws.
   */
  async exclusive<T>(path: string, fn: () => Promise<T>): Promise<T> {
    // Paths resolve one after another, so a later call cannot queue ahead of an earlier one whose
    // path took longer to resolve.
    const resolved = this.#resolving.then(() => this.resolve(path));
    this.#resolving = resolved.catch(() => {});
    const key = await resolved;
    // Queued at once, before any other await: the next call's path is only now being resolved.
    const previous = this.#queues.get(key) ?? Promise.resolve();
    const result = previous.then(fn);
    const done = result.then(
      () => {},
      () => {},
    );
    this.#queues.set(key, done);
    try {
      return await result;
    } finally {
      if (this.#queues.get(key) === done) this.#queues.delete(key);
    }
  }
}
