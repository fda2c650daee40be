import { describe, expect, it } from "vitest";
import { invoke, tmpWorkspace } from "../../test/support/tmp-workspace.js";
import { Workspace } from "../workspace/index.js";
import { listDirTool, MAX_ENTRIES } from "./list-dir.js";

function setup(entries: Parameters<typeof tmpWorkspace>[0]) {
  const t = tmpWorkspace(entries);
  return { ...t, list: listDirTool({ workspace: new Workspace(t.root) }) };
}

describe("list_dir", () => {
  it("lists entries sorted, directories with a slash, symlinks with their target", async () => {
    const { list } = setup({
      "src/index.ts": "",
      "README.md": "",
      ".env": "",
      alias: { link: "src" },
      escape: { link: "../outside" },
      broken: { link: "gone.txt" },
    });
    expect((await invoke(list, {})).output).toBe(
      [
        ".env",
        "README.md",
        "alias -> src (directory)",
        "broken -> gone.txt (missing)",
        "escape -> ../outside (outside the workspace: cannot be used)",
        "src/",
      ].join("\n"),
    );
    expect((await invoke(list, { path: "src" })).output).toBe("index.ts");
  });

  it("says when a directory is empty, or is a file", async () => {
    const { list } = setup({ empty: { dir: true }, "f.txt": "" });
    expect((await invoke(list, { path: "empty" })).output).toBe("(empty directory)");
    expect((await invoke(list, { path: "f.txt" })).output).toContain('"f.txt" is a file, not a directory');
  });

  it("refuses directories outside the workspace", async () => {
    const { list } = setup({ out: { link: "../outside" } });
    for (const path of ["..", "out", "out/dir", "/"]) {
      expect((await invoke(list, { path })).error?.code).toBe("path_outside_workspace");
    }
  });

  it("stops at 1000 entries with a note", async () => {
    const many = Object.fromEntries(
      Array.from({ length: MAX_ENTRIES + 5 }, (_, i) => [`f${String(i).padStart(4, "0")}`, ""]),
    );
    const { list } = setup(many);
    const { output } = await invoke(list, {});
    expect(output.split("\n").filter((l) => l.startsWith("f"))).toHaveLength(MAX_ENTRIES);
    expect(
      output.endsWith(
        "[Showing the first 1000 of 1005 entries. Use glob with a pattern to narrow the listing.]",
      ),
    ).toBe(true);
  });
});
