/**
 * Every `ts` block of docs/tools.md runs, as a module importing the published names
 * (`@openloop/core` is pointed at this package's source). Blocks check their own claims with
 * `node:assert`, so a doc that drifts from the code fails here.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";

const docs = readFileSync(new URL("../../../../docs/tools.md", import.meta.url), "utf8");
const coreIndex = fileURLToPath(new URL("../index.ts", import.meta.url));
const coreModules = fileURLToPath(new URL("../../node_modules", import.meta.url));

const blocks = [...docs.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m, i) => {
  const heading = [...docs.slice(0, m.index).matchAll(/^## (.+)$/gm)].pop()?.[1] ?? "intro";
  return { name: `${i + 1}: ${heading}`, code: m[1]! };
});

const dir = mkdtempSync(join(tmpdir(), "openloop-docs-"));
// Bare imports (zod, p-queue, @openloop/protocol) resolve as they do for this package.
symlinkSync(coreModules, join(dir, "node_modules"), "dir");
mkdirSync(join(dir, "snippets"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("docs/tools.md", () => {
  it("has runnable snippets", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(8);
  });

  it.each(blocks)("snippet $name runs", async ({ name, code }) => {
    const file = join(dir, "snippets", `${name.split(":")[0]}.ts`);
    writeFileSync(file, code.replaceAll('"@openloop/core"', JSON.stringify(coreIndex)));
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      await import(file);
    } finally {
      log.mockRestore();
    }
  });
});
