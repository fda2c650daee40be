/** Every way a call can fail becomes an output that tells the model what went wrong, and nothing else. */
import { OpenloopError } from "@openloop/protocol";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { tool } from "../tool.js";
import { executeToolCalls } from "./execute-tool-calls.js";
import type { FunctionCallLike, ToolCallResult } from "./types.js";

const call = (name: string, args: string, id: string): FunctionCallLike => ({
  call_id: id,
  name,
  arguments: args,
});

const add = tool({
  name: "add",
  description: "Adds two integers",
  parameters: z.object({ a: z.int(), b: z.int() }),
  execute: ({ a, b }) => a + b,
});
const explode = tool({
  name: "explode",
  description: "Always fails",
  parameters: z.object({}),
  execute: () => {
    throw new Error("disk full at /var/data");
  },
});
const rejectString = tool({
  name: "reject_string",
  description: "Rejects with a string",
  parameters: z.object({}),
  execute: async () => Promise.reject("quota exceeded"),
});
const hang = tool({
  name: "hang",
  description: "Never answers",
  parameters: z.object({}),
  timeoutMs: 25,
  execute: () => new Promise(() => {}),
});
const circular = tool({
  name: "circular",
  description: "Returns a cycle",
  parameters: z.object({}),
  execute: () => {
    const o: Record<string, unknown> = {};
    o.self = o;
    return o;
  },
});
const badPart = tool({
  name: "bad_part",
  description: "Returns a broken part",
  parameters: z.object({}),
  execute: () => [{ type: "input_image" }],
});
const tools = [add, explode, rejectString, hang, circular, badPart];

async function one(name: string, args: string): Promise<ToolCallResult> {
  const { results } = await executeToolCalls([call(name, args, "c1")], { tools });
  return results[0]!;
}

describe("failed calls", () => {
  it("an unknown tool lists the available names", async () => {
    const r = await one("multiply", '{"a":1,"b":2}');
    expect(r.error?.code).toBe("unknown_tool");
    expect(r.item.output).toBe(
      'Error: Unknown tool "multiply". Available tools: add, explode, reject_string, hang, circular, bad_part.',
    );
  });

  it("an unknown tool with no tools at all says so", async () => {
    const { items } = await executeToolCalls([call("add", "{}", "c1")], { tools: [] });
    expect(items[0]?.output).toBe('Error: Unknown tool "add". No tools are available.');
  });

  it("bad JSON says the arguments are not JSON", async () => {
    const r = await one("add", '{"a":1,');
    expect(r.error?.code).toBe("invalid_tool_arguments");
    expect(r.item.output).toMatch(
      /^Error: Invalid arguments for tool "add": not valid JSON \(.+\)\. Send the arguments as one JSON object\.$/,
    );
  });

  it("a schema failure lists each problem with its path", async () => {
    const r = await one("add", '{"a":"1","b":2.5}');
    expect(r.error?.code).toBe("invalid_tool_arguments");
    expect(r.item.output).toBe(
      'Error: Invalid arguments for tool "add":\n' +
        "- at a: Invalid input: expected number, received string\n" +
        "- at b: Invalid input: expected int, received number",
    );
  });

  it("empty arguments (sent by some providers for argument-less tools) read as {}", async () => {
    const r = await one("explode", "");
    expect(r.error?.code).toBe("tool_error"); // it got past parsing
  });

  it("a thrown error gives its message, never the stack", async () => {
    const r = await one("explode", "{}");
    expect(r.error?.code).toBe("tool_error");
    expect(r.item.output).toBe('Error: Tool "explode" failed: disk full at /var/data');
    expect(r.item.output).not.toMatch(/\bat .*\.ts:\d+/);
    expect(r.error?.cause).toMatchObject({ message: "disk full at /var/data" });
  });

  it("a rejection with a non-Error is reported too", async () => {
    const r = await one("reject_string", "{}");
    expect(r.item.output).toBe('Error: Tool "reject_string" failed: quota exceeded');
  });

  it("a timeout says the limit", async () => {
    const r = await one("hang", "{}");
    expect(r.error?.code).toBe("tool_timeout");
    expect(r.item.output).toBe('Error: Tool "hang" timed out after 25 ms.');
  });

  it("an output JSON cannot carry is a tool error, not a crash", async () => {
    const r = await one("circular", "{}");
    expect(r.error?.code).toBe("tool_error");
    expect(r.item.output).toMatch(
      /^Error: Tool "circular" failed: it returned a value that is not JSON-serializable/,
    );
  });

  it("a malformed content part is a tool error (the server would reject the whole request)", async () => {
    const r = await one("bad_part", "{}");
    expect(r.error?.code).toBe("tool_error");
    expect(r.item.output).toBe(
      'Error: Tool "bad_part" failed: it returned an invalid content part at [0]: input_image needs an `image_url` (a URL or a data: URL)',
    );
  });

  it("one call's failure never costs its siblings their results", async () => {
    const calls = [
      call("add", '{"a":1,"b":2}', "ok1"),
      call("nope", "{}", "unknown"),
      call("add", "{", "json"),
      call("add", '{"a":"x","b":1}', "schema"),
      call("explode", "{}", "threw"),
      call("hang", "{}", "timeout"),
      call("add", '{"a":40,"b":2}', "ok2"),
    ];
    const { items, results, aborted } = await executeToolCalls(calls, { tools });
    expect(aborted).toBe(false);
    expect(items.map((i) => i.call_id)).toEqual(calls.map((c) => c.call_id));
    expect(results.map((r) => (r.ok ? r.item.output : r.error.code))).toEqual([
      "3",
      "unknown_tool",
      "invalid_tool_arguments",
      "invalid_tool_arguments",
      "tool_error",
      "tool_timeout",
      "42",
    ]);
    for (const r of results) if (!r.ok) expect(r.error).toBeInstanceOf(OpenloopError);
  });

  it("formatError decides what the model reads", async () => {
    const { items } = await executeToolCalls([call("explode", "{}", "c1")], {
      tools,
      formatError: (error, c) => JSON.stringify({ error: error.code, call: c.call_id }),
    });
    expect(items[0]?.output).toBe('{"error":"tool_error","call":"c1"}');
  });
});
