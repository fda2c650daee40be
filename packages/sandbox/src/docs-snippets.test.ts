/**
 * Every `ts` block of docs/sandbox.md runs, as a module importing the published names
 * (`@openloop/sandbox`, `@openloop/core` and `@openloop/testing` pointed at the workspace sources). Blocks check their
 * own claims with `node:assert`, so a doc that drifts from the code fails here.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const docs = readFileSync(new URL("../../../docs/sandbox.md", import.meta.url), "utf8");
const sandboxIndex = fileURLToPath(new URL("./index.ts", import.meta.url));
const coreIndex = fileURLToPath(new URL("../../core/src/index.ts", import.meta.url));
const testingIndex = fileURLToPath(new URL("../../testing/src/index.ts", import.meta.url));
const modules = fileURLToPath(new URL("../node_modules", import.meta.url));

const blocks = [...docs.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m, i) => {
  const heading = [...docs.slice(0, m.index).matchAll(/^##+ (.+)$/gm)].pop()?.[1] ?? "intro";
  return { name: `${i + 1}: ${heading}`, code: m[1]! };
});

const dir = mkdtempSync(join(tmpdir(), "openloop-sandbox-docs-"));
// Bare imports (zod, …) resolve as they do for this package.
symlinkSync(modules, join(dir, "node_modules"), "dir");
mkdirSync(join(dir, "snippets"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("docs/sandbox.md", () => {
  it("has runnable snippets", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
  });

  it.each(blocks)("snippet $name runs", async ({ name, code }) => {
    const file = join(dir, "snippets", `${name.split(":")[0]}.ts`);
    writeFileSync(
      file,
      code
        .replaceAll('"@openloop/sandbox"', JSON.stringify(sandboxIndex))
        .replaceAll('"@openloop/core"', JSON.stringify(coreIndex))
        .replaceAll('"@openloop/testing"', JSON.stringify(testingIndex)),
    );
    await import(file);
  });
});
