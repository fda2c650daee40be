/**
 * A fake Chat Completions server (the model boundary): answers `POST /v1/chat/completions` with
 * scripted SSE chunks, one script entry per request, and records every request body.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeChat {
  /** `http://127.0.0.1:<port>/v1` */
  url: string;
  requests: Record<string, unknown>[];
  close(): Promise<void>;
}

/** One `chat.completion.chunk` with a single choice. */
export function chunk(delta: Record<string, unknown>, finish: string | null = null): Record<string, unknown> {
  return {
    id: "chatcmpl-fake",
    object: "chat.completion.chunk",
    created: 1,
    model: "fake",
    choices: [{ index: 0, delta, finish_reason: finish }],
  };
}

export async function startFakeChat(script: Record<string, unknown>[][]): Promise<FakeChat> {
  const requests: Record<string, unknown>[] = [];
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => {
      raw += c.toString();
    });
    req.on("end", () => {
      const n = requests.push(JSON.parse(raw || "{}") as Record<string, unknown>) - 1;
      const chunks = script[n];
      if (req.url !== "/v1/chat/completions" || chunks === undefined) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: `no reply for request ${n} to ${req.url}` } }));
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream" });
      for (const c of chunks) res.write(`data: ${JSON.stringify(c)}\n\n`);
      res.end("data: [DONE]\n\n");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
