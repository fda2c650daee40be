/**
 * Real directories for the tools' tests: a workspace with files, directories and symbolic links,
 * and a sibling "outside" directory holding a secret the jail must never give away.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type AnyFunctionTool, executeToolCalls } from "@openloop/core";
import { OpenloopError } from "@openloop/protocol";
import { afterEach } from "vitest";

/** A file's content, a symbolic link (`{ link: target }`) or an empty directory (`{ dir: true }`). */
export type Entry = string | Buffer | { link: string } | { dir: true };

export const SECRET = "TOP SECRET: outside the workspace";

export interface TmpWorkspace {
  /** The workspace root (a real path). */
  root: string;
  /** A directory beside the root, holding `secret.txt` and `dir/secret.txt`. */
  outside: string;
  /** Adds entries under the root (paths relative to it). */
  add(entries: Record<string, Entry>): void;
}

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh workspace, removed after the test. */
export function tmpWorkspace(entries: Record<string, Entry> = {}): TmpWorkspace {
  const base = realpathSync(mkdtempSync(join(tmpdir(), "openloop-tools-")));
  made.push(base);
  const root = join(base, "ws");
  const outside = join(base, "outside");
  mkdirSync(root);
  mkdirSync(join(outside, "dir"), { recursive: true });
  writeFileSync(join(outside, "secret.txt"), SECRET);
  writeFileSync(join(outside, "dir", "secret.txt"), SECRET);
  const add = (more: Record<string, Entry>) => {
    for (const [path, entry] of Object.entries(more)) {
      const at = join(root, path);
      mkdirSync(dirname(at), { recursive: true });
      if (typeof entry === "string" || Buffer.isBuffer(entry)) writeFileSync(at, entry);
      else if ("link" in entry) symlinkSync(entry.link, at);
      else mkdirSync(at, { recursive: true });
    }
  };
  add(entries);
  return { root, outside, add };
}

/** What a call produced, as the loop would send it, plus the error behind a failure. */
export interface Invocation {
  output: string;
  /** The error the tool threw (the `cause` of the loop's `tool_error`), else the loop's own error. */
  error: OpenloopError | undefined;
}

/** Calls a tool the way the loop does (JSON arguments, validation, timeout) and returns the output. */
export async function invoke(
  tool: AnyFunctionTool,
  args: Record<string, unknown>,
  options: { signal?: AbortSignal } = {},
): Promise<Invocation> {
  const { items, results } = await executeToolCalls(
    [{ call_id: "call_1", name: tool.name, arguments: JSON.stringify(args) }],
    { tools: [tool], signal: options.signal },
  );
  const error = results[0]?.error;
  const output = items[0]?.output;
  if (typeof output !== "string") throw new Error(`expected a text output, got ${JSON.stringify(output)}`);
  return { output, error: OpenloopError.is(error?.cause) ? error.cause : error };
}
