/**
 * The docs this package owns stay true:
 * - every `ts` block of getting-started.md and concepts.md runs (each checks its claims with
 *   `node:assert`), as a module importing the published package names;
 * - every `ts` block of those pages, coding-agent.md, the README and the packages' READMEs
 *   type-checks (`tsc`, strict), as it would in a user's editor;
 * - every package has a README (install line, a runnable example, links to the docs), and its
 *   example runs unless marked `<!-- type-checked only: ... -->` (it needs a model server);
 * - headless.md's "Every flag" block is exactly `openloop run --help`;
 * - every relative link in docs/*.md, the READMEs and the examples' READMEs points at a file that exists;
 * - the README states the two commands: the main job and the tests.
 */

import { spawn } from "node:child_process";
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
import { createRequire } from "node:module";
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

const packagesDir = join(repoRoot, "packages");
const packageReadmes = readdirSync(packagesDir)
  .filter((name) => existsSync(join(packagesDir, name, "package.json")))
  .map((name) => ({ name, path: join(packagesDir, name, "README.md") }));

describe("the packages' READMEs", () => {
  it.each(packageReadmes)("packages/$name has a README with its install line and links", ({ name, path }) => {
    expect(existsSync(path)).toBe(true);
    const readme = read(path);
    const manifest = JSON.parse(read(join(packagesDir, name, "package.json"))) as { name: string };
    expect(readme.startsWith(`# ${manifest.name}\n`)).toBe(true);
    expect(readme).toMatch(new RegExp(`^npm i (-[gD] )?${manifest.name.replace("/", "\\/")}( |$)`, "m"));
    expect(readme).toMatch(/\]\(\.\.\/\.\.\/docs\/[a-z-]+\.md\)/);
    expect(readme).toContain("](../../README.md)");
  });

  it.each(packageReadmes)(
    "packages/$name's package.json is ready to publish, like the root's",
    ({ name }) => {
      type Manifest = Record<string, unknown> & { files?: string[]; keywords?: string[] };
      const root = JSON.parse(read(join(repoRoot, "package.json"))) as Manifest;
      const manifest = JSON.parse(read(join(packagesDir, name, "package.json"))) as Manifest;
      expect(manifest.description).toEqual(expect.any(String));
      expect(manifest.license).toBe(root.license);
      expect(manifest.engines).toEqual(root.engines);
      expect(manifest.files).toEqual(expect.arrayContaining(["dist", "README.md"]));
      expect(manifest.keywords).toContain("openloop");
    },
  );

  const runnable = packageReadmes.flatMap(({ name, path }) =>
    existsSync(path)
      ? [...read(path).matchAll(/(<!-- type-checked only[^>]*-->\n\n)?^```ts\n([\s\S]*?)^```$/gm)]
          .filter((m) => m[1] === undefined)
          .map((m, i) => ({ name: `${name}-${i + 1}`, code: m[2]! }))
      : [],
  );
  it.each(runnable)(
    "packages/$name: the example runs",
    async ({ name, code }) => {
      const file = join(dir, "snippets", `package-${name}.ts`);
      writeFileSync(file, `${code}\nexport {};\n`);
      const log = vi.spyOn(console, "log").mockImplementation(() => {});
      try {
        await import(file);
      } finally {
        log.mockRestore();
      }
    },
    60_000,
  );
});

/** The `ts` blocks of a Markdown file. */
const tsBlocks = (path: string): string[] =>
  [...read(path).matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);

describe("the snippets' types", () => {
  it("type-check strictly, as in a user's editor", async () => {
    const pages = ["getting-started.md", "concepts.md", "coding-agent.md"].map((page) => join(docs, page));
    const out = join(dir, "typed");
    mkdirSync(out);
    const files: string[] = [];
    const readmes = packageReadmes.filter(({ path }) => existsSync(path)).map(({ path }) => path);
    for (const page of [...pages, join(repoRoot, "README.md"), ...readmes]) {
      const owner = page.startsWith(packagesDir) ? `${page.split("/").at(-2)}-` : "";
      tsBlocks(page).forEach((code, i) => {
        const file = join(out, `${owner}${page.split("/").pop()!.replace(".md", "")}-${i + 1}.ts`);
        writeFileSync(file, `${code}\nexport {};\n`);
        files.push(file);
      });
    }
    expect(files.length).toBeGreaterThanOrEqual(10);
    writeFileSync(
      join(out, "tsconfig.json"),
      JSON.stringify({
        extends: join(repoRoot, "tsconfig.base.json"),
        compilerOptions: {
          noEmit: true,
          customConditions: ["source"],
          allowImportingTsExtensions: true,
          typeRoots: [join(repoRoot, "node_modules", "@types")],
        },
        include: ["*.ts"],
      }),
    );
    const tsc = createRequire(join(repoRoot, "package.json")).resolve("typescript/bin/tsc");
    const { code, output } = await new Promise<{ code: number | null; output: string }>((done, fail) => {
      const child = spawn(process.execPath, [tsc, "-p", out], { cwd: out });
      let output = "";
      child.stdout.on("data", (chunk) => {
        output += chunk;
      });
      child.stderr.on("data", (chunk) => {
        output += chunk;
      });
      child.on("error", fail);
      child.on("close", (code) => done({ code, output }));
    });
    expect(output).toBe("");
    expect(code).toBe(0);
  }, 120_000);
});

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
    ...packageReadmes.map(({ path }) => path),
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
