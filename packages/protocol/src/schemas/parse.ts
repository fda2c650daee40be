/**
 * @module schemas/parse — validating values against the schemas, with readable typed errors.
 *
 * The decoder and the accumulator never call these (validation is too slow for every delta);
 * use them at the edges: a request your server received, a terminal response, a replayed item.
 */
import type { z } from "zod";
import { OpenloopError, type OpenloopErrorCode } from "../errors/index.js";
import { KNOWN_EVENT_TYPES, KnownStreamEvent, StreamEvent } from "./events.js";
import { ItemParam } from "./item-params.js";
import { OutputItem } from "./items.js";
import { EXTENSION_ISSUE, isRecord } from "./open-union.js";
import { CreateResponseBody } from "./request.js";
import { ResponseResource } from "./response.js";

type Issue = z.core.$ZodIssue;

function isExtensionIssue(issue: Issue): boolean {
  return issue.code === "custom" && isRecord(issue.params) && issue.params[EXTENSION_ISSUE] === true;
}

/** How far a union branch is from the value: a wrong type at its root counts as far. */
function distance(branch: readonly Issue[]): number {
  let d = branch.length;
  for (const issue of branch) if (issue.code === "invalid_type" && issue.path.length === 0) d += 1000;
  return d;
}

/** Replace each union failure by the failures of the branch that was meant (not the extension member). */
function flatten(
  issues: readonly Issue[],
  prefix: readonly PropertyKey[],
  out: { path: PropertyKey[]; message: string }[],
) {
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      const meant = issue.errors.filter((branch) => !branch.every(isExtensionIssue));
      if (meant.length > 0) {
        // The closest match: a branch whose value had the right type, then the fewest issues.
        const best = meant.reduce((a, b) => (distance(b) < distance(a) ? b : a));
        flatten(best, path, out);
        continue;
      }
    }
    out.push({ path, message: issue.message });
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  let s = "";
  for (const key of path)
    s += typeof key === "number" ? `[${key}]` : s === "" ? String(key) : `.${String(key)}`;
  return s === "" ? "(root)" : s;
}

/** A one-line description of a zod error: the first few failures, each with its path. */
export function describeZodError(error: z.ZodError, limit = 5): string {
  const found: { path: PropertyKey[]; message: string }[] = [];
  flatten(error.issues, [], found);
  const shown = found.slice(0, limit).map((f) => `${formatPath(f.path)}: ${f.message}`);
  if (found.length > limit) shown.push(`and ${found.length - limit} more`);
  return shown.join("; ");
}

/**
 * The parameter at fault, as the spec's error `param` names it (`input[0].content`): the path of
 * the first failure; `null` when the value itself is wrong.
 */
export function zodErrorParam(error: z.ZodError): string | null {
  const found: { path: PropertyKey[]; message: string }[] = [];
  flatten(error.issues, [], found);
  const path = found[0]?.path ?? [];
  return path.length === 0 ? null : formatPath(path);
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, code: OpenloopErrorCode, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new OpenloopError(code, `Invalid ${what}: ${describeZodError(result.error)}`, {
    cause: result.error,
    details: { issues: result.error.issues },
    param: code === "invalid_request" ? zodErrorParam(result.error) : null,
  });
}

/**
 * Validate a streaming event. Known types must match their schema; any other object with a string
 * `type` is returned unchanged as an extension event. Throws `OpenloopError` code `invalid_event`.
 * @example parseStreamEvent(JSON.parse(data)).type
 */
export function parseStreamEvent(value: unknown): StreamEvent {
  // Dispatch on `type` ourselves so a broken known event reports its own schema's failures.
  if (isRecord(value) && typeof value.type === "string" && KNOWN_EVENT_TYPES.has(value.type)) {
    return parseWith(KnownStreamEvent, value, "invalid_event", `event \`${value.type}\``);
  }
  return parseWith(StreamEvent, value, "invalid_event", "event");
}

/** Like {@link parseStreamEvent}, but returns the error instead of throwing (`undefined` when valid). */
export function validateStreamEvent(value: unknown): OpenloopError | undefined {
  try {
    parseStreamEvent(value);
    return undefined;
  } catch (error) {
    if (error instanceof OpenloopError) return error;
    throw error;
  }
}

/** Validate an output item (known, or an extension kept verbatim). Throws code `invalid_response`. */
export function parseOutputItem(value: unknown): OutputItem {
  return parseWith(OutputItem, value, "invalid_response", "output item");
}

/**
 * Where a `{ role, content }` shorthand message (no `type`) sits in `items`, if anywhere. Zod would
 * report it against the one union member whose `type` is optional (an item reference: "id:
 * expected string"), which sends the reader the wrong way.
 */
function shorthandAt(items: unknown): number | undefined {
  if (!Array.isArray(items)) return undefined;
  const index = items.findIndex((item) => isRecord(item) && item.type == null && "role" in item);
  return index < 0 ? undefined : index;
}

function shorthandError(what: string, path: string): OpenloopError {
  return new OpenloopError(
    "invalid_request",
    `Invalid ${what}: ${path}: a message needs \`type: "message"\` (the spec requires it); normalizeInput() adds it to the { role, content } shorthand`,
    { param: path },
  );
}

/** Validate an input item. Throws code `invalid_request`. */
export function parseItemParam(value: unknown): ItemParam {
  if (shorthandAt([value]) === 0 && !ItemParam.safeParse(value).success)
    throw shorthandError("input item", "type");
  return parseWith(ItemParam, value, "invalid_request", "input item");
}

/** Validate a complete response object (all 31 required fields). Throws code `invalid_response`. */
export function parseResponseResource(value: unknown): ResponseResource {
  return parseWith(ResponseResource, value, "invalid_response", "response");
}

/** Validate a `POST /responses` body. Throws code `invalid_request`. */
export function parseCreateResponseBody(value: unknown): CreateResponseBody {
  const result = CreateResponseBody.safeParse(value);
  if (result.success) return result.data;
  const at = isRecord(value) ? shorthandAt(value.input) : undefined;
  if (at !== undefined) throw shorthandError("request body", `input[${at}].type`);
  return parseWith(CreateResponseBody, value, "invalid_request", "request body");
}
