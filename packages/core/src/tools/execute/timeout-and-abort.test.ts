/** Timeouts and the run's AbortSignal: tools are told, the batch never waits on a tool that ignores them. */
import { getEventListeners } from "node:events";
import { OpenloopError } from "@openloop/protocol";
import PQueue from "p-queue";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { tool } from "../tool.js";
import { executeToolCalls } from "./execute-tool-calls.js";
import type { FunctionCallLike } from "./types.js";

const call = (name: string, id: string): FunctionCallLike => ({ call_id: id, name, arguments: "{}" });

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("timeouts", () => {
  it("settle a call whose tool ignores its signal, abort ctx.signal with the reason, and drop the late answer", async () => {
    const late = deferred<string>();
    let signal: AbortSignal | undefined;
    const stubborn = tool({
      name: "stubborn",
      description: "Ignores its signal",
      parameters: z.object({}),
      timeoutMs: 20,
      execute: (_args, ctx) => {
        signal = ctx.signal;
        return late.promise;
      },
    });
    const { results } = await executeToolCalls([call("stubborn", "c1")], { tools: [stubborn] });
    expect(results[0]?.error?.code).toBe("tool_timeout");
    expect(signal?.aborted).toBe(true);
    expect(OpenloopError.is(signal?.reason, "tool_timeout")).toBe(true);
    // The tool's eventual rejection must not surface as an unhandled rejection.
    late.reject(new Error("too late"));
    await new Promise((r) => setImmediate(r));
    expect(results[0]?.item.output).toBe('Error: Tool "stubborn" timed out after 20 ms.');
  });

  it("give a tool that first reads ctx.signal after its timeout a signal already aborted with the timeout", async () => {
    const ctxSeen = deferred<{ signal: AbortSignal }>();
    const slow = tool({
      name: "slow",
      description: "Looks at its signal only late",
      parameters: z.object({}),
      timeoutMs: 10,
      execute: (_args, ctx) => {
        ctxSeen.resolve(ctx);
        return new Promise(() => {});
      },
    });
    const { results } = await executeToolCalls([call("slow", "c1")], { tools: [slow] });
    expect(results[0]?.error?.code).toBe("tool_timeout");
    const { signal } = await ctxSeen.promise; // read only now, after the call settled
    expect(signal.aborted).toBe(true);
    expect(OpenloopError.is(signal.reason, "tool_timeout")).toBe(true);
  });

  it("use the run's default for tools without their own, and the tool's own when set", async () => {
    const forever = (name: string, timeoutMs?: number) =>
      tool({
        name,
        description: "Never answers",
        parameters: z.object({}),
        timeoutMs,
        execute: () => new Promise(() => {}),
      });
    const { results } = await executeToolCalls([call("a", "1"), call("b", "2")], {
      tools: [forever("a"), forever("b", 15)],
      defaultTimeoutMs: 30,
    });
    expect(results.map((r) => r.item.output)).toEqual([
      'Error: Tool "a" timed out after 30 ms.',
      'Error: Tool "b" timed out after 15 ms.',
    ]);
  });
});

describe("the run's signal", () => {
  it("carries no listener of ours once a batch is over (a long run makes many batches)", async () => {
    const controller = new AbortController();
    const ok = tool({ name: "ok", description: "Fine", parameters: z.object({}), execute: () => "fine" });
    const slow = tool({
      name: "slow",
      description: "Times out",
      parameters: z.object({}),
      timeoutMs: 10,
      execute: () => new Promise(() => {}),
    });
    for (let i = 0; i < 3; i++) {
      await executeToolCalls([call("ok", "a"), call("slow", "b")], {
        tools: [ok, slow],
        signal: controller.signal,
        concurrency: 1,
      });
    }
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });
});

describe("aborting the run", () => {
  it("keeps completed results, aborts running tools with the run's reason, and never starts queued ones", async () => {
    const controller = new AbortController();
    const signals: Record<string, AbortSignal> = {};
    const started: string[] = [];
    const fast = tool({
      name: "fast",
      description: "Done at once",
      parameters: z.object({}),
      execute: () => "fast result",
    });
    const polite = tool({
      name: "polite",
      description: "Stops when told",
      parameters: z.object({}),
      execute: (_args, ctx) =>
        new Promise((_resolve, reject) => {
          started.push(ctx.callId);
          signals[ctx.callId] = ctx.signal;
          ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason));
        }),
    });
    const stubborn = tool({
      name: "stubborn",
      description: "Ignores its signal",
      parameters: z.object({}),
      execute: (_args, ctx) => {
        started.push(ctx.callId);
        signals[ctx.callId] = ctx.signal;
        return new Promise(() => {});
      },
    });
    const reason = new Error("user pressed stop");
    const { items, results, aborted } = await executeToolCalls(
      [call("fast", "f"), call("polite", "p"), call("stubborn", "s"), call("polite", "queued")],
      {
        tools: [fast, polite, stubborn],
        signal: controller.signal,
        concurrency: 3,
        // Abort as the first call completes: "p" and "s" are running, "queued" waits for a slot.
        onCallFinish: (r) => {
          if (r.call.call_id === "f") controller.abort(reason);
        },
      },
    );
    expect(aborted).toBe(true);
    expect(started).toEqual(["p", "s"]);
    expect(results.map((r) => (r.ok ? "ok" : r.error.code))).toEqual(["ok", "aborted", "aborted", "aborted"]);
    expect(items[0]).toEqual({ type: "function_call_output", call_id: "f", output: "fast result" });
    expect(items[1]?.output).toBe('Error: Tool "polite" did not finish: the run was aborted.');
    expect(signals.p?.reason).toBe(reason);
    expect(signals.s?.reason).toBe(reason);
    expect(results[2]?.error?.cause).toBe(reason);
    // Every listener the batch put on the run's signal is gone.
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("with an already aborted signal runs no tool and answers every call", async () => {
    let ran = false;
    const t = tool({
      name: "t",
      description: "Should not run",
      parameters: z.object({}),
      execute: () => {
        ran = true;
      },
    });
    const { items, aborted } = await executeToolCalls([call("t", "1"), call("t", "2")], {
      tools: [t],
      signal: AbortSignal.abort(),
    });
    expect(ran).toBe(false);
    expect(aborted).toBe(true);
    expect(items.map((i) => i.call_id)).toEqual(["1", "2"]);
  });

  it("removes this run's waiting calls from a shared queue at once, leaving other runs' calls alone", async () => {
    const sharedQueue = new PQueue({ concurrency: 1 });
    const release = deferred();
    const blocker = tool({
      name: "blocker",
      description: "Holds the shared slot",
      parameters: z.object({}),
      execute: () => release.promise.then(() => "released"),
    });
    const other = executeToolCalls([call("blocker", "other")], { tools: [blocker], sharedQueue });
    const controller = new AbortController();
    const mine = executeToolCalls([call("blocker", "m1"), call("blocker", "m2")], {
      tools: [blocker],
      sharedQueue,
      signal: controller.signal,
    });
    await new Promise((r) => setImmediate(r));
    expect(sharedQueue.size).toBe(2);
    controller.abort();
    const result = await mine; // settles while the other run still holds the only slot
    expect(result.results.map((r) => r.error?.code)).toEqual(["aborted", "aborted"]);
    expect(sharedQueue.size).toBe(0);
    release.resolve();
    expect((await other).items[0]?.output).toBe("released");
  });
});
