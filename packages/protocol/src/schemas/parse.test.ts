import { describe, expect, test } from "vitest";
import { OpenloopError } from "../errors/index.js";
import {
  parseCreateResponseBody,
  parseItemParam,
  parseOutputItem,
  parseResponseResource,
  parseStreamEvent,
  validateStreamEvent,
} from "./parse.js";

function thrown(fn: () => unknown): OpenloopError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(OpenloopError);
    return error as OpenloopError;
  }
  throw new Error("expected a throw");
}

const delta = {
  type: "response.output_text.delta",
  sequence_number: 1,
  item_id: "m",
  output_index: 0,
  content_index: 0,
  delta: "x",
};

describe("parseStreamEvent", () => {
  test("returns a valid known event, unknown keys kept (obfuscation, logprobs, vendor fields)", () => {
    const event = { ...delta, obfuscation: "abc", logprobs: [], vendor_extra: { a: 1 } };
    expect(parseStreamEvent(event)).toEqual(event);
  });

  test("passes extension and vendor events through unchanged (same object)", () => {
    for (const event of [
      { type: "acme:trace_event", sequence_number: 3, phase: "x" },
      { type: "response.reasoning_part.added", sequence_number: 4 },
      { type: "response.mcp_call.in_progress", sequence_number: 5, item_id: "mcp_1" },
    ]) {
      expect(parseStreamEvent(event)).toBe(event);
    }
  });

  test("a known event with a wrong field: invalid_event, naming the event type, the field and the cause", () => {
    const error = thrown(() => parseStreamEvent({ ...delta, delta: 5 }));
    expect(error.code).toBe("invalid_event");
    expect(error.message).toBe(
      "Invalid event `response.output_text.delta`: delta: Invalid input: expected string, received number",
    );
  });

  test("a known event missing a required field names it", () => {
    const { sequence_number: _, ...rest } = delta;
    expect(thrown(() => parseStreamEvent(rest)).message).toBe(
      "Invalid event `response.output_text.delta`: sequence_number: Invalid input: expected number, received undefined",
    );
  });

  test("a nested failure inside an item points at the nested path", () => {
    const event = {
      type: "response.output_item.done",
      sequence_number: 2,
      output_index: 0,
      item: { type: "function_call", id: "fc", call_id: "c", name: "f", arguments: {}, status: "completed" },
    };
    expect(thrown(() => parseStreamEvent(event)).message).toBe(
      "Invalid event `response.output_item.done`: item.arguments: Invalid input: expected string, received object",
    );
  });

  test("not an object, or no string type: invalid_event", () => {
    for (const value of [null, "text", [1], { sequence_number: 1 }, { type: 7 }]) {
      const error = thrown(() => parseStreamEvent(value));
      expect(error.code).toBe("invalid_event");
      expect(error.message).toMatch(/^Invalid event: /);
    }
  });

  test("validateStreamEvent returns the error instead of throwing", () => {
    expect(validateStreamEvent(delta)).toBeUndefined();
    expect(validateStreamEvent({ ...delta, content_index: "0" })?.code).toBe("invalid_event");
  });
});

describe("parse helpers for items, responses and requests", () => {
  test("parseOutputItem: a known item must match; an unknown type is kept; code invalid_response", () => {
    const webSearch = {
      type: "web_search_call",
      id: "ws_1",
      status: "completed",
      action: { type: "search" },
    };
    expect(parseOutputItem(webSearch)).toBe(webSearch);
    const error = thrown(() =>
      parseOutputItem({ type: "message", id: "m", status: "done", role: "assistant", content: [] }),
    );
    expect(error.code).toBe("invalid_response");
    expect(error.message).toBe(
      'Invalid output item: status: Invalid option: expected one of "in_progress"|"completed"|"incomplete"',
    );
  });

  test("parseResponseResource: a response missing required fields lists them", () => {
    const error = thrown(() => parseResponseResource({ id: "r", object: "response" }));
    expect(error.code).toBe("invalid_response");
    expect(error.message).toMatch(/^Invalid response: created_at: .*; and \d+ more$/);
  });

  test("parseItemParam: the `{ role, content }` shorthand is not an ItemParam (the spec requires type)", () => {
    expect(parseItemParam({ type: "message", role: "user", content: "hi" })).toEqual({
      type: "message",
      role: "user",
      content: "hi",
    });
    expect(parseItemParam({ id: "msg_1" })).toEqual({ id: "msg_1" });
    const error = thrown(() => parseItemParam({ role: "user", content: "hi" }));
    expect(error.code).toBe("invalid_request");
    expect(error.message).toBe(
      'Invalid input item: type: a message needs `type: "message"` (the spec requires it); normalizeInput() adds it to the { role, content } shorthand',
    );
    expect(error.param).toBe("type");
  });

  test("parseCreateResponseBody: a shorthand message is named as such, not as an item reference missing its id", () => {
    const error = thrown(() =>
      parseCreateResponseBody({
        model: "m",
        input: [
          { type: "message", role: "user", content: "hi" },
          { role: "assistant", content: "hello" },
        ],
      }),
    );
    expect(error.code).toBe("invalid_request");
    expect(error.param).toBe("input[1].type");
    expect(error.message).toMatch(
      /^Invalid request body: input\[1\]\.type: a message needs `type: "message"`/,
    );
    expect(error.message).not.toMatch(/\bid\b/);
  });

  test("parseCreateResponseBody: bounds and enums are enforced, with the parameter named", () => {
    expect(parseCreateResponseBody({ model: "m", input: "hi", tool_choice: "required" })).toMatchObject({
      model: "m",
    });
    expect(thrown(() => parseCreateResponseBody({ max_output_tokens: 5 })).message).toBe(
      "Invalid request body: max_output_tokens: Too small: expected number to be >=16",
    );
    expect(thrown(() => parseCreateResponseBody({ tool_choice: "sometimes" })).code).toBe("invalid_request");
    expect(
      thrown(() => parseCreateResponseBody({ tools: [{ type: "function", name: "bad name!" }] })).message,
    ).toMatch(/^Invalid request body: tools\[0\]\.name: /);
  });

  test("a request error carries the parameter at fault as `param` (the spec's error envelope names it)", () => {
    expect(thrown(() => parseCreateResponseBody({ max_output_tokens: 5 })).param).toBe("max_output_tokens");
    expect(
      thrown(() => parseCreateResponseBody({ tools: [{ type: "function", name: "bad name!" }] })).param,
    ).toBe("tools[0].name");
    expect(
      thrown(() =>
        parseCreateResponseBody({
          input: [{ type: "message", role: "user", content: [{ type: "input_text" }] }],
        }),
      ).param,
    ).toBe("input[0].content[0].text");
    expect(thrown(() => parseCreateResponseBody("not an object")).param).toBeNull();
    expect(thrown(() => parseResponseResource({})).param).toBeNull();
  });
});
