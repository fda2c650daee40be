/**
 * A server for a test: real HTTP on 127.0.0.1 (an ephemeral port), an in-memory store, logs kept.
 *
 * Every successful answer the test's `openai` client reads from `/v1/responses` (and `/compact`) is
 * also checked against the spec — the wire (`event:` equal to `type`, one `[DONE]`), each event, the
 * stream's order rules, the response — and a test with a problem fails when it ends, whatever it
 * asserted itself.
 */
import type { Model } from "@openloop/core";
import { validateAgainstSpec } from "@openloop/protocol/fixtures";
import OpenAI from "openai";
import { afterEach, expect } from "vitest";
import { createServer, type Listening, type OpenloopServer } from "../../src/app.js";
import type { LogEntry } from "../../src/log/logger.js";
import type { ServerOptions } from "../../src/options.js";
import { renameReasoning, responseProblems, streamProblems } from "./spec.js";
import { parseWire } from "./sse.js";

/** Problems found in what the server sent the current test's clients (checked after each test). */
const emitted: Promise<string[]>[] = [];

afterEach(async () => {
  const problems = (await Promise.all(emitted.splice(0))).flat();
  expect(problems, "what the server emitted, against the spec").toEqual([]);
});

/** Checks one answer of the server, read from a copy of its body (the client reads the original). */
async function answerProblems(path: string, response: Response, openaiNames: boolean): Promise<string[]> {
  let text: string;
  try {
    text = await response.text();
  } catch {
    return []; // the client stopped reading: a cut stream is not the server's to answer for
  }
  if ((response.headers.get("content-type") ?? "").startsWith("text/event-stream")) {
    const wire = parseWire(text);
    const events = openaiNames ? wire.events.map(renameReasoning) : wire.events;
    return [...wire.problems, ...streamProblems(events)].map((p) => `${path} (SSE): ${p}`);
  }
  const body = JSON.parse(text) as unknown;
  if (path.endsWith("/compact"))
    return validateAgainstSpec("CompactResource", body).map((e) => `${path}${e.path}: ${e.message}`);
  return responseProblems(body, path);
}

/**
 * `fetch` for the test's client: answers of the responses endpoints are checked on the side. With
 * OpenAI's reasoning event names asked for (the documented opt-in), they are renamed first.
 */
function checkingFetch(options: Partial<ServerOptions>): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
    if (response.ok && /\/v1\/responses(\/compact)?$/.test(path) && (init?.method ?? "GET") === "POST") {
      const openaiNames =
        options.reasoningEvents === "openai" ||
        new Headers(init?.headers).get("openloop-reasoning-events") === "openai";
      emitted.push(answerProblems(path, response.clone(), openaiNames));
    }
    return response;
  };
}

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
    fetch: checkingFetch(options),
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
