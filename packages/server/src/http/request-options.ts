/**
 * @module http/request-options — per-request switches a client sets with headers.
 */
import type { ServerState } from "../state.js";
import type { ReasoningEventNames } from "./sse.js";

/** `OpenLoop-Extensions: true` opts in to `openloop:` extension items and events. */
export const EXTENSIONS_HEADER = "openloop-extensions";
/** `OpenLoop-Reasoning-Events: openai` names raw reasoning events as OpenAI does. */
export const REASONING_EVENTS_HEADER = "openloop-reasoning-events";

/** What a request asked for, with the server's defaults. */
export interface RequestSwitches {
  extensions: boolean;
  reasoningEvents: ReasoningEventNames;
}

/** Reads the switches from request headers (`get` returns a header value or null/undefined). */
export function requestSwitches(
  state: ServerState,
  get: (name: string) => string | null | undefined,
): RequestSwitches {
  const ext = get(EXTENSIONS_HEADER)?.trim().toLowerCase();
  const names = get(REASONING_EVENTS_HEADER)?.trim().toLowerCase();
  return {
    extensions:
      ext === "true" || ext === "1"
        ? true
        : ext === "false" || ext === "0"
          ? false
          : state.options.extensions === true,
    reasoningEvents:
      names === "openai" || names === "spec" ? names : (state.options.reasoningEvents ?? "spec"),
  };
}
