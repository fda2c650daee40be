/**
 * The `ts` blocks of docs/protocol.md that use `@openloop/core` (the Model contract, openResponses
 * and the presets) run as modules against this workspace's sources. Blocks check their claims with
 * `node:assert`, and the comment after each `console.log(...)` is what it must print.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { format } from "node:util";
import { afterAll, describe, expect, it, vi } from "vitest";

const docs = readFileSync(new URL("../../../../docs/protocol.md", import.meta.url), "utf8");
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const blocks = [...docs.matchAll(/^```ts\n([\s\S]*?)^```$/gm)]
  .map((m) => {
    const heading = [...docs.slice(0, m.index).matchAll(/^##+ (.+)$/gm)].pop()?.[1] ?? "intro";
    return { name: heading, code: m[1]! };
  })
  .filter(({ code }) => code.includes('from "@openloop/core"'));

// A scratch project whose node_modules point at the workspace packages (resolved to source).
const dir = mkdtempSync(join(tmpdir(), "openloop-core-docs-"));
mkdirSync(join(dir, "node_modules", "@openloop"), { recursive: true });
for (const pkg of ["core", "protocol", "testing"])
  symlinkSync(here(`../../../${pkg}`), join(dir, "node_modules", "@openloop", pkg), "dir");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("docs/protocol.md (@openloop/core sections)", () => {
  it("has the Model, openResponses and Presets snippets", () => {
    expect(blocks.map((b) => b.name.split(":")[0])).toEqual(["Models", "`openResponses({...})`", "Presets"]);
  });

  it.each(blocks.map((block, i) => ({ ...block, i })))(
    "snippet under '$name' runs and prints what it says",
    async ({ code, i }) => {
      const file = join(dir, `snippet-${i}.ts`);
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
      const expected = [...code.matchAll(/console\.log\(.*\); \/\/ (.+)$/gm)].map((m) => m[1]!);
      expect(printed).toEqual(expected);
    },
  );
});
