/**
 * @module start — `startServer(options)`: create and listen in one call (what `openloop serve` runs).
 */
import { createServer, type Listening, type OpenloopServer } from "./app.js";
import type { ServerOptions } from "./options.js";

/** Options of {@link startServer}: the server's, plus where to listen. */
export interface StartServerOptions extends ServerOptions {
  /** @default 8080 (0 picks a free port) */
  port?: number;
  /** @default "127.0.0.1" (use "0.0.0.0" to accept other machines, with `apiKeys`) */
  host?: string;
}

/** A started server. */
export interface StartedServer extends Listening {
  server: OpenloopServer;
}

/**
 * Creates the server and listens.
 *
 * @throws {OpenloopError} `invalid_config` for invalid options; rejects when the port is taken.
 * @example
 * const { url, close } = await startServer({
 *   routing: { providers: { local: { wire: "chat-completions", baseURL: "http://127.0.0.1:8080/v1" } }, defaultModel: "local/qwen3" },
 *   port: 4000,
 * });
 */
export async function startServer(options: StartServerOptions): Promise<StartedServer> {
  const { port = 8080, host = "127.0.0.1", ...rest } = options;
  const server = createServer(rest);
  try {
    const listening = await server.listen(port, host);
    return { ...listening, server };
  } catch (error) {
    await server.close();
    throw error;
  }
}
