import { describe, expect, test } from "vitest";
import { decodeSSE } from "./decode.js";

const frames = (n: number) =>
  Array.from({ length: n }, (_, i) => `data: {"type":"e","i":${i}}\n\n`).join("") + "data: [DONE]\n\n";

/**
 * A byte stream: `text` in two reads, then (a server that goes on) a frame per read; it records
 * whether it was cancelled. (A stream that has closed cannot be cancelled, so this one stays open.)
 */
function source(text: string) {
  const bytes = new TextEncoder().encode(text);
  const half = bytes.length >> 1;
  const state = { cancelled: false, pulls: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      state.pulls++;
      if (state.pulls === 1) controller.enqueue(bytes.subarray(0, half));
      else if (state.pulls === 2) controller.enqueue(bytes.subarray(half));
      else if (state.pulls < 1000) controller.enqueue(new TextEncoder().encode('data: {"type":"more"}\n\n'));
      else controller.close();
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

describe("decodeSSE as an async iterator", () => {
  test("next() calls made without waiting are answered in stream order", async () => {
    const events = decodeSSE(frames(6));
    const results = await Promise.all(Array.from({ length: 8 }, () => events.next()));
    expect(results.map((r) => (r.done ? "done" : (r.value as unknown as { i: number }).i))).toEqual([
      0,
      1,
      2,
      3,
      4,
      5,
      "done",
      "done",
    ]);
  });

  test("return() mid-stream cancels the source, and the iterator stays finished", async () => {
    const { stream, state } = source(frames(50));
    const events = decodeSSE(stream);
    expect((await events.next()).done).toBe(false);
    expect(await events.return()).toEqual({ value: undefined, done: true });
    expect(state.cancelled).toBe(true);
    expect(await events.next()).toEqual({ value: undefined, done: true });
  });

  test("break in for await cancels the source", async () => {
    const { stream, state } = source(frames(50));
    for await (const event of decodeSSE(stream)) if ((event as unknown as { i: number }).i === 3) break;
    expect(state.cancelled).toBe(true);
  });

  test("throw() cancels the source and rejects with the error given", async () => {
    const { stream, state } = source(frames(50));
    const events = decodeSSE(stream);
    await events.next();
    const reason = new Error("consumer gave up");
    await expect(events.throw(reason)).rejects.toBe(reason);
    expect(state.cancelled).toBe(true);
    expect((await events.next()).done).toBe(true);
  });

  test("[DONE] cancels a source that has more to send", async () => {
    const { stream, state } = source(`${frames(2)}data: {"type":"after"}\n\n`);
    const types: string[] = [];
    for await (const event of decodeSSE(stream)) types.push(event.type);
    expect(types).toEqual(["e", "e"]);
    expect(state.cancelled).toBe(true);
  });
});
