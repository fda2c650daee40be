/**
 * Whatever a script holds, the stream ScriptedModel plays follows the spec: every event validates
 * against the OpenAPI document, the ordering rules hold (one terminal event, last; parts opened
 * before their deltas and closed after; sequence numbers counting up by one), and the terminal
 * response validates too. Checked on generated scripts, not only the hand-written ones.
 */
import type { StreamEvent } from "@openloop/protocol";
import { streamOrderViolations, validateAgainstSpec } from "@openloop/protocol/fixtures";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { functionCall, reasoning, refusal, type ScriptItem, text } from "../script/items.js";
import { failMidStream, type ScriptResponse } from "../script/turns.js";
import { ScriptedModel } from "./scripted-model.js";

const words = fc.string({ unit: "grapheme", minLength: 0, maxLength: 40 });
const item: fc.Arbitrary<ScriptItem> = fc.oneof(
  words.map((t) => text(t)),
  words.map((t) => refusal(t)),
  fc
    .record({ summary: words, content: words, encrypted: words }, { requiredKeys: [] })
    .map((options) => reasoning(options)),
  fc
    .tuple(fc.constantFrom("get_weather", "add", "search"), fc.dictionary(fc.string(), fc.jsonValue()))
    .map(([name, args]) => functionCall(name, args)),
);
const turn: fc.Arbitrary<ScriptResponse> = fc
  .record({
    output: fc.array(item, { maxLength: 4 }),
    chunkSize: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
    status: fc.constantFrom("completed", "incomplete") as fc.Arbitrary<"completed" | "incomplete">,
    failAfter: fc.option(fc.integer({ min: 2, max: 30 }), { nil: undefined }),
  })
  .map(({ output, chunkSize, status, failAfter }) => {
    const base: ScriptResponse =
      failAfter === undefined ? { output, status } : failMidStream(failAfter, {}, output);
    return chunkSize === undefined ? base : { ...base, chunkSize };
  });

describe("ScriptedModel on generated scripts", () => {
  test("every stream is spec-valid and spec-ordered (property)", async () => {
    await fc.assert(
      fc.asyncProperty(turn, async (scripted) => {
        const model = new ScriptedModel([scripted]);
        const events: StreamEvent[] = [];
        for await (const event of model.stream({ model: "m", input: "x" }, {})) events.push(event);
        for (const event of events) expect(validateAgainstSpec("StreamEvent", event), event.type).toEqual([]);
        expect(streamOrderViolations(events)).toEqual([]);
        const terminal = events.at(-1) as { type: string; response?: unknown };
        expect(["response.completed", "response.incomplete", "response.failed"]).toContain(terminal.type);
        expect(validateAgainstSpec("ResponseResource", terminal.response)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
