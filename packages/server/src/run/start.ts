/**
 * @module run/start — from a checked request body to a running `ResponseRun` (HTTP and WebSocket).
 */
import type { CreateResponseBody, EventSink } from "@openloop/protocol";
import type { ServerState } from "../state.js";
import { loadChain, type ResponseLookup } from "../store/chain.js";
import type { StoredResponse } from "../store/store.js";
import { ResponseRun } from "./response-run.js";

/** How one request is run, besides its body. */
export interface StartOptions {
  /** Where events go (`null`: answer with the final response only). */
  sink: EventSink | null;
  signal: AbortSignal;
  extensions: boolean;
  /** Finds earlier responses (the store; a WebSocket looks in its own cache first). */
  lookup: ResponseLookup;
  /** Keeps the finished response (the store; a WebSocket also caches it). Must not throw. */
  persist: (record: StoredResponse) => Promise<void>;
}

/**
 * Routes the request's model, rebuilds its `previous_response_id` chain and starts the run.
 * @throws {OpenloopError} `model_not_found`, `previous_response_not_found`, `invalid_request`.
 */
export async function startResponse(
  state: ServerState,
  body: CreateResponseBody,
  options: StartOptions,
): Promise<ResponseRun> {
  const route = state.routing.resolve(body.model);
  const previous = body.previous_response_id;
  const chain =
    previous === undefined || previous === null ? undefined : await loadChain(options.lookup, previous);
  return ResponseRun.start(state.deps, {
    body,
    route,
    chain,
    extensions: options.extensions,
    sink: options.sink,
    signal: options.signal,
    persist: options.persist,
  });
}

/** Looks responses up in the server's store (none when it keeps nothing). */
export function storeLookup(state: ServerState): ResponseLookup {
  const store = state.store;
  return store === undefined ? async () => undefined : (id) => store.get(id);
}

/**
 * Keeps a finished response in the store, unless the request said `store: false`. A store that
 * fails is logged: the client still gets its response (it just cannot be continued by id).
 */
export function storePersist(state: ServerState, body: CreateResponseBody): StartOptions["persist"] {
  return async (record) => {
    if (body.store === false || state.store === undefined) return;
    try {
      await state.store.put(record);
    } catch (error) {
      state.logger.log("error", "store", { responseId: record.id, message: (error as Error).message });
    }
  };
}
