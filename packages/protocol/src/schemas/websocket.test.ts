import { validateAgainstSpec } from "@openloop/protocol/fixtures";
import { describe, expect, test } from "vitest";
import { WebSocketErrorEvent } from "./errors.js";
import { WebSocketResponseCreateEvent } from "./request.js";

describe("WebSocket transport messages agree with the spec", () => {
  test("response.create: a request body with a type; stream, stream_options and background are refused", () => {
    const ok = {
      type: "response.create",
      model: "m",
      input: "hi",
      store: false,
      previous_response_id: "resp_1",
    };
    expect(WebSocketResponseCreateEvent.safeParse(ok).success).toBe(true);
    expect(validateAgainstSpec("WebSocketResponseCreateEvent", ok)).toEqual([]);
    for (const key of ["stream", "stream_options", "background"]) {
      const bad = { ...ok, [key]: key === "stream_options" ? {} : true };
      expect(WebSocketResponseCreateEvent.safeParse(bad).success, key).toBe(false);
      expect(validateAgainstSpec("WebSocketResponseCreateEvent", bad).length, key).toBeGreaterThan(0);
    }
  });

  test("error: status and error are required; error.code and error.message too", () => {
    const ok = {
      type: "error",
      status: 404,
      error: { code: "previous_response_not_found", message: "gone", param: null },
    };
    expect(WebSocketErrorEvent.safeParse(ok).success).toBe(true);
    expect(validateAgainstSpec("WebSocketErrorEvent", ok)).toEqual([]);
    const bad = { type: "error", status: 404, error: { message: "gone" } };
    expect(WebSocketErrorEvent.safeParse(bad).success).toBe(false);
    expect(validateAgainstSpec("WebSocketErrorEvent", bad).length).toBeGreaterThan(0);
  });
});
