import { validateAgainstSpec } from "@openloop/protocol/fixtures";
import { describe, expect, test } from "vitest";
import { OpenloopError } from "../errors/index.js";
import { createResponseResource } from "../resource/create-response-resource.js";
import { outputText } from "../resource/output-text.js";
import type { StreamEvent } from "../schemas/events.js";
import { ResponseResource } from "../schemas/response.js";
import { accumulate } from "./accumulate.js";
import { ResponseAccumulator } from "./accumulator.js";

/** Events as servers send them; `sequence_number`s are filled in order. */
function stream(...events: Record<string, unknown>[]): StreamEvent[] {
  return events.map((e, i) => ({ sequence_number: i, ...e }) as unknown as StreamEvent);
}
const resp = (status: string, extra: Record<string, unknown> = {}) =>
  createResponseResource({ id: "resp_1", created_at: 1, model: "m", status, ...extra });
const msg = (id: string, output_index: number) => ({
  type: "response.output_item.added",
  output_index,
  item: { type: "message", id, status: "in_progress", role: "assistant", content: [] },
});
const text = (item_id: string, output_index: number, delta: string) => ({
  type: "response.output_text.delta",
  item_id,
  output_index,
  content_index: 0,
  delta,
});

describe("ResponseAccumulator", () => {
  test("text deltas build one output_text part; the snapshot is a valid ResponseResource", async () => {
    const response = await accumulate(
      stream(
        { type: "response.created", response: resp("in_progress") },
        msg("msg_1", 0),
        {
          type: "response.content_part.added",
          item_id: "msg_1",
          output_index: 0,
          content_index: 0,
          part: { type: "output_text", text: "", annotations: [] },
        },
        text("msg_1", 0, "Hel"),
        text("msg_1", 0, "lo"),
      ),
    );
    expect(response.output).toEqual([
      {
        type: "message",
        id: "msg_1",
        status: "in_progress",
        role: "assistant",
        content: [{ type: "output_text", text: "Hello", annotations: [] }],
      },
    ]);
    expect(ResponseResource.safeParse(response).error).toBeUndefined();
    expect(validateAgainstSpec("ResponseResource", response)).toEqual([]);
  });

  test("the event objects are not changed by accumulating them", () => {
    const events = stream(msg("msg_1", 0), text("msg_1", 0, "x"));
    const before = JSON.stringify(events);
    const acc = new ResponseAccumulator();
    for (const e of events) acc.push(e);
    expect(JSON.stringify(events)).toBe(before);
  });

  test("refusal deltas build a refusal part", async () => {
    const response = await accumulate(
      stream(
        msg("msg_1", 0),
        {
          type: "response.refusal.delta",
          item_id: "msg_1",
          output_index: 0,
          content_index: 0,
          delta: "I can't ",
        },
        {
          type: "response.refusal.delta",
          item_id: "msg_1",
          output_index: 0,
          content_index: 0,
          delta: "help.",
        },
      ),
    );
    expect((response.output[0] as { content: unknown[] }).content).toEqual([
      { type: "refusal", refusal: "I can't help." },
    ]);
  });

  test("function-call argument deltas; arguments only in the .done event (LM Studio) also work", async () => {
    const added = (id: string, output_index: number) => ({
      type: "response.output_item.added",
      output_index,
      item: {
        type: "function_call",
        id,
        call_id: `call_${id}`,
        name: "f",
        arguments: "",
        status: "in_progress",
      },
    });
    const response = await accumulate(
      stream(
        added("fc_1", 0),
        { type: "response.function_call_arguments.delta", item_id: "fc_1", output_index: 0, delta: '{"a":' },
        { type: "response.function_call_arguments.delta", item_id: "fc_1", output_index: 0, delta: "1}" },
        added("fc_2", 1),
        {
          type: "response.function_call_arguments.done",
          item_id: "fc_2",
          output_index: 1,
          arguments: '{"b":2}',
        },
      ),
    );
    expect(response.output.map((i) => (i as { arguments: string }).arguments)).toEqual([
      '{"a":1}',
      '{"b":2}',
    ]);
  });

  test("reasoning: summary parts, and raw reasoning under both response.reasoning.* and response.reasoning_text.*", async () => {
    const response = await accumulate(
      stream(
        {
          type: "response.output_item.added",
          output_index: 0,
          item: { type: "reasoning", id: "rs_1", summary: [] },
        },
        {
          type: "response.reasoning_summary_part.added",
          item_id: "rs_1",
          output_index: 0,
          summary_index: 0,
          part: { type: "summary_text", text: "" },
        },
        {
          type: "response.reasoning_summary_text.delta",
          item_id: "rs_1",
          output_index: 0,
          summary_index: 0,
          delta: "Plan",
        },
        {
          type: "response.reasoning.delta",
          item_id: "rs_1",
          output_index: 0,
          content_index: 0,
          delta: "think ",
        },
        {
          type: "response.reasoning_text.delta",
          item_id: "rs_1",
          output_index: 0,
          content_index: 0,
          delta: "more",
        },
      ),
    );
    expect(response.output[0]).toEqual({
      type: "reasoning",
      id: "rs_1",
      summary: [{ type: "summary_text", text: "Plan" }],
      content: [{ type: "reasoning_text", text: "think more" }],
    });
  });

  test("summary deltas without a preceding reasoning_summary_part.added (Ollama) still build the summary", async () => {
    const response = await accumulate(
      stream(
        {
          type: "response.output_item.added",
          output_index: 0,
          item: { type: "reasoning", id: "rs_1", summary: [] },
        },
        {
          type: "response.reasoning_summary_text.delta",
          item_id: "rs_1",
          output_index: 0,
          summary_index: 0,
          delta: "a",
        },
        {
          type: "response.reasoning_summary_text.delta",
          item_id: "rs_1",
          output_index: 0,
          summary_index: 1,
          delta: "b",
        },
      ),
    );
    expect((response.output[0] as { summary: unknown[] }).summary).toEqual([
      { type: "summary_text", text: "a" },
      { type: "summary_text", text: "b" },
    ]);
  });

  test("output_item.done replaces the item built from deltas", async () => {
    const done = {
      type: "message",
      id: "msg_1",
      status: "completed",
      role: "assistant",
      content: [
        {
          type: "output_text",
          text: "Final",
          annotations: [{ type: "url_citation", url: "u", start_index: 0, end_index: 1, title: "t" }],
        },
      ],
    };
    const response = await accumulate(
      stream(msg("msg_1", 0), text("msg_1", 0, "Draft"), {
        type: "response.output_item.done",
        output_index: 0,
        item: done,
      }),
    );
    expect(response.output).toEqual([done]);
  });

  test("several items are kept in output_index order", async () => {
    const response = await accumulate(
      stream(msg("msg_a", 0), msg("msg_b", 1), text("msg_b", 1, "B"), text("msg_a", 0, "A")),
    );
    expect(response.output.map((i) => (i as { content: { text: string }[] }).content[0]!.text)).toEqual([
      "A",
      "B",
    ]);
  });

  test("an item id that changes on every event (GitHub Copilot) is matched by output_index", async () => {
    const response = await accumulate(stream(msg("msg_1", 0), text("msg_x", 0, "a"), text("msg_y", 0, "b")));
    expect(response.output).toHaveLength(1);
    expect((response.output[0] as { id: string; content: { text: string }[] }).content[0]!.text).toBe("ab");
  });

  test("response.queued: status queued, then the later lifecycle statuses", () => {
    const acc = new ResponseAccumulator();
    const events = stream(
      { type: "response.created", response: resp("queued", { background: true }) },
      { type: "response.queued", response: resp("queued", { background: true }) },
    );
    for (const e of events) acc.push(e);
    expect(acc.status).toBe("queued");
    expect(acc.snapshot().background).toBe(true);
    acc.push({
      type: "response.in_progress",
      sequence_number: 2,
      response: resp("in_progress"),
    } as StreamEvent);
    expect(acc.status).toBe("in_progress");
  });

  test("a resumed stream without response.created builds items it never saw announced", async () => {
    const events = [
      text("msg_9", 3, "resumed "),
      text("msg_9", 3, "text"),
      { type: "response.function_call_arguments.delta", item_id: "fc_9", output_index: 4, delta: "{}" },
    ].map((e, i) => ({ ...e, sequence_number: 40 + i }) as unknown as StreamEvent);
    const acc = new ResponseAccumulator();
    for (const e of events) acc.push(e);
    expect(acc.gaps).toEqual([]);
    expect(acc.output).toEqual([
      {
        type: "message",
        id: "msg_9",
        status: "in_progress",
        role: "assistant",
        content: [{ type: "output_text", text: "resumed text", annotations: [] }],
      },
      { type: "function_call", id: "fc_9", call_id: "", name: "", arguments: "{}", status: "in_progress" },
    ]);
    expect(acc.snapshot().status).toBe("in_progress");
  });

  test("sequence gaps are reported, not fatal", () => {
    const acc = new ResponseAccumulator();
    for (const e of stream(msg("msg_1", 0), text("msg_1", 0, "a"))) acc.push(e);
    acc.push({ ...text("msg_1", 0, "c"), sequence_number: 5 } as unknown as StreamEvent);
    expect(acc.gaps).toEqual([{ expected: 2, received: 5 }]);
    expect(acc.warnings).toEqual(["sequence gap: expected 2, got 5 (response.output_text.delta)"]);
    expect((acc.output[0] as { content: { text: string }[] }).content[0]!.text).toBe("ac");
  });

  test("the terminal response is authoritative, but items it lacks that the stream built are kept", async () => {
    const completed = await accumulate(
      stream(msg("msg_1", 0), text("msg_1", 0, "kept"), {
        type: "response.completed",
        response: resp("completed", { output: [], usage: null }),
      }),
    );
    expect(completed.status).toBe("completed");
    expect((completed.output[0] as { content: { text: string }[] }).content[0]!.text).toBe("kept");

    const final = { type: "message", id: "msg_1", status: "completed", role: "assistant", content: [] };
    const authoritative = await accumulate(
      stream(msg("msg_1", 0), text("msg_1", 0, "draft"), {
        type: "response.completed",
        response: resp("completed", { output: [final] }),
      }),
    );
    expect(authoritative.output).toEqual([final]);
  });

  test("done is set by the terminal event; events after it are ignored with a warning", () => {
    const acc = new ResponseAccumulator();
    for (const e of stream(
      { type: "response.incomplete", response: resp("incomplete") },
      text("msg_1", 0, "late"),
    ))
      acc.push(e);
    expect(acc.done).toBe(true);
    expect(acc.status).toBe("incomplete");
    expect(acc.output).toEqual([]);
    expect(acc.warnings).toEqual(["event after the terminal event ignored: response.output_text.delta"]);
  });

  test("an error event from the server fails the response; the decoder's sse_malformed marker does not", () => {
    const acc = new ResponseAccumulator();
    acc.push({
      type: "error",
      sequence_number: -1,
      error: { type: "server_error", code: "sse_malformed", message: "bad frame", param: null },
    } as StreamEvent);
    expect(acc.status).toBe("in_progress");
    acc.push({
      type: "error",
      sequence_number: 0,
      error: { type: "server_error", code: "rate_limit_exceeded", message: "slow down", param: null },
    } as StreamEvent);
    expect(acc.status).toBe("failed");
    expect(acc.errors.map((e) => e.code)).toEqual(["sse_malformed", "rate_limit_exceeded"]);
    expect(acc.snapshot().error).toEqual({ code: "rate_limit_exceeded", message: "slow down" });
  });

  test("code_interpreter_call: code deltas and status events build the item", async () => {
    const response = await accumulate(
      stream(
        {
          type: "response.output_item.added",
          output_index: 0,
          item: {
            type: "code_interpreter_call",
            id: "ci_1",
            status: "in_progress",
            code: "",
            container_id: "c",
            outputs: null,
          },
        },
        {
          type: "response.code_interpreter_call_code.delta",
          item_id: "ci_1",
          output_index: 0,
          delta: "print(",
        },
        { type: "response.code_interpreter_call_code.delta", item_id: "ci_1", output_index: 0, delta: "1)" },
        { type: "response.code_interpreter_call.interpreting", item_id: "ci_1", output_index: 0 },
      ),
    );
    expect(response.output[0]).toMatchObject({ code: "print(1)", status: "interpreting" });
  });

  test("annotations arrive by index on the output_text part", async () => {
    const annotation = { type: "url_citation", url: "https://x", start_index: 0, end_index: 2, title: "X" };
    const response = await accumulate(
      stream(msg("msg_1", 0), text("msg_1", 0, "hi"), {
        type: "response.output_text.annotation.added",
        item_id: "msg_1",
        output_index: 0,
        content_index: 0,
        annotation_index: 0,
        annotation,
      }),
    );
    expect((response.output[0] as { content: { annotations: unknown[] }[] }).content[0]!.annotations).toEqual(
      [annotation],
    );
  });

  test("extension and vendor events are ignored by the accumulator (the caller passes them on)", async () => {
    const response = await accumulate(
      stream(
        msg("msg_1", 0),
        { type: "acme:trace_event", phase: "x" },
        { type: "response.web_search_call.searching", output_index: 0 },
      ),
    );
    expect(response.output).toHaveLength(1);
  });

  test("accumulate takes a sync iterable or an async iterable", async () => {
    const events = stream(msg("msg_1", 0), text("msg_1", 0, "z"));
    async function* asyncEvents() {
      yield* events;
    }
    const acc = new ResponseAccumulator();
    for (const e of events) acc.push(e);
    expect(acc.snapshot()).toEqual(acc.snapshot());
    const [fromAsync, fromSync] = [await accumulate(asyncEvents()), await accumulate(events)];
    expect(fromAsync.output).toEqual(fromSync.output);
    expect(outputText(fromAsync)).toBe("z");
  });

  test("building on an output_item.added item never changes the event a consumer holds", () => {
    const added = {
      type: "response.output_item.added",
      output_index: 0,
      item: { type: "message", id: "msg_1", status: "in_progress", role: "assistant", content: [] },
    };
    const call = {
      type: "response.output_item.added",
      output_index: 1,
      item: {
        type: "function_call",
        id: "fc_1",
        call_id: "c",
        name: "f",
        arguments: "",
        status: "in_progress",
      },
    };
    const before = structuredClone([added, call]);
    const acc = new ResponseAccumulator();
    for (const event of stream(added, text("msg_1", 0, "Hel"), text("msg_1", 0, "lo"), call, {
      type: "response.function_call_arguments.delta",
      item_id: "fc_1",
      output_index: 1,
      delta: '{"a":1}',
    }))
      acc.push(event);
    expect([added, call]).toEqual(before);
    expect(acc.output).toMatchObject([
      { content: [{ type: "output_text", text: "Hello" }] },
      { arguments: '{"a":1}' },
    ]);
  });

  test("accumulate of something that is not iterable rejects with invalid_config, naming what it got", async () => {
    const error = await accumulate(undefined as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenloopError);
    expect(error).toMatchObject({ code: "invalid_config" });
    expect((error as Error).message).toMatch(/^accumulate\(\): Expected an iterable .* got undefined$/);
  });

  test("push of a value that is not an event is ignored with a warning, never a throw", () => {
    const acc = new ResponseAccumulator();
    acc.push(null as never);
    acc.push(undefined as never);
    for (const event of stream(msg("msg_1", 0), text("msg_1", 0, "still here"))) acc.push(event);
    expect(outputText(acc.snapshot())).toBe("still here");
    expect(acc.warnings).toEqual(["not an event, ignored: null", "not an event, ignored: undefined"]);
  });

  test("an index that is negative, fractional or far past the end is ignored with a warning, and the snapshot stays small", () => {
    const acc = new ResponseAccumulator();
    const events = stream(
      msg("msg_1", 0),
      { ...text("msg_1", 0, "lost?"), content_index: 488_361_470 },
      { ...text("msg_1", 0, "lost?"), content_index: 0.5 },
      { ...text("msg_1", 0, "lost?"), content_index: -1 },
      { ...text("msg_1", 1e9, "lost?") },
      { ...msg("msg_2", -3) },
      {
        type: "response.output_text.annotation.added",
        item_id: "msg_1",
        output_index: 0,
        content_index: 0,
        annotation_index: 1e9,
        annotation: { type: "url_citation", url: "https://x", title: "x", start_index: 0, end_index: 1 },
      },
      text("msg_1", 0, "kept"),
      // A small gap is tolerated: a server may skip an item it does not stream.
      { ...msg("msg_3", 2) },
      { ...text("msg_3", 2, " and this") },
    );
    for (const event of events) acc.push(event);
    const snapshot = acc.snapshot();
    expect(outputText(snapshot)).toBe("kept and this");
    expect(JSON.stringify(snapshot).length).toBeLessThan(2_000);
    expect(acc.warnings).toEqual([
      "response.output_text.delta with content_index 488361470 ignored: not an index in range",
      "response.output_text.delta with content_index 0.5 ignored: not an index in range",
      "response.output_text.delta with content_index -1 ignored: not an index in range",
      "response.output_text.delta with output_index 1000000000 ignored: not an index in range",
      "response.output_item.added with output_index -3 ignored: not an index in range",
      "response.output_text.annotation.added with annotation_index 1000000000 ignored: not an index in range",
    ]);
  });
});
