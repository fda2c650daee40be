import { describe, expect, test } from "vitest";
import { recordedStreams } from "./fixtures.js";
import { streamOrderViolations } from "./stream-order.js";

type E = { type: string; [key: string]: unknown };

const good: E[] = [
  { type: "response.created", sequence_number: 0, response: { output: [] } },
  {
    type: "response.output_item.added",
    sequence_number: 1,
    output_index: 0,
    item: { type: "message", id: "m" },
  },
  {
    type: "response.content_part.added",
    sequence_number: 2,
    item_id: "m",
    output_index: 0,
    content_index: 0,
  },
  { type: "response.output_text.delta", sequence_number: 3, item_id: "m", output_index: 0, content_index: 0 },
  { type: "response.output_text.done", sequence_number: 4, item_id: "m", output_index: 0, content_index: 0 },
  { type: "response.content_part.done", sequence_number: 5, item_id: "m", output_index: 0, content_index: 0 },
  { type: "response.output_item.done", sequence_number: 6, output_index: 0, item: { id: "m" } },
  { type: "response.completed", sequence_number: 7, response: { output: [{}] } },
];

const without = (i: number) => good.filter((_, j) => j !== i).map((e, j) => ({ ...e, sequence_number: j }));

describe("streamOrderViolations", () => {
  test("accepts a well-formed stream", () => {
    expect(streamOrderViolations(good)).toEqual([]);
  });

  test("accepts every recorded single-response stream of real Responses servers", () => {
    // Not single well-formed responses: several responses back to back, a recording trimmed
    // upstream (gaps in sequence_number), and a recording older than `sequence_number`.
    const skip =
      /azure-reasoning-encrypted-content|openai-shell-tool|openai-phase|test_openai_responses_stream\.yaml/;
    const streams = [...recordedStreams("responses"), ...recordedStreams("open-responses")].filter(
      (s) => !skip.test(s.name),
    );
    expect(streams.length).toBeGreaterThan(30);
    for (const stream of streams) {
      const events = stream.payloads.map((p) => JSON.parse(p) as E);
      expect(streamOrderViolations(events), stream.name).toEqual([]);
    }
  });

  test("names each broken rule", () => {
    expect(streamOrderViolations(without(0))[0]).toMatch(/first event must be response.created/);
    expect(streamOrderViolations(without(2)).join()).toMatch(/part 0\/content\/0 was never added/);
    expect(streamOrderViolations(without(7)).join()).toMatch(/no terminal event/);
    expect(streamOrderViolations(without(6)).join()).toMatch(/output_index 0 was never done/);
    const gap = good.map((e, i) => (i === 3 ? { ...e, sequence_number: 9 } : e));
    expect(streamOrderViolations(gap).join()).toMatch(/sequence_number 9 after 2/);
    const wrongId = good.map((e, i) => (i === 3 ? { ...e, item_id: "x" } : e));
    expect(streamOrderViolations(wrongId).join()).toMatch(/item_id "x" is not the item's id "m"/);
    const afterEnd = [...good, { ...good[3]!, sequence_number: 8 }];
    expect(streamOrderViolations(afterEnd).join()).toMatch(/after the terminal event/);
    const errorLast = [...good.slice(0, 7), { type: "error", sequence_number: 7 }];
    expect(streamOrderViolations(errorLast).join()).toMatch(/followed by response.failed/);
  });
});
