import { ssePayloads, streamOrderViolations, validateAgainstSpec } from "@openloop/protocol/fixtures";
import { describe, expect, test } from "vitest";
import { DELTA_TEXT, DELTAS, FINAL_A, renderWorkloads, TOOL_TURNS } from "./workloads.js";

type Event = { type: string; [key: string]: unknown };
const events = (sse: Buffer): Event[] => ssePayloads(sse.toString("utf8")).map((p) => JSON.parse(p) as Event);

describe("the bench workloads", () => {
  const workloads = renderWorkloads();

  test("are the same bytes every time they are rendered (every framework parses identical input)", () => {
    const again = renderWorkloads();
    expect(again.b.sse.equals(workloads.b.sse)).toBe(true);
    workloads.a.forEach((turn, i) => {
      expect(again.a[i]!.sse.equals(turn.sse)).toBe(true);
      expect(again.a[i]!.json.equals(turn.json)).toBe(true);
    });
  });

  test("A is 10 turns of one small function call each, then the final message; every event is spec-valid", () => {
    expect(workloads.a).toHaveLength(TOOL_TURNS + 1);
    workloads.a.forEach((turn, i) => {
      const stream = events(turn.sse);
      expect(streamOrderViolations(stream)).toEqual([]);
      for (const event of stream) expect(validateAgainstSpec("StreamEvent", event), event.type).toEqual([]);
      const response = JSON.parse(turn.json.toString("utf8")) as { output: Event[] };
      expect(validateAgainstSpec("ResponseResource", response)).toEqual([]);
      const [item] = response.output;
      if (i < TOOL_TURNS) {
        expect(item).toMatchObject({ type: "function_call", name: "lookup" });
        expect(JSON.parse(item!.arguments as string)).toEqual({ city: "Paris", turn: i + 1 });
        // Arguments arrive in several deltas, as real servers send them.
        expect(
          stream.filter((e) => e.type === "response.function_call_arguments.delta").length,
        ).toBeGreaterThan(1);
      } else {
        expect(item).toMatchObject({ type: "message", content: [{ type: "output_text", text: FINAL_A }] });
      }
    });
  });

  test("B is one message streamed as exactly 2,000 text deltas", () => {
    const stream = events(workloads.b.sse);
    expect(streamOrderViolations(stream)).toEqual([]);
    const deltas = stream.filter((e) => e.type === "response.output_text.delta");
    expect(deltas).toHaveLength(DELTAS);
    expect(deltas.every((e) => e.delta === DELTA_TEXT)).toBe(true);
    expect(ssePayloads(workloads.b.sse.toString("utf8")).length).toBe(workloads.b.events);
  });
});
