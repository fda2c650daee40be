/**
 * An adapter's stream whose backend sends a `data:` line that never ends, over real HTTP on
 * 127.0.0.1: the run fails typed, and the connection is closed, instead of buffering without end.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { failureOf } from "@openloop/core";
import { DEFAULT_MAX_SSE_EVENT_LENGTH, type StreamEvent } from "@openloop/protocol";
import { describe, expect, it } from "vitest";
import { chatChunks } from "../../test/fake-server.js";
import { chatCompletions } from "../chat-completions/model.js";

describe("an adapter's SSE stream with an event past maxEventLength", () => {
  it("ends with response.failed stream_interrupted naming the bound, and closes the connection", async () => {
    let closed!: () => void;
    const connectionClosed = new Promise<void>((resolve) => {
      closed = resolve;
    });
    const filler = "x".repeat(1024 * 1024);
    const backend = createServer((_req, res) => {
      let open = true;
      res.on("close", () => {
        open = false;
        closed();
      });
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(
        `data: ${JSON.stringify(chatChunks({ text: "hi" })[0])}\n\ndata: {"choices":[{"delta":{"content":"`,
      );
      const pump = () => {
        while (open && res.write(filler)) {}
        if (open) res.once("drain", pump);
      };
      pump();
    });
    await new Promise<void>((resolve) => backend.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = backend.address() as AddressInfo;
      const model = chatCompletions({ baseURL: `http://127.0.0.1:${port}`, model: "m", maxRetries: 0 });
      const events: StreamEvent[] = [];
      for await (const event of model.stream({ input: "x" }, {})) events.push(event);
      const last = events.at(-1);
      expect(last?.type).toBe("response.failed");
      const error = last === undefined ? undefined : failureOf(last);
      expect(error?.code).toBe("stream_interrupted");
      expect(error?.message).toContain(`${DEFAULT_MAX_SSE_EVENT_LENGTH} characters (maxEventLength)`);
      await connectionClosed;
    } finally {
      backend.closeAllConnections();
      backend.close();
    }
  });
});
