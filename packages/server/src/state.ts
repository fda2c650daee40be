/**
 * @module state — what every route of one server shares.
 */
import { join } from "node:path";
import { codeRunner } from "@openloop/sandbox";
import { ApiKeys } from "./auth/api-keys.js";
import { checkOptions } from "./check-options.js";
import { ConcurrencyLimit } from "./limits/concurrency.js";
import { Logger } from "./log/logger.js";
import type { ServerOptions } from "./options.js";
import { defaultModelFactory, knownWires } from "./routing/default-factory.js";
import { RoutingTable } from "./routing/table.js";
import type { RunDeps } from "./run/response-run.js";
import { MemoryStore } from "./store/memory.js";
import { SqliteStore } from "./store/sqlite.js";
import type { ResponseStore } from "./store/store.js";

/** A response (or WebSocket connection) in flight, for a graceful shutdown. */
export interface InFlight {
  /** Settles when it is over. */
  readonly done: Promise<void>;
  /** Stops it now. */
  abort(): void;
}

/** The server's shared parts. */
export interface ServerState {
  readonly options: ServerOptions;
  readonly routing: RoutingTable;
  /** `undefined` when responses are not kept (`store: false`). */
  readonly store: ResponseStore | undefined;
  readonly deps: RunDeps;
  readonly limiter: ConcurrencyLimit;
  readonly logger: Logger;
  readonly keys: ApiKeys;
  readonly inFlight: Set<InFlight>;
  /** Set once `close()` began: new requests are refused with 503. */
  closing: boolean;
  /** Closes what the server made itself (the store it opened, the code runner it made). */
  release(): Promise<void>;
}

const MiB = 1024 * 1024;

/** Builds the shared parts from the options, checked (`invalid_config`, an `OpenloopError`, otherwise). */
export function createState(options: ServerOptions): ServerState {
  checkOptions(options);
  const routing =
    options.routing instanceof RoutingTable
      ? options.routing
      : new RoutingTable(
          options.routing,
          options.modelFactory === undefined
            ? { factory: defaultModelFactory, wires: knownWires() }
            : { factory: options.modelFactory },
        );
  const ownStore = options.store === undefined || options.store === "sqlite" || options.store === "memory";
  const store =
    options.store === false
      ? undefined
      : options.store === "memory"
        ? new MemoryStore()
        : options.store === undefined || options.store === "sqlite"
          ? new SqliteStore(options.dataDir ?? join(process.cwd(), ".openloop"))
          : options.store;
  const ownRunner = options.codeRunner === undefined;
  let released: Promise<void> | undefined;
  const runner = options.codeRunner === false ? undefined : (options.codeRunner ?? codeRunner<never>());
  return {
    options,
    routing,
    store,
    deps: {
      codeRunner: runner as RunDeps["codeRunner"],
      hostedAlways: options.hostedTools === "always",
      maxTurns: options.maxTurns ?? 10,
      timeoutMs: options.runTimeoutMs,
    },
    limiter: new ConcurrencyLimit(options.maxConcurrent ?? 64, options.retryAfterSeconds ?? 1),
    logger: new Logger(options.log),
    keys: new ApiKeys(options.apiKeys ?? []),
    inFlight: new Set(),
    closing: false,
    release: () => {
      released ??= (async () => {
        if (ownStore) await store?.close();
        if (ownRunner) await runner?.close();
      })();
      return released;
    },
  };
}

/** The body limit, in bytes. */
export function maxBodyBytes(state: ServerState): number {
  return state.options.maxBodyBytes ?? 20 * MiB;
}
