/**
 * @module agent/include — the request's `include`: what the user asked for, plus what the loop needs.
 */
import type { CreateResponseBody } from "@openloop/protocol";

type Include = NonNullable<CreateResponseBody["include"]>;

/** What a stateless run needs back to replay reasoning: without it a reasoning model loses its thread. */
export const REPLAY_INCLUDE = "reasoning.encrypted_content" as const;

/**
 * The `include` a run sends. Stateless (the default), the loop's {@link REPLAY_INCLUDE} is merged
 * into the user's list (the user's entries first, in their order; no duplicates), never replaced
 * by it. Stateful (`store: true`, or `previous_response_id` chaining), the server keeps the
 * reasoning, so an explicit list is sent as given; without one the loop still asks for it, which a
 * chained run that falls back to replaying (the server lost the id) needs.
 */
export function requestInclude(user: Include | undefined, stateful: boolean): Include {
  if (user === undefined) return [REPLAY_INCLUDE];
  if (stateful) return user.slice();
  return [...new Set<Include[number]>([...user, REPLAY_INCLUDE])];
}
