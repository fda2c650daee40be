/**
 * @module bench/loop/mock-server — a loopback Open Responses server serving pre-rendered bytes.
 *
 * Why not `startMockServer` from `@openloop/testing`: that one builds events per request (ids,
 * timestamps, a `ScriptedModel` per script) and writes one frame per `write`, so its own CPU
 * and pacing vary with the request. Here every answer is rendered once (see `workloads.ts`) and
 * sent with a single `end(buffer)`: every framework gets identical bytes, the server's cost per
 * request is a JSON.parse of the request and one write, and with no artificial latency it is
 * never what bounds throughput. It runs in a child process (`server-main.ts`) so that CPU in the
 * measured process is the framework's alone.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { MODEL_A, MODEL_B, type RenderedResponse, renderWorkloads } from "./workloads.js";

export interface BenchServer {
  /** Base URL ending in `/v1`. */
  url: string;
  /** Requests answered so far. */
  readonly served: number;
  close(): Promise<void>;
}

/** Counts the `function_call_output` items of a request's `input`: the turn it is asking for. */
function outputsIn(body: { input?: unknown }): number {
  if (!Array.isArray(body.input)) return 0;
  let n = 0;
  for (const item of body.input as { type?: unknown }[])
    if (item !== null && typeof item === "object" && item.type === "function_call_output") n++;
  return n;
}

function fail(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ error: { type: "invalid_request_error", code: null, param: null, message } }));
}

/** Starts the server on 127.0.0.1 (an ephemeral port unless `port` is given). */
export async function startBenchServer(port = 0): Promise<BenchServer> {
  const workloads = renderWorkloads();
  let served = 0;

  function answer(req: IncomingMessage, res: ServerResponse, raw: string): void {
    if (req.method !== "POST" || !req.url?.endsWith("/responses")) {
      fail(res, 404, "not found");
      return;
    }
    let body: { model?: unknown; stream?: unknown; input?: unknown };
    try {
      body = JSON.parse(raw) as typeof body;
    } catch {
      fail(res, 400, "body is not JSON");
      return;
    }
    let rendered: RenderedResponse | undefined;
    if (body.model === MODEL_A) rendered = workloads.a[outputsIn(body)];
    else if (body.model === MODEL_B) rendered = workloads.b;
    if (rendered === undefined) {
      fail(res, 400, `no script for model ${String(body.model)}`);
      return;
    }
    served++;
    if (body.stream === true) {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      res.end(rendered.sse);
    } else {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(rendered.json);
    }
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => answer(req, res, Buffer.concat(chunks).toString("utf8")));
  });
  // 100 concurrent runs open 100 keep-alive connections at once.
  server.maxConnections = 10_000;
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}/v1`,
    get served() {
      return served;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
