/**
 * `npx pnpm@10 docs:api` turns the TSDoc comments into the Markdown API reference (typedoc with
 * typedoc-plugin-markdown, configured in typedoc.json). Building every package takes about a
 * minute, so this checks the same configuration on one package, into a temporary folder.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./support/cli.js";

// typedoc exports no path to its binary: find it beside its package.json.
const typedoc = join(
  dirname(createRequire(join(repoRoot, "package.json")).resolve("typedoc/package.json")),
  "bin",
  "typedoc",
);

describe("the API reference", () => {
  it("is generated from the TSDoc comments, one page per export, without warnings", async () => {
    const out = await mkdtemp(join(tmpdir(), "openloop-api-"));
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [typedoc, "--entryPoints", "packages/cli", "--out", out], {
        cwd: repoRoot,
      });
      let output = "";
      child.stdout.on("data", (chunk) => {
        output += chunk;
      });
      child.stderr.on("data", (chunk) => {
        output += chunk;
      });
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, output }));
    });
    expect(code).toBe(0);
    expect(output).not.toMatch(/\[warning\]|\[error\]/);
    const main = await readFile(join(out, "functions", "main.md"), "utf8");
    expect(main).toContain("Runs `openloop` with `args`");
    expect(main).toContain("process.exitCode = await main(process.argv.slice(2));");
    expect(await readFile(join(out, "variables", "EXIT.md"), "utf8")).toContain("calls wait for a decision");
  }, 120_000);
});
