/** `grep`: search file contents, in pure Node (no ripgrep needed). */
import { stat } from "node:fs/promises";
import { tool } from "@openloop/core";
import { z } from "zod";
import { deadline } from "../deadline.js";
import { fsError, toolError } from "../errors.js";
import { findFiles, SKIPPED_DIRS } from "../files/find-files.js";
import { BINARY_SNIFF_BYTES } from "../files/line-window.js";
import type { Workspace } from "../workspace/index.js";
import { type LineMatch, LineSearcher, type SearchFile } from "./line-searcher.js";
import { compilePattern } from "./pattern.js";

/** Limits of `grep`. */
export const GREP_LIMITS = {
  /** Matches returned by default. */
  defaultMatches: 100,
  /** Most matches a call can ask for. */
  maxMatches: 1000,
  /** Characters of a matching line shown. */
  maxLine: 500,
  /** Larger files are skipped. */
  maxFileBytes: 10 * 1024 * 1024,
  /** Files read at once. */
  readConcurrency: 32,
  /** Text handed to the search worker at a time. */
  batchBytes: 4 * 1024 * 1024,
} as const;

const parameters = z.object({
  pattern: z.string().describe("A JavaScript regular expression, or plain text when fixed_strings is true."),
  path: z
    .string()
    .optional()
    .describe('The file or directory to search, relative to the workspace root (default ".").'),
  include: z
    .string()
    .optional()
    .describe(
      'Only search files matching this glob, e.g. "*.ts" or "src/**/*.{js,jsx}" (default all files).',
    ),
  fixed_strings: z.boolean().optional().describe("Treat pattern as plain text, not a regular expression."),
  ignore_case: z.boolean().optional().describe("Match regardless of case."),
  max_matches: z
    .int()
    .min(1)
    .optional()
    .describe(
      `The most matching lines to return (default ${GREP_LIMITS.defaultMatches}, at most ${GREP_LIMITS.maxMatches}).`,
    ),
});

/** Options of {@link grepTool}. */
export interface GrepToolOptions {
  workspace: Workspace;
  /**
   * How long one search may run before it gives up (a pattern can backtrack catastrophically).
   * @default 30_000
   */
  timeLimitMs?: number;
}

/**
 * `grep`: the lines matching a regular expression (or fixed text) in a file or under a
 * directory, as `path:line: text`. Skips binary files, files over 10 MB and (unless named)
 * `node_modules` and `.git`. Patterns run in a worker thread, so a runaway one is stopped.
 */
export function grepTool({ workspace, timeLimitMs = 30_000 }: GrepToolOptions) {
  return tool({
    name: "grep",
    description:
      "Search the contents of files in the workspace for a regular expression (JavaScript syntax) or, " +
      "with fixed_strings, plain text. Returns matching lines as path:line: text, in path order, at most " +
      `max_matches (default ${GREP_LIMITS.defaultMatches}). Skips binary files and ${SKIPPED_DIRS.join(" and ")} ` +
      "(unless path or include names them). Narrow a search with path and include.",
    parameters,
    needsApproval: false,
    execute: async (args, ctx) => {
      const { pattern, path = ".", include, fixed_strings = false, ignore_case = false } = args;
      const limit = Math.min(args.max_matches ?? GREP_LIMITS.defaultMatches, GREP_LIMITS.maxMatches);
      const regex = compilePattern(pattern, { fixed: fixed_strings, ignoreCase: ignore_case });
      const target = await workspace.resolve(path);
      const stats = await stat(target).catch((error: unknown) => {
        throw fsError(error, path);
      });
      const files = stats.isDirectory()
        ? await findFiles(workspace, target, include === undefined ? "**/*" : anyDepth(include))
        : [workspace.relative(target)];
      const time = deadline(ctx.signal, timeLimitMs);
      let searcher: LineSearcher | undefined; // started with the first batch: none for no files
      const skipped = { binary: 0, large: 0, unreadable: 0 };
      const matches: LineMatch[] = [];
      try {
        for (let next = 0; next < files.length && matches.length < limit; ) {
          time.signal.throwIfAborted();
          const batch: SearchFile[] = [];
          let bytes = 0;
          while (next < files.length && bytes < GREP_LIMITS.batchBytes) {
            const group = files.slice(next, next + GREP_LIMITS.readConcurrency);
            next += group.length;
            const contents = await Promise.all(group.map((file) => readContent(workspace, file, skipped)));
            contents.forEach((data, k) => {
              if (data === undefined) return;
              batch.push({ path: group[k]!, data });
              bytes += data.length;
            });
          }
          if (batch.length === 0) continue;
          searcher ??= new LineSearcher(regex, GREP_LIMITS.maxLine);
          matches.push(...(await searcher.search(batch, limit - matches.length, time.signal)));
        }
      } catch (error) {
        if (time.expired) {
          throw toolError(
            `grep stopped after ${timeLimitMs / 1000} s without finishing: the search is too large, or ` +
              "the pattern backtracks catastrophically (nested quantifiers like (a+)+). Narrow the search " +
              "with path and include, simplify the pattern, or set fixed_strings.",
            { pattern, timeLimitMs },
          );
        }
        throw error;
      } finally {
        time.dispose();
        searcher?.close();
      }
      return render(matches, { pattern, path, limit, files: files.length, skipped });
    },
  });
}

/** `*.ts` means "in any directory", as in other greps; a pattern with a `/` is taken as written. */
function anyDepth(include: string): string {
  return include.includes("/") ? include : `**/${include}`;
}

/** The bytes of a text file, or `undefined` (counted in `skipped`) when it is not searched. */
async function readContent(
  workspace: Workspace,
  path: string,
  skipped: { binary: number; large: number; unreadable: number },
): Promise<Uint8Array | undefined> {
  let file: Awaited<ReturnType<Workspace["open"]>>;
  try {
    file = await workspace.open(path, "read");
  } catch {
    skipped.unreadable++;
    return undefined;
  }
  try {
    if ((await file.handle.stat()).size > GREP_LIMITS.maxFileBytes) {
      skipped.large++;
      return undefined;
    }
    // Decoded in the worker, off the event loop.
    const data = await file.handle.readFile();
    if (data.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
      skipped.binary++;
      return undefined;
    }
    return data;
  } catch {
    skipped.unreadable++;
    return undefined;
  } finally {
    await file.handle.close();
  }
}

function render(
  matches: readonly LineMatch[],
  info: { pattern: string; path: string; limit: number; files: number; skipped: Record<string, number> },
): string {
  const notes: string[] = [];
  if (matches.length >= info.limit) {
    notes.push(
      `[Stopped at ${info.limit} matches; there may be more. Narrow the search with path or include, ` +
        `or raise max_matches (at most ${GREP_LIMITS.maxMatches}).]`,
    );
  }
  const { binary, large, unreadable } = info.skipped;
  const skips = [
    binary ? `${binary} binary` : "",
    large ? `${large} larger than ${GREP_LIMITS.maxFileBytes / 1024 / 1024} MB` : "",
    unreadable ? `${unreadable} unreadable or outside the workspace` : "",
  ].filter(Boolean);
  if (skips.length > 0) notes.push(`[Skipped files: ${skips.join(", ")}.]`);
  const body =
    matches.length === 0
      ? `No matches for ${JSON.stringify(info.pattern)} in ${info.files} file${info.files === 1 ? "" : "s"} under ${JSON.stringify(info.path)}.`
      : matches.map(([path, line, text]) => `${path}:${line}: ${text}`).join("\n");
  return notes.length === 0 ? body : `${body}\n\n${notes.join("\n")}`;
}
