/**
 * The `ts` snippets of docs/protocol.md run as written (against this package's source), so the
 * documentation cannot drift from the code.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, test, vi } from "vitest";

const doc = readFileSync(fileURLToPath(new URL("../../../docs/protocol.md", import.meta.url)), "utf8");
// Blocks that import other openloop packages (the `@openloop/core` sections) run in core's tests.
const blocks = [...doc.matchAll(/```ts\n([\s\S]*?)```/g)]
  .map((m) => m[1]!)
  .filter((code) => !/from "@openloop\/(?!protocol")/.test(code));
const entry = pathToFileURL(fileURLToPath(new URL("./index.ts", import.meta.url))).href;
const dir = mkdtempSync(join(tmpdir(), "openloop-docs-"));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("docs/protocol.md", () => {
  test("has runnable snippets", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
  });

  blocks.forEach((code, i) => {
    test(`snippet ${i + 1} runs`, async () => {
      const file = join(dir, `snippet-${i + 1}.ts`);
      writeFileSync(file, code.replaceAll('"@openloop/protocol"', JSON.stringify(entry)));
      const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
      try {
        await import(pathToFileURL(file).href);
        expect(log).toHaveBeenCalled();
      } finally {
        log.mockRestore();
      }
    });
  });

  test("the first snippet prints what its comment says", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    try {
      const file = join(dir, "first.ts");
      writeFileSync(file, blocks[0]!.replaceAll('"@openloop/protocol"', JSON.stringify(entry)));
      await import(pathToFileURL(file).href);
      expect(log).toHaveBeenCalledWith("Hello");
    } finally {
      log.mockRestore();
    }
  });
});
