import {
  accumulate,
  createResponseResource,
  decodeSSE,
  type ResponseResource,
  ResponseWriter,
  type StreamEvent,
} from "@openloop/protocol";
import { recordedStreams, splitResponses, streamOrderViolations } from "@openloop/protocol/fixtures";
import { describe, expect, test } from "vitest";
import { eventProblems } from "../../test/support/spec.js";
import { TurnForwarder } from "./turn-forwarder.js";

type Ev = Record<string, unknown> & { type: string };

/** Forwards `events` (one model turn) and returns what the client was sent, closed by a terminal event. */
function forward(events: readonly Ev[], response?: ResponseResource): Ev[] {
  const sent: Ev[] = [];
  const emitter = new ResponseWriter(
    { id: "resp_client", model: "m" },
    { sink: (e) => sent.push(e as unknown as Ev) },
  );
  emitter.start();
  const turn = new TurnForwarder(emitter, false);
  for (const event of events) turn.push(event as unknown as StreamEvent);
  turn.finish(response ?? createResponseResource({ status: "completed", output: [] }));
  emitter.end();
  return sent;
}

const added = (output_index: number, item: Record<string, unknown>): Ev => ({
  type: "response.output_item.added",
  sequence_number: 0,
  output_index,
  item,
});

describe("TurnForwarder repairs what real servers leave out", () => {
  test("summary deltas without reasoning_summary_part.added (Ollama): the part is announced first", () => {
    const sent = forward([
      added(0, { type: "reasoning", id: "rs_1", summary: [] }),
      {
        type: "response.reasoning_summary_text.delta",
        sequence_number: 1,
        item_id: "rs_1",
        output_index: 0,
        summary_index: 0,
        delta: "Hm.",
      },
      {
        type: "response.output_item.done",
        sequence_number: 2,
        output_index: 0,
        item: { type: "reasoning", id: "rs_1", summary: [{ type: "summary_text", text: "Hm." }] },
      },
    ]);
    expect(sent.map((e) => e.type)).toEqual([
      "response.created",
      "response.in_progress",
      "response.output_item.added",
      "response.reasoning_summary_part.added",
      "response.reasoning_summary_text.delta",
      "response.reasoning_summary_part.done",
      "response.output_item.done",
      "response.completed",
    ]);
    expect(streamOrderViolations(sent)).toEqual([]);
    for (const e of sent) expect(eventProblems(e)).toEqual([]);
  });

  test("an item_id that changes on every event (GitHub Copilot): the client always sees the item's own id", () => {
    const sent = forward([
      added(0, { type: "message", id: "msg_a", role: "assistant", status: "in_progress", content: [] }),
      {
        type: "response.output_text.delta",
        sequence_number: 1,
        item_id: "msg_b",
        output_index: 0,
        content_index: 0,
        delta: "Hi",
      },
      {
        type: "response.output_text.delta",
        sequence_number: 2,
        item_id: "msg_c",
        output_index: 0,
        content_index: 0,
        delta: "!",
      },
    ]);
    const ids = sent.filter((e) => "item_id" in e).map((e) => e.item_id);
    expect(new Set(ids)).toEqual(new Set(["msg_a"]));
    expect(streamOrderViolations(sent)).toEqual([]);
    // Never finished by the model: closed with what was sent, marked incomplete.
    const done = sent.find((e) => e.type === "response.output_item.done")!;
    expect(done.item).toMatchObject({
      status: "incomplete",
      content: [{ type: "output_text", text: "Hi!" }],
    });
    for (const e of sent) expect(eventProblems(e)).toEqual([]);
  });

  test("deltas of an item never announced, without an id: the item is announced with a fresh id", () => {
    const sent = forward([
      {
        type: "response.output_text.delta",
        sequence_number: 1,
        item_id: "",
        output_index: 0,
        content_index: 0,
        delta: "Hello",
      },
    ]);
    const announced = sent.find((e) => e.type === "response.output_item.added")!;
    expect((announced.item as { id: string }).id).toMatch(/^msg_/);
    expect(streamOrderViolations(sent)).toEqual([]);
    for (const e of sent) expect(eventProblems(e)).toEqual([]);
  });

  test("an item only in the terminal response (no events for it) is sent whole when the turn ends", () => {
    const message = {
      type: "message",
      id: "msg_late",
      role: "assistant",
      status: "completed",
      content: [{ type: "output_text", text: "Late.", annotations: [] }],
    };
    const sent = forward([], createResponseResource({ status: "completed", output: [message as never] }));
    expect(sent.filter((e) => e.type === "response.output_text.delta").map((e) => e.delta)).toEqual([
      "Late.",
    ]);
    expect((sent.at(-1)!.response as ResponseResource).output).toEqual([message]);
    expect(streamOrderViolations(sent)).toEqual([]);
  });

  test("function calls are not forwarded: the run mapper presents them once the loop decided", () => {
    const sent = forward([
      added(0, { type: "function_call", id: "fc_1", call_id: "c1", name: "f", arguments: "" }),
      {
        type: "response.function_call_arguments.delta",
        sequence_number: 1,
        item_id: "fc_1",
        output_index: 0,
        delta: "{}",
      },
    ]);
    expect(sent.map((e) => e.type)).toEqual([
      "response.created",
      "response.in_progress",
      "response.completed",
    ]);
  });
});

const TERMINAL = new Set(["response.completed", "response.failed", "response.incomplete"]);

describe("every recorded Responses / Open Responses stream, forwarded", () => {
  const streams = [...recordedStreams("responses"), ...recordedStreams("open-responses")];
  test.each(streams.map((s) => [s.name, s.sse] as const))(
    "%s: the client's stream keeps the spec's order",
    async (_name, sse) => {
      const decoded: Ev[] = [];
      for await (const event of decodeSSE([sse])) decoded.push(event as unknown as Ev);
      for (const events of splitResponses(decoded)) {
        const response = await accumulate(events as unknown as StreamEvent[]);
        const sent = forward(events, response);
        expect(streamOrderViolations(sent)).toEqual([]);
        // Every spec event we send validates. What the upstream itself sent outside the spec is passed
        // on as it came and left out of the check: vendor items (web_search_call, mcp_call, ...) and
        // vendor annotations (file citations; xAI's URL citations without indexes).
        for (const e of sent) {
          const item = (e.item ?? {}) as { type?: string };
          const vendor =
            e.type.startsWith("response.output_item") &&
            !["message", "reasoning"].includes(String(item.type));
          if (
            !vendor &&
            !TERMINAL.has(e.type) &&
            e.type !== "response.created" &&
            e.type !== "response.in_progress"
          )
            expect(eventProblems(withoutVendorAnnotations(e))).toEqual([]);
        }
        // What the client can rebuild is what the model said (function calls aside).
        const client = await accumulate(sent as unknown as StreamEvent[]);
        const expected = response.output.filter((i) => i.type !== "function_call").map(textOf);
        expect(client.output.map(textOf)).toEqual(expected);
      }
    },
  );
});

function withoutVendorAnnotations(event: Ev): Ev {
  type Part = { annotations?: Record<string, unknown>[] };
  const clean = (part: Part | undefined): Part | undefined =>
    Array.isArray(part?.annotations)
      ? {
          ...part,
          annotations: part.annotations.filter(
            (a) =>
              a.type === "url_citation" && typeof a.start_index === "number" && typeof a.title === "string",
          ),
        }
      : part;
  const item = event.item as { content?: Part[] } | undefined;
  return {
    ...event,
    ...(event.part === undefined ? {} : { part: clean(event.part as Part) }),
    ...(Array.isArray(item?.content) ? { item: { ...item, content: item.content.map(clean) } } : {}),
  };
}

function textOf(item: { type: string }): unknown {
  const i = item as { content?: { text?: string; refusal?: string }[]; summary?: { text: string }[] };
  return {
    type: item.type,
    content: i.content?.map((p) => p.text ?? p.refusal),
    summary: i.summary?.map((p) => p.text),
  };
}
