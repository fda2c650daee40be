/** @module @openloop/server — An Open Responses HTTP endpoint that runs the openloop loop with hosted tools over any model. */

export { createServer, type Listening, type OpenloopServer } from "./app.js";
export type { ServerRunContext } from "./hosted/code-interpreter.js";
export type { ReasoningEventNames } from "./http/sse.js";
export { type LogEntry, type LogSink, stderrSink } from "./log/logger.js";
export type { ServerOptions } from "./options.js";
export { loadRoutingFile } from "./routing/config-file.js";
export {
  type ModelFactory,
  type ModelFactoryConfig,
  type ProviderConfig,
  type Route,
  type RoutingConfig,
  RoutingTable,
} from "./routing/table.js";
export { parseServeArgs, SERVE_USAGE, serveCommand } from "./serve-command.js";
export { type StartedServer, type StartServerOptions, startServer } from "./start.js";
export { MemoryStore } from "./store/memory.js";
export { SqliteStore } from "./store/sqlite.js";
export type { ResponseStore, StoredResponse } from "./store/store.js";
