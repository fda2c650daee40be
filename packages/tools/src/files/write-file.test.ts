import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { invoke, SECRET, tmpWorkspace } from "../../test/support/tmp-workspace.js";
import { Workspace } from "../workspace/index.js";
import { writeFileTool } from "./write-file.js";

function setup(entries: Parameters<typeof tmpWorkspace>[0] = {}) {
  const t = tmpWorkspace(entries);
  return { ...t, write: writeFileTool({ workspace: new Workspace(t.root), approval: "never" }) };
}

describe("write_file", () => {
  it("creates a file and its missing parents inside the workspace", async () => {
    const { root, write } = setup();
    const { output } = await invoke(write, { path: "src/deep/new.ts", content: "export const a = 1;\n" });
    expect(output).toBe('Created "src/deep/new.ts": 1 line, 20 bytes.');
    expect(readFileSync(join(root, "src/deep/new.ts"), "utf8")).toBe("export const a = 1;\n");
  });

  it("replaces the whole content of an existing file, keeping its mode", async () => {
    const { root, write } = setup({ "a.txt": "a much longer original content\n" });
    const mode = statSync(join(root, "a.txt")).mode;
    expect((await invoke(write, { path: "a.txt", content: "short" })).output).toBe(
      'Replaced "a.txt": 1 line, 5 bytes.',
    );
    expect(readFileSync(join(root, "a.txt"), "utf8")).toBe("short");
    expect(statSync(join(root, "a.txt")).mode).toBe(mode);
  });

  it("creates parents only inside the jail: nothing appears outside", async () => {
    const t = setup();
    t.add({ out: { link: "../outside" }, trap: { link: "../outside/planted.txt" } });
    for (const path of [
      "../outside/x/y.txt",
      join(t.outside, "z/new.txt"),
      "out/new-dir/f.txt",
      "trap",
      "src/../../outside/w.txt",
    ]) {
      const { error } = await invoke(t.write, { path, content: "pwned" });
      expect(error?.code).toBe("path_outside_workspace");
    }
    expect(readdirSync(t.outside).sort()).toEqual(["dir", "secret.txt"]);
    expect(readFileSync(join(t.outside, "secret.txt"), "utf8")).toBe(SECRET);
    expect(existsSync(join(t.root, "src"))).toBe(false);
  });

  it("refuses to write over a directory, or below a file", async () => {
    const { write } = setup({ "src/a.ts": "a", "f.txt": "f" });
    expect((await invoke(write, { path: "src", content: "x" })).output).toContain('"src" is a directory');
    expect((await invoke(write, { path: "f.txt/child.txt", content: "x" })).error?.code).toBe("tool_error");
  });
});
