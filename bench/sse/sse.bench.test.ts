import { describe, expect, test } from "vitest";
import { loadCorpus } from "./corpus.js";
import { withBytesFloor, withDecodeSSE, withEventsourceParser, withJsonParse } from "./sse.bench.js";

describe("the SSE decoding benchmark", () => {
  test("has every recorded Open Responses stream, and all four decoders see every event of it", async () => {
    const corpus = loadCorpus();
    expect(corpus.count).toBeGreaterThanOrEqual(40);
    expect(corpus.streams.flat().every((read) => read.length <= 16 * 1024)).toBe(true);
    expect(await withDecodeSSE(corpus)).toBe(corpus.events);
    expect(withEventsourceParser(corpus)).toBe(corpus.events);
    expect(withBytesFloor(corpus)).toBe(corpus.events);
    expect(withJsonParse(corpus)).toBe(corpus.events);
  });
});
