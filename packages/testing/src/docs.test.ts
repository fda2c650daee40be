/**
 * Every `ts` block of docs/testing.md runs as a module importing the published names, pointed at
 * this workspace's sources. Blocks check their own claims with `node:assert`, and a `// value`
 * comment after a `console.log(...)` is the line it must print, so the page cannot drift.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { format } from "node:util";
import { afterAll, describe, expect, it, vi } from "vitest";

const docs = readFileSync(new URL("../../../docs/testing.md", import.meta.url), "utf8");
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const blocks = [...docs.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m, i) => {
  const heading = [...docs.slice(0, m.index).matchAll(/^##+ (.+)$/gm)].pop()?.[1] ?? "intro";
  return { name: `${i + 1}: ${heading}`, code: m[1]! };
});

// A scratch project whose node_modules point at the workspace packages (resolved to source by
// vitest's `source` condition) and the root's openai SDK.
const dir = mkdtempSync(join(tmpdir(), "openloop-testing-docs-"));
mkdirSync(join(dir, "node_modules", "@openloop"), { recursive: true });
for (const pkg of ["core", "protocol", "testing"])
  symlinkSync(here(`../../${pkg}`), join(dir, "node_modules", "@openloop", pkg), "dir");
symlinkSync(here("../../../node_modules/openai"), join(dir, "node_modules", "openai"), "dir");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The `// expected` comments of `console.log(...)` lines, in order (`...` ends a prefix match). */
function expectedLogs(code: string): string[] {
  return [...code.matchAll(/console\.log\(.*\); \/\/ (.+)$/gm)].map((m) => m[1]!);
}

describe("docs/testing.md", () => {
  it("has runnable snippets", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
  });

  it.each(blocks)("snippet $name runs and prints what it says", async ({ name, code }) => {
    const file = join(dir, `snippet-${name.split(":")[0]}.ts`);
    writeFileSync(file, code);
    const printed: string[] = [];
    const log = vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
      printed.push(format(...args));
    });
    try {
      await import(file);
    } finally {
      log.mockRestore();
    }
    const expected = expectedLogs(code);
    expect(printed).toHaveLength(expected.length);
    expected.forEach((line, i) => {
      if (line.endsWith("...")) expect(printed[i]!.startsWith(line.slice(0, -3))).toBe(true);
      else expect(printed[i]).toBe(line);
    });
  });
});
