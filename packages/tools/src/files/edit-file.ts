/** `edit_file`: replace an exact piece of text that occurs once. */
import { tool } from "@openloop/core";
import { z } from "zod";
import { pathApproval } from "../approval/index.js";
import type { ApprovalPolicy } from "../approval/policy.js";
import { fsError, toolError } from "../errors.js";
import type { Workspace } from "../workspace/index.js";
import { BINARY_SNIFF_BYTES } from "./line-window.js";
import { plural, replaceContent } from "./write-all.js";

/** Files larger than this are not loaded to be edited. */
export const MAX_EDIT_BYTES = 10 * 1024 * 1024;

const parameters = z.object({
  path: z.string().describe("The file to edit, relative to the workspace root."),
  old_text: z
    .string()
    .describe("The exact text to replace, including whitespace and indentation. It must occur exactly once."),
  new_text: z.string().describe("The text to put in its place."),
  replace_all: z
    .boolean()
    .optional()
    .describe("Replace every occurrence of old_text instead of requiring exactly one (default false)."),
});

/** Options of {@link editFileTool}. */
export interface EditFileToolOptions {
  workspace: Workspace;
  /**
   * Which calls wait for a human; allow-list globs match the path edited.
   * @default "always"
   */
  approval?: ApprovalPolicy;
}

/**
 * `edit_file`: replaces `old_text` with `new_text` in a file. `old_text` must occur exactly once
 * (or `replace_all` be set); otherwise the error says how many times it occurs, and where.
 * A file with CRLF line endings also matches an `old_text` written with LF ones.
 */
export function editFileTool({ workspace, approval = "always" }: EditFileToolOptions) {
  return tool({
    name: "edit_file",
    description:
      "Edit a text file in the workspace by replacing old_text with new_text. old_text must match the " +
      "file exactly (whitespace and indentation included) and occur exactly once: include enough " +
      "surrounding lines to make it unique, or set replace_all to replace every occurrence. Read the " +
      "file first. To create a file or rewrite it whole, use write_file.",
    parameters,
    needsApproval: pathApproval(approval, workspace),
    execute: async ({ path, old_text, new_text, replace_all = false }) => {
      if (old_text === "")
        throw toolError("old_text is empty. To create a file or fill an empty one, use write_file.");
      if (old_text === new_text)
        throw toolError("old_text and new_text are the same, so there is nothing to change.");
      // One edit of a file at a time: parallel calls for one file would overwrite each other.
      return workspace.exclusive(path, () => edit(workspace, { path, old_text, new_text, replace_all }));
    },
  });
}

/** Reads the file, replaces the text, writes it back (under the workspace's lock for the file). */
async function edit(
  workspace: Workspace,
  {
    path,
    old_text,
    new_text,
    replace_all,
  }: { path: string; old_text: string; new_text: string; replace_all: boolean },
): Promise<string> {
  const p = JSON.stringify(path);
  const file = await workspace.open(path, "update");
  try {
    const { size } = await file.handle.stat();
    if (size > MAX_EDIT_BYTES) {
      throw toolError(
        `${p} is ${size} bytes, more than edit_file handles (${MAX_EDIT_BYTES / 1024 / 1024} MB). ` +
          "Use shell (for example sed) to change it.",
        { path, size },
      );
    }
    const content = await file.handle.readFile({ encoding: "utf8" }).catch((error: unknown) => {
      throw fsError(error, path);
    });
    if (content.slice(0, BINARY_SNIFF_BYTES).includes("\0")) {
      throw toolError(`${p} is a binary file; edit_file edits text only.`, { path });
    }
    let [from, to] = [old_text, new_text];
    let at = occurrences(content, from);
    if (at.length === 0 && content.includes("\r\n") && !from.includes("\r\n") && from.includes("\n")) {
      // The model saw the file through a reader that turned CRLF into LF.
      [from, to] = [from.replaceAll("\n", "\r\n"), to.replaceAll("\n", "\r\n")];
      at = occurrences(content, from);
    }
    if (at.length === 0) {
      throw toolError(
        `old_text was not found in ${p}. It must match the file exactly, including whitespace and ` +
          "indentation: read the part you want to change again and copy it.",
        { path, matches: 0 },
      );
    }
    const lines = lineNumbers(content, at);
    if (at.length > 1 && !replace_all) {
      throw toolError(
        `old_text occurs ${at.length} times in ${p} (at lines ${listed(lines)}); it must occur exactly ` +
          "once. Include more of the surrounding lines in old_text to make it unique, or set " +
          "replace_all to replace every occurrence.",
        { path, matches: at.length, lines },
      );
    }
    await replaceContent(file.handle, content.split(from).join(to)).catch((error: unknown) => {
      throw fsError(error, path);
    });
    const where = at.length === 1 ? `line ${lines[0]}` : `lines ${listed(lines)}`;
    return `Edited ${p}: replaced ${plural(at.length, "occurrence")} (at ${where}).`;
  } finally {
    await file.handle.close();
  }
}

/** A list of line numbers, shortened when long. */
function listed(lines: readonly number[], max = 10): string {
  const shown = lines.slice(0, max).join(", ");
  return lines.length > max ? `${shown} and ${lines.length - max} more` : shown;
}

/** Start indices of the non-overlapping occurrences of `needle`, left to right. */
function occurrences(haystack: string, needle: string): number[] {
  const found: number[] = [];
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + needle.length))
    found.push(i);
  return found;
}

/** The 1-based line of each (ascending) index, in one pass over the text. */
function lineNumbers(text: string, indices: readonly number[]): number[] {
  const lines: number[] = [];
  let line = 1;
  let from = 0;
  for (const index of indices) {
    for (let nl = text.indexOf("\n", from); nl !== -1 && nl < index; nl = text.indexOf("\n", nl + 1)) {
      line++;
      from = nl + 1;
    }
    lines.push(line);
  }
  return lines;
}
