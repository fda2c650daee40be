import { OpenloopError } from "@openloop/protocol";
import { quotePointer } from "./pointer.js";

/** Detail attached to every schema conversion error (`error.details`). */
export interface SchemaErrorDetails {
  /** JSON pointer of the offending part; `""` is the root. */
  pointer: string;
  /** What is wrong there, without the pointer. */
  reason: string;
  [key: string]: unknown;
}

/**
 * The error the schema helpers throw: code `invalid_config`, the pointer and reason in
 * `details`. `tool()` re-raises it as `invalid_tool_definition` naming the tool.
 */
export function schemaError(pointer: string, reason: string, cause?: unknown): OpenloopError {
  const details: SchemaErrorDetails = { pointer, reason };
  return new OpenloopError("invalid_config", `Schema at JSON pointer ${quotePointer(pointer)}: ${reason}`, {
    details,
    cause,
  });
}

/** The pointer and reason of an error made by {@link schemaError}, or `undefined`. */
export function schemaErrorDetails(error: unknown): SchemaErrorDetails | undefined {
  if (!OpenloopError.is(error, "invalid_config")) return undefined;
  const d = error.details;
  if (d === undefined || typeof d.pointer !== "string" || typeof d.reason !== "string") return undefined;
  return d as SchemaErrorDetails;
}
