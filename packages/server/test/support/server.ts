/**
 * A server for a test: real HTTP on 127.0.0.1 (an ephemeral port), an in-memory store, logs kept.
 */
import type { Model } from "@openloop/core";
import OpenAI from "openai";
import { createServer, type Listening, type OpenloopServer } from "../../src/app.js";
import type { LogEntry } from "../../src/log/logger.js";
import type { ServerOptions } from "../../src/options.js";

export interface TestServer extends Listening {
  server: OpenloopServer;
  logs: LogEntry[];
  /** The official SDK pointed at the server (no retries, so errors show at once). */
  client: OpenAI;
}

/** Starts a server answering model `"test"` (the default) with `model`. */
export async function serve(model: Model, options: Partial<ServerOptions> = {}): Promise<TestServer> {
  const logs: LogEntry[] = [];
  const server = createServer({
    routing: { models: { test: model }, defaultModel: "test" },
    store: "memory",
    log: (entry) => logs.push(entry),
    ...options,
  });
  const listening = await server.listen(0);
  const client = new OpenAI({
    baseURL: listening.url,
    apiKey: (options.apiKeys ?? [])[0] ?? "unused",
    maxRetries: 0,
  });
  return { ...listening, server, logs, client };
}

/** POSTs JSON to `url + path` and returns the fetch `Response`. */
export function post(
  url: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url + path, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
