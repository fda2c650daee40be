import { OpenloopError } from "@openloop/protocol";
import { describe, expect, it } from "vitest";
import { readSSE } from "./sse.js";

function body(...chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function frames(stream: ReadableStream<Uint8Array>) {
  const out: { data: string; event?: string }[] = [];
  for await (const batch of readSSE(stream))
    for (const frame of batch) out.push({ data: frame.data, ...(frame.event ? { event: frame.event } : {}) });
  return out;
}

describe("readSSE", () => {
  it("yields payloads without a type (chat chunks) and keeps [DONE] for the caller", async () => {
    expect(await frames(body('data: {"object":"chat.completion.chunk"}\n\ndata: [DONE]\n\n'))).toEqual([
      { data: '{"object":"chat.completion.chunk"}' },
      { data: "[DONE]" },
    ]);
  });

  it("joins frames split across reads (inside a multi-byte character too), with CRLF and comments", async () => {
    const euro = new TextEncoder().encode('data: {"t":"€"}\r\n\r\n');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(": OPENROUTER PROCESSING\r\n\r\nevent: ping\r\n"));
        controller.enqueue(euro.slice(0, 12));
        controller.enqueue(euro.slice(12));
        controller.close();
      },
    });
    expect(await frames(stream)).toEqual([{ data: '{"t":"€"}', event: "ping" }]);
  });

  it("delivers a last frame that lacks its blank line", async () => {
    expect(await frames(body('data: {"a":1}\n\ndata: {"b":2}'))).toEqual([
      { data: '{"a":1}' },
      { data: '{"b":2}' },
    ]);
  });

  it("cancels the body when the consumer stops early", async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new TextEncoder().encode('data: {"x":1}\n\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const _frame of readSSE(stream)) break;
    expect(cancelled).toBe(true);
  });
});

describe("readSSE bounds one event", () => {
  it("throws stream_interrupted after the frames before an event past maxEventLength, and cancels the body", async () => {
    let cancelled = false;
    let pulls = 0;
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        // A frame, then a data line that never ends.
        controller.enqueue(encoder.encode(pulls++ === 0 ? 'data: {"a":1}\n\ndata: "' : "x".repeat(1000)));
      },
      cancel() {
        cancelled = true;
      },
    });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const batch of readSSE(stream, undefined, 10_000)) for (const f of batch) seen.push(f.data);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['{"a":1}']);
    expect(OpenloopError.is(error, "stream_interrupted")).toBe(true);
    expect((error as Error).message).toContain("maxEventLength");
    expect(cancelled).toBe(true);
    expect(pulls).toBeLessThan(20);
  });
});
