import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { besides, runJson } from "./child.js";
import { isFresh } from "./openloop-source.hooks.mjs";

const protocolRoot = fileURLToPath(new URL("../../packages/protocol", import.meta.url));

describe("bench children", () => {
  test("load @openloop/* from its build when current, else from source, and every other package as published", async () => {
    const where = await runJson<{ protocol: string; esp: string }>(
      besides(import.meta.url, "./testdata/resolve.ts"),
    );
    expect(where.protocol).toMatch(
      isFresh(protocolRoot) ? /packages\/protocol\/dist\/index\.js$/ : /packages\/protocol\/src\/index\.ts$/,
    );
    // eventsource-parser has a `source` condition too: a global --conditions=source would pick its TypeScript.
    expect(where.esp).toMatch(/eventsource-parser\/dist\/index\.js$/);
  });

  test("a build counts as current only when it is newer than every source file", () => {
    const root = mkdtempSync(join(tmpdir(), "openloop-fresh-"));
    try {
      const pkg = (name: string, srcTime: number, distTime?: number) => {
        const dir = join(root, name);
        mkdirSync(join(dir, "src", "deep"), { recursive: true });
        writeFileSync(join(dir, "src", "deep", "a.ts"), "");
        utimesSync(join(dir, "src", "deep", "a.ts"), srcTime, srcTime);
        if (distTime !== undefined) {
          mkdirSync(join(dir, "dist"));
          writeFileSync(join(dir, "dist", "index.js"), "");
          utimesSync(join(dir, "dist", "index.js"), distTime, distTime);
        }
        return dir;
      };
      expect(isFresh(pkg("built", 1_000, 2_000))).toBe(true);
      expect(isFresh(pkg("edited-since", 3_000, 2_000))).toBe(false);
      expect(isFresh(pkg("never-built", 1_000))).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
