import { tool } from "@openloop/core";
// Adversarial: misuse of `tools`. Each case asserts the status, then that the pool answers.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { Sandbox } from "../../src/index.js";
import { expectPoolAnswers } from "../support/pool.js";

const calls: string[] = [];
const add = tool({
  name: "add",
  description: "The add test tool.",
  parameters: z.object({ a: z.number(), b: z.number() }),
  execute: ({ a, b }) => {
    calls.push("add");
    return a + b;
  },
});
const echo = tool({
  name: "echo",
  description: "The echo test tool.",
  parameters: z.object({ text: z.string() }),
  execute: ({ text }) => {
    calls.push(`echo:${text.length > 20 ? `${text.length} chars` : text}`);
    return text;
  },
});
let slowSignal: AbortSignal | undefined;
const slow = tool({
  name: "slow",
  description: "The slow test tool.",
  parameters: z.object({}),
  execute: async (_args, ctx) => {
    slowSignal = ctx.signal;
    await new Promise((r) => setTimeout(r, 200));
    calls.push("slow");
    return "late";
  },
});
const bigint = tool({
  name: "bigint",
  description: "The bigint test tool.",
  parameters: z.object({}),
  execute: () => ({ n: 1n }) as never,
});

const unprintable = tool({
  name: "unprintable",
  description: "The unprintable test tool.",
  parameters: z.object({}),
  execute: () => {
    throw Object.create(null);
  },
});

const sandbox = new Sandbox({ workers: 2, tools: [add, echo, slow, bigint, unprintable] });
afterAll(() => sandbox.close());
beforeEach(() => {
  calls.length = 0;
});

describe("tool abuse", () => {
  it("wrong argument types are refused with the schema's message, and the tool does not run", async () => {
    const r = await sandbox.run("await tools.add({ a: 'one', b: 2 })");
    expect(r.status).toBe("error");
    expect(r.error?.name).toBe("ToolError");
    expect(r.error?.message).toMatch(/^tools\.add: invalid arguments: .*expected number, received string/s);
    expect(calls).toEqual([]);
    await expectPoolAnswers(sandbox);
  });

  it("arguments that are not JSON are refused inside the isolate", async () => {
    const r = await sandbox.run("const o = {}; o.self = o; await tools.echo(o)");
    expect(r.status).toBe("error");
    expect(r.error?.name).toBe("TypeError");
    expect(r.error?.message).toMatch(/^tools\.echo: arguments are not JSON-serializable/);
    expect(calls).toEqual([]);
    await expectPoolAnswers(sandbox);
  });

  it("10 MB of arguments never leave the isolate", async () => {
    const r = await sandbox.run("await tools.echo({ text: 'x'.repeat(10 * 2 ** 20) })");
    expect(r.status).toBe("error");
    expect(r.error?.message).toBe(
      "tools.echo: arguments are 10485771 characters of JSON; the limit is 262144.",
    );
    expect(calls).toEqual([]);
    expect(r.stats.toolCalls).toBe(0);
    await expectPoolAnswers(sandbox);
  });

  it("1000 calls: the first 100 run, the rest are refused", async () => {
    const r = await sandbox.run(`
      let ok = 0, refused = 0, message = "";
      for (let i = 0; i < 1000; i++) {
        try { await tools.add({ a: i, b: 1 }); ok++ } catch (e) { refused++; message = e.message }
      }
      ({ ok, refused, message })`);
    expect(r.status).toBe("ok");
    expect(JSON.parse(r.result!.json!)).toEqual({
      ok: 100,
      refused: 900,
      message: "Tool call limit reached: at most 100 calls per run.",
    });
    expect(calls).toHaveLength(100);
    expect(r.stats.toolCalls).toBe(100);
    await expectPoolAnswers(sandbox);
  });

  it("1000 parallel calls: the first 100 run, the rest are refused", async () => {
    const r = await sandbox.run(`
      const settled = await Promise.allSettled(Array.from({ length: 1000 }, (_, i) => tools.add({ a: i, b: 0 })));
      settled.filter((s) => s.status === "fulfilled").length`);
    expect(r.result?.json).toBe("100");
    expect(calls).toHaveLength(100);
    await expectPoolAnswers(sandbox);
  });

  it("unknown names are refused with the list of tools; `tools` is not a thenable", async () => {
    const r = await sandbox.run(`
      const messages = [];
      for (const name of ["rm", "constructor", "__proto__", "hasOwnProperty"]) {
        try { await tools[name]({}) } catch (e) { messages.push(e.message) }
      }
      const awaited = await tools; // must not hang: tools.then is undefined
      [messages, awaited === tools, "rm" in tools, "add" in tools]`);
    expect(r.status).toBe("ok");
    const [messages, ...rest] = JSON.parse(r.result!.json!);
    expect(messages).toEqual([
      "Unknown tool `rm`. Available tools: add, echo, slow, bigint, unprintable.",
      "Unknown tool `constructor`. Available tools: add, echo, slow, bigint, unprintable.",
      "Unknown tool `__proto__`. Available tools: add, echo, slow, bigint, unprintable.",
      "Unknown tool `hasOwnProperty`. Available tools: add, echo, slow, bigint, unprintable.",
    ]);
    expect(rest).toEqual([true, false, true]);
    expect(calls).toEqual([]);
    await expectPoolAnswers(sandbox);
  });

  it("`tools` survives what JavaScript does to objects on its own: JSON.stringify, String(), a log", async () => {
    // Regression: JSON.stringify(tools) called an unknown tool `toJSON`, and the run failed with
    // its unhandled rejection.
    const r = await sandbox.run(`
      let str;
      try { String(tools) } catch (e) { str = e.name }
      console.log(tools);
      [JSON.stringify(tools), str, typeof tools.toJSON, tools.add.name]`);
    expect(r.status).toBe("ok");
    expect(JSON.parse(r.result!.json!)).toEqual(["{}", "TypeError", "undefined", "add"]);
    expect(r.stdout).toContain("add: [Function: add]");
    await expectPoolAnswers(sandbox);
  });

  it("`tools` cannot be modified", async () => {
    const r = await sandbox.run(
      "'use strict'; let e1, e2; try { tools.add = () => 1 } catch (e) { e1 = e.name } try { delete tools.add } catch (e) { e2 = e.name }\n[e1, e2, typeof tools.add]",
    );
    expect(r.result?.json).toBe('["TypeError","TypeError","function"]');
    await expectPoolAnswers(sandbox);
  });

  it("a call started but not awaited is cut off when the run ends: its continuation never runs", async () => {
    const s = sandbox.session();
    const r = await s.run("tools.slow({}).then(() => tools.echo({ text: 'after the end' })); 'returned'");
    expect(r.status).toBe("ok");
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(slowSignal?.aborted).toBe(true);
    expect(calls).not.toContain("echo:after the end");
    // The session is still usable, and its next cell's calls work.
    const next = await s.run("await tools.echo({ text: 'next cell' })");
    expect(next.result?.json).toBe('"next cell"');
    await expectPoolAnswers(sandbox);
  });

  it("a tool result arriving after the deadline is dropped", async () => {
    const r = await sandbox.run("await tools.slow({})", { timeoutMs: 50 });
    expect(r.status).toBe("timeout");
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expectPoolAnswers(sandbox);
  });

  it("a tool returning something that is not JSON is reported to the code", async () => {
    const r = await sandbox.run("await tools.bigint({})");
    expect(r.status).toBe("error");
    expect(r.error?.message).toMatch(/^tools\.bigint returned a value that is not JSON-serializable/);
    await expectPoolAnswers(sandbox);
  });

  it("a tool throwing something unprintable still answers the code, and the host sees no unhandled rejection", async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on("unhandledRejection", onRejection);
    try {
      const r = await sandbox.run("await tools.unprintable({})", { timeoutMs: 3000 });
      expect(r.status).toBe("error");
      expect(r.error).toMatchObject({
        name: "ToolError",
        message: "tools.unprintable failed: (an error that cannot be shown)",
      });
      await new Promise((resolve) => setImmediate(resolve));
      expect(rejections).toEqual([]);
    } finally {
      process.off("unhandledRejection", onRejection);
    }
    await expectPoolAnswers(sandbox);
  });
});
