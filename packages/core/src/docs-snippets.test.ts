/**
 * Every `ts` block of the loop's docs runs, as a module importing the published names
 * (`@openloop/core` is pointed at this package's source; `@openloop/testing` and the rest resolve
 * as they do for this package). Blocks check their own claims with `node:assert`, so a doc that
 * drifts from the code fails here.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it, vi } from "vitest";

const DOCS = [
  "loop.md",
  "tool-choice.md",
  "streaming.md",
  "approvals.md",
  "structured-output.md",
  "agents-as-tools.md",
  "sessions.md",
];
const coreIndex = fileURLToPath(new URL("./index.ts", import.meta.url));
const sqliteSession = fileURLToPath(new URL("./session/sqlite/index.ts", import.meta.url));

/** The snippet with the published import names pointed at this package's source. */
const localized = (code: string) =>
  code
    .replaceAll('"@openloop/core"', JSON.stringify(coreIndex))
    .replaceAll('"@openloop/core/sqlite-session"', JSON.stringify(sqliteSession));
const coreModules = fileURLToPath(new URL("../node_modules", import.meta.url));

const dir = mkdtempSync(join(tmpdir(), "openloop-loop-docs-"));
symlinkSync(coreModules, join(dir, "node_modules"), "dir");
mkdirSync(join(dir, "snippets"));
// ESM, like the published packages (top-level await in snippets).
writeFileSync(join(dir, "package.json"), '{ "type": "module" }');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const written: string[] = [];

for (const doc of DOCS) {
  const text = readFileSync(new URL(`../../../docs/${doc}`, import.meta.url), "utf8");
  const blocks = [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m, i) => {
    const heading = [...text.slice(0, m.index).matchAll(/^## (.+)$/gm)].pop()?.[1] ?? "intro";
    return { name: `${i + 1}: ${heading}`, code: m[1]! };
  });

  describe(`docs/${doc}`, () => {
    it("has runnable snippets", () => {
      expect(blocks.length).toBeGreaterThanOrEqual(3);
    });

    it.each(blocks)("snippet $name runs", async ({ name, code }) => {
      const file = join(dir, "snippets", `${doc.replace(".md", "")}-${name.split(":")[0]}.ts`);
      writeFileSync(file, `${localized(code)}\nexport {};\n`);
      written.push(file);
      const log = vi.spyOn(console, "log").mockImplementation(() => {});
      const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
      try {
        await import(file);
      } finally {
        log.mockRestore();
        write.mockRestore();
      }
    });
  });
}

// The README's example needs a real server (fromEnv), so it is type-checked but not run.
const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
for (const [i, m] of [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].entries()) {
  const file = join(dir, "snippets", `readme-${i + 1}.ts`);
  writeFileSync(file, `${localized(m[1]!)}\nexport {};\n`);
  written.push(file);
}

describe("the loop's docs", () => {
  it("type-check: every snippet (and the README's example) compiles against the real types", () => {
    expect(written.length).toBeGreaterThanOrEqual(DOCS.length * 3);
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
    // Compiling the snippets against every package's source takes ~30 s on a busy 2-core machine.
  }, 120_000);
});
