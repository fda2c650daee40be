import { tool } from "@openloop/core";
// Adversarial: code that never ends. Each case asserts the status, then that the pool answers.
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { Sandbox } from "../../src/index.js";
import { expectPoolAnswers } from "../support/pool.js";

let neverSignal: AbortSignal | undefined;
const never = tool({
  name: "never",
  description: "The never test tool.",
  parameters: z.object({}),
  execute: (_args, ctx) => {
    neverSignal = ctx.signal;
    return new Promise<string>(() => {}); // ignores its signal, too
  },
});

const sandbox = new Sandbox({ workers: 2, tools: [never], limits: { timeoutMs: 300 } });
afterAll(() => sandbox.close());

describe.concurrent("infinite loops end in `timeout`", () => {
  it.each([
    ["a synchronous loop", "while (true) {}"],
    ["a loop with a try/finally that re-enters", "for (;;) { try { while (true) {} } finally { continue } }"],
    ["an async microtask loop", "for (;;) await null"],
    [
      "a promise-chain microtask loop",
      "const spin = () => { Promise.resolve().then(spin) }; spin(); await new Promise(() => {})",
    ],
    ["a never-resolving promise", "await new Promise(() => {})"],
    ["Atomics.wait", "Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)"],
    ["catastrophic regex backtracking", "/^(a+)+$/.test('a'.repeat(40) + 'b')"],
    ["an infinite generator", "function* g() { for (;;) yield 1 } for (const x of g()) {}"],
    ["an infinite async generator", "async function* g() { for (;;) yield 1 } for await (const x of g()) {}"],
  ])("%s", async (_name, code) => {
    const r = await sandbox.run(code);
    expect(r.status).toBe("timeout");
    expect(r.error?.name).toBe("TimeoutError");
    await expectPoolAnswers(sandbox);
  });

  it("a tool call that never settles", async () => {
    const r = await sandbox.run("console.log('calling'); await tools.never({})");
    expect(r.status).toBe("timeout");
    expect(r.stdout).toBe("calling\n");
    expect(neverSignal?.aborted).toBe(true); // the tool was told the run is over
    await expectPoolAnswers(sandbox);
  });

  it("a loop started inside a tool result's continuation", async () => {
    const echo = tool({
      name: "echo",
      description: "The echo test tool.",
      parameters: z.object({}),
      execute: () => "x",
    });
    const r = await sandbox.run("await tools.echo({}); while (true) {}", { tools: [echo] });
    expect(r.status).toBe("timeout");
    await expectPoolAnswers(sandbox);
  });
});
