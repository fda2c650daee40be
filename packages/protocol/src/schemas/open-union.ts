/**
 * @module schemas/open-union — how every discriminated union of the spec stays open.
 *
 * The spec says unknown (slug-prefixed) item, event and tool types MUST be tolerated, and real
 * servers send unprefixed vendor types too (`web_search_call`, `response.mcp_call.in_progress`).
 * So each union is "the known members, plus an extension member": an object with a string `type`
 * that no known member claims is kept as it is. A known `type` that fails its member's schema is
 * still an error — openness never hides a malformed spec object.
 */
import { z } from "zod";

/**
 * The static `type` of an extension member: the spec requires a slug prefix (`acme:thing`).
 * A template literal (not `string`) keeps `switch (x.type)` narrowing on the known members.
 * At runtime any unknown string is accepted (`web_search_call` too) and typed as this.
 */
export type ExtensionType = `${string}:${string}`;

/** Marks the extension member's own issue so error formatting can skip it (see `describeZodError`). */
export const EXTENSION_ISSUE = "openloop_extension";

/** A JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The discriminator values a discriminated union claims (`"message"`, `"function_call"`, ...). */
export function discriminatorValues(union: z.ZodDiscriminatedUnion, key = "type"): ReadonlySet<string> {
  const values = union._zod.propValues?.[key] ?? new Set();
  const out = new Set<string>();
  for (const v of values) if (typeof v === "string") out.add(v);
  return out;
}

/**
 * The extension member of an open union: accepts any object whose string `type` is not in
 * `known`, unchanged (no keys stripped, nothing copied).
 */
export function extensionMember<T>(known: ReadonlySet<string>, what: string): z.ZodType<T> {
  return z.custom<T>((value) => isRecord(value) && typeof value.type === "string" && !known.has(value.type), {
    message: `Expected ${what} with a string \`type\``,
    params: { [EXTENSION_ISSUE]: true },
  });
}
