import { describe, expect, test } from "vitest";
import {
  fixturePath,
  loadCassette,
  recordedBodies,
  recordedStreams,
  reframeChunks,
  splitResponses,
  ssePayloads,
} from "./fixtures.js";
import { specEventTypes, validateAgainstSpec } from "./spec-validator.js";

describe("fixture loading", () => {
  test("go-vcr (v2) cassettes: exact SSE bodies with event: lines, status codes, JSON request bodies", () => {
    const [first] = loadCassette(
      fixturePath("responses", "TestOpenAIResponsesCommon__openai-o4-mini__tool_streaming.yaml"),
    );
    expect(first).toMatchObject({ method: "POST", status: 200, isStream: true });
    expect(first!.url).toMatch(/\/responses$/);
    expect(first!.body.startsWith("event: response.created\ndata: ")).toBe(true);
    expect((first!.requestBody as { model: string }).model).toBe("o4-mini");
  });

  test("VCR.py (v1) cassettes: body.string streams and parsed_body JSON replies", () => {
    const its = loadCassette(fixturePath("responses", "test_openai_responses_model_http_error.yaml"));
    expect(its[0]).toMatchObject({ status: 400, isStream: false });
    expect(JSON.parse(its[0]!.body).error.code).toBe("decimal_below_min_value");
    const stream = loadCassette(fixturePath("responses", "test_background_mode_streaming_vcr.yaml"))[0]!;
    expect(stream.isStream).toBe(true);
    expect(ssePayloads(stream.body)).toHaveLength(17);
  });

  test("reframeChunks writes event:, data: and [DONE]; ssePayloads reads the payloads back", () => {
    const sse = reframeChunks('{"type":"a"}\n{"type":"b","x":1}');
    expect(sse).toBe(
      'event: a\ndata: {"type":"a"}\n\nevent: b\ndata: {"type":"b","x":1}\n\ndata: [DONE]\n\n',
    );
    expect(ssePayloads(sse)).toEqual(['{"type":"a"}', '{"type":"b","x":1}']);
    expect(reframeChunks('{"type":"a"}', { eventLines: false, done: false })).toBe('data: {"type":"a"}\n\n');
  });

  test("recordedStreams and recordedBodies cover every streaming and JSON recording", () => {
    const streams = recordedStreams("open-responses");
    expect(streams.map((s) => s.name)).toContain(
      "open-responses/test_deepseek_responses[text_stream].yaml#0",
    );
    expect(streams.every((s) => s.payloads.length > 0)).toBe(true);
    expect(recordedBodies("responses").some((b) => b.name === "responses/openai-error.1.json")).toBe(true);
  });

  test("splitResponses starts a new response at each response.created", () => {
    const events = [
      "response.created",
      "x",
      "response.completed",
      "response.created",
      "y",
      "response.failed",
    ].map((type) => ({ type }));
    expect(splitResponses(events).map((r) => r.map((e) => e.type))).toEqual([
      ["response.created", "x", "response.completed"],
      ["response.created", "y", "response.failed"],
    ]);
  });
});

describe("validateAgainstSpec", () => {
  test("knows the spec's 24 event types", () => {
    expect(specEventTypes).toHaveLength(24);
  });

  test("reports where and why a value breaks the spec", () => {
    expect(
      validateAgainstSpec("StreamEvent", { type: "response.output_text.delta", sequence_number: 1 }),
    ).toContainEqual({
      path: "",
      message: "must have required property 'item_id'",
    });
    expect(validateAgainstSpec("StreamEvent", { type: "acme:x" })).toEqual([
      { path: "/type", message: 'the spec defines no event type "acme:x"' },
    ]);
    expect(
      validateAgainstSpec("ErrorEnvelope", { error: { type: "t", code: null, message: "m", param: null } }),
    ).toEqual([]);
    expect(validateAgainstSpec("ErrorEnvelope", { error: { message: "m" } }).length).toBeGreaterThan(0);
  });

  test("an unknown schema name is a programming error", () => {
    expect(() => validateAgainstSpec("NoSuchSchema", {})).toThrow("No schema named NoSuchSchema in the spec");
  });
});
