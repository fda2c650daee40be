import { tool } from "@openloop/core";
// Adversarial: code that sabotages built-ins or smuggles `__proto__`. Each case asserts the status,
// then that the pool answers.
import { afterAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { Sandbox } from "../../src/index.js";
import { expectPoolAnswers } from "../support/pool.js";

let received: unknown;
const store = tool({
  name: "store",
  description: "The store test tool.",
  parameters: z.object({ value: z.unknown() }),
  execute: (args) => {
    received = args;
    return "stored";
  },
});
const sandbox = new Sandbox({ workers: 2, tools: [store] });
afterAll(() => sandbox.close());

const SABOTAGE = `
  JSON.stringify = () => "sabotaged";
  JSON.parse = () => ({ sabotaged: true });
  Array.prototype.push = () => { throw new Error("push sabotaged") };
  Array.prototype.join = () => "sabotaged";
  Array.prototype[Symbol.iterator] = function* () { yield "sabotaged" };
  Object.defineProperty(Array.prototype, "0", { set() { throw new Error("index setter") }, configurable: true });
  String.prototype.slice = () => "sabotaged";
  String.prototype.indexOf = () => -1;
  String.prototype.charCodeAt = () => 0;
  Object.keys = () => [];
  Map.prototype.get = () => undefined;
  Map.prototype.set = function () { return this };
  Set.prototype.has = () => true;
  Reflect.apply = () => "sabotaged";
  Function.prototype.call = () => "sabotaged";
  Function.prototype.apply = () => "sabotaged";
  Function.prototype.bind = () => () => "sabotaged";
  Object.prototype.toJSON = function () { return "sabotaged" };
  for (const key of ["stdout", "result", "truncated", "json", "preview", "ok", "error"]) {
    Object.defineProperty(Object.prototype, key, { set() { throw new Error("setter " + key) }, configurable: true });
  }
`;

describe.concurrent("prototype pollution", () => {
  it("overridden built-ins cannot break output capture or the outcome", async () => {
    const r = await sandbox.run(`const m = new Map([[1, 2]]);${SABOTAGE}
      console.log("still", "captured", 42);
      console.error(m);
      "the result"`);
    expect(r.error).toBeNull();
    expect(r.status).toBe("ok");
    expect(r.stdout).toBe("still captured 42\n");
    expect(r.stderr).toBe("Map(1) { 1 => 2 }\n");
    expect(r.result).toEqual({ json: '"the result"', preview: "'the result'", type: "string" });
    await expectPoolAnswers(sandbox);
  });

  it("overridden built-ins cannot break tool calls", async () => {
    // (toJSON is honoured when arguments are serialized, as JSON.stringify does: drop that one.)
    const r = await sandbox.run(`${SABOTAGE}
      delete Object.prototype.toJSON;
      await tools.store({ value: 1 })`);
    expect(r.error).toBeNull();
    expect(r.status).toBe("ok");
    expect(r.result?.preview).toBe("'stored'");
    await expectPoolAnswers(sandbox);
  });

  it("overridden built-ins cannot break error reporting", async () => {
    const r = await sandbox.run(`${SABOTAGE}
      throw new TypeError("reported anyway")`);
    expect(r.status).toBe("error");
    expect(r.error).toMatchObject({ name: "TypeError", message: "reported anyway" });
    expect(r.error?.stack).toMatch(/cell-1\.js:\d+:\d+/);
    await expectPoolAnswers(sandbox);
  });

  it("a `__proto__` key in the result does not pollute the host", async () => {
    const r = await sandbox.run(
      `JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}')`,
    );
    expect(r.status).toBe("ok");
    expect(r.result?.json).toContain('"__proto__"');
    const parsed = JSON.parse(r.result!.json!);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
    await expectPoolAnswers(sandbox);
  });

  it("a `__proto__` key in tool arguments does not pollute the host", async () => {
    const r = await sandbox.run(
      `await tools.store(JSON.parse('{"value": {"__proto__": {"polluted": "yes"}}, "__proto__": {"polluted": "yes"}}'))`,
    );
    expect(r.status).toBe("ok");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(received)).toBe(Object.prototype);
    await expectPoolAnswers(sandbox);
  });

  it("one run's sabotage does not reach the next run", async () => {
    await sandbox.run(SABOTAGE);
    const r = await sandbox.run("[[1, 2].join('-'), JSON.stringify({ a: 1 }), Object.keys({ k: 1 })]");
    expect(r.result?.json).toBe('["1-2","{\\"a\\":1}",["k"]]');
    await expectPoolAnswers(sandbox);
  });

  it("one session's sabotage does not reach another session", async () => {
    const a = sandbox.session();
    const b = sandbox.session();
    await a.run(`${SABOTAGE}; globalThis.leak = "from a"`);
    const r = await b.run("[typeof leak, [3, 4].join('+'), 'abc'.slice(1)]");
    expect(r.result?.json).toBe('["undefined","3+4","bc"]');
    // …and the sabotaged session itself still reports what its code prints.
    const own = await a.run("console.log('a still prints'); 1");
    expect(own.stdout).toBe("a still prints\n");
    await expectPoolAnswers(sandbox);
  });
});
