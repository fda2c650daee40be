// Adversarial: code that eats memory. Each case asserts the status, then that the pool answers.
// Some of these end in a "catastrophic" isolated-vm error that would hang the worker process for
// ever; the worker kills itself and the parent reports `oom`.
import { afterAll, describe, expect, it } from "vitest";
import { Sandbox } from "../../src/index.js";
import { expectPoolAnswers } from "../support/pool.js";

// A small memory limit trips the bombs fast; the output limit is the default 64 KiB.
const sandbox = new Sandbox({ workers: 2, limits: { memoryMb: 32, timeoutMs: 10_000 } });
afterAll(() => sandbox.close());

describe.concurrent("memory bombs", () => {
  it.each([
    ["new Array(1e8).fill(0)", "new Array(1e8).fill(0); 'survived'"],
    ["Map growth", "const m = new Map(); for (let i = 0; ; i++) m.set(i, { i })"],
    ["object-key growth", "const o = {}; for (let i = 0; ; i++) o['key' + i] = i"],
    ["array-of-strings growth", "const a = []; for (;;) a.push('x'.repeat(64) + a.length)"],
  ])("%s ends in `oom`", async (_name, code) => {
    const r = await sandbox.run(code);
    expect(r.status).toBe("oom");
    expect(r.error?.name).toBe("MemoryLimitError");
    await expectPoolAnswers(sandbox);
  });

  it("a 256 MB string result is described, not copied", async () => {
    const r = await sandbox.run("'x'.repeat(2 ** 28)");
    expect(r.status).toBe("ok");
    expect(r.result).toEqual({
      json: null,
      preview: "[a string of 268435456 characters, too long to show]",
      type: "string",
    });
    expect(r.truncated.result).toBe(true);
    await expectPoolAnswers(sandbox);
  });

  it("a million console.log lines keep only the head and the tail", async () => {
    const r = await sandbox.run("for (let i = 0; i < 1e6; i++) console.log('line ' + i)");
    expect(r.status).toBe("ok");
    expect(r.truncated.stdout).toBe(true);
    let total = 0;
    for (let i = 0; i < 1e6; i++) total += `line ${i}\n`.length;
    const half = 32 * 1024;
    expect(r.stdout).toContain(`\n… [${total - 2 * half} characters elided] …\n`);
    expect(r.stdout.startsWith("line 0\nline 1\n")).toBe(true);
    expect(r.stdout.endsWith("line 999999\n")).toBe(true);
    await expectPoolAnswers(sandbox);
  });

  it("one 100 MB line is described, not printed", async () => {
    const r = await sandbox.run("console.log('x'.repeat(1e8)); 'done'");
    expect(r.status).toBe("ok");
    expect(r.stdout).toBe("[a string of 100000000 characters, too long to show]\n");
    await expectPoolAnswers(sandbox);
  });

  it("deep recursion is a RangeError the code could catch", async () => {
    const r = await sandbox.run("function down(n) { return down(n + 1) + 1 }\ndown(0)");
    expect(r.status).toBe("error");
    expect(r.error?.name).toBe("RangeError");
    expect(r.error?.message).toBe("Maximum call stack size exceeded");
    await expectPoolAnswers(sandbox);
  });

  it("a deeply nested result is previewed to a bounded depth", async () => {
    const r = await sandbox.run("let o = {}; for (let i = 0; i < 1e5; i++) o = { o }; o");
    expect(r.status).toBe("ok");
    expect(r.result?.preview).toBe("{ o: { o: { o: { o: [Object] } } } }");
    expect(r.result?.json).toBeNull();
    await expectPoolAnswers(sandbox);
  });

  it("a huge ArrayBuffer is refused with a RangeError", async () => {
    const r = await sandbox.run("new ArrayBuffer(2 ** 30)");
    expect(r.status).toBe("error");
    expect(r.error?.message).toBe("Array buffer allocation failed");
    await expectPoolAnswers(sandbox);
  });

  it.each([
    ["a resizable ArrayBuffer", "new ArrayBuffer(2 ** 31 - 1, { maxByteLength: 2 ** 31 })"],
    [
      "a resized ArrayBuffer",
      "(() => { const b = new ArrayBuffer(8, { maxByteLength: 2 ** 31 }); b.resize(2 ** 31 - 1); return b })()",
    ],
    ["a growable SharedArrayBuffer", "new SharedArrayBuffer(2 ** 31 - 1, { maxByteLength: 2 ** 31 })"],
  ])(
    "%s, whose memory isolated-vm does not count, cannot be had (regression: 2 GB in a 32 MB isolate)",
    async (_name, code) => {
      const r = await sandbox.run(`const b = ${code}; new Uint8Array(b).fill(1); b.byteLength`);
      expect(r.status).toBe("error"); // before: `oom`, from the RSS watchdog, past 2 GB
      expect(r.error?.message).toMatch(/^(Array buffer allocation failed|b\.resize is not a function)$/);
      await expectPoolAnswers(sandbox);
    },
  );

  it("ordinary ArrayBuffers still behave as ArrayBuffers", async () => {
    const r = await sandbox.run(`
      class Sub extends ArrayBuffer {}
      const b = new ArrayBuffer(8, { maxByteLength: 16 }); // the option is ignored: fixed length
      let called;
      try { ArrayBuffer(8) } catch (e) { called = e.constructor === TypeError }
      [b.byteLength, b.resizable, new Uint8Array(4).buffer instanceof ArrayBuffer, new Sub(4) instanceof ArrayBuffer,
       new Sub(4).constructor === Sub, b.constructor === ArrayBuffer, b.slice(2).byteLength, ArrayBuffer.isView(new Uint8Array(1)),
       ArrayBuffer.name, ArrayBuffer.length, Object.prototype.toString.call(new SharedArrayBuffer(2)), called]`);
    expect(JSON.parse(r.result!.json!)).toEqual([
      8,
      false,
      true,
      true,
      true,
      true,
      6,
      true,
      "ArrayBuffer",
      1,
      "[object SharedArrayBuffer]",
      true,
    ]);
    await expectPoolAnswers(sandbox);
  });

  it("WebAssembly memory, which isolated-vm does not count, is unavailable", async () => {
    const r = await sandbox.run("new WebAssembly.Memory({ initial: 1, maximum: 65536 })");
    expect(r.status).toBe("error");
    expect(r.error?.message).toBe("WebAssembly is not defined");
    await expectPoolAnswers(sandbox);
  });
});
