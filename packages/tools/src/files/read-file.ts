/** `read_file`: a window of a text file, with a note saying how to read the rest. */
import { tool } from "@openloop/core";
import { z } from "zod";
import { fsError, toolError } from "../errors.js";
import type { Workspace } from "../workspace/index.js";
import { readLineWindow } from "./line-window.js";

/** How much `read_file` returns at most, per call. */
export const READ_LIMITS = { maxLines: 2000, maxBytes: 50 * 1024 } as const;

const parameters = z.object({
  path: z.string().describe("The file to read, relative to the workspace root."),
  offset: z
    .int()
    .min(1)
    .optional()
    .describe("The line to start at, 1-based (default 1). Use it to read the part after a truncation note."),
  limit: z
    .int()
    .min(1)
    .optional()
    .describe(`The most lines to return (default and maximum ${READ_LIMITS.maxLines}).`),
});

/** Options of {@link readFileTool}. */
export interface ReadFileToolOptions {
  workspace: Workspace;
}

/**
 * `read_file`: returns up to 2000 lines or 50 KB of a text file, from a given line; when more
 * remains, a note at the end gives the `offset` to read on from. Binary files are refused.
 */
export function readFileTool({ workspace }: ReadFileToolOptions) {
  return tool({
    name: "read_file",
    description:
      `Read a text file in the workspace. Returns at most ${READ_LIMITS.maxLines} lines or 50 KB, whichever ` +
      "comes first; when the file has more, a note at the end says which lines were shown and the " +
      "offset to pass to read the next part. Use offset and limit to read a specific part of a large file. " +
      "Binary files are refused.",
    parameters,
    needsApproval: false,
    execute: async ({ path, offset = 1, limit = READ_LIMITS.maxLines }) => {
      const file = await workspace.open(path, "read");
      try {
        const window = await readLineWindow(file.handle, {
          offset,
          maxLines: Math.min(limit, READ_LIMITS.maxLines),
          maxBytes: READ_LIMITS.maxBytes,
        }).catch((error: unknown) => {
          throw fsError(error, path);
        });
        if (window.binary) {
          const { size } = await file.handle.stat();
          throw toolError(
            `${JSON.stringify(path)} is a binary file (${size} bytes); read_file reads text only. ` +
              "Use shell to inspect it (for example `file` or `xxd | head`).",
            { path, size },
          );
        }
        if (window.total === 0) return "(empty file)";
        if (offset > window.total) {
          throw toolError(
            `offset ${offset} is past the end of ${JSON.stringify(path)}, which has ${window.total} lines. ` +
              `Use an offset from 1 to ${window.total}.`,
            { path, offset, lines: window.total },
          );
        }
        const note = truncationNote(window);
        return note === undefined ? window.text : `${window.text}\n\n${note}`;
      } finally {
        await file.handle.close();
      }
    },
  });
}

function truncationNote(w: {
  from: number;
  to: number;
  total: number;
  limitedBy: "lines" | "bytes" | undefined;
  cutLine: boolean;
}): string | undefined {
  const kb = READ_LIMITS.maxBytes / 1024;
  if (w.cutLine) {
    const next = w.to < w.total ? ` Use offset=${w.to + 1} for the lines after it.` : "";
    return (
      `[Line ${w.from} is longer than ${kb} KB: showing its first ${kb} KB only. ` +
      `Use shell to see the rest of it (for example \`cut -c ${READ_LIMITS.maxBytes + 1}-\`).${next}]`
    );
  }
  if (w.to >= w.total) return undefined;
  const why =
    w.limitedBy === "bytes"
      ? ` (${kb} KB limit)`
      : w.limitedBy === "lines" && w.to - w.from + 1 === READ_LIMITS.maxLines
        ? ` (${READ_LIMITS.maxLines}-line limit)`
        : "";
  return `[Showing lines ${w.from}-${w.to} of ${w.total}${why}. Use offset=${w.to + 1} to read more.]`;
}
