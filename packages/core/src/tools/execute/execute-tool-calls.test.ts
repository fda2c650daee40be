import { OpenloopError } from "@openloop/protocol";
import PQueue from "p-queue";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { tool } from "../tool.js";
import type { AnyFunctionTool, ToolOutput } from "../types.js";
import { executeToolCalls } from "./execute-tool-calls.js";
import { NO_OUTPUT } from "./render-output.js";
import type { FunctionCallLike } from "./types.js";

const call = (name: string, args: unknown, id = `call_${name}`): FunctionCallLike => ({
  call_id: id,
  name,
  arguments: typeof args === "string" ? args : JSON.stringify(args),
});

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A tool that records how many of its calls run at once; each call lasts a few event-loop turns. */
function inFlightProbe(name = "probe") {
  const stats = { now: 0, max: 0, done: 0 };
  const t = tool({
    name,
    description: "Counts concurrent calls",
    parameters: z.object({ n: z.number() }),
    execute: async ({ n }) => {
      stats.now++;
      stats.max = Math.max(stats.max, stats.now);
      for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
      stats.now--;
      stats.done++;
      return n;
    },
  });
  return { tool: t, stats };
}

describe("executeToolCalls", () => {
  it("answers every call in call order even when they finish in reverse", async () => {
    const gates = [deferred(), deferred(), deferred()];
    const slow = tool({
      name: "slow",
      description: "Waits for its gate",
      parameters: z.object({ i: z.number() }),
      execute: async ({ i }) => {
        await gates[i]!.promise;
        return `done ${i}`;
      },
    });
    const finished: string[] = [];
    let started = 0;
    const batch = executeToolCalls(
      [call("slow", { i: 0 }, "a"), call("slow", { i: 1 }, "b"), call("slow", { i: 2 }, "c")],
      {
        tools: [slow],
        // Once all three run, release the last; each finish releases the one before it.
        onCallStart: () => {
          if (++started === 3) setImmediate(() => gates[2]!.resolve());
        },
        onCallFinish: (r) => {
          finished.push(r.call.call_id);
          gates[r.index - 1]?.resolve();
        },
      },
    );
    const { items, results } = await batch;
    expect(finished).toEqual(["c", "b", "a"]);
    expect(items).toEqual([
      { type: "function_call_output", call_id: "a", output: "done 0" },
      { type: "function_call_output", call_id: "b", output: "done 1" },
      { type: "function_call_output", call_id: "c", output: "done 2" },
    ]);
    expect(results.map((r) => [r.index, r.ok, r.value])).toEqual([
      [0, true, "done 0"],
      [1, true, "done 1"],
      [2, true, "done 2"],
    ]);
  });

  it("runs calls concurrently when no limit is set", async () => {
    const { tool: probe, stats } = inFlightProbe();
    await executeToolCalls(
      [1, 2, 3, 4].map((n) => call("probe", { n }, `c${n}`)),
      { tools: [probe] },
    );
    expect(stats.max).toBe(4);
  });

  it("honours the per-run concurrency limit", async () => {
    const { tool: probe, stats } = inFlightProbe();
    const { results } = await executeToolCalls(
      [1, 2, 3, 4, 5, 6].map((n) => call("probe", { n }, `c${n}`)),
      { tools: [probe], concurrency: 2 },
    );
    expect(stats).toEqual({ now: 0, max: 2, done: 6 });
    expect(results.map((r) => r.value)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("keeps a run's own queue across its batches", async () => {
    const { tool: probe, stats } = inFlightProbe();
    const queue = new PQueue({ concurrency: 1 });
    const calls = [1, 2, 3].map((n) => call("probe", { n }, `c${n}`));
    await Promise.all([
      executeToolCalls(calls, { tools: [probe], queue }),
      executeToolCalls(calls, { tools: [probe], queue }),
    ]);
    expect(stats).toMatchObject({ max: 1, done: 6 });
  });

  it("caps many runs together with a shared queue, on top of each run's limit", async () => {
    const { tool: probe, stats } = inFlightProbe();
    const sharedQueue = new PQueue({ concurrency: 3 });
    const calls = [1, 2, 3, 4].map((n) => call("probe", { n }, `c${n}`));
    const [first, second] = await Promise.all([
      executeToolCalls(calls, { tools: [probe], concurrency: 2, sharedQueue }),
      executeToolCalls(calls, { tools: [probe], concurrency: 2, sharedQueue }),
    ]);
    // 2 + 2 allowed per run, 3 overall.
    expect(stats).toMatchObject({ max: 3, done: 8 });
    expect(first?.results.every((r) => r.ok)).toBe(true);
    expect(second?.results.every((r) => r.ok)).toBe(true);
    expect(sharedQueue.size + sharedQueue.pending).toBe(0);
  });

  it("gives execute the parsed arguments, the call id and the run context", async () => {
    const seen: unknown[] = [];
    const echo = tool({
      name: "echo",
      description: "Echo",
      parameters: z.object({ text: z.string(), times: z.number().default(1) }),
      execute: (args, ctx) => {
        seen.push({ args, callId: ctx.callId, runContext: ctx.runContext, aborted: ctx.signal.aborted });
      },
    });
    await executeToolCalls([call("echo", { text: "hi", times: null }, "call_9")], {
      tools: [echo],
      runContext: { user: "ada" },
    });
    expect(seen).toEqual([
      { args: { text: "hi", times: 1 }, callId: "call_9", runContext: { user: "ada" }, aborted: false },
    ]);
  });

  it("calls the start hook before the finish hook, once each, for every call", async () => {
    const ok = tool({ name: "ok", description: "Fine", parameters: z.object({}), execute: () => "fine" });
    const events: string[] = [];
    await executeToolCalls([call("ok", {}, "1"), call("nope", {}, "2"), call("ok", "{oops", "3")], {
      tools: [ok],
      onCallStart: (s) => events.push(`start ${s.call.call_id}`),
      onCallFinish: (r) => events.push(`finish ${r.call.call_id} ${r.ok ? "ok" : r.error.code}`),
    });
    expect(events.filter((e) => e.startsWith("start")).sort()).toEqual(["start 1", "start 2", "start 3"]);
    expect(events.filter((e) => e.startsWith("finish")).sort()).toEqual([
      "finish 1 ok",
      "finish 2 unknown_tool",
      "finish 3 invalid_tool_arguments",
    ]);
    for (const id of ["1", "2", "3"]) {
      expect(events.indexOf(`start ${id}`)).toBeLessThan(
        events.findIndex((e) => e.startsWith(`finish ${id}`)),
      );
    }
  });

  it("ignores exceptions thrown by hooks, losing no result", async () => {
    const ok = tool({ name: "ok", description: "Fine", parameters: z.object({}), execute: () => "fine" });
    const { items } = await executeToolCalls([call("ok", {})], {
      tools: [ok],
      onCallStart: () => {
        throw new Error("hook bug");
      },
      onCallFinish: () => {
        throw new Error("hook bug");
      },
    });
    expect(items).toEqual([{ type: "function_call_output", call_id: "call_ok", output: "fine" }]);
  });

  it("renders each kind of return value as the spec's output", async () => {
    const values: Record<string, ToolOutput> = {
      text: "plain text",
      json: { temp: 21, tags: ["a"] },
      number: 42,
      nothing: undefined,
      parts: [
        { type: "input_text", text: "see image" },
        { type: "input_image", image_url: "data:image/png;base64,iVBORw0KGgo=", detail: "low" },
      ],
      emptyArray: [],
    };
    const show = tool({
      name: "show",
      description: "Returns a canned value",
      parameters: z.object({ key: z.string() }),
      execute: ({ key }) => values[key],
    });
    const { items } = await executeToolCalls(
      Object.keys(values).map((key) => call("show", { key }, key)),
      { tools: [show] },
    );
    expect(Object.fromEntries(items.map((i) => [i.call_id, i.output]))).toEqual({
      text: "plain text",
      json: '{"temp":21,"tags":["a"]}',
      number: "42",
      nothing: NO_OUTPUT,
      parts: values.parts,
      emptyArray: "[]",
    });
  });

  it("accepts the registry as a Map", async () => {
    const ok = tool({ name: "ok", description: "Fine", parameters: z.object({}), execute: () => "fine" });
    const { results } = await executeToolCalls([call("ok", {})], {
      tools: new Map<string, AnyFunctionTool>([["ok", ok]]),
    });
    expect(results[0]?.ok).toBe(true);
  });

  it("rejects invalid options as a programmer error", async () => {
    const ok = tool({ name: "ok", description: "Fine", parameters: z.object({}), execute: () => "fine" });
    await expect(executeToolCalls([], { tools: [ok], concurrency: 0 })).rejects.toSatisfy(
      (e) => OpenloopError.is(e, "invalid_config") && /concurrency/.test((e as Error).message),
    );
    await expect(executeToolCalls([], { tools: [ok, ok] })).rejects.toThrow(/two tools are named "ok"/);
    await expect(executeToolCalls([], { tools: [ok], defaultTimeoutMs: -1 })).rejects.toThrow(
      /defaultTimeoutMs/,
    );
  });
});
