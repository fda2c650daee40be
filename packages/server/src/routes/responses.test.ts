import { functionCall, reasoning, ScriptedModel, text } from "@openloop/testing";
import { afterEach, describe, expect, test } from "vitest";
import { post, serve, type TestServer } from "../../test/support/server.js";
import { responseProblems, streamProblems } from "../../test/support/spec.js";
import { parseWire } from "../../test/support/sse.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("POST /v1/responses, JSON", () => {
  test("answers a ResponseResource with all 31 required fields, valid against the spec", async () => {
    server = await serve(new ScriptedModel([[text("Hello!")]]), { codeRunner: false });
    const res = await post(server.url, "/responses", { model: "test", input: "Hi" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const body = (await res.json()) as Record<string, unknown>;
    expect(responseProblems(body)).toEqual([]);
    expect(body).toMatchObject({ object: "response", status: "completed", model: "test" });
    expect((body.id as string).startsWith("resp_")).toBe(true);
    expect(body.output).toMatchObject([
      { type: "message", content: [{ type: "output_text", text: "Hello!" }] },
    ]);
  });

  test("the { role, content } shorthand every client sends is accepted", async () => {
    const model = new ScriptedModel([[text("ok")]]);
    server = await serve(model, { codeRunner: false });
    const res = await post(server.url, "/responses", { input: [{ role: "user", content: "Hi" }] });
    expect(res.status).toBe(200);
    expect(model.requests[0]?.input).toEqual([{ type: "message", role: "user", content: "Hi" }]);
  });
});

describe("POST /v1/responses, streaming", () => {
  test("the wire is the spec's: event: equals type, one terminal event with every item, then [DONE]", async () => {
    const model = new ScriptedModel([
      { output: [reasoning({ summary: "Think." }), text("Hello there, friend.")], chunkSize: 5 },
    ]);
    server = await serve(model, { codeRunner: false });
    const res = await post(server.url, "/responses", { model: "test", input: "Hi", stream: true });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const { events, problems } = parseWire(await res.text());
    expect(problems).toEqual([]);
    expect(streamProblems(events)).toEqual([]);
    const terminal = events.filter((e) => String(e.type).match(/^response\.(completed|failed|incomplete)$/));
    expect(terminal).toHaveLength(1);
    expect(
      (terminal[0]!.response as { output: unknown[] }).output.map((i) => (i as { type: string }).type),
    ).toEqual(["reasoning", "message"]);
    const deltas = events.filter((e) => e.type === "response.output_text.delta");
    expect(deltas.length).toBeGreaterThan(1);
    for (const delta of deltas) expect(delta.item_id).toBeTruthy();
  });

  test("two model turns (a hosted call between them) are one response: indexes only append", async () => {
    const model = new ScriptedModel([
      [text("Let me compute."), functionCall("run_javascript", { code: "6 * 7" })],
      [text("It is 42.")],
    ]);
    server = await serve(model);
    const res = await post(server.url, "/responses", {
      input: "6*7?",
      stream: true,
      tools: [{ type: "code_interpreter", container: { type: "auto" } }],
    });
    const { events, problems } = parseWire(await res.text());
    expect(problems).toEqual([]);
    expect(streamProblems(events)).toEqual([]);
    const added = events.filter((e) => e.type === "response.output_item.added");
    expect(added.map((e) => e.output_index)).toEqual([0, 1, 2]);
    expect(added.map((e) => (e.item as { type: string }).type)).toEqual([
      "message",
      "code_interpreter_call",
      "message",
    ]);
    const done = events.at(-1) as { response: { output: { type: string; outputs?: unknown }[] } };
    expect(done.response.output[1]).toMatchObject({
      type: "code_interpreter_call",
      status: "completed",
      code: "6 * 7",
      outputs: [{ type: "logs", logs: "result: 42" }],
    });
  });
});
