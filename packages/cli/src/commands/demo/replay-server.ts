/**
 * @module commands/demo/replay-server — a real HTTP server on 127.0.0.1 that answers each request
 * with the next recorded response, byte for byte, after checking the request against the recorded one.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Exchange } from "./cassette.js";
import { type Difference, differences } from "./substance.js";

/** The check of one request against its recording. */
export interface RequestCheck {
  /** 1 for the first request. */
  turn: number;
  /** Empty when the request matches the recording in substance. */
  differences: Difference[];
}

/** Options of {@link startReplayServer}. */
export interface ReplayOptions {
  /** The part of a request body that must match (see `chatSubstance`). */
  substance: (body: unknown) => unknown;
  /** Pause between SSE frames, so a person sees the stream arrive. @default 0 */
  frameDelayMs?: number;
}

/** A running replay. */
export interface ReplayServer {
  /** `http://127.0.0.1:<port>`: the recorded paths are served under it. */
  origin: string;
  /** One check per request received, in order. */
  checks: RequestCheck[];
  close(): Promise<void>;
}

/** Starts the replay of `exchanges` on an ephemeral port of 127.0.0.1. */
export async function startReplayServer(
  exchanges: readonly Exchange[],
  options: ReplayOptions,
): Promise<ReplayServer> {
  const checks: RequestCheck[] = [];
  const server = createServer((req, res) => {
    void answer(req, res).catch((error: unknown) => {
      if (!res.headersSent) fail(res, 500, "replay_error", (error as Error).message);
      else res.destroy();
    });
  });

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const turn = checks.length + 1;
    const exchange = exchanges[turn - 1];
    if (exchange === undefined) {
      checks.push({
        turn,
        differences: [{ path: "(request)", recorded: undefined, sent: "an extra request" }],
      });
      return fail(
        res,
        400,
        "replay_exhausted",
        `The recording has ${exchanges.length} requests; this is request ${turn}.`,
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      body = raw;
    }
    const found = differences(options.substance(exchange.request), options.substance(body));
    if (req.method !== exchange.method || req.url !== exchange.path)
      found.unshift({
        path: "(endpoint)",
        recorded: `${exchange.method} ${exchange.path}`,
        sent: `${req.method} ${req.url}`,
      });
    checks.push({ turn, differences: found });
    if (found.length > 0)
      return fail(
        res,
        400,
        "replay_mismatch",
        `Request ${turn} differs from the recorded request in ${found.length} place(s).`,
      );

    res.writeHead(exchange.status, { "content-type": exchange.contentType, "cache-control": "no-cache" });
    const delay = options.frameDelayMs ?? 0;
    if (delay === 0 || !exchange.contentType.startsWith("text/event-stream")) {
      res.end(exchange.body);
      return;
    }
    // Frame by frame, as the provider sent them (each frame ends with its blank line).
    const frames = exchange.body.split(/(?<=\n\n)/);
    for (const frame of frames) {
      if (res.destroyed) return;
      res.write(frame);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
    res.end();
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    checks,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function fail(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ error: { type: "invalid_request_error", code, message, param: null } }));
}
