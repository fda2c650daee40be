import { tool } from "@openloop/core";
// Adversarial: attempts to reach the host. Each case asserts the status, then that the pool answers.
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { Sandbox } from "../../src/index.js";
import { expectPoolAnswers } from "../support/pool.js";

const echo = tool({
  name: "echo",
  description: "The echo test tool.",
  parameters: z.object({ text: z.string() }),
  execute: ({ text }) => text,
});
const boom = tool({
  name: "boom",
  description: "The boom test tool.",
  parameters: z.object({}),
  execute: () => {
    throw new Error("host failure");
  },
});
const sandbox = new Sandbox({ workers: 2, tools: [echo, boom] });
afterAll(() => sandbox.close());

/** Every standard global of an isolate's context, plus the two the sandbox adds. */
const ALLOWED_GLOBALS = new Set(
  (
    "Object Function Array Number parseFloat parseInt Infinity NaN undefined Boolean String Symbol Date " +
    "Promise RegExp Error AggregateError EvalError RangeError ReferenceError SyntaxError TypeError URIError " +
    "globalThis JSON Math Intl ArrayBuffer Uint8Array Int8Array Uint16Array Int16Array Uint32Array " +
    "Int32Array Float32Array Float64Array Uint8ClampedArray BigUint64Array BigInt64Array DataView Map " +
    "BigInt Set WeakMap WeakSet Proxy Reflect FinalizationRegistry WeakRef decodeURI decodeURIComponent " +
    "encodeURI encodeURIComponent escape unescape eval isFinite isNaN console SharedArrayBuffer Atomics tools"
  ).split(" "),
);

/** Names that would betray a host capability anywhere in the reachable object graph. */
const FORBIDDEN_NAMES = [
  "process",
  "require",
  "module",
  "Buffer",
  "setTimeout",
  "setImmediate",
  "fetch",
  "applySync",
  "applySyncPromise",
  "derefInto",
  "copySync",
  "Isolate",
  "ExternalCopy",
];

describe.concurrent("escapes", () => {
  it.each(["process", "require", "module", "Buffer", "fetch", "setTimeout", "queueMicrotask", "WebAssembly"])(
    "`%s` does not exist",
    async (name) => {
      const r = await sandbox.run(`typeof ${name}`);
      expect(r.result?.json).toBe('"undefined"');
      await expectPoolAnswers(sandbox);
    },
  );

  it("`Atomics.waitAsync`, whose timeout aborts the worker process under isolated-vm, does not exist", async () => {
    const bystander = sandbox.session();
    await bystander.run("const mine = 1");
    const r = await sandbox.run("Atomics.waitAsync(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10)");
    expect(r.status).toBe("error"); // not `crashed`
    expect(r.error?.message).toBe("Atomics.waitAsync is not a function");
    expect((await bystander.run("mine")).result?.json).toBe("1");
    await expectPoolAnswers(sandbox);
  });

  it("dynamic import is not supported", async () => {
    const r = await sandbox.run("await import('node:fs')");
    expect(r.status).toBe("error");
    expect(r.error?.message).toBe("Not supported");
    await expectPoolAnswers(sandbox);
  });

  it("constructor.constructor chains from every reachable object stay inside the isolate", async () => {
    const r = await sandbox.run(`
      let caught;
      try { await tools.boom({}) } catch (e) { caught = e }
      const reachable = [
        globalThis, console, console.log, tools, tools.echo, tools.nope, tools.constructor, Object.keys(tools),
        async function () {}, function* () {}, async function* () {}, () => {}, class {},
        caught, new Error("x"), Promise.resolve(), Symbol("s"), 1n, /r/, new Map(), new Proxy({}, {}),
        ...Object.getOwnPropertyNames(globalThis).map((k) => globalThis[k]),
      ];
      const verdicts = new Set();
      for (const value of reachable) {
        const ctors = [value?.constructor, value?.constructor?.constructor, Object.getPrototypeOf(Object(value))?.constructor];
        for (const C of ctors) {
          if (typeof C !== "function") continue;
          let f;
          try { f = C("return [typeof process, typeof require, typeof fetch, this === globalThis].join()"); } catch { continue; }
          if (typeof f !== "function") { Promise.resolve(f).catch(() => {}); continue; } // tools.constructor: an unknown tool
          let out = f();
          if (out && typeof out.next === "function") out = (await out.next()).value;
          verdicts.add(String(await out));
        }
      }
      [...verdicts]
    `);
    expect(r.status).toBe("ok");
    expect(JSON.parse(r.result!.json!)).toEqual(["undefined,undefined,undefined,true"]);
    await expectPoolAnswers(sandbox);
  });

  it("`this.constructor.constructor('return process')()` is a ReferenceError", async () => {
    const r = await sandbox.run("this.constructor.constructor('return process')()");
    expect(r.status).toBe("error");
    expect(r.error?.name).toBe("ReferenceError");
    await expectPoolAnswers(sandbox);
  });

  it("Error.prepareStackTrace sees only isolate frames, never a host object", async () => {
    const r = await sandbox.run(`
      const seen = new Set();
      Error.prepareStackTrace = (err, frames) => {
        for (const f of frames) {
          for (const get of ["getThis", "getFunction", "getTypeName", "getFileName"]) {
            try {
              const v = f[get]();
              const F = v?.constructor?.constructor;
              seen.add(get + ":" + (typeof F === "function" ? F("return typeof process")() : typeof v));
            } catch (e) { seen.add(get + ":threw"); }
          }
        }
        return "custom";
      };
      new Error("plain").stack;
      console.log({ get trap() { return new Error("inside console.log").stack } });
      await tools.echo({ get text() { new Error("inside tool args").stack; return "t" } });
      try { await tools.boom({}) } catch (e) { e.stack }
      [...seen].filter((s) => !s.endsWith(":undefined") && !s.endsWith(":string") && !s.endsWith(":object"))
    `);
    expect(r.status).toBe("ok");
    expect(r.result?.json).toBe("[]");
    await expectPoolAnswers(sandbox);
  });

  it("the sandbox's own frames hand nothing out (regression: getFunction() returned the bootstrap's `start`)", async () => {
    // Sloppy-mode machinery exposed its functions to CallSite.getFunction()/getThis(); with `start`
    // in hand, code started a run of its own choosing — its own output limit, its own outcome.
    const r = await sandbox.run(
      `
      Error.prepareStackTrace = (err, frames) => frames;
      const exposed = [];
      let start;
      const spy = {
        get x() {
          for (const f of new Error().stack) {
            const fn = f.getFunction();
            if (own.has(fn)) continue; // the code's own getters: those are fine
            if (fn !== undefined || f.getThis() !== undefined) exposed.push(f.getFunctionName());
            if (f.getFunctionName() === "start") start = fn;
          }
          return 1;
        },
      };
      const args = { get text() { spy.x; return "t" } };
      const own = new Set([spy, args].map((o) => Object.values(Object.getOwnPropertyDescriptors(o))[0].get));
      console.log(spy); // inspect, format, the console writer and start are on the stack
      await tools.echo(args); // callTool's
      JSON.stringify(spy);
      Error.prepareStackTrace = undefined;
      if (typeof start === "function") {
        const config = JSON.stringify({
          token: "run-1", tools: [],
          limits: { maxOutputChars: 1e8, maxResultChars: 1e8, maxToolCalls: 1e9, maxToolArgsChars: 1e9, hugeStringChars: 1e9 },
        });
        start(config, async () => { console.log("y".repeat(1e6)); return "hijacked" });
      }
      exposed`,
      { limits: { maxOutputChars: 1000 } },
    );
    expect(r.status).toBe("ok");
    expect(r.result?.json).toBe("[]");
    expect(r.stdout).toBe("{ x: 1 }\n");
    await expectPoolAnswers(sandbox);
  });

  it("probing every global finds only ECMAScript built-ins, console and tools", async () => {
    const r = await sandbox.run("Object.getOwnPropertyNames(globalThis)");
    const names: string[] = JSON.parse(r.result!.json!);
    expect(names.filter((n) => !ALLOWED_GLOBALS.has(n))).toEqual([]);
    await expectPoolAnswers(sandbox);
  });

  it("no host capability is reachable anywhere in the object graph", async () => {
    const r = await sandbox.run(`
      const forbidden = new Set(${JSON.stringify(FORBIDDEN_NAMES)});
      const seen = new Set();
      const queue = [globalThis, tools, console];
      const hits = [];
      while (queue.length > 0 && seen.size < 20000) {
        const o = queue.pop();
        if (o === null || (typeof o !== "object" && typeof o !== "function") || seen.has(o)) continue;
        seen.add(o);
        let keys = [];
        try { keys = Reflect.ownKeys(o); } catch {}
        for (const k of keys) {
          if (typeof k === "string" && forbidden.has(k)) hits.push(k);
          let d;
          try { d = Object.getOwnPropertyDescriptor(o, k); } catch { continue; }
          if (d && "value" in d) queue.push(d.value);
          if (d && d.get) queue.push(d.get);
        }
        try { queue.push(Object.getPrototypeOf(o)); } catch {}
      }
      ({ hits, visited: seen.size })
    `);
    expect(r.status).toBe("ok");
    const { hits, visited } = JSON.parse(r.result!.json!);
    expect(hits).toEqual([]);
    expect(visited).toBeGreaterThan(500); // the walk really covered the built-ins
    await expectPoolAnswers(sandbox);
  });

  it("stacks and tool errors reveal no host path", async () => {
    const r = await sandbox.run(
      "let text; try { await tools.boom({}) } catch (e) { text = e.stack + '\\n' + e.message }\ntext",
    );
    expect(r.result?.json).toContain("tools.boom failed: Error: host failure");
    expect(r.result?.json).not.toMatch(/file:|\/work\/|node_modules|node:internal/);
    await expectPoolAnswers(sandbox);
  });

  it("V8 natives syntax is rejected", async () => {
    const r = await sandbox.run("%GetOptimizationStatus(function () {})");
    expect(r.status).toBe("error");
    expect(r.error?.name).toBe("SyntaxError");
    await expectPoolAnswers(sandbox);
  });
});
