/**
 * Every `ts` block of docs/coding-agent.md runs, as a module importing the published names
 * (`@openloop/tools` is pointed at this package's source). Blocks check their own claims with
 * `node:assert`, so a doc that drifts from the code fails here.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";

const docs = readFileSync(new URL("../../../docs/coding-agent.md", import.meta.url), "utf8");
const toolsIndex = fileURLToPath(new URL("./index.ts", import.meta.url));
const toolsModules = fileURLToPath(new URL("../node_modules", import.meta.url));

const blocks = [...docs.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m, i) => {
  const heading = [...docs.slice(0, m.index).matchAll(/^#{2,3} (.+)$/gm)].pop()?.[1] ?? "intro";
  return { name: `${i + 1}: ${heading}`, code: m[1]! };
});

const dir = mkdtempSync(join(tmpdir(), "openloop-tools-docs-"));
// Bare imports (@openloop/core, @openloop/protocol, zod) resolve as they do for this package.
symlinkSync(toolsModules, join(dir, "node_modules"), "dir");
mkdirSync(join(dir, "snippets"));
// The snippets make their workspaces with mkdtemp(tmpdir()): keep those in `dir` too.
mkdirSync(join(dir, "tmp"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("docs/coding-agent.md", () => {
  it("has runnable snippets", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(6);
  });

  it.each(blocks)("snippet $name runs", async ({ name, code }) => {
    const file = join(dir, "snippets", `${name.split(":")[0]}.ts`);
    writeFileSync(file, code.replaceAll('"@openloop/tools"', JSON.stringify(toolsIndex)));
    const env = { ...process.env };
    process.env.TMPDIR = join(dir, "tmp");
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      await import(file);
    } finally {
      log.mockRestore();
      for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
      Object.assign(process.env, env);
    }
  });
});
