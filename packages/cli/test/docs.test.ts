/**
 * The docs this package owns stay true:
 * - every `ts` block of getting-started.md and concepts.md runs (each checks its claims with
 *   `node:assert`), as a module importing the published package names;
 * - headless.md's "Every flag" block is exactly `openloop run --help`;
 * - every relative link in docs/*.md, the README and the examples' READMEs points at a file that exists;
 * - the README states the two commands: the main job and the tests.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { repoRoot, runCli } from "./support/cli.js";

const docs = join(repoRoot, "docs");
const read = (path: string): string => readFileSync(path, "utf8");

const dir = mkdtempSync(join(tmpdir(), "openloop-cli-docs-"));
symlinkSync(fileURLToPath(new URL("../node_modules", import.meta.url)), join(dir, "node_modules"), "dir");
mkdirSync(join(dir, "snippets"));
writeFileSync(join(dir, "package.json"), '{ "type": "module" }');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

for (const page of ["getting-started.md", "concepts.md"]) {
  const text = read(join(docs, page));
  const blocks = [...text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m, i) => {
    const heading = [...text.slice(0, m.index).matchAll(/^## (.+)$/gm)].pop()?.[1] ?? "intro";
    return { name: `${i + 1}: ${heading}`, code: m[1]! };
  });

  describe(`docs/${page}`, () => {
    it("has runnable snippets", () => {
      expect(blocks.length).toBeGreaterThanOrEqual(1);
    });

    it.each(blocks)("snippet $name runs", async ({ name, code }) => {
      const file = join(dir, "snippets", `${page.replace(".md", "")}-${name.split(":")[0]}.ts`);
      writeFileSync(file, `${code}\nexport {};\n`);
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

describe("docs/headless.md", () => {
  it("shows exactly what `openloop run --help` prints", async () => {
    const help = await runCli(["run", "--help"], { env: {} });
    expect(help.code).toBe(0);
    const block = /## Every flag\n\n```text\n([\s\S]*?)```/.exec(read(join(docs, "headless.md")))?.[1];
    expect(block).toBe(help.stdout);
  });
});

describe("links", () => {
  const pages = [
    join(repoRoot, "README.md"),
    ...readdirSync(docs)
      .filter((name) => name.endsWith(".md"))
      .map((name) => join(docs, name)),
    ...readdirSync(join(repoRoot, "examples")).map((name) => join(repoRoot, "examples", name, "README.md")),
  ].filter((path) => existsSync(path));

  it.each(pages.map((path) => [path.slice(repoRoot.length), path]))(
    "in %s point at files that exist",
    (_name, path) => {
      const broken: string[] = [];
      for (const [, target] of read(path).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!) || target!.startsWith("#")) continue;
        const file = resolve(dirname(path), target!.split("#")[0]!);
        if (!existsSync(file)) broken.push(target!);
      }
      expect(broken).toEqual([]);
    },
  );
});

describe("README.md", () => {
  it("states the two commands: the main job and the tests", () => {
    const readme = read(join(repoRoot, "README.md"));
    expect(readme).toContain("npx pnpm@10 install && npx pnpm@10 demo");
    expect(readme).toContain("npx pnpm@10 install && npx pnpm@10 test");
  });
});
