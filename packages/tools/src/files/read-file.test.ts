import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { invoke, SECRET, tmpWorkspace } from "../../test/support/tmp-workspace.js";
import { Workspace } from "../workspace/index.js";
import { READ_LIMITS, readFileTool } from "./read-file.js";

const lines = (n: number, width = 0) =>
  Array.from({ length: n }, (_, i) => `line ${i + 1}`.padEnd(width, ".")).join("\n");

function setup(entries: Parameters<typeof tmpWorkspace>[0]) {
  const t = tmpWorkspace(entries);
  return { ...t, read: readFileTool({ workspace: new Workspace(t.root) }) };
}

describe("read_file", () => {
  it("returns a small file whole, with no note", async () => {
    const { read } = setup({ "a.txt": "one\ntwo\n" });
    expect((await invoke(read, { path: "a.txt" })).output).toBe("one\ntwo");
  });

  it("stops at 2000 lines and says how to read on", async () => {
    const { read } = setup({ "big.txt": lines(2500) });
    const { output } = await invoke(read, { path: "big.txt" });
    expect(output.split("\n").slice(0, 2000).at(-1)).toBe("line 2000");
    expect(
      output.endsWith("[Showing lines 1-2000 of 2500 (2000-line limit). Use offset=2001 to read more.]"),
    ).toBe(true);
    const next = await invoke(read, { path: "big.txt", offset: 2001 });
    expect(next.output).toBe(lines(2500).split("\n").slice(2000).join("\n"));
  });

  it("stops at 50 KB on a line boundary and says how to read on", async () => {
    const { read } = setup({ "wide.txt": lines(1000, 99) }); // 100 bytes a line with its newline
    const { output } = await invoke(read, { path: "wide.txt" });
    const shown = output.split("\n\n[")[0]!.split("\n");
    expect(shown).toHaveLength(512);
    expect(shown.every((line) => line.length === 99)).toBe(true);
    expect(output.endsWith("[Showing lines 1-512 of 1000 (50 KB limit). Use offset=513 to read more.]")).toBe(
      true,
    );
    expect(Buffer.byteLength(output)).toBeLessThan(READ_LIMITS.maxBytes + 200);
  });

  it("pages through a file with offset and limit, to the end without a note", async () => {
    const { read } = setup({ "f.txt": lines(10) });
    expect((await invoke(read, { path: "f.txt", offset: 4, limit: 3 })).output).toBe(
      "line 4\nline 5\nline 6\n\n[Showing lines 4-6 of 10. Use offset=7 to read more.]",
    );
    expect((await invoke(read, { path: "f.txt", offset: 8, limit: 3 })).output).toBe(
      "line 8\nline 9\nline 10",
    );
    // A limit above the maximum is lowered to it rather than refused.
    expect((await invoke(read, { path: "f.txt", limit: 50_000 })).output).toBe(lines(10));
  });

  it("cuts a single line longer than 50 KB and says how to see the rest", async () => {
    const { read } = setup({ "min.js": `${"x".repeat(80_000)}\nnext line` });
    const { output } = await invoke(read, { path: "min.js" });
    expect(output.startsWith("x".repeat(READ_LIMITS.maxBytes))).toBe(true);
    expect(output).not.toContain("x".repeat(READ_LIMITS.maxBytes + 1));
    expect(output).toContain("[Line 1 is longer than 50 KB: showing its first 50 KB only.");
    expect(output).toContain("Use offset=2 for the lines after it.]");
  });

  it("refuses an offset past the end, saying how many lines there are", async () => {
    const { read } = setup({ "f.txt": lines(3) });
    const { output, error } = await invoke(read, { path: "f.txt", offset: 9 });
    expect(error?.code).toBe("tool_error");
    expect(output).toBe(
      'Error: Tool "read_file" failed: offset 9 is past the end of "f.txt", which has 3 lines. Use an offset from 1 to 3.',
    );
  });

  it("says an empty file is empty", async () => {
    const { read } = setup({ "e.txt": "" });
    expect((await invoke(read, { path: "e.txt" })).output).toBe("(empty file)");
  });

  it("refuses binary files and directories with advice", async () => {
    const { read } = setup({
      "logo.png": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]),
      "src/a": "",
    });
    expect((await invoke(read, { path: "logo.png" })).output).toContain(
      '"logo.png" is a binary file (10 bytes)',
    );
    expect((await invoke(read, { path: "src" })).output).toContain(
      '"src" is a directory, not a file. Use list_dir',
    );
    expect((await invoke(read, { path: "nope.txt" })).output).toContain('"nope.txt" does not exist.');
  });

  it("never returns a file outside the workspace", async () => {
    const t = setup({});
    symlinkSync(join(t.outside, "secret.txt"), join(t.root, "innocent.txt"));
    symlinkSync(t.outside, join(t.root, "docs"));
    for (const path of [
      "../outside/secret.txt",
      join(t.outside, "secret.txt"),
      "innocent.txt",
      "docs/dir/secret.txt",
    ]) {
      const { output, error } = await invoke(t.read, { path });
      expect(error?.code).toBe("path_outside_workspace");
      expect(output).not.toContain(SECRET);
    }
  });
});
