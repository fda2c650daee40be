/**
 * @module routes/websocket — WebSocket mode on `/v1/responses` (spec 2026-04-24).
 *
 * A client sends `response.create` messages; each is one response, streamed back as the same event
 * objects SSE carries, processed one at a time per connection. The connection keeps its most recent
 * response in memory, so `previous_response_id` continues on the socket even with `store: false`;
 * older ids come from the store. Failures before a response starts are the spec's WebSocket error
 * messages (`{ type: "error", status, error }`); a failed continuation evicts the id it continued.
 */
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { OpenloopError, WebSocketResponseCreateEvent } from "@openloop/protocol";
import { type WebSocket, WebSocketServer } from "ws";
import { ApiKeys } from "../auth/api-keys.js";
import { asOpenloopError, httpFailure } from "../http/errors.js";
import { requestSwitches } from "../http/request-options.js";
import { withReasoningNames } from "../http/sse.js";
import { parseJson, parseResponseBody } from "../run/request.js";
import { startResponse, storePersist } from "../run/start.js";
import type { ServerState } from "../state.js";
import type { StoredResponse } from "../store/store.js";
import { trackInFlight } from "./in-flight.js";

const PATH = "/v1/responses";

/** Attaches WebSocket mode to `server`; returns what closes every connection. */
export function attachWebSocket(server: Server, state: ServerState): { close(): void } {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: state.options.maxBodyBytes ?? 20 * 1024 * 1024,
  });
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const refuse = (error: OpenloopError) => {
      const failure = httpFailure(error);
      const body = JSON.stringify(failure.body);
      socket.end(
        `HTTP/1.1 ${failure.status} ${error.code}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    };
    if (path !== PATH)
      return refuse(new OpenloopError("not_found", `No WebSocket endpoint at ${path}; use ${PATH}.`));
    if (state.closing) return refuse(new OpenloopError("server_unavailable", "The server is shutting down."));
    const authorization = req.headers.authorization;
    if (!state.keys.accepts(authorization)) return refuse(ApiKeys.unauthorized(authorization));
    wss.handleUpgrade(req, socket, head, (ws) => serveConnection(ws, req, state));
  });
  return {
    close() {
      for (const client of wss.clients) client.close(1001, "server shutting down");
      wss.close();
    },
  };
}

/** One connection: its turns, one after another, and its connection-local last response. */
function serveConnection(ws: WebSocket, req: IncomingMessage, state: ServerState): void {
  const switches = requestSwitches(state, (name) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value[0] : value;
  });
  const opened = performance.now();
  let cache: StoredResponse | undefined;
  let queue: Promise<void> = Promise.resolve();
  let current: AbortController | undefined;
  // Once the client is gone, the messages still queued are dropped: no model is asked for them.
  let gone = false;
  const send = (value: unknown) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(value));
  };
  const sendError = (thrown: unknown) => {
    const failure = httpFailure(thrown);
    send({ type: "error", status: failure.status, error: failure.body.error });
  };
  state.logger.log("info", "websocket", { message: "open", remote: req.socket.remoteAddress });

  const maxAge = state.options.websocketMaxAgeMs ?? 60 * 60 * 1000;
  const ageTimer = setTimeout(() => {
    sendError(
      new OpenloopError(
        "websocket_connection_limit_reached",
        `This connection reached its ${Math.round(maxAge / 60000)}-minute limit; open a new one.`,
      ),
    );
    ws.close(1000, "connection limit reached");
  }, maxAge);
  ageTimer.unref();

  const turn = async (data: string) => {
    if (gone) return;
    if (state.closing) {
      // A shutdown waits for the responses in flight when it began: a new one would outlive the store.
      sendError(new OpenloopError("server_unavailable", "The server is shutting down."));
      return;
    }
    const controller = new AbortController();
    current = controller;
    let release: (() => void) | undefined;
    const flight = trackInFlight(state, controller);
    let continued: string | null | undefined;
    try {
      const message = parseJson(data) as Record<string, unknown>;
      if (message?.type !== "response.create") {
        throw new OpenloopError(
          "invalid_request",
          `Expected a message with type "response.create", got ${JSON.stringify(message?.type ?? null)}.`,
          { param: "type" },
        );
      }
      checkTransportFields(message);
      const { type: _type, ...fields } = message;
      const body = parseResponseBody(fields);
      continued = body.previous_response_id;
      release = state.limiter.acquire();
      const persistInStore = storePersist(state, body);
      const run = await startResponse(state, body, {
        sink: (event) => send(withReasoningNames(event, switches.reasoningEvents)),
        signal: controller.signal,
        extensions: switches.extensions,
        lookup: async (id) => (cache !== undefined && cache.id === id ? cache : state.store?.get(id)),
        persist: async (record) => {
          cache = flatten(record, cache);
          await persistInStore(record);
        },
      });
      await run.complete();
      if (run.response?.status === "failed" && continued != null && cache?.id === continued)
        cache = undefined;
    } catch (thrown) {
      // A continuation that fails evicts the response it continued (the spec's rule).
      if (continued != null && cache?.id === continued) cache = undefined;
      sendError(asOpenloopError(thrown));
    } finally {
      release?.();
      flight.end();
      if (current === controller) current = undefined;
    }
  };

  ws.on("message", (data, isBinary) => {
    const text = isBinary ? Buffer.from(data as Buffer).toString("utf8") : data.toString();
    // One response at a time per connection: messages wait for the one before them.
    queue = queue.then(() => turn(text));
  });
  ws.on("close", () => {
    gone = true;
    clearTimeout(ageTimer);
    current?.abort(new Error("The WebSocket closed."));
    state.logger.log("info", "websocket", {
      message: "close",
      durationMs: Math.round(performance.now() - opened),
    });
  });
  ws.on("error", () => ws.terminate());
}

/** `stream`, `stream_options` and `background` belong to HTTP; a WebSocket message must not carry them. */
function checkTransportFields(message: Record<string, unknown>): void {
  const checked = WebSocketResponseCreateEvent.safeParse(message);
  if (checked.success) return;
  for (const field of ["stream", "stream_options", "background"]) {
    if (message[field] !== undefined) {
      throw new OpenloopError(
        "invalid_request",
        `\`${field}\` is not allowed on a WebSocket response.create message.`,
        {
          param: field,
        },
      );
    }
  }
  // Anything else is reported by the body's own validation, with its parameter.
}

/**
 * The connection-local copy of a response: its whole context folded in, so it continues on its own
 * even when nothing was stored (`store: false`) and the responses it continued are gone.
 */
function flatten(record: StoredResponse, previous: StoredResponse | undefined): StoredResponse {
  if (record.previousResponseId === null) return record;
  const context =
    previous !== undefined && previous.id === record.previousResponseId
      ? [...previous.input, ...previous.items]
      : undefined;
  if (context === undefined) return record;
  return { ...record, previousResponseId: null, input: [...context, ...record.input] };
}
