/**
 * The accumulator is fed whatever a server sends. Recorded events with fields replaced by hostile
 * values (wrong types, huge or negative indexes, nulls) must never make it throw, and its snapshot
 * must stay serializable and about as large as what was sent (a `content_index` of 1e9 once made a
 * sparse array whose `JSON.stringify` brought Node down).
 */
import { recordedStreams } from "@openloop/protocol/fixtures";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { StreamEvent } from "../schemas/events.js";
import { ResponseAccumulator } from "./accumulator.js";

const events: Record<string, unknown>[] = [];
for (const wire of ["responses", "open-responses"] as const)
  for (const stream of recordedStreams(wire))
    for (const payload of stream.payloads) {
      try {
        const value: unknown = JSON.parse(payload);
        if (typeof value === "object" && value !== null) events.push(value as Record<string, unknown>);
      } catch {
        // A recorded non-JSON payload is the decoder's business, not the accumulator's.
      }
    }

const FIELDS = [
  "type",
  "item",
  "part",
  "response",
  "output_index",
  "content_index",
  "summary_index",
  "annotation_index",
  "item_id",
  "delta",
  "text",
  "arguments",
  "annotation",
  "sequence_number",
  "output",
  "content",
  "summary",
];
const hostile = fc.oneof(
  fc.constantFrom(null, undefined, "", "__proto__", [], {}, -1, 0.5, 1e9, 2 ** 53, Number.NaN, Infinity),
  fc.integer({ min: -5, max: 2 ** 31 }),
  fc.string(),
);
const mutation = fc.record({
  event: fc.nat(events.length - 1),
  field: fc.constantFrom(...FIELDS),
  value: hostile,
  where: fc.constantFrom("event", "item", "response"),
});

describe("ResponseAccumulator on hostile events", () => {
  test("there are recorded events to mutate", () => {
    expect(events.length).toBeGreaterThan(1000);
  });

  test("never throws, and the snapshot serializes to about the size of what was sent (property)", () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 30 }), (mutations) => {
        const acc = new ResponseAccumulator();
        let sent = 0;
        for (const { event, field, value, where } of mutations) {
          const copy = structuredClone(events[event]) as Record<string, unknown>;
          const target = where === "event" ? copy : copy[where];
          if (typeof target === "object" && target !== null)
            (target as Record<string, unknown>)[field] = value;
          else copy[field] = value;
          sent += JSON.stringify(copy)?.length ?? 0;
          acc.push(copy as unknown as StreamEvent);
        }
        const json = JSON.stringify(acc.snapshot());
        // The snapshot holds what was sent plus the 31 fields' defaults and empty slots of small gaps.
        expect(json.length).toBeLessThan(sent * 4 + 100_000);
      }),
      { numRuns: 400 },
    );
  });
});
