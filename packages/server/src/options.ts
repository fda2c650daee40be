/**
 * @module options — everything `createServer` can be configured with.
 */
import type { Model } from "@openloop/core";
import type { CodeRunnerTool } from "@openloop/sandbox";
import type { ServerRunContext } from "./hosted/code-interpreter.js";
import type { ReasoningEventNames } from "./http/sse.js";
import type { LogSink } from "./log/logger.js";
import type { ModelFactory, RoutingConfig, RoutingTable } from "./routing/table.js";
import type { ResponseStore } from "./store/store.js";

/** Options of `createServer` / `startServer`. Only `routing` is required. */
export interface ServerOptions {
  /**
   * Which model answers a request's `model`: a routing table (`providers`, `aliases`,
   * `defaultModel`, and `models` mapping exact names to `Model` objects), or a ready `RoutingTable`.
   * @example { providers: { local: { wire: "chat-completions", baseURL: "http://127.0.0.1:8080/v1" } }, defaultModel: "local/llama3" }
   */
  routing: (RoutingConfig & { models?: Record<string, Model> }) | RoutingTable;
  /**
   * Builds a `Model` for a provider's wire.
   * @default `createModel` of `@openloop/adapters` (wires `responses`, `chat-completions`, `anthropic-messages`)
   */
  modelFactory?: ModelFactory;
  /**
   * Where responses are kept for `previous_response_id`: `"sqlite"` (a file in `dataDir`, survives
   * restarts), `"memory"` (lost on exit), `false` (nothing kept: every `previous_response_id` is
   * unknown), or your own `ResponseStore`.
   * @default "sqlite"
   */
  store?: "sqlite" | "memory" | false | ResponseStore;
  /**
   * The directory of the SQLite store (created if missing).
   * @default ".openloop" (in the working directory)
   */
  dataDir?: string;
  /**
   * Accepted API keys (`Authorization: Bearer <key>`); an empty list accepts every request.
   * @default []
   */
  apiKeys?: readonly string[];
  /**
   * The hosted code runner (`codeRunner()` of `@openloop/sandbox`), or `false` for none. The default
   * one is made on first use and closed by `close()`; one you pass is yours to close.
   * @default a `codeRunner()` with the sandbox's default limits
   */
  codeRunner?: CodeRunnerTool<ServerRunContext> | false;
  /**
   * When hosted tools are offered: `"on-request"` (when `tools` holds `{ "type": "code_interpreter" }`)
   * or `"always"`.
   * @default "on-request"
   */
  hostedTools?: "on-request" | "always";
  /**
   * Most model turns in one response (each hosted tool round trip is one more turn); a response that
   * needs more ends `incomplete` with reason `max_turns`.
   * @default 10
   */
  maxTurns?: number;
  /**
   * Wall-clock budget of one response in ms (model turns and tools together).
   * @default none
   */
  runTimeoutMs?: number;
  /**
   * Largest request body in bytes; a larger one is refused with 413.
   * @default 20 MiB
   */
  maxBodyBytes?: number;
  /**
   * Most responses in flight at once (HTTP and WebSocket turns); more get 429 with `Retry-After`.
   * @default 64
   */
  maxConcurrent?: number;
  /**
   * The `Retry-After` of a 429, in seconds.
   * @default 1
   */
  retryAfterSeconds?: number;
  /**
   * How raw reasoning events are named: the spec's `response.reasoning.delta` / `.done`, or
   * OpenAI's `response.reasoning_text.*` (the `openai` SDK's `responses.stream()` throws on the
   * spec's). A request can choose with the `OpenLoop-Reasoning-Events: openai | spec` header.
   * @default "spec"
   */
  reasoningEvents?: ReasoningEventNames;
  /**
   * Send `openloop:` extension items and events to every client, not only to those that ask with
   * the `OpenLoop-Extensions: true` header.
   * @default false
   */
  extensions?: boolean;
  /**
   * Where structured JSON logs go (one object per request), or `false` for none.
   * @default one JSON line per entry on stderr
   */
  log?: LogSink | false;
  /**
   * How long `close()` lets responses in flight finish before aborting them, in ms.
   * @default 10000
   */
  drainTimeoutMs?: number;
  /**
   * Accept WebSocket connections on `/v1/responses` (the spec's WebSocket mode).
   * @default true
   */
  websocket?: boolean;
  /**
   * A WebSocket connection's lifetime in ms; then it is closed with the spec's
   * `websocket_connection_limit_reached` error.
   * @default 3600000 (60 minutes, as the spec says)
   */
  websocketMaxAgeMs?: number;
}
