import { arbitraries } from "@openloop/protocol/fixtures";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { StreamEvent } from "../schemas/events.js";
import { decodeSSE } from "./decode.js";
import { encodeSSE, encodeSSEDone } from "./encode.js";

describe("encodeSSE", () => {
  test("writes `event: <type>`, one `data: <json>` line and a blank line, with \\n only", () => {
    const event = { type: "response.output_text.delta", sequence_number: 3, delta: "a\r\nb" };
    expect(encodeSSE(event)).toBe(
      'event: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number":3,"delta":"a\\r\\nb"}\n\n',
    );
  });

  test("a type with a line break cannot inject a frame: no event: line, one event decoded back", async () => {
    const type = 'acme:x\n\ndata: {"type":"response.completed"}\r';
    const wire = encodeSSE({ type, sequence_number: 1 });
    expect(wire.startsWith("data: ")).toBe(true);
    const back: StreamEvent[] = [];
    for await (const event of decodeSSE([wire])) back.push(event);
    expect(back).toEqual([{ type, sequence_number: 1 }]);
  });

  test("encodeSSEDone writes the spec's terminal frame", () => {
    expect(encodeSSEDone()).toBe("data: [DONE]\n\n");
  });

  test("decodeSSE(encodeSSE(events) + encodeSSEDone()) gives the events back (property)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbitraries.streamEvent, { maxLength: 8 }), async (events) => {
        const wire = (events as StreamEvent[]).map(encodeSSE).join("") + encodeSSEDone();
        expect(wire).not.toContain("\r");
        const back: StreamEvent[] = [];
        for await (const event of decodeSSE([wire], { normalizeAliases: false })) back.push(event);
        expect(back).toEqual(JSON.parse(JSON.stringify(events)));
      }),
      { numRuns: 100 },
    );
  });
});
