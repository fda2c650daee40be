import { describe, expect, test } from "vitest";
import { OpenloopError } from "../errors/index.js";
import type { StreamEvent } from "../schemas/events.js";
import { decodeSSE } from "./decode.js";
import { DEFAULT_MAX_SSE_EVENT_LENGTH, SSEEventLimit } from "./event-limit.js";

/** A body that sends `head`, then `filler` for ever (a `data:` line that never ends); records its cancel. */
function endless(head: string, filler: string) {
  const state = { cancelled: false, pulls: 0 };
  const encoder = new TextEncoder();
  const fill = encoder.encode(filler);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      controller.enqueue(state.pulls++ === 0 ? encoder.encode(head) : fill);
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

async function collect(iterable: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const event of iterable) out.push(event);
  return out;
}

describe("SSEEventLimit counts the event in progress per chunk", () => {
  const over = (max: number, ...chunks: string[]) => {
    const limit = new SSEEventLimit(max);
    return chunks.map((c) => limit.add(c));
  };

  test("a blank line (LF, CRLF or CR) ends the event and restarts the count", () => {
    expect(over(10, "data: 12345\n\ndata: 1")).toEqual([false]);
    expect(over(10, "data: 12345\r\n\r\ndata: 1", "234")).toEqual([false, false]);
    expect(over(10, "data: 12345\r\rdata: 1", "234")).toEqual([false, false]);
    expect(over(10, "data: 1234", "5")).toEqual([false, true]);
  });

  test("several data lines without a blank line between them are one event", () => {
    expect(over(30, "data: 12345\n", "data: 12345\n", "data: 1\n")).toEqual([false, false, true]);
  });

  test("a blank line split across chunks ends the event; a CRLF split across chunks does not", () => {
    expect(over(12, "data: 1234\n", "\ndata: 12")).toEqual([false, false]);
    expect(over(12, "data: 1234\r", "\r", "data: 12")).toEqual([false, false, false]);
    expect(over(12, "data: 1234\r", "\ndata: 1")).toEqual([false, true]);
  });

  test("`boundary` is where the last complete event of the chunk ends", () => {
    const limit = new SSEEventLimit(4);
    expect(limit.add('data: {"a":1}\n\ndata: 123456789')).toBe(true);
    expect(limit.boundary).toBe('data: {"a":1}\n\n'.length);
  });

  test("a bad bound is invalid_config naming the option", () => {
    for (const bad of [0, -1, 1.5, Number.NaN, "10"])
      expect(() => new SSEEventLimit(bad as number)).toThrow(/maxEventLength/);
    expect(() => decodeSSE([], { maxEventLength: 0 })).toThrow(
      expect.objectContaining({ code: "invalid_config" }),
    );
  });
});

describe("decodeSSE stops an event that grows past maxEventLength", () => {
  const head = 'data: {"type":"a"}\n\ndata: {"type":"b","delta":"';

  test("yields the events before it, then one stream_interrupted error event, ends and cancels the source", async () => {
    const { stream, state } = endless(head, "x".repeat(1000));
    const events = await collect(decodeSSE(stream, { maxEventLength: 10_000 }));
    expect(events.map((e) => e.type)).toEqual(["a", "error"]);
    expect(events[1]).toMatchObject({
      sequence_number: -1,
      error: { code: "stream_interrupted", message: expect.stringContaining("maxEventLength") },
    });
    expect(state.cancelled).toBe(true);
    // It stopped soon after the bound, not at the end of a stream that has none.
    expect(state.pulls).toBeLessThan(20);
  });

  test('throws an OpenloopError with code stream_interrupted in "throw" mode, after the events before it', async () => {
    const { stream, state } = endless(head, "x".repeat(1000));
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of decodeSSE(stream, { maxEventLength: 10_000, onError: "throw" }))
        seen.push(event.type);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(["a"]);
    expect(OpenloopError.is(error, "stream_interrupted")).toBe(true);
    expect(state.cancelled).toBe(true);
  });

  test("delivers the events completed in the chunk that goes past the bound", async () => {
    const chunk = `data: {"type":"a"}\n\ndata: {"type":"b"}\n\ndata: ${"x".repeat(50)}`;
    const events = await collect(decodeSSE([chunk], { maxEventLength: 20 }));
    expect(events.map((e) => e.type)).toEqual(["a", "b", "error"]);
  });

  test("by default at 32 Mi characters (a never-ending data line ends instead of filling memory)", async () => {
    const { stream, state } = endless(head, "x".repeat(1024 * 1024));
    const events = await collect(decodeSSE(stream));
    expect(events.map((e) => e.type)).toEqual(["a", "error"]);
    expect(DEFAULT_MAX_SSE_EVENT_LENGTH).toBe(32 * 1024 * 1024);
    expect(state.pulls).toBeGreaterThanOrEqual(33);
    expect(state.pulls).toBeLessThan(36);
    expect(state.cancelled).toBe(true);
  });

  test("many events whose total is far past the bound decode whole", async () => {
    const frame = `data: {"type":"d","delta":"${"y".repeat(90)}"}\n\n`;
    const chunks = Array.from({ length: 300 }, () => frame.repeat(3));
    const events = await collect(decodeSSE(chunks, { maxEventLength: 200 }));
    expect(events).toHaveLength(900);
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(["d"]));
  });
});
