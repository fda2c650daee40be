import { OpenloopError } from "@openloop/protocol";
import { validateAgainstSpec } from "@openloop/protocol/fixtures";
import { describe, expect, it } from "vitest";
import { failedEvent, failureOf } from "./failure.js";

describe("failedEvent / failureOf", () => {
  it("builds a spec-valid response.failed that carries the typed error in-process", () => {
    const error = new OpenloopError("stream_interrupted", "The stream broke after 3 events.");
    const event = failedEvent(error, { id: "resp_1", model: "m" }, 7);
    expect(event.type).toBe("response.failed");
    expect(event.sequence_number).toBe(7);
    expect(event.response.error).toEqual({
      code: "stream_interrupted",
      message: "The stream broke after 3 events.",
    });
    expect(validateAgainstSpec("ResponseFailedStreamingEvent", event)).toEqual([]);
    expect(failureOf(event)).toBe(error);
    expect(failureOf(event.response)).toBe(error);
  });

  it("keeps the partial output", () => {
    const item = { type: "message", id: "msg_1", role: "assistant", status: "incomplete", content: [] };
    const event = failedEvent(new OpenloopError("aborted", "Aborted."), { output: [item] as never });
    expect(event.response.output).toEqual([item]);
  });

  it("rebuilds a typed error from a failure that came over the wire", () => {
    const wire = JSON.parse(JSON.stringify(failedEvent(new OpenloopError("aborted", "x"))));
    wire.response.error = { code: "server_overloaded", message: "Try later." };
    const error = failureOf(wire);
    expect(error).toBeInstanceOf(OpenloopError);
    expect(error?.code).toBe("model_failed");
    expect(error?.message).toBe("Try later.");
    expect(error?.details).toEqual({ serverCode: "server_overloaded" });
  });

  it("keeps openloop's own codes when they come back over the wire", () => {
    const wire = JSON.parse(JSON.stringify(failedEvent(new OpenloopError("stream_interrupted", "cut"))));
    expect(failureOf(wire)?.code).toBe("stream_interrupted");
  });

  it("returns undefined for anything that is not a failure", () => {
    expect(failureOf({ type: "response.completed", response: { status: "completed" } })).toBeUndefined();
    expect(failureOf(null)).toBeUndefined();
    expect(failureOf("x")).toBeUndefined();
  });
});
