import { streamOrderViolations, validateAgainstSpec } from "@openloop/protocol/fixtures";
import { describe, expect, test } from "vitest";
import { accumulate } from "../accumulate/accumulate.js";
import type { StreamEvent } from "../schemas/events.js";
import type { OutputItem } from "../schemas/items.js";
import { ResponseEmitter } from "./emitter.js";
import { ResponseWriter } from "./response-writer.js";

/** A writer whose events land in an array. */
function recording(response: Record<string, unknown> = {}) {
  const events: StreamEvent[] = [];
  const writer = new ResponseWriter(response, { sink: (event) => events.push(event) });
  return { writer, events };
}

/** Every event and the terminal response conform to the spec's schemas and its ordering rules. */
function expectSpecStream(events: StreamEvent[]): void {
  for (const event of events) expect(validateAgainstSpec("StreamEvent", event), event.type).toEqual([]);
  expect(streamOrderViolations(events)).toEqual([]);
}

const types = (events: StreamEvent[]) => events.map((e) => e.type);

describe("ResponseWriter: items written as they stream", () => {
  test("a message: parts open on their first delta, a refusal closes the text part, annotations come at close", async () => {
    const { writer, events } = recording({ model: "m" });
    writer.start();
    const msg = writer.openMessage();
    writer.textDelta(msg, "See ");
    writer.textDelta(msg, "docs.");
    writer.annotate(msg, [
      { type: "url_citation", url: "https://x.test", title: "X", start_index: 0, end_index: 9 },
    ]);
    writer.refusalDelta(msg, "No more.");
    writer.close(msg);
    writer.end();
    expect(types(events).slice(2, -1)).toEqual([
      "response.output_item.added",
      "response.content_part.added",
      "response.output_text.delta",
      "response.output_text.delta",
      "response.output_text.annotation.added",
      "response.output_text.done",
      "response.content_part.done",
      "response.content_part.added",
      "response.refusal.delta",
      "response.refusal.done",
      "response.content_part.done",
      "response.output_item.done",
    ]);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events[7]).toMatchObject({
      type: "response.output_text.done",
      text: "See docs.",
      content_index: 0,
    });
    expect(events[9]).toMatchObject({ content_index: 1, part: { type: "refusal", refusal: "" } });
    expectSpecStream(events);
    const rebuilt = await accumulate(events);
    expect(rebuilt.output).toEqual([
      {
        type: "message",
        id: msg.id,
        status: "completed",
        role: "assistant",
        content: [
          {
            type: "output_text",
            text: "See docs.",
            annotations: [
              { type: "url_citation", url: "https://x.test", title: "X", start_index: 0, end_index: 9 },
            ],
          },
          { type: "refusal", refusal: "No more." },
        ],
      },
    ]);
  });

  test("reasoning: raw text and summary parts, each added before its deltas; the item keeps encrypted_content", async () => {
    const { writer, events } = recording();
    writer.start();
    const rs = writer.openReasoning();
    writer.reasoningDelta(rs, "Two ");
    writer.reasoningDelta(rs, "plus two.");
    writer.summaryDelta(rs, "Added.");
    writer.close(rs, { encryptedContent: "blob" });
    writer.end();
    expect(types(events).slice(2, -1)).toEqual([
      "response.output_item.added",
      "response.content_part.added",
      "response.reasoning.delta",
      "response.reasoning.delta",
      "response.reasoning_summary_part.added",
      "response.reasoning_summary_text.delta",
      "response.reasoning.done",
      "response.content_part.done",
      "response.reasoning_summary_text.done",
      "response.reasoning_summary_part.done",
      "response.output_item.done",
    ]);
    expect(rs.text).toBe("Two plus two.");
    expectSpecStream(events);
    expect((await accumulate(events)).output).toEqual([
      {
        type: "reasoning",
        id: rs.id,
        summary: [{ type: "summary_text", text: "Added." }],
        content: [{ type: "reasoning_text", text: "Two plus two." }],
        encrypted_content: "blob",
      },
    ]);
  });

  test("a function call: arguments.done carries what the deltas built, then the item is done", () => {
    const { writer, events } = recording();
    writer.start();
    const call = writer.openCall("call_1", "lookup");
    writer.callDelta(call, '{"city":');
    writer.callDelta(call, '"Paris"}');
    writer.close(call);
    expect(events.at(-2)).toMatchObject({
      type: "response.function_call_arguments.done",
      item_id: call.id,
      arguments: '{"city":"Paris"}',
    });
    expect(events.at(-1)).toMatchObject({
      type: "response.output_item.done",
      item: { type: "function_call", call_id: "call_1", name: "lookup", arguments: '{"city":"Paris"}' },
    });
  });

  test("closeAll closes open items in order, the last one with the given status", () => {
    const { writer, events } = recording();
    writer.start();
    const rs = writer.openReasoning();
    writer.reasoningDelta(rs, "Hm.");
    const msg = writer.openMessage();
    writer.textDelta(msg, "Cut sh");
    writer.closeAll("incomplete");
    writer.end({ status: "incomplete", incomplete_details: { reason: "max_output_tokens" } });
    expect(writer.output.map((item) => [item.type, (item as { status?: string }).status])).toEqual([
      ["reasoning", undefined],
      ["message", "incomplete"],
    ]);
    expect(events.at(-1)).toMatchObject({
      type: "response.incomplete",
      response: { status: "incomplete", completed_at: null, output: [{ id: rs.id }, { id: msg.id }] },
    });
    expectSpecStream(events);
  });

  test("a failure leaves open items out of the output, and nothing is written after the terminal event", () => {
    const { writer, events } = recording({ id: "resp_f" });
    writer.start();
    const done = writer.openMessage();
    writer.textDelta(done, "Kept.");
    writer.close(done);
    const open = writer.openMessage();
    writer.textDelta(open, "Lost");
    writer.fail({ code: "server_error", message: "Upstream died." });
    writer.textDelta(open, " more");
    writer.close(open);
    writer.end();
    expect(writer.ended).toBe(true);
    expect(types(events).slice(-2)).toEqual(["error", "response.failed"]);
    expect(events.at(-1)).toMatchObject({
      response: {
        id: "resp_f",
        status: "failed",
        error: { code: "server_error", message: "Upstream died." },
        output: [{ id: done.id }],
      },
    });
    expectSpecStream(events);
  });
});

describe("ResponseWriter: one sequence and one output-index allocator for everything written", () => {
  test("other events (a hosted tool's) are numbered between items; indexes only append", () => {
    const { writer, events } = recording();
    writer.start();
    const tool = writer.openItem({ type: "acme:tool_call", id: "t1", status: "in_progress" });
    writer.write({ type: "acme:tool_call.running", item_id: "t1", output_index: tool });
    const finished: OutputItem = {
      type: "message",
      id: "m1",
      status: "completed",
      role: "assistant",
      content: [{ type: "output_text", text: "Hi", annotations: [] }],
    };
    writer.item(finished);
    writer.closeItem(tool, {
      type: "acme:tool_call",
      id: "t1",
      status: "completed",
    } as unknown as OutputItem);
    writer.end();
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events.find((e) => e.type === "acme:tool_call.running")).toMatchObject({ sequence_number: 3 });
    const added = events.filter((e) => e.type === "response.output_item.added") as { output_index: number }[];
    expect(added.map((e) => e.output_index)).toEqual([0, 1]);
    // The terminal response lists finished items by output index, not by the order they finished.
    expect(
      (events.at(-1) as { response: { output: { id: string }[] } }).response.output.map((i) => i.id),
    ).toEqual(["t1", "m1"]);
  });

  test("item(finished) writes exactly what ResponseEmitter yields for it", () => {
    const item: OutputItem = {
      type: "reasoning",
      id: "rs_1",
      summary: [{ type: "summary_text", text: "Sum." }],
      content: [{ type: "reasoning_text", text: "Think hard." }],
      encrypted_content: "e",
    };
    const { writer, events } = recording({ id: "r", created_at: 1 });
    writer.item(item);
    const emitted = [...new ResponseEmitter({ id: "r", created_at: 1 }).item(item)];
    expect(events).toEqual(emitted);
  });

  test("a null sink numbers events and keeps the output but sends nothing", () => {
    const writer = new ResponseWriter({}, { sink: null });
    expect(writer.live).toBe(false);
    writer.start();
    const msg = writer.openMessage();
    writer.textDelta(msg, "x");
    writer.close(msg);
    expect(writer.nextSequence).toBe(8);
    expect(writer.output).toHaveLength(1);
    expect(writer.response().output).toHaveLength(1);
  });

  test("without a sink, events are numbered as they are pulled and discard drops the rest", () => {
    const writer = new ResponseWriter({}, { startSequence: 5 });
    writer.start();
    const msg = writer.openMessage();
    writer.textDelta(msg, "x");
    const pulled = writer.take();
    expect(pulled.next().value).toMatchObject({ type: "response.created", sequence_number: 5 });
    expect(writer.nextSequence).toBe(6);
    writer.discard();
    expect(writer.nextSequence).toBe(6);
    writer.end();
    expect([...writer.take()]).toMatchObject([{ type: "response.completed", sequence_number: 6 }]);
  });

  test("ids: the response and its items share one random base; given ids are kept", () => {
    const { writer } = recording();
    const base = writer.id.slice("resp_".length);
    expect(writer.id).toMatch(/^resp_[0-9a-f]{24}$/);
    expect(writer.openMessage().id).toBe(`msg_${base}0`);
    expect(writer.openCall("c", "f").id).toBe(`fc_${base}1`);
    expect(writer.newId("item")).toBe(`item_${base}2`);
    expect(new ResponseWriter({ id: "resp_mine" }).id).toBe("resp_mine");
  });
});
