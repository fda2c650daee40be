import { describe, expect, expectTypeOf, test } from "vitest";
import { type ExtensionEvent, isKnownEvent, type KnownStreamEvent, StreamEvent } from "./events.js";
import { ItemParam } from "./item-params.js";
import { type ExtensionItem, isKnownItem, type KnownOutputItem, OutputItem } from "./items.js";
import { ResponseResource } from "./response.js";
import { ToolChoice, ToolParam } from "./tools.js";

describe("open unions", () => {
  test("switch (event.type) narrows the known events; anything else is typed as an extension", () => {
    const describe = (event: StreamEvent): string => {
      switch (event.type) {
        case "response.output_text.delta":
          expectTypeOf(event.delta).toEqualTypeOf<string>();
          return event.delta;
        case "response.function_call_arguments.done":
          return event.arguments;
        case "error":
          return event.error.message;
        default:
          return event.type;
      }
    };
    expect(describe({ type: "acme:x" } as StreamEvent)).toBe("acme:x");
    expectTypeOf<ExtensionEvent["type"]>().toEqualTypeOf<`${string}:${string}`>();
  });

  test("isKnownEvent / isKnownItem narrow to the known members", () => {
    const event = StreamEvent.parse({ type: "response.web_search_call.searching", sequence_number: 1 });
    expect(isKnownEvent(event)).toBe(false);
    const known = StreamEvent.parse({
      type: "response.queued",
      sequence_number: 0,
      response: ResponseResource.parse(minimal),
    });
    expect(isKnownEvent(known)).toBe(true);
    if (isKnownEvent(known)) expectTypeOf(known).toEqualTypeOf<KnownStreamEvent>();

    const item = OutputItem.parse({ type: "mcp_call", id: "mcp_1", status: "completed" });
    expect(isKnownItem(item)).toBe(false);
    if (!isKnownItem(item)) expectTypeOf(item).toEqualTypeOf<ExtensionItem>();
    const fc = OutputItem.parse({
      type: "function_call",
      id: "f",
      call_id: "c",
      name: "n",
      arguments: "{}",
      status: "completed",
    });
    expect(isKnownItem(fc)).toBe(true);
    if (isKnownItem(fc)) expectTypeOf(fc).toEqualTypeOf<KnownOutputItem>();
  });

  test("slug-prefixed and unprefixed unknown items, tools and tool choices are kept verbatim", () => {
    const custom = { type: "acme:search_result", id: "sr_1", status: "completed", hits: [{ a: 1 }] };
    expect(OutputItem.parse(custom)).toBe(custom);
    expect(ItemParam.parse(custom)).toBe(custom);
    const hosted = { type: "code_interpreter", container: { type: "auto" } };
    expect(ToolParam.parse(hosted)).toBe(hosted);
    expect(ToolChoice.parse({ type: "web_search_preview" })).toEqual({ type: "web_search_preview" });
  });

  test("a known type never falls back to the extension member when it is malformed", () => {
    expect(OutputItem.safeParse({ type: "message", id: "m" }).success).toBe(false);
    expect(StreamEvent.safeParse({ type: "response.completed", sequence_number: 1 }).success).toBe(false);
    expect(ToolParam.safeParse({ type: "function" }).success).toBe(false);
  });

  test("every tool_choice form of the spec parses", () => {
    for (const choice of [
      "none",
      "auto",
      "required",
      { type: "function", name: "get_weather" },
      { type: "allowed_tools", tools: [{ type: "function", name: "a" }] },
      { type: "allowed_tools", tools: [{ type: "function", name: "a" }], mode: "required" },
    ]) {
      expect(ToolChoice.safeParse(choice).error).toBeUndefined();
    }
    expect(ToolChoice.safeParse({ type: "allowed_tools", tools: [] }).success).toBe(false);
    expect(ToolChoice.safeParse("sometimes").success).toBe(false);
  });
});

const minimal = {
  id: "resp_1",
  object: "response",
  created_at: 1,
  completed_at: null,
  status: "queued",
  incomplete_details: null,
  model: "m",
  previous_response_id: null,
  instructions: null,
  output: [],
  error: null,
  tools: [],
  tool_choice: "auto",
  truncation: "disabled",
  parallel_tool_calls: true,
  text: { format: { type: "text" } },
  top_p: 1,
  presence_penalty: 0,
  frequency_penalty: 0,
  top_logprobs: 0,
  temperature: 1,
  reasoning: null,
  usage: null,
  max_output_tokens: null,
  max_tool_calls: null,
  store: false,
  background: true,
  service_tier: "default",
  metadata: {},
  safety_identifier: null,
  prompt_cache_key: null,
};
