import { describe, expect, it } from "vitest";
import { invoke, tmpWorkspace } from "../../test/support/tmp-workspace.js";
import { Workspace } from "../workspace/index.js";
import { globTool, MAX_GLOB_RESULTS } from "./glob.js";

const TREE = {
  "src/a.ts": "",
  "src/lib/b.ts": "",
  "src/lib/c.js": "",
  "test/a.test.ts": "",
  ".github/ci.yml": "",
  "node_modules/dep/index.ts": "",
  ".git/HEAD": "",
  docs: { link: "src" },
  escape: { link: "../outside" },
} as const;

function setup() {
  const t = tmpWorkspace(TREE);
  return { ...t, glob: globTool({ workspace: new Workspace(t.root) }) };
}

describe("glob", () => {
  it("finds files by pattern, sorted, skipping node_modules and .git", async () => {
    const { glob } = setup();
    expect((await invoke(glob, { pattern: "**/*.ts" })).output).toBe(
      "src/a.ts\nsrc/lib/b.ts\ntest/a.test.ts",
    );
    expect((await invoke(glob, { pattern: "**/*.yml" })).output).toBe(".github/ci.yml");
    // The walk does not follow links, but a link the pattern names is entered if it stays inside.
    expect((await invoke(glob, { pattern: "docs/*.ts" })).output).toBe("docs/a.ts");
  });

  it("searches from a directory, answering with workspace-relative paths", async () => {
    const { glob } = setup();
    expect((await invoke(glob, { pattern: "*.{ts,js}", path: "src/lib" })).output).toBe(
      "src/lib/b.ts\nsrc/lib/c.js",
    );
  });

  it("looks into node_modules or .git when the pattern or path names them", async () => {
    const { glob } = setup();
    expect((await invoke(glob, { pattern: "node_modules/**/*.ts" })).output).toBe(
      "node_modules/dep/index.ts",
    );
    expect((await invoke(glob, { pattern: "*", path: ".git" })).output).toBe(".git/HEAD");
  });

  it("says when nothing matches", async () => {
    const { glob } = setup();
    expect((await invoke(glob, { pattern: "**/*.rs" })).output).toBe('No files match "**/*.rs" under ".".');
  });

  it("never lists files outside the workspace", async () => {
    const { glob } = setup();
    const climb = await invoke(glob, { pattern: "../outside/*" });
    expect(climb.error?.code).toBe("tool_error");
    expect(climb.output).toContain('cannot contain ".."');
    expect((await invoke(glob, { pattern: "/etc/*" })).error?.code).toBe("tool_error");
    // Through a link named in the pattern: the walk reaches outside, the results are dropped.
    expect((await invoke(glob, { pattern: "escape/*" })).output).toBe('No files match "escape/*" under ".".');
    expect((await invoke(glob, { pattern: "*", path: "escape" })).error?.code).toBe("path_outside_workspace");
  });

  it("stops at 1000 paths with a note saying how to narrow the search", async () => {
    const many = Object.fromEntries(
      Array.from({ length: MAX_GLOB_RESULTS + 5 }, (_, i) => [`gen/f${String(i).padStart(4, "0")}.ts`, ""]),
    );
    const t = tmpWorkspace(many);
    const { output } = await invoke(globTool({ workspace: new Workspace(t.root) }), { pattern: "**/*.ts" });
    const paths = output.split("\n").filter((line) => line.startsWith("gen/"));
    expect(paths).toHaveLength(MAX_GLOB_RESULTS);
    expect(paths.at(-1)).toBe("gen/f0999.ts");
    expect(
      output.endsWith("[Showing the first 1000 of 1005 matches. Use a more specific pattern or path.]"),
    ).toBe(true);
  });
});
