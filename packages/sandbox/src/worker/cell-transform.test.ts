import { createContext, runInContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { transformCell } from "./cell-transform.mjs";

/** Runs cells one after another in one V8 context, the way a session does, and returns each value. */
async function runCells(...cells: string[]): Promise<unknown[]> {
  const context = createContext({});
  const values: unknown[] = [];
  for (const cell of cells) {
    const t = transformCell(cell);
    if (!t.ok) throw new Error(t.error.message);
    values.push(await runInContext(t.code, context)());
  }
  return values;
}

describe("transformCell", () => {
  it("returns the value of the last expression statement", async () => {
    expect(await runCells("const a = 2\na * 21")).toEqual([42]);
  });

  it("returns undefined when the cell ends with a declaration or a block", async () => {
    expect(await runCells("const a = 1", "if (true) { 5 }")).toEqual([undefined, undefined]);
  });

  it("allows top-level await", async () => {
    expect(await runCells("const v = await Promise.resolve(7)\nv + 1")).toEqual([8]);
  });

  it("lets later cells re-declare const, let and class", async () => {
    const values = await runCells(
      "const x = 1; let y = 2; class K { v() { return 'a' } }",
      "const x = 10; let y = 20; class K { v() { return 'b' } }\nx + y + new K().v()",
    );
    expect(values[1]).toBe("30b");
  });

  it("keeps declarations, destructuring and functions visible to later cells", async () => {
    const values = await runCells(
      "const { a, b: [c, ...rest] } = { a: 1, b: [2, 3, 4] }; function twice(n) { return n * 2 }",
      "[a, c, rest, twice(5)]",
    );
    expect(values[1]).toEqual([1, 2, [3, 4], 10]);
  });

  it("hoists a function declaration within its own cell", async () => {
    expect(await runCells("const r = later(); function later() { return 'hoisted' }\nr")).toEqual([
      "hoisted",
    ]);
  });

  it("hoists var declared in loop heads and nested blocks, but not inside functions", async () => {
    const values = await runCells(
      "for (var i = 0; i < 3; i++) {}\nif (true) { var inner = 'kept' }\nfunction f() { var local = 1 }",
      "[i, inner, typeof local]",
    );
    expect(values[1]).toEqual([3, "kept", "undefined"]);
  });

  it("leaves let and const inside blocks block-scoped", async () => {
    const values = await runCells("{ let hidden = 1 }", "typeof hidden");
    expect(values[1]).toBe("undefined");
  });

  it("keeps a leading 'use strict' directive in effect", async () => {
    const values = await runCells("'use strict'; function f() { return this }\nf() === undefined");
    expect(values[0]).toBe(true);
  });

  it("reports a syntax error with its position instead of throwing", () => {
    const t = transformCell("const = 1");
    expect(t).toMatchObject({ ok: false, error: { name: "SyntaxError" } });
    expect(!t.ok && t.error.message).toMatch(/\(1:6\)/);
  });

  it("rejects top-level return and import like a REPL does", () => {
    expect(transformCell("return 1").ok).toBe(false);
    expect(transformCell("import fs from 'node:fs'").ok).toBe(false);
  });

  it("keeps the user's lines one line below the wrapper's head (compiled with lineOffset -1)", async () => {
    const source = "const a = 1\nlet b = 2\nclass C {}\nfunction f() {}\nthrow new Error('x')";
    const t = transformCell(source);
    expect(t.ok).toBe(true);
    if (!t.ok) return;
    const lines = t.code.split("\n");
    expect(lines).toHaveLength(source.split("\n").length + 2); // the head and the closing "})" lines
    expect(lines[5]).toBe("throw new Error('x')");
    const fn = runInContext(t.code, createContext({}), { filename: "cell.js", lineOffset: -1 });
    const error: Error = await fn().catch((e: Error) => e);
    expect(error.stack).toContain("cell.js:5:7");
  });

  it("accepts a hashbang line", async () => {
    expect(await runCells("#!/usr/bin/env node\n1 + 1")).toEqual([2]);
  });

  it("returns a trailing expression followed by a comment", async () => {
    expect(await runCells("40 + 2 // the answer")).toEqual([42]);
  });
  it("returns a parenthesized last expression, with or without a semicolon", async () => {
    expect(await runCells("const a = 1;\n({ a })", "({ b: 2 });", "(1, 2)")).toEqual([{ a: 1 }, { b: 2 }, 2]);
  });

  it("keeps each statement on its own line, and a `const` line's columns exact", () => {
    const t = transformCell("const user = null;\n  user.name");
    expect(t.ok && t.code.split("\n").slice(1, 3)).toEqual(["void (user = null);", "  return (user.name);"]);
  });
});
