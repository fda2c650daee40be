// Adversarial: code built to break the JavaScript parser that rewrites cells. Each case asserts the
// status, then that the pool answers. The host never parses code it did not write — the worker
// does — so what kills the parser kills at most a worker.
import { afterAll, describe, expect, it } from "vitest";
import { Sandbox } from "../../src/index.js";
import { expectPoolAnswers } from "../support/pool.js";

const sandbox = new Sandbox({ workers: 2 });
afterAll(() => sandbox.close());

const nested = (open: string, inner: string, close: string, n: number) =>
  open.repeat(n) + inner + close.repeat(n);

describe.concurrent("parser bombs", () => {
  it("deeply nested template literals, which make V8 abort inside acorn, cost a worker, not the host (regression)", async () => {
    // Parsed in the host, this aborted the host process: "FATAL ERROR: RegExpCompiler Allocation
    // failed - process out of memory" (a V8 regexp compiled with the stack nearly exhausted).
    const r = await sandbox.run(nested("`${", "1", "}`", 5000));
    expect(["crashed", "error"]).toContain(r.status);
    expect(r.result).toBeNull();
    await expectPoolAnswers(sandbox);
  });

  it.each([
    ["arrays", nested("[", "", "]", 20_000)],
    ["calls", nested("f(", "", ")", 20_000)],
    ["object literals", nested("({a:", "1", "})", 20_000)],
    ["arrow functions", `${"a=>".repeat(20_000)}1`],
    ["blocks", nested("{", "var x = 1", "}", 20_000)],
    ["if statements", `${"if (1) ".repeat(20_000)}1`],
    ["unary operators", `${"!".repeat(50_000)}1`],
    ["destructuring patterns", `const ${nested("[", "x", "]", 5_000)} = []`],
  ])("deeply nested %s are a SyntaxError", async (_name, code) => {
    const r = await sandbox.run(code);
    expect(r.status).toBe("error");
    expect(r.error?.name).toBe("SyntaxError");
    await expectPoolAnswers(sandbox);
  });
});
