/**
 * A custom Model that hands `decodeSSE`'s events straight to the loop: when the decoder stops a
 * stream at an event past `maxEventLength`, the run fails `stream_interrupted` with the decoder's
 * reason, not `model_failed` as if the server had reported it.
 */
import { decodeSSE, OpenloopError } from "@openloop/protocol";
import { describe, expect, test } from "vitest";
import { Agent } from "../agent/agent.js";
import type { Model } from "../model/model.js";
import { run } from "../run/run.js";

describe("a stream the decoder stopped (event past maxEventLength)", () => {
  test("fails the run with stream_interrupted naming maxEventLength", async () => {
    const wire = [
      'data: {"type":"response.created","sequence_number":0,"response":{"id":"r","object":"response","status":"in_progress","model":"m","output":[]}}\n\n',
      'data: {"type":"response.output_text.delta","delta":"',
      "x".repeat(5000),
    ];
    const model: Model = { stream: () => decodeSSE(wire, { maxEventLength: 1000 }) };
    const error = await run(new Agent({ name: "a", model }), "hi").catch((e: unknown) => e);
    expect(OpenloopError.is(error, "stream_interrupted")).toBe(true);
    expect((error as Error).message).toContain("maxEventLength");
  });
});
