/**
 * @module store/store — where responses are kept for `previous_response_id`.
 */
import type { ItemParam, ResponseResource } from "@openloop/protocol";

/**
 * One stored response: what the client was shown, and what the model saw and produced, so a later
 * request can continue the conversation exactly (hosted tool calls as the function calls and
 * outputs the model made, not as the items the client was shown).
 */
export interface StoredResponse {
  /** The response id (`resp_…`). */
  id: string;
  /** The response this one continued, if any. */
  previousResponseId: string | null;
  /** The id of the first response of the chain (the conversation). */
  conversationId: string;
  /** The request's own input, as the model saw it (not including the earlier chain). */
  input: ItemParam[];
  /** Everything the run added after the input, as the model saw it, in order. */
  items: ItemParam[];
  /** The response as the client received it. */
  response: ResponseResource;
}

/**
 * Keeps responses by id.
 *
 * Contract:
 * - `put` then `get` of the same id returns an equal record (JSON round trip); a second `put` of an
 *   id replaces the first;
 * - `get` of an unknown id resolves `undefined` (never throws for a missing id);
 * - a persistent store keeps what was put across `close()` and a new instance on the same location;
 * - methods may be called concurrently; `close()` waits for nothing in flight and is idempotent.
 */
export interface ResponseStore {
  get(id: string): Promise<StoredResponse | undefined>;
  put(record: StoredResponse): Promise<void>;
  close(): Promise<void>;
}

/** How deep a `previous_response_id` chain may go before the server refuses it (cycles included). */
export const MAX_CHAIN_LENGTH = 1000;
