/**
 * @module errors/describe-kind — what a wrong argument was, for an error message (internal).
 */

/** `"undefined"`, `"null"`, `"number"`, `"an object (Object)"`: enough to see what was passed instead. */
export function describeKind(value: unknown): string {
  if (value === null) return "null";
  if (typeof value !== "object") return typeof value;
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === "string" && name !== "" ? `an object (${name})` : "an object";
}
