import { streamOrderViolations, validateAgainstSpec } from "@openloop/protocol/fixtures";
import { describe, expect, test } from "vitest";
import { accumulate } from "../accumulate/accumulate.js";
import type { StreamEvent } from "../schemas/events.js";
import type { OutputItem } from "../schemas/items.js";
import { ResponseEmitter } from "./emitter.js";
import { responseEvents } from "./response-events.js";

const message = (id: string, ...texts: string[]): OutputItem => ({
  type: "message",
  id,
  status: "completed",
  role: "assistant",
  content: texts.map((text) => ({ type: "output_text", text, annotations: [] })),
});
const call = (id: string, name: string, args: string): OutputItem => ({
  type: "function_call",
  id,
  call_id: `call_${id}`,
  name,
  arguments: args,
  status: "completed",
});
const reasoning: OutputItem = {
  type: "reasoning",
  id: "rs_1",
  content: [{ type: "reasoning_text", text: "Think: 2 + 2." }],
  summary: [
    { type: "summary_text", text: "Added numbers." },
    { type: "summary_text", text: "Checked." },
  ],
  encrypted_content: "opaque==",
};

/** Every event and the terminal response conform to the spec's schemas and its ordering rules. */
function expectSpecStream(events: StreamEvent[]): void {
  for (const event of events) expect(validateAgainstSpec("StreamEvent", event), event.type).toEqual([]);
  const terminal = events.at(-1) as { response?: unknown };
  expect(validateAgainstSpec("ResponseResource", terminal.response)).toEqual([]);
  expect(streamOrderViolations(events)).toEqual([]);
}

const types = (events: StreamEvent[]) => events.map((e) => e.type);

describe("responseEvents", () => {
  test("a text message: added → content_part.added → delta → done events → completed, numbered from 0", () => {
    const events = [...responseEvents({ model: "m", output: [message("msg_1", "Hello")] })];
    expect(types(events)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.done",
      "response.content_part.done",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(events.map((e) => e.sequence_number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(events[2]).toMatchObject({ item: { id: "msg_1", status: "in_progress", content: [] } });
    expect(events[3]).toMatchObject({ item_id: "msg_1", part: { type: "output_text", text: "" } });
    expect((events[0] as { response: { status: string; output: unknown[] } }).response).toMatchObject({
      status: "in_progress",
      output: [],
    });
    expectSpecStream(events);
  });

  test("the stream accumulates back to the response it came from", async () => {
    const output = [reasoning, message("msg_1", "Hi ", "there"), call("fc_1", "f", '{"a":1}')];
    const events = [...responseEvents({ id: "resp_1", model: "m", output }, { chunkSize: 3 })];
    expectSpecStream(events);
    const rebuilt = await accumulate(events);
    expect(rebuilt.id).toBe("resp_1");
    expect(rebuilt.status).toBe("completed");
    expect(rebuilt.output).toEqual(output);
  });

  test("chunkSize splits text, refusals, reasoning and arguments into deltas that join back", () => {
    const output: OutputItem[] = [
      reasoning,
      {
        type: "message",
        id: "msg_r",
        status: "completed",
        role: "assistant",
        content: [{ type: "refusal", refusal: "I can't help with that." }],
      },
      call("fc_1", "lookup", '{"city":"Paris"}'),
    ];
    const events = [...responseEvents({ output }, { chunkSize: 4 })];
    expectSpecStream(events);
    const joined = (type: string) =>
      events
        .filter((e) => e.type === type)
        .map((e) => (e as { delta: string }).delta)
        .join("");
    expect(joined("response.refusal.delta")).toBe("I can't help with that.");
    expect(joined("response.function_call_arguments.delta")).toBe('{"city":"Paris"}');
    expect(joined("response.reasoning.delta")).toBe("Think: 2 + 2.");
    expect(joined("response.reasoning_summary_text.delta")).toBe("Added numbers.Checked.");
    const deltas = events.filter((e) => e.type === "response.function_call_arguments.delta");
    expect(deltas.length).toBe(4);
  });

  test("reasoning: raw content parts, then summary parts, each added before its deltas", () => {
    const events = [...responseEvents({ output: [reasoning] })];
    expect(types(events).slice(2, -1)).toEqual([
      "response.output_item.added",
      "response.content_part.added",
      "response.reasoning.delta",
      "response.reasoning.done",
      "response.content_part.done",
      "response.reasoning_summary_part.added",
      "response.reasoning_summary_text.delta",
      "response.reasoning_summary_text.done",
      "response.reasoning_summary_part.done",
      "response.reasoning_summary_part.added",
      "response.reasoning_summary_text.delta",
      "response.reasoning_summary_text.done",
      "response.reasoning_summary_part.done",
      "response.output_item.done",
    ]);
    // The item is announced with empty parts but keeps its opaque encrypted_content.
    expect(events[2]).toMatchObject({ item: { summary: [], content: [], encrypted_content: "opaque==" } });
    expect(events[3]).toMatchObject({ part: { type: "reasoning_text", text: "" } });
    expectSpecStream(events);
  });

  test("parallel calls take consecutive output indexes, each closed before the next opens", () => {
    const events = [...responseEvents({ output: [call("fc_1", "a", "{}"), call("fc_2", "b", '{"x":2}')] })];
    const added = events.filter((e) => e.type === "response.output_item.added") as { output_index: number }[];
    expect(added.map((e) => e.output_index)).toEqual([0, 1]);
    expect(events[2]).toMatchObject({ item: { arguments: "", status: "in_progress", call_id: "call_fc_1" } });
    expectSpecStream(events);
  });

  test("annotations are announced after the text deltas, before output_text.done", () => {
    const annotation = {
      type: "url_citation" as const,
      url: "https://x.test",
      start_index: 0,
      end_index: 2,
      title: "X",
    };
    const item: OutputItem = {
      type: "message",
      id: "m",
      status: "completed",
      role: "assistant",
      content: [{ type: "output_text", text: "Hi", annotations: [annotation] }],
    };
    const events = [...responseEvents({ output: [item] })];
    expect(types(events).slice(4, 7)).toEqual([
      "response.output_text.delta",
      "response.output_text.annotation.added",
      "response.output_text.done",
    ]);
    expect(events[3]).toMatchObject({ part: { annotations: [] } });
    expectSpecStream(events);
  });

  test("items without streamable content (outputs, extensions) are added then done", () => {
    const output = [
      { type: "function_call_output", id: "fco_1", call_id: "c", output: "42", status: "completed" },
      { type: "acme:note", id: "n1", text: "kept" },
    ] as unknown as OutputItem[];
    const events = [...responseEvents({ output })];
    expect(types(events).slice(2, -1)).toEqual([
      "response.output_item.added",
      "response.output_item.done",
      "response.output_item.added",
      "response.output_item.done",
    ]);
    expect(events[2]).toMatchObject({ item: { status: "in_progress" } });
    expect(events[5]).toMatchObject({ item: { type: "acme:note", text: "kept" } });
    expect(streamOrderViolations(events)).toEqual([]);
  });

  test("status picks the terminal event: incomplete and failed responses end as the spec says", () => {
    const incomplete = [
      ...responseEvents({
        status: "incomplete",
        incomplete_details: { reason: "max_output_tokens" },
        output: [{ ...message("m", "Hel"), status: "incomplete" } as OutputItem],
      }),
    ];
    expect(incomplete.at(-1)).toMatchObject({
      type: "response.incomplete",
      response: {
        status: "incomplete",
        incomplete_details: { reason: "max_output_tokens" },
        completed_at: null,
      },
    });
    expect(incomplete.at(-2)).toMatchObject({ item: { status: "incomplete" } });
    expectSpecStream(incomplete);

    const failed = [
      ...responseEvents({ status: "failed", error: { code: "server_error", message: "boom" } }),
    ];
    expect(failed.at(-1)).toMatchObject({
      type: "response.failed",
      response: { error: { message: "boom" } },
    });
    expectSpecStream(failed);
  });
});

describe("ResponseEmitter", () => {
  test("numbers lazily: a consumer that stops pulling can fail the response where it stopped", () => {
    const emitter = new ResponseEmitter({ id: "resp_x", model: "m" });
    const events: StreamEvent[] = [...emitter.start(), ...emitter.item(message("m1", "done"))];
    const second = emitter.item(message("m2", "cut"));
    events.push(second.next().value as StreamEvent, second.next().value as StreamEvent);
    expect(emitter.nextSequence).toBe(events.length);
    events.push(...emitter.fail({ code: "server_error", message: "The model crashed." }));
    expect(types(events).slice(-2)).toEqual(["error", "response.failed"]);
    expect(events.at(-2)).toMatchObject({
      error: { type: "server_error", code: "server_error", message: "The model crashed.", param: null },
    });
    expect(events.at(-1)).toMatchObject({
      response: { id: "resp_x", status: "failed", error: { code: "server_error" }, output: [{ id: "m1" }] },
    });
    expectSpecStream(events);
    expect(emitter.output.map((item) => (item as { id: string }).id)).toEqual(["m1"]);
  });

  test("startSequence continues another stream's numbering", () => {
    const emitter = new ResponseEmitter({}, { startSequence: 10 });
    expect([...emitter.start()].map((e) => e.sequence_number)).toEqual([10, 11]);
    expect(emitter.end().sequence_number).toBe(12);
  });
});
