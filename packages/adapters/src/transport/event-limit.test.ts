/**
 * An adapter's stream whose backend sends a `data:` line that never ends, over real HTTP on
 * 127.0.0.1: the run fails typed, and the connection is closed, instead of buffering without end.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { failureOf } from "@openloop/core";
import { DEFAULT_MAX_SSE_EVENT_LENGTH, OpenloopError, type StreamEvent } from "@openloop/protocol";
import { describe, expect, it } from "vitest";
import { chatChunks } from "../../test/fake-server.js";
import { chatCompletions } from "../chat-completions/model.js";

/** A backend that sends one chunk, then a `data:` line that never ends, while the client reads. */
async function endlessBackend() {
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
  const { port } = backend.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    connectionClosed,
    close: () => {
      backend.closeAllConnections();
      backend.close();
    },
  };
}

describe("an adapter's SSE stream with an event past maxEventLength", () => {
  it("takes the bound from the option maxEventLength; a bad one is invalid_config naming it", async () => {
    const backend = await endlessBackend();
    try {
      const model = chatCompletions({
        baseURL: backend.url,
        model: "m",
        maxRetries: 0,
        maxEventLength: 50_000,
      });
      const events: StreamEvent[] = [];
      for await (const event of model.stream({ input: "x" }, {})) events.push(event);
      const error = failureOf(events.at(-1)!);
      expect(error?.code).toBe("stream_interrupted");
      expect(error?.message).toContain("grew past 50000 characters (maxEventLength)");
      await backend.connectionClosed;
      let bad: unknown;
      try {
        chatCompletions({ baseURL: backend.url, model: "m", maxEventLength: -1 });
      } catch (e) {
        bad = e;
      }
      expect(OpenloopError.is(bad, "invalid_config")).toBe(true);
      expect((bad as Error).message).toContain("maxEventLength");
    } finally {
      backend.close();
    }
  });

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
