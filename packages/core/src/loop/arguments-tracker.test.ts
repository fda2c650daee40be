import type { StreamEvent } from "@openloop/protocol";
import { decodeSSE, ResponseAccumulator } from "@openloop/protocol";
import { recordedStreams, splitResponses } from "@openloop/protocol/fixtures";
import { describe, expect, it } from "vitest";
import type { RunEvent, ToolCallArgumentsDeltaEvent } from "../events/run-event.js";
import { ArgumentsTracker } from "./arguments-tracker.js";

function track(events: readonly StreamEvent[]): ToolCallArgumentsDeltaEvent[] {
  const out: ToolCallArgumentsDeltaEvent[] = [];
  const tracker = new ArgumentsTracker(1, {
    push: (event: RunEvent<unknown>) => {
      if (event.type === "tool_call.arguments.delta") out.push(event);
    },
    ready: () => undefined,
  });
  for (const event of events) tracker.observe(event as never);
  return out;
}

const streams = [...recordedStreams("responses"), ...recordedStreams("open-responses")];

describe("ArgumentsTracker over every recorded stream", () => {
  const withCalls = streams.filter((s) => s.payloads.some((p) => p.includes('"function_call"')));

  it("finds recorded streams with function calls, including LM Studio's arguments-only-in-done", () => {
    expect(withCalls.length).toBeGreaterThanOrEqual(8);
    expect(withCalls.map((s) => s.name)).toContain("open-responses/lmstudio-tool-call.1.chunks.txt");
  });

  it.each(withCalls.map((s) => [s.name, s] as const))(
    "%s: each call's deltas add up to its final arguments, with stable ids and its name",
    async (_name, stream) => {
      const events: StreamEvent[] = [];
      for await (const event of decodeSSE([stream.sse])) events.push(event);
      for (const response of splitResponses(events)) {
        const accumulator = new ResponseAccumulator();
        for (const event of response) accumulator.push(event);
        const calls = accumulator.snapshot().output.filter((item) => item.type === "function_call");
        const deltas = track(response);
        for (const call of calls) {
          const mine = deltas.filter((d) => d.callId === call.call_id);
          expect(mine.map((d) => d.delta).join("")).toBe(call.arguments);
          if (mine.length > 0) {
            expect(mine.at(-1)?.arguments).toBe(call.arguments);
            expect(new Set(mine.map((d) => d.itemId)).size).toBe(1);
            expect(mine.every((d) => d.name === call.name)).toBe(true);
          }
        }
      }
    },
  );
});

describe("ArgumentsTracker normalization", () => {
  const added = (args = "") => ({
    type: "response.output_item.added",
    sequence_number: 0,
    output_index: 1,
    item: {
      type: "function_call",
      id: "fc_1",
      call_id: "call_1",
      name: "add",
      arguments: args,
      status: "in_progress",
    },
  });

  it("emits one delta with everything when the server sends the arguments only at the end", () => {
    const deltas = track([
      added(),
      {
        type: "response.function_call_arguments.done",
        sequence_number: 1,
        output_index: 1,
        item_id: "fc_1",
        arguments: '{"a":1}',
      },
    ] as never);
    expect(deltas).toEqual([
      {
        type: "tool_call.arguments.delta",
        turn: 1,
        outputIndex: 1,
        itemId: "fc_1",
        callId: "call_1",
        name: "add",
        delta: '{"a":1}',
        arguments: '{"a":1}',
      },
    ]);
  });

  it("keeps the announced item id when the server changes item_id on every event (GitHub Copilot)", () => {
    const deltas = track([
      added(),
      {
        type: "response.function_call_arguments.delta",
        sequence_number: 1,
        output_index: 1,
        item_id: "x1",
        delta: '{"a"',
      },
      {
        type: "response.function_call_arguments.delta",
        sequence_number: 2,
        output_index: 1,
        item_id: "x2",
        delta: ":1}",
      },
      {
        type: "response.function_call_arguments.done",
        sequence_number: 3,
        output_index: 1,
        item_id: "x3",
        arguments: '{"a":1}',
      },
    ] as never);
    expect(deltas.map((d) => [d.itemId, d.delta, d.arguments])).toEqual([
      ["fc_1", '{"a"', '{"a"'],
      ["fc_1", ":1}", '{"a":1}'],
    ]);
  });

  it("catches up from output_item.done when no argument events came at all", () => {
    const deltas = track([
      added(),
      {
        type: "response.output_item.done",
        sequence_number: 1,
        output_index: 1,
        item: {
          type: "function_call",
          id: "fc_1",
          call_id: "call_1",
          name: "add",
          arguments: "{}",
          status: "completed",
        },
      },
    ] as never);
    expect(deltas.map((d) => d.delta)).toEqual(["{}"]);
  });

  it("ignores everything that is not about a function call", () => {
    expect(
      track([
        {
          type: "response.output_text.delta",
          sequence_number: 0,
          output_index: 0,
          item_id: "m",
          content_index: 0,
          delta: "hi",
        },
        {
          type: "response.output_item.added",
          sequence_number: 1,
          output_index: 0,
          item: { type: "message" },
        },
      ] as never),
    ).toEqual([]);
  });
});
