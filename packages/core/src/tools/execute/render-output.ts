/**
 * A tool's return value → `function_call_output.output`: a string as is, content parts as an
 * array, `undefined` as a marker the model can read, anything else as its JSON text.
 */
import type { ToolOutputPart } from "../types.js";

/** What the model reads when a tool returns nothing. */
export const NO_OUTPUT = "(no output)";

const PART_TYPES = new Set(["input_text", "input_image", "input_file", "input_video"]);

export type Rendered = { ok: true; output: string | ToolOutputPart[] } | { ok: false; reason: string };

export function renderToolOutput(value: unknown): Rendered {
  if (typeof value === "string") return { ok: true, output: value };
  if (value === undefined) return { ok: true, output: NO_OUTPUT };
  if (isContentParts(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = partProblem(value[i] as Record<string, unknown>);
      if (problem !== undefined)
        return { ok: false, reason: `returned an invalid content part at [${i}]: ${problem}` };
    }
    return { ok: true, output: value as ToolOutputPart[] };
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    return {
      ok: false,
      reason: `returned a value that is not JSON-serializable (${(error as Error).message})`,
    };
  }
  if (json === undefined)
    return { ok: false, reason: `returned a ${typeof value}, which JSON cannot represent` };
  return { ok: true, output: json };
}

/** A non-empty array whose every element is typed as a spec content part. */
function isContentParts(value: unknown): value is unknown[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (part) =>
        typeof part === "object" && part !== null && PART_TYPES.has((part as { type?: string }).type ?? ""),
    )
  );
}

/** What the spec requires of a part (a server rejects the whole request otherwise). */
function partProblem(part: Record<string, unknown>): string | undefined {
  switch (part.type) {
    case "input_text":
      return typeof part.text === "string" ? undefined : "input_text needs a string `text`";
    case "input_image":
      return typeof part.image_url === "string"
        ? undefined
        : "input_image needs an `image_url` (a URL or a data: URL)";
    case "input_file":
      return typeof part.file_data === "string" || typeof part.file_url === "string"
        ? undefined
        : "input_file needs `file_data` or `file_url`";
    default:
      return typeof part.video_url === "string" ? undefined : "input_video needs a `video_url`";
  }
}
