/**
 * @module model/open-responses/http.test-helpers — shared by this folder's tests (not exported).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { StreamEvent } from "@openloop/protocol";
import { failureOf } from "../failure.js";

export async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/** The typed error of the stream's last event (which must be `response.failed`). */
export function failureOfLast(events: StreamEvent[]) {
  const last = events.at(-1);
  if (last?.type !== "response.failed") throw new Error(`expected response.failed last, got ${last?.type}`);
  return failureOf(last);
}

/**
 * A bare HTTP server on 127.0.0.1 for server behaviours the mock server does not script (wrong
 * content types, malformed frames): `handler` answers every request.
 */
export async function rawServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => handler(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
