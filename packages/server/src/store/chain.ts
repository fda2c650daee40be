/**
 * @module store/chain — a `previous_response_id` rebuilt into the input the model sees.
 */
import { type ItemParam, OpenloopError } from "@openloop/protocol";
import { MAX_CHAIN_LENGTH, type StoredResponse } from "./store.js";

/** Looks a response up by id (the store, or a WebSocket connection's own cache first). */
export type ResponseLookup = (id: string) => Promise<StoredResponse | undefined>;

/** The conversation a `previous_response_id` continues. */
export interface Chain {
  /** Every earlier input and output, oldest first, as the model saw them. */
  items: ItemParam[];
  /** The id of the chain's first response. */
  conversationId: string;
}

/** The spec's error for an unknown `previous_response_id` (400, param `previous_response_id`). */
export function previousResponseNotFound(id: string, missingAncestor?: string): OpenloopError {
  const why =
    missingAncestor === undefined ? "" : ` (an earlier response of its chain, '${missingAncestor}', is gone)`;
  return new OpenloopError(
    "previous_response_not_found",
    `Previous response with id '${id}' not found${why}.`,
    {
      param: "previous_response_id",
    },
  );
}

/**
 * Rebuilds the context of `id`: the spec's `previous_response.input` + `previous_response.output`,
 * applied recursively (each stored response holds only its own input and output).
 *
 * @throws {OpenloopError} `previous_response_not_found` when `id` (or a response it continued) is
 *   unknown; `invalid_request` when the chain is longer than {@link MAX_CHAIN_LENGTH} (or a cycle).
 */
export async function loadChain(lookup: ResponseLookup, id: string): Promise<Chain> {
  const records: StoredResponse[] = [];
  let next: string | null = id;
  while (next !== null) {
    if (records.length >= MAX_CHAIN_LENGTH) {
      throw new OpenloopError(
        "invalid_request",
        `The previous_response_id chain of '${id}' is longer than ${MAX_CHAIN_LENGTH} responses.`,
        { param: "previous_response_id" },
      );
    }
    const record = await lookup(next);
    if (record === undefined) throw previousResponseNotFound(id, next === id ? undefined : next);
    records.push(record);
    next = record.previousResponseId;
  }
  const items: ItemParam[] = [];
  for (let i = records.length - 1; i >= 0; i--) {
    const record = records[i]!;
    for (const item of record.input) items.push(item);
    for (const item of record.items) items.push(item);
  }
  return { items, conversationId: records[records.length - 1]!.id };
}
