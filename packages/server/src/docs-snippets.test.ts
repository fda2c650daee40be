/**
 * Every `ts` block of docs/server.md runs (and type-checks) as a module importing the published
 * names: `@openloop/server` is pointed at this package's source; `@openloop/testing`, `openai` and
 * `ws` resolve as they do for this package. Blocks check their own claims with `node:assert`, so a
 * doc that drifts from the code fails here.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it, vi } from "vitest";

const docs = readFileSync(new URL("../../../docs/server.md", import.meta.url), "utf8");
const serverIndex = fileURLToPath(new URL("./index.ts", import.meta.url));
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const blocks = [...docs.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m, i) => {
  const heading = [...docs.slice(0, m.index).matchAll(/^##+ (.+)$/gm)].pop()?.[1] ?? "intro";
  return { name: `${i + 1}: ${heading}`, code: m[1]! };
});

const dir = mkdtempSync(join(tmpdir(), "openloop-server-docs-"));
mkdirSync(join(dir, "node_modules"));
symlinkSync(here("../node_modules/@openloop"), join(dir, "node_modules", "@openloop"), "dir");
symlinkSync(here("../node_modules/ws"), join(dir, "node_modules", "ws"), "dir");
symlinkSync(here("../node_modules/@types"), join(dir, "node_modules", "@types"), "dir");
symlinkSync(here("../../../node_modules/openai"), join(dir, "node_modules", "openai"), "dir");
mkdirSync(join(dir, "snippets"));
writeFileSync(join(dir, "package.json"), '{ "type": "module" }');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const written: string[] = [];

describe("docs/server.md", () => {
  it("has runnable snippets", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(7);
  });

  it.each(blocks)("snippet $name runs", async ({ name, code }) => {
    const file = join(dir, "snippets", `${name.split(":")[0]}.ts`);
    writeFileSync(
      file,
      `${code.replaceAll('"@openloop/server"', JSON.stringify(serverIndex))}\nexport {};\n`,
    );
    written.push(file);
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      await import(file);
    } finally {
      log.mockRestore();
    }
  });

  it("type-checks: every snippet compiles against the real types", () => {
    expect(written.length).toBe(blocks.length);
    const root = fileURLToPath(new URL("../../../tsconfig.json", import.meta.url));
    const config = ts.getParsedCommandLineOfConfigFile(
      root,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        },
      },
    );
    const program = ts.createProgram(written, { ...config!.options, noEmit: true });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file === undefined || written.includes(d.file.fileName))
      .map(
        (d) =>
          `${d.file?.fileName.split("/").pop()}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`,
      );
    expect(problems).toEqual([]);
  }, 120_000);
});
