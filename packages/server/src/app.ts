/**
 * @module app — `createServer(options)`: the Hono app of an Open Responses endpoint, and its listener.
 */
import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createAdaptorServer } from "@hono/node-server";
import { OpenloopError } from "@openloop/protocol";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ApiKeys } from "./auth/api-keys.js";
import { failureResponse, httpFailure } from "./http/errors.js";
import { RequestLog } from "./log/request-log.js";
import type { ServerOptions } from "./options.js";
import { compactResponse } from "./routes/compact.js";
import { type AppEnv, createResponse } from "./routes/responses.js";
import { attachWebSocket } from "./routes/websocket.js";
import { createState, maxBodyBytes, type ServerState } from "./state.js";

/** A listening server. */
export interface Listening {
  /** The base URL, ending in `/v1` (give it to `new OpenAI({ baseURL })`). */
  url: string;
  /** The port it listens on. */
  port: number;
  /** Stops accepting, drains responses in flight (see `drainTimeoutMs`), then closes everything. */
  close(): Promise<void>;
}

/** An Open Responses server: the Hono app, its `fetch`, and a way to listen. */
export interface OpenloopServer {
  /** The Hono app (mount it in another app, add routes). */
  readonly app: Hono<AppEnv>;
  /** The app's fetch handler (web `Request` in, `Response` out), for tests and other runtimes. */
  fetch(request: Request): Promise<Response>;
  /** Listens on `host:port` (default `127.0.0.1`, an ephemeral port) with WebSocket mode attached. */
  listen(port?: number, host?: string): Promise<Listening>;
  /** Drains responses in flight, then closes the store and code runner the server made itself. */
  close(): Promise<void>;
}

/**
 * Creates an Open Responses server: `POST /v1/responses` (SSE or JSON), `POST /v1/responses/compact`,
 * and WebSocket mode on `/v1/responses`, running the openloop loop over the routed model with the
 * hosted code runner.
 *
 * @throws {OpenloopError} `invalid_config` for invalid options (the message names the option).
 * @example
 * const server = createServer({ routing: { models: { "my-model": model }, defaultModel: "my-model" }, store: "memory" });
 * const { url, close } = await server.listen(8080);
 */
export function createServer(options: ServerOptions): OpenloopServer {
  const state = createState(options);
  const app = new Hono<AppEnv>();

  app.use("*", async (c, next) => {
    const requestId = c.req.header("x-request-id") ?? `req_${randomUUID().replaceAll("-", "")}`;
    const log = new RequestLog(state.logger, {
      requestId,
      method: c.req.method,
      path: c.req.path,
    });
    c.set("log", log);
    await next();
    c.header("x-request-id", requestId);
    if (!log.deferred) log.finish(c.res.status, c.res.status >= 400 ? { error: await errorCode(c.res) } : {});
  });
  app.use("/v1/*", async (_c, next) => {
    if (state.closing) throw new OpenloopError("server_unavailable", "The server is shutting down.");
    await next();
  });
  app.use("/v1/*", async (c, next) => {
    const authorization = c.req.header("authorization");
    if (!state.keys.accepts(authorization)) throw ApiKeys.unauthorized(authorization);
    await next();
  });
  app.use(
    "/v1/*",
    bodyLimit({
      maxSize: maxBodyBytes(state),
      onError: () => {
        throw new OpenloopError(
          "payload_too_large",
          `The request body is larger than this server accepts (${maxBodyBytes(state)} bytes).`,
        );
      },
    }),
  );

  app.post("/v1/responses", (c) => createResponse(c, state));
  app.post("/v1/responses/compact", (c) => compactResponse(c, state));

  app.notFound((c) =>
    failureResponse(
      httpFailure(
        new OpenloopError(
          "not_found",
          `No route for ${c.req.method} ${c.req.path}: this server serves POST /v1/responses and POST /v1/responses/compact.`,
        ),
      ),
    ),
  );
  app.onError((error, c) => {
    const failure = httpFailure(error);
    if (failure.status === 401) failure.headers["www-authenticate"] = "Bearer";
    if (failure.body.error.code === "internal_error") {
      state.logger.log("error", "internal_error", { path: c.req.path, message: (error as Error).message });
    }
    return failureResponse(failure);
  });

  const fetch = (request: Request) => Promise.resolve(app.fetch(request));
  const listeners: Server[] = [];

  return {
    app,
    fetch,
    async listen(port = 0, host = "127.0.0.1") {
      // overrideGlobalObjects: false — replacing the process's global Request/Response would break
      // every other fetch user in it (`instanceof Response` fails on fetch's own responses).
      const server = createAdaptorServer({
        fetch: app.fetch,
        hostname: host,
        overrideGlobalObjects: false,
      }) as Server;
      const sockets = options.websocket === false ? undefined : attachWebSocket(server, state);
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          resolve();
        });
      });
      listeners.push(server);
      const address = server.address() as AddressInfo;
      const shown = host.includes(":") ? `[${host}]` : host;
      state.logger.log("info", "server", { message: "listening", host, port: address.port });
      return {
        url: `http://${shown}:${address.port}/v1`,
        port: address.port,
        close: async () => {
          await shutdown(state, [server], sockets === undefined ? [] : [sockets]);
        },
      };
    },
    close: () => shutdown(state, listeners, []),
  };
}

/** Stops new work, lets what is in flight finish (or aborts it after the drain timeout), closes. */
async function shutdown(state: ServerState, servers: Server[], sockets: { close(): void }[]): Promise<void> {
  state.closing = true;
  const stopped = servers.map(
    (server) =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  );
  const drain = Promise.all([...state.inFlight].map((flight) => flight.done));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), state.options.drainTimeoutMs ?? 10_000);
  });
  if ((await Promise.race([drain, timeout])) === "timeout") {
    for (const flight of state.inFlight) flight.abort();
    await Promise.race([drain, new Promise((resolve) => setTimeout(resolve, 1000))]);
  }
  clearTimeout(timer);
  for (const socket of sockets) socket.close();
  for (const server of servers) server.closeAllConnections();
  await Promise.all(stopped);
  await state.release();
}

/** The `error.code` of a JSON error answer, for the log. */
async function errorCode(response: Response): Promise<unknown> {
  try {
    const body = (await response.clone().json()) as { error?: { code?: unknown } };
    return body.error?.code ?? null;
  } catch {
    return null;
  }
}
