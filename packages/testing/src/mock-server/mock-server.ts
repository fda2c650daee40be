/**
 * @module mock-server — a real HTTP Open Responses server on 127.0.0.1, playing a script or any model.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Model } from "@openloop/core";
import { type CreateResponseBody, OpenloopError } from "@openloop/protocol";
import type { ScriptTurn } from "../script/turns.js";
import { ScriptedModel, type ScriptedModelOptions } from "../scripted-model/scripted-model.js";
import { envelope, type ReasoningEventNames, respond } from "./respond.js";

export interface MockServerOptions {
  /** The port to listen on. @default 0 (an ephemeral port) */
  port?: number;
  /**
   * How raw reasoning events are named: the spec's `response.reasoning.delta` / `.done`, or
   * OpenAI's `response.reasoning_text.*`. The `openai` SDK's `responses.stream()` throws
   * "Unhandled response stream event" on the spec's names, so use `"openai"` to feed it raw
   * reasoning. @default "spec"
   */
  reasoningEvents?: ReasoningEventNames;
  /** Options for the `ScriptedModel` made from a script (ignored when given a model). */
  scripted?: ScriptedModelOptions;
}

/** A request the server received. */
export interface MockRequest {
  method: string;
  /** The path, without the query string (e.g. `/v1/responses`). */
  path: string;
  /** The request target as sent: the path and its query string (e.g. `/v1/responses?api-version=1`). */
  url: string;
  /** Request headers (lower-cased names). */
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (not validated); `undefined` when the body is not JSON. */
  body: CreateResponseBody | undefined;
  /** The body as received. */
  raw: string;
}

export interface MockServer {
  /** The base URL, ending in `/v1`: give it to `openResponses({ baseURL })` or `new OpenAI({ baseURL })`. */
  url: string;
  /** Every request received, in order (failed and rejected ones included). */
  requests: MockRequest[];
  /** The model answering requests (the `ScriptedModel` built from a script). */
  model: Model;
  /** Stops the server: aborts streams in flight and closes every connection, keep-alive ones included. */
  close(): Promise<void>;
}

const RESPONSES = "/v1/responses";

/**
 * Starts an Open Responses server on `127.0.0.1` for end-to-end tests: `POST /v1/responses`,
 * streaming (SSE, one write per frame, `event:` equal to `type`, `data: [DONE]` at the end) or not
 * (one JSON `ResponseResource`), answered by `modelOrScript`: a script (a `ScriptedModel` is made
 * from it) or any `Model`. Scripted HTTP errors are answered with their status, the spec's error
 * envelope and `Retry-After`; cut connections destroy the socket mid-stream; per-turn delays apply.
 * A client that disconnects aborts the model's request. Other paths get a 404 error envelope.
 *
 * Built on `node:http` alone, so installing `@openloop/testing` adds no server framework to a project.
 *
 * @example
 * const server = await startMockServer([[text("Hello!")]]);
 * const model = openResponses({ baseURL: server.url, model: "test" });
 * // ... run your code against `model` ...
 * await server.close();
 */
export async function startMockServer(
  modelOrScript: Model | readonly ScriptTurn[],
  options: MockServerOptions = {},
): Promise<MockServer> {
  if (
    !Array.isArray(modelOrScript) &&
    typeof (modelOrScript as Partial<Model> | null | undefined)?.stream !== "function"
  )
    throw new OpenloopError(
      "invalid_config",
      `startMockServer(): Expected a script (an array of turns) or a Model (an object with stream()), got ${modelOrScript === null ? "null" : typeof modelOrScript}`,
    );
  const model: Model = Array.isArray(modelOrScript)
    ? new ScriptedModel(modelOrScript, options.scripted)
    : (modelOrScript as Model);
  const names = options.reasoningEvents ?? "spec";
  if (names !== "spec" && names !== "openai")
    throw new OpenloopError(
      "invalid_config",
      `startMockServer(): Expected \`reasoningEvents\` to be "spec" or "openai", got ${JSON.stringify(names)}`,
    );
  const requests: MockRequest[] = [];
  const inFlight = new Set<AbortController>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    let body: CreateResponseBody | undefined;
    try {
      body = raw === "" ? undefined : (JSON.parse(raw) as CreateResponseBody);
    } catch {
      body = undefined;
    }
    requests.push({ method: req.method ?? "", path, url: req.url ?? "/", headers: req.headers, body, raw });

    if (req.method !== "POST" || path !== RESPONSES) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(
        envelope("not_found", `No route for ${req.method} ${path}: this server serves POST ${RESPONSES}.`),
      );
      return;
    }
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(envelope("invalid_request", "The request body must be a JSON object (a CreateResponseBody)."));
      return;
    }

    const controller = new AbortController();
    inFlight.add(controller);
    // The client went away (or the server is closing): stop the model.
    res.on("close", () => {
      inFlight.delete(controller);
      if (!res.writableFinished) controller.abort();
    });
    const events = model.stream(body, { signal: controller.signal })[Symbol.asyncIterator]();
    try {
      await respond(res, events, body.stream === true, names, controller.signal);
    } finally {
      // Stopped before the model's stream ended (the client left, a cut): close it so its `finally`
      // blocks run. Not awaited: a model that ignores its signal must not hold the handler.
      closeQuietly(events);
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A model that throws (a bug in a hand-written Model) must not crash the test process.
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(
          envelope(
            "server_error",
            `The model threw: ${error instanceof Error ? error.message : String(error)}`,
          ),
        );
      } else res.socket?.destroy();
    });
  });
  const port = options.port ?? 0;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("listening", resolve);
      server.once("error", reject);
      server.listen(port, "127.0.0.1");
    });
  } catch (cause) {
    // A port in use or out of range: say which, in the one error type.
    throw new OpenloopError(
      "invalid_config",
      `startMockServer(): cannot listen on 127.0.0.1:${String(port)}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
  const address = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${address.port}/v1`,
    requests,
    model,
    close: async () => {
      for (const controller of inFlight) controller.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** `iterator.return()`, its failure (or a synchronous throw) ignored. */
function closeQuietly(iterator: AsyncIterator<unknown>): void {
  try {
    iterator.return?.().catch(() => undefined);
  } catch {
    // A hand-written iterator whose return() throws: nothing more to release.
  }
}
