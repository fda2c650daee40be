import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { invoke, SECRET, tmpWorkspace } from "../../test/support/tmp-workspace.js";
import { Workspace } from "../workspace/index.js";
import { GREP_LIMITS, grepTool } from "./grep.js";

const TREE = {
  "src/app.ts": "import { db } from './db';\n// TODO: cache\nexport const app = db.connect();\n",
  "src/db.ts": "export const db = {\n  connect() { return 'todo'; },\n};\n",
  "src/win.ts": "const a = 1; // TODO: windows\r\nconst b = 2;\r\n",
  "docs/guide.md": "# Guide\nSee TODO list.\n",
  "assets/logo.png": Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0x54, 0x4f, 0x44, 0x4f]),
  "node_modules/dep/index.js": "// TODO in a dependency\n",
  ".git/config": "[core] TODO\n",
  escape: { link: "../outside" },
  "secret-link.txt": { link: "../outside/secret.txt" },
} as const;

function setup(options: { timeLimitMs?: number } = {}) {
  const t = tmpWorkspace(TREE);
  return { ...t, grep: grepTool({ workspace: new Workspace(t.root), ...options }) };
}

describe("grep", () => {
  it("finds matching lines across a tree as path:line: text, skipping binaries, node_modules and .git", async () => {
    const { grep } = setup();
    expect((await invoke(grep, { pattern: "TODO" })).output).toBe(
      [
        "docs/guide.md:2: See TODO list.",
        "src/app.ts:2: // TODO: cache",
        "src/win.ts:1: const a = 1; // TODO: windows",
        "",
        "[Skipped files: 1 binary.]",
      ].join("\n"),
    );
  });

  it("supports regular expressions, ignore_case, fixed strings and an include glob", async () => {
    const { grep } = setup();
    expect((await invoke(grep, { pattern: "^export const \\w+ =", include: "*.ts" })).output).toBe(
      "src/app.ts:3: export const app = db.connect();\nsrc/db.ts:1: export const db = {",
    );
    expect((await invoke(grep, { pattern: "todo", ignore_case: true, path: "src" })).output).toBe(
      "src/app.ts:2: // TODO: cache\nsrc/db.ts:2:   connect() { return 'todo'; },\nsrc/win.ts:1: const a = 1; // TODO: windows",
    );
    expect(
      (await invoke(grep, { pattern: "db.connect()", fixed_strings: true, include: "src/*" })).output,
    ).toBe("src/app.ts:3: export const app = db.connect();");
    expect((await invoke(grep, { pattern: "\\p{Lu}{4}", path: "docs" })).output).toBe(
      "docs/guide.md:2: See TODO list.",
    );
  });

  it("searches a single file, and node_modules when the path names it", async () => {
    const { grep } = setup();
    expect((await invoke(grep, { pattern: "connect", path: "src/db.ts" })).output).toBe(
      "src/db.ts:2:   connect() { return 'todo'; },",
    );
    expect((await invoke(grep, { pattern: "TODO", path: "node_modules" })).output).toBe(
      "node_modules/dep/index.js:1: // TODO in a dependency",
    );
  });

  it("skips FIFOs in a tree instead of hanging on them", async () => {
    const t = tmpWorkspace({ "a.txt": "needle\n" });
    execFileSync("mkfifo", [join(t.root, "b.pipe")]);
    const grep = grepTool({ workspace: new Workspace(t.root) });
    expect((await invoke(grep, { pattern: "needle" })).output).toBe("a.txt:1: needle");
    expect((await invoke(grep, { pattern: "needle", path: "b.pipe" })).output).toBe(
      'No matches for "needle" in 1 file under "b.pipe".\n\n[Skipped files: 1 unreadable or outside the workspace.]',
    );
  });

  it("stops at max_matches with a note saying how to see more", async () => {
    const t = tmpWorkspace({ "many.txt": "hit\n".repeat(50) });
    const grep = grepTool({ workspace: new Workspace(t.root) });
    const { output } = await invoke(grep, { pattern: "hit", max_matches: 7 });
    expect(output.split("\n").filter((l) => l.startsWith("many.txt:"))).toHaveLength(7);
    expect(output).toContain("[Stopped at 7 matches; there may be more.");
  });

  it("shortens very long matching lines", async () => {
    const t = tmpWorkspace({ "min.js": `var a="${"x".repeat(5000)}";\n` });
    const { output } = await invoke(grepTool({ workspace: new Workspace(t.root) }), { pattern: "var a" });
    expect(output.length).toBeLessThan(GREP_LIMITS.maxLine + 100);
    expect(output).toContain("[… line shortened]");
  });

  it("reports no matches, an invalid pattern and a missing path clearly", async () => {
    const { grep } = setup();
    expect((await invoke(grep, { pattern: "nowhere to be found", path: "src" })).output).toBe(
      'No matches for "nowhere to be found" in 3 files under "src".',
    );
    const bad = await invoke(grep, { pattern: "foo(" });
    expect(bad.error?.code).toBe("tool_error");
    expect(bad.output).toContain("set fixed_strings to true");
    expect((await invoke(grep, { pattern: "x", path: "nope" })).output).toContain('"nope" does not exist');
  });

  it("never searches files outside the workspace", async () => {
    const { grep } = setup();
    for (const path of ["..", "../outside", "escape", "secret-link.txt"]) {
      const { output, error } = await invoke(grep, { pattern: "SECRET", path });
      expect(error?.code).toBe("path_outside_workspace");
      expect(output).not.toContain(SECRET);
    }
    // Through a link named in include: walked, then refused file by file.
    const viaInclude = await invoke(grep, { pattern: "SECRET", include: "escape/*" });
    expect(viaInclude.output).not.toContain(SECRET);
  });

  it("gives up on a catastrophically backtracking pattern without blocking the process", async () => {
    const t = tmpWorkspace({ "evil.txt": `${"a".repeat(40)}!\n` });
    const grep = grepTool({ workspace: new Workspace(t.root), timeLimitMs: 300 });
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    try {
      const { output, error } = await invoke(grep, { pattern: "^(a+)+$" });
      expect(error?.code).toBe("tool_error");
      expect(output).toContain("grep stopped after 0.3 s without finishing");
      expect(output).toContain("(a+)+");
    } finally {
      clearInterval(ticker);
    }
    // The event loop kept turning while the pattern ran.
    expect(ticks).toBeGreaterThan(0);
  });

  it("stops a running search when the run is aborted", async () => {
    const t = tmpWorkspace({ "evil.txt": `${"a".repeat(40)}!\n` });
    const grep = grepTool({ workspace: new Workspace(t.root) });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("user pressed stop")), 50);
    const { error } = await invoke(grep, { pattern: "^(a+)+$" }, { signal: controller.signal });
    expect(error?.code).toBe("aborted");
  });
});
