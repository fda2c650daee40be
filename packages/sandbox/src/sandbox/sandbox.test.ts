import { tool } from "@openloop/core";
import { OpenloopError } from "@openloop/protocol";
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { RunOptions } from "./run-options.js";
import { Sandbox } from "./sandbox.js";

const sandbox = new Sandbox({ workers: 2, limits: { timeoutMs: 2000 } });
afterAll(() => sandbox.close());

describe("Sandbox.run: results", () => {
  it("resolves with stdout and the last expression as JSON text and a preview", async () => {
    const r = await sandbox.run("const xs = [3, 1, 2]; console.log('sorting', xs.length); xs.sort()");
    expect(r).toMatchObject({
      status: "ok",
      stdout: "sorting 3\n",
      stderr: "",
      result: { json: "[1,2,3]", preview: "[ 1, 2, 3 ]", type: "array" },
      error: null,
      truncated: { stdout: false, stderr: false, result: false },
    });
    expect(r.stats.workerPid).toBeGreaterThan(0);
    expect(r.durationMs).toBeGreaterThan(0);
  });

  it("gives a null result when the last value is undefined", async () => {
    expect((await sandbox.run("let a = 1")).result).toBeNull();
  });

  it("previews what JSON cannot carry: functions, bigints, Maps, cycles", async () => {
    const r = await sandbox.run(
      "const o = { n: 10n, m: new Map([['k', 1]]), f: function named() {} }; o.self = o; o",
    );
    expect(r.result?.preview).toBe(
      "{ n: 10n, m: Map(1) { 'k' => 1 }, f: [Function: named], self: [Circular] }",
    );
    expect(r.result?.json).toBe('{"n":"10","m":{},"self":"[Circular]"}');
    expect((await sandbox.run("() => 1")).result).toEqual({
      json: null,
      preview: "[Function: (anonymous)]",
      type: "function",
    });
  });

  it("awaits a top-level promise and returns its value", async () => {
    const r = await sandbox.run("await new Promise((resolve) => resolve('later'))");
    expect(r.result?.json).toBe('"later"');
  });

  it("routes console.warn/error to stderr and formats objects like util.inspect", async () => {
    const r = await sandbox.run(
      "console.error('bad', { a: [1, { b: 2 }] }); console.warn(null, undefined, 3n)",
    );
    expect(r.stderr).toBe("bad { a: [ 1, { b: 2 } ] }\nnull undefined 3n\n");
    expect(r.stdout).toBe("");
  });
});

describe("Sandbox.run: faults of the code are results", () => {
  it("reports a thrown error with its name, message and a stack pointing at the cell", async () => {
    const r = await sandbox.run("const a = 1;\nnull.boom");
    expect(r.status).toBe("error");
    expect(r.error?.name).toBe("TypeError");
    expect(r.error?.message).toMatch(/Cannot read properties of null/);
    expect(r.error?.stack).toMatch(/cell-1\.js:2:\d+/);
    expect(r.error?.stack).not.toMatch(/openloop:|isolated-vm|node:/);
  });

  it("reports a thrown non-error value", async () => {
    const r = await sandbox.run("throw { code: 42 }");
    expect(r.error).toEqual({ name: "Uncaught", message: "{ code: 42 }", stack: null });
  });

  it("reports a syntax error without running anything", async () => {
    const r = await sandbox.run("console.log('ran');\nlet = ;");
    expect(r.status).toBe("error");
    expect(r.error).toMatchObject({ name: "SyntaxError", message: "Unexpected token (2:6)", stack: null });
    expect(r.stdout).toBe("");
  });

  it("reports an unhandled promise rejection as the run's error", async () => {
    const r = await sandbox.run(
      "console.log('before'); Promise.reject(new RangeError('nobody caught me')); 1",
    );
    expect(r.status).toBe("error");
    expect(r.error?.name).toBe("RangeError");
    expect(r.error?.message).toContain("nobody caught me");
    expect(r.stdout).toBe("before\n");
  });

  it("refuses code over maxCodeBytes", async () => {
    const r = await sandbox.run(`// ${"x".repeat(300)}`, { limits: { maxCodeBytes: 100 } });
    expect(r.status).toBe("error");
    expect(r.error).toMatchObject({
      name: "CodeTooLargeError",
      message: "The code is 303 bytes; the limit is 100.",
    });
  });

  it("stops a run at its deadline and keeps the output printed so far", async () => {
    const r = await sandbox.run("console.log('started'); while (true) {}", { timeoutMs: 200 });
    expect(r.status).toBe("timeout");
    expect(r.stdout).toBe("started\n");
    expect(r.error).toMatchObject({
      name: "TimeoutError",
      message: "Execution exceeded the 200 ms time limit.",
    });
  });
});

describe("Sandbox.run: a worker that dies under a run", () => {
  it("reports `crashed` when the worker process is killed from outside, and a new worker takes over", async () => {
    const one = new Sandbox({ workers: 1 });
    try {
      const pending = one.run("console.log('working'); await new Promise(() => {})", { timeoutMs: 20_000 });
      await waitFor(() => one.stats().workers[0]?.state === "busy");
      const pid = one.stats().workers[0]!.pid!;
      process.kill(pid, "SIGKILL"); // an operator, the OOM killer…
      const r = await pending;
      expect(r).toMatchObject({
        status: "crashed",
        error: { name: "SandboxError", message: "The worker process running the code crashed (SIGKILL)." },
        result: null,
      });
      const next = await one.run("1 + 1");
      expect(next.result?.json).toBe("2");
      expect(next.stats.workerPid).not.toBe(pid);
    } finally {
      await one.close();
    }
  });
});

describe("Sandbox.run: output and result limits", () => {
  it("keeps the head and the tail of long output with a notice in between", async () => {
    const r = await sandbox.run("for (let i = 0; i < 1000; i++) console.log('line ' + i)", {
      limits: { maxOutputChars: 200 },
    });
    expect(r.truncated.stdout).toBe(true);
    expect(r.stdout.startsWith("line 0\nline 1\n")).toBe(true);
    expect(r.stdout.endsWith("line 998\nline 999\n")).toBe(true);
    expect(r.stdout).toMatch(/\n… \[\d+ characters elided\] …\n/);
    expect(r.stdout.length).toBeLessThan(300);
  });

  it("keeps only a preview of a result whose JSON is over the limit", async () => {
    const r = await sandbox.run("Array.from({ length: 1000 }, (_, i) => i)", {
      limits: { maxResultChars: 100 },
    });
    expect(r.status).toBe("ok");
    expect(r.truncated.result).toBe(true);
    expect(r.result?.json).toBeNull();
    expect(r.result?.preview.startsWith("Array(1000) [ 0, 1, 2")).toBe(true);
    expect(r.result?.preview.length).toBeLessThanOrEqual(101);
  });
});

describe("Sandbox.run: tools", () => {
  const lookup = tool({
    name: "lookup",
    description: "Looks up a city's population.",
    parameters: z.object({ city: z.string() }),
    execute: ({ city }, ctx) => ({
      city,
      population: city.length * 1000,
      by: (ctx.runContext as { user: string }).user,
    }),
  });

  it("lets code call tools with `await tools.name(args)` and counts the calls", async () => {
    const r = await sandbox.run(
      "const a = await tools.lookup({ city: 'Paris' }); const b = await tools.lookup({ city: 'Rome' }); [a.population, b.by]",
      { tools: [lookup], context: { user: "ada" } },
    );
    expect(r.result?.json).toBe('[5000,"ada"]');
    expect(r.stats.toolCalls).toBe(2);
  });

  it("lists the tools as the keys of `tools`", async () => {
    const r = await sandbox.run("Object.keys(tools)", { tools: [lookup] });
    expect(r.result?.json).toBe('["lookup"]');
  });
});

describe("Sandbox.run: cancellation and lifecycle", () => {
  it("resolves `aborted` for a signal aborted before the run", async () => {
    const r = await sandbox.run("1", { signal: AbortSignal.abort() });
    expect(r.status).toBe("aborted");
  });

  it("stops a running run when its signal aborts", async () => {
    const controller = new AbortController();
    const pending = sandbox.run("console.log('in'); await new Promise(() => {})", {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 100);
    const r = await pending;
    expect(r.status).toBe("aborted");
    expect(r.error?.name).toBe("AbortError");
  });

  it("rejects bad options with invalid_config", async () => {
    await expect(sandbox.run("1", { timeoutMs: 60_000 })).rejects.toSatisfy((e) =>
      OpenloopError.is(e, "invalid_config"),
    );
    await expect(sandbox.run(42 as unknown as string)).rejects.toSatisfy((e) =>
      OpenloopError.is(e, "invalid_config"),
    );
  });

  it("rejects a signal that is not an AbortSignal and a per-run memoryMb with invalid_config", async () => {
    // Regression: a bad signal failed inside p-queue, with an unhandled rejection in the host.
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on("unhandledRejection", onRejection);
    try {
      await expect(sandbox.run("1", { signal: {} as AbortSignal })).rejects.toThrow(
        "Expected `options.signal` to be an AbortSignal, got `{}` (object)",
      );
      await expect(sandbox.run("1", { limits: { memoryMb: 512 } as RunOptions["limits"] })).rejects.toSatisfy(
        (e) => OpenloopError.is(e, "invalid_config") && /options\.limits\.memoryMb/.test(e.message),
      );
      await expect(sandbox.session().run("1", { signal: "stop" as never })).rejects.toSatisfy((e) =>
        OpenloopError.is(e, "invalid_config"),
      );
      await new Promise((resolve) => setImmediate(resolve));
      expect(rejections).toEqual([]);
    } finally {
      process.off("unhandledRejection", onRejection);
    }
  });

  it("lets many runs share one signal: no MaxListenersExceededWarning, and aborting it stops them all", async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on("warning", onWarning);
    try {
      const controller = new AbortController();
      const done = await Promise.all(
        Array.from({ length: 24 }, (_, i) => sandbox.run(`${i} * 2`, { signal: controller.signal })),
      );
      expect(done.map((r) => r.result?.json)).toEqual(Array.from({ length: 24 }, (_, i) => String(i * 2)));
      const pending = Array.from({ length: 24 }, () =>
        sandbox.run("await new Promise(() => {})", { signal: controller.signal }),
      );
      await waitFor(() => sandbox.stats().running === 2);
      controller.abort();
      const aborted = await Promise.all(pending);
      expect(new Set(aborted.map((r) => r.status))).toEqual(new Set(["aborted"]));
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("rejects with sandbox_queue_full when the queue is full, and serves the queued runs", async () => {
    const small = new Sandbox({ workers: 1, maxQueue: 1 });
    try {
      const first = small.run("await new Promise((r) => setTimeout ? r() : r())");
      const second = small.run("2");
      await expect(small.run("3")).rejects.toSatisfy((e) => OpenloopError.is(e, "sandbox_queue_full"));
      expect((await first).status).toBe("error"); // setTimeout does not exist in the sandbox
      expect((await second).result?.json).toBe("2");
    } finally {
      await small.close();
    }
  });

  it("close() leaves no worker process behind and later runs reject with sandbox_closed", async () => {
    const s = new Sandbox({ workers: 2 });
    await s.warmUp();
    const pids = s.stats().workers.map((w) => w.pid!);
    expect(pids).toHaveLength(2);
    const inFlight = s.run("await new Promise(() => {})");
    await s.close();
    expect((await inFlight).status).toBe("aborted");
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    await expect(s.run("1")).rejects.toSatisfy((e) => OpenloopError.is(e, "sandbox_closed"));
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 10));
}
